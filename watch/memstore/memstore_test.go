package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/storetest"
	"github.com/stretchr/testify/require"
)

func tamper(s watch.Stores, program, id string, seq int, text string) error {
	return s.Programs.(*memstore.Store).Tamper(program, id, seq, text) // the broken stores wrap Incidents only
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) watch.Stores { return memstore.New().Stores() }, storetest.Options{Tamper: tamper})
}

// The broken stores below each break one promise; the suite must catch
// every one. They run in a child process, so their failures fail it, not
// this test.

// ignoresVersion appends whatever version the caller expected.
type ignoresVersion struct{ *memstore.Store }

func (s ignoresVersion) AppendEvent(ctx context.Context, program, id string, _ int, e watch.Event) (watch.Incident, error) {
	inc, err := s.GetIncident(ctx, program, id)
	if err != nil {
		return inc, err
	}
	return s.Store.AppendEvent(ctx, program, id, inc.Version, e)
}

// losesEvents drops one append in a thousand and says it worked.
type losesEvents struct {
	*memstore.Store
	n *int64
}

func (s losesEvents) AppendEvent(ctx context.Context, program, id string, v int, e watch.Event) (watch.Incident, error) {
	if atomic.AddInt64(s.n, 1)%1000 == 0 {
		return watch.Incident{Program: program, ID: id, Version: v + 1}, nil
	}
	return s.Store.AppendEvent(ctx, program, id, v, e)
}

// editsHistory rewrites the text of the event before each one it appends.
type editsHistory struct{ *memstore.Store }

func (s editsHistory) AppendEvent(ctx context.Context, program, id string, v int, e watch.Event) (watch.Incident, error) {
	inc, err := s.Store.AppendEvent(ctx, program, id, v, e)
	if err == nil && inc.Version >= 2 {
		_ = s.Tamper(program, id, inc.Version-1, "edited")
		return s.GetIncident(ctx, program, id)
	}
	return inc, err
}

func brokenStores(kind string) func(t *testing.T) watch.Stores {
	return func(t *testing.T) watch.Stores {
		m := memstore.New()
		var inc watch.IncidentStore
		switch kind {
		case "ignores-version":
			inc = ignoresVersion{m}
		case "loses-events":
			var n int64
			inc = losesEvents{m, &n}
		case "edits-history":
			inc = editsHistory{m}
		default:
			t.Fatalf("no broken store %q", kind)
		}
		s := m.Stores()
		s.Incidents = inc
		return s
	}
}

// TestBrokenStore runs the suite on a broken store when the parent test
// asks for one; on its own it does nothing.
func TestBrokenStore(t *testing.T) {
	kind := os.Getenv("ARMBAND_BROKEN_STORE")
	if kind == "" {
		return
	}
	storetest.Run(t, brokenStores(kind), storetest.Options{Tamper: tamper, Scale: 0.25})
}

// TestSuiteHasTeeth: each broken store fails the suite, in the check that
// should catch it.
func TestSuiteHasTeeth(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite in child processes")
	}
	cases := map[string]string{
		"ignores-version": "--- FAIL: TestBrokenStore/AppendEvent",
		"loses-events":    "--- FAIL: TestBrokenStore/Concurrency",
		"edits-history":   "--- FAIL: TestBrokenStore/AppendOnlyHistory",
	}
	for kind, want := range cases {
		t.Run(kind, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenStore$", "-test.v")
			cmd.Env = append(os.Environ(), "ARMBAND_BROKEN_STORE="+kind)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the suite passed a store that %s:\n%s", kind, out)
			require.Contains(t, string(out), want)
		})
	}
}

func ExampleNew() {
	s := memstore.New()
	ctx := context.Background()
	_ = s.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: "nanhuan-2", Timezone: "Asia/Shanghai"}})
	_, err := s.GetIncident(ctx, "nanhuan-2", "inc-0412")
	fmt.Println(errors.Is(err, watch.ErrNotFound))
	// Output:
	// true
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) watch.Stores { return memstore.New().Stores() })
}
