package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// The tests in this file run this test binary again as a child process
// that writes to a database file: TestMain sends it to child instead of
// the tests when childEnv is set.
const childEnv = "ARMBAND_SQLITE_CHILD"

// After the tests, no goroutine may be left: every database the tests
// opened was closed (database/sql keeps one goroutine per open pool).
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(child(spec))
	}
	goleak.VerifyTestMain(m)
}

const childProgram = "nanhuan-2"

// child runs "path prefix count": it creates count incidents (0: until
// killed) named prefix-N, each with two events in one transaction, then
// appends a third, and prints "I id 2" and "E id 3" only after each
// commit has returned. Any error is printed and exits 1.
func child(spec string) int {
	f := strings.Fields(spec)
	count, _ := strconv.Atoi(f[2])
	ctx := context.Background()
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	s, err := sqlite.Open(ctx, f[0])
	if err != nil {
		return fail(err)
	}
	defer s.Close()
	st := s.Stores()
	if err := st.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: childProgram, Name: "南环二村", Timezone: "Asia/Shanghai"}}); err != nil {
		return fail(err)
	}
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	for i := 0; count == 0 || i < count; i++ {
		id := fmt.Sprintf("%s-%05d", f[1], i)
		inc := watch.Incident{Program: childProgram, ID: id, Kind: watch.KindSuspiciousPerson, Severity: watch.SeverityMinor,
			OccurredAt: at.Add(time.Duration(i) * time.Second), Beat: "market", Description: "可疑人员在菜场徘徊",
			Events: []watch.Event{
				{Type: watch.EventAcknowledged, At: at.Add(time.Duration(i)*time.Second + time.Minute), By: "community_office"},
				{Type: watch.EventNote, At: at.Add(time.Duration(i)*time.Second + 2*time.Minute), By: "v01", Text: "已通知联系点"},
			}}
		if _, err := st.Incidents.CreateIncident(ctx, inc); err != nil {
			return fail(err)
		}
		fmt.Printf("I %s 2\n", id)
		if _, err := st.Incidents.AppendEvent(ctx, childProgram, id, 2, watch.Event{Type: watch.EventResolved,
			At: at.Add(time.Duration(i)*time.Second + time.Hour), By: "community_office"}); err != nil {
			return fail(err)
		}
		fmt.Printf("E %s 3\n", id)
	}
	return 0
}

// startChild starts a child writing to path; it returns the command and
// its standard output.
func startChild(t *testing.T, path, prefix string, count int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %s %d", childEnv, path, prefix, count))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	return cmd, bufio.NewScanner(out)
}

// TestCrashDurability kills a writing child with SIGKILL at random
// moments, 50 times, and checks after each that every incident it
// reported committed is there at the version reported, that no incident
// is partial, that the file passes integrity_check and every chain
// verifies.
func TestCrashDurability(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("ARMBAND_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (ARMBAND_CRASH_SEED=%d reproduces it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	path := filepath.Join(t.TempDir(), "crash.db")
	committed := map[string]int{}
	for cycle := range 50 {
		prefix := fmt.Sprintf("c%02d", cycle)
		cmd, out := startChild(t, path, prefix, 0)
		lines := make(chan string)
		go func() {
			defer close(lines)
			for out.Scan() {
				lines <- out.Text()
			}
		}()
		// Most kills land while the child writes; some while it opens.
		timer := time.NewTimer(time.Duration(rng.IntN(300)) * time.Millisecond)
		mine := map[string]int{}
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				var kind, id string
				var version int
				_, err := fmt.Sscan(line, &kind, &id, &version)
				require.NoError(t, err, line)
				mine[id] = version
			case <-timer.C:
				require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
				timer.Reset(time.Hour)
			}
		}
		require.Error(t, cmd.Wait(), "cycle %d: the child ended on its own", cycle)
		// The incident being written when the child died is there whole
		// or not at all.
		mine[fmt.Sprintf("%s-%05d", prefix, len(mine))] = 0
		checkAfterCrash(t, path, mine, cycle)
		maps.Copy(committed, mine)
	}
	require.Greater(t, len(committed), 50)
	s, err := sqlite.Open(bg, path)
	require.NoError(t, err)
	defer s.Close()
	for _, inc := range allIncidents(t, s.Stores()) {
		require.GreaterOrEqual(t, inc.Version, 2, "%s is partial", inc.ID)
		_, ok := committed[inc.ID]
		require.True(t, ok, "%s was never written", inc.ID)
	}
}

// checkAfterCrash reopens the file, runs integrity_check, and checks that
// each incident in committed is there, whole, at the version reported or
// later, with an intact chain; an incident reported at version 0 may
// also be missing.
func checkAfterCrash(t *testing.T, path string, committed map[string]int, cycle int) {
	t.Helper()
	s, err := sqlite.Open(bg, path)
	require.NoError(t, err, "cycle %d: reopen", cycle)
	defer s.Close()
	require.NoError(t, s.IntegrityCheck(bg), "cycle %d", cycle)
	st := s.Stores()
	for id, version := range committed {
		inc, err := st.Incidents.GetIncident(bg, childProgram, id)
		if version == 0 && errors.Is(err, watch.ErrNotFound) {
			continue
		}
		require.NoError(t, err, "cycle %d: %s was reported committed", cycle, id)
		require.GreaterOrEqual(t, inc.Version, max(version, 2), "cycle %d: %s", cycle, id)
		require.Len(t, inc.Events, inc.Version, "cycle %d: %s", cycle, id)
		v, err := st.Incidents.VerifyHistory(bg, childProgram, id)
		require.NoError(t, err)
		require.True(t, v.Intact, "cycle %d: %s: %+v", cycle, id, v)
	}
}

// TestTwoProcesses: two processes write one file at once; nothing is
// lost and neither sees an error (no SQLITE_BUSY reaches a caller).
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.db")
	const each = 300
	type proc struct {
		cmd *exec.Cmd
		out *bufio.Scanner
	}
	var procs []proc
	for _, prefix := range []string{"a", "b"} {
		cmd, out := startChild(t, path, prefix, each)
		procs = append(procs, proc{cmd, out})
	}
	for _, p := range procs {
		n := 0
		for p.out.Scan() {
			n++
		}
		require.NoError(t, p.cmd.Wait(), "a writer failed")
		require.Equal(t, 2*each, n)
	}
	s, err := sqlite.Open(bg, path)
	require.NoError(t, err)
	defer s.Close()
	all := allIncidents(t, s.Stores())
	require.Len(t, all, 2*each)
	for _, inc := range all {
		require.Equal(t, 3, inc.Version, inc.ID)
	}
}

func allIncidents(t *testing.T, s watch.Stores) []watch.Incident {
	t.Helper()
	var out []watch.Incident
	for inc, err := range watch.AllIncidents(bg, s.Incidents, watch.IncidentQuery{Program: childProgram}) {
		require.NoError(t, err)
		out = append(out, inc)
	}
	return out
}

// TestKilledWhileMigrating kills children that are creating fresh files
// at random moments of their first open: each file reopens as a whole
// schema, never a partial one.
func TestKilledWhileMigrating(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	for i := range 10 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("fresh-%d.db", i))
		cmd, out := startChild(t, path, "m", 1)
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		for out.Scan() {
		}
		_ = cmd.Wait()
		s, err := sqlite.Open(bg, path)
		require.NoError(t, err, "file %d", i)
		v, err := s.SchemaVersion(bg)
		require.NoError(t, err)
		require.Equal(t, latest(t), v)
		require.NoError(t, s.IntegrityCheck(bg))
		require.NoError(t, s.Close())
	}
}
