package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/armband/armband/internal/ladder"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test run the command as a child process: with
// ARMBAND_MAIN=1 the test binary is armband. The tests run in an English
// locale unless they say otherwise, whatever the machine's.
func TestMain(m *testing.M) {
	if os.Getenv("ARMBAND_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Unsetenv("LC_ALL")
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}

// TestGenerateStopsOnInterrupt: Ctrl-C during a district's generation
// prints the best rota so far, which keeps every rule, marked incomplete.
func TestGenerateStopsOnInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a district's rota in a child process")
	}
	// 2,000 volunteers: about 0.4 s to generate, 2 s under the race
	// detector, so the interrupt comes while loading or searching.
	pf := ladder.Rung{Name: "district", Volunteers: 2000, Beats: 100, Shifts: 3, Days: 28}.Program()
	data, err := json.Marshal(pf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "district.json")
	require.NoError(t, os.WriteFile(path, data, 0o600))

	cmd := exec.Command(os.Args[0], "rota", "generate", "--format", "json", path)
	cmd.Env = append(os.Environ(), "ARMBAND_MAIN=1", "LANG=zh_CN.UTF-8")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Start())
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait(), "stderr: %s", errb.String())
	require.Contains(t, errb.String(), "已中断")

	r, err := watch.LoadRota(&out)
	require.NoError(t, err)
	require.True(t, r.Incomplete)
	p, err := rota.NewProblem(pf)
	require.NoError(t, err)
	vs, err := rota.Check(p, *r)
	require.NoError(t, err)
	require.Empty(t, vs)
}
