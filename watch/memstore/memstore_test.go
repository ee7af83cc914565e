package memstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/armband/armband/incident/incidenttest"
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
	storetest.Run(t, func(t *testing.T) watch.Stores { return memstore.New().Stores() }, storetest.Options{Tamper: tamper, Parallel: true})
}

// TestCopy moves a programme between two memory stores.
func TestCopy(t *testing.T) {
	storetest.RunCopy(t, memstore.New().Stores(), memstore.New().Stores())
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

// keepsRota keeps the caller's rota as it was given, slices and all.
type keepsRota struct {
	*memstore.Store
	kept map[string]watch.Rota
}

func (s keepsRota) SaveRota(ctx context.Context, r watch.Rota) (int, error) {
	v, err := s.Store.SaveRota(ctx, r)
	if err == nil {
		s.kept[r.Program] = r
	}
	return v, err
}

func (s keepsRota) CurrentRota(ctx context.Context, program string, period watch.DateRange) (watch.Rota, int, error) {
	_, v, err := s.Store.CurrentRota(ctx, program, period)
	return s.kept[program], v, err
}

// keepsTags keeps the caller's tags slice and hands it out again.
type keepsTags struct {
	*memstore.Store
	tags map[string][]string
}

func (s keepsTags) CreateIncident(ctx context.Context, inc watch.Incident) (watch.Incident, error) {
	out, err := s.Store.CreateIncident(ctx, inc)
	if err == nil {
		s.tags[inc.Program+"\x00"+inc.ID] = inc.Tags
		out.Tags = inc.Tags
	}
	return out, err
}

func (s keepsTags) GetIncident(ctx context.Context, program, id string) (watch.Incident, error) {
	inc, err := s.Store.GetIncident(ctx, program, id)
	if t, ok := s.tags[program+"\x00"+id]; ok && err == nil {
		inc.Tags = t
	}
	return inc, err
}

// keepsDates keeps the caller's volunteer, with its windows and dates.
type keepsDates struct {
	*memstore.Store
	kept map[string]watch.Volunteer
}

func (s keepsDates) PutVolunteer(ctx context.Context, program string, v watch.Volunteer) error {
	err := s.Store.PutVolunteer(ctx, program, v)
	if err == nil {
		s.kept[program+"\x00"+v.ID] = v
	}
	return err
}

func (s keepsDates) GetVolunteer(ctx context.Context, program, id string) (watch.Volunteer, error) {
	v, err := s.Store.GetVolunteer(ctx, program, id)
	if k, ok := s.kept[program+"\x00"+id]; ok && err == nil {
		v.Availability, v.Unavailable = k.Availability, k.Unavailable
	}
	return v, err
}

// sharesDoc hands out the one stored copy of a policy's document.
type sharesDoc struct {
	*memstore.Store
	docs map[string]json.RawMessage
}

func (s sharesDoc) GetPolicy(ctx context.Context, program, id string) (watch.PolicySnapshot, error) {
	snap, err := s.Store.GetPolicy(ctx, program, id)
	if err == nil {
		if d, ok := s.docs[id]; ok {
			snap.Doc = d
		} else {
			s.docs[id] = snap.Doc
		}
	}
	return snap, err
}

// rebuildsChain answers, after an erasure, with a history it hashed
// again: intact, but with another head.
type rebuildsChain struct {
	*memstore.Store
	erased *bool
}

func (s rebuildsChain) EraseVolunteer(ctx context.Context, program, id string) error {
	*s.erased = true
	return s.Store.EraseVolunteer(ctx, program, id)
}

func (s rebuildsChain) VerifyHistory(ctx context.Context, program, id string) (watch.Verification, error) {
	v, err := s.Store.VerifyHistory(ctx, program, id)
	if err == nil && *s.erased {
		v.Head = "rebuilt-" + v.Head
	}
	return v, err
}

// erasesEverywhere erases the id in every programme that has it.
type erasesEverywhere struct{ *memstore.Store }

func (s erasesEverywhere) EraseVolunteer(ctx context.Context, program, id string) error {
	ps, err := s.ListPrograms(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Program.ID != program {
			_ = s.Store.EraseVolunteer(ctx, p.Program.ID, id)
		}
	}
	return s.Store.EraseVolunteer(ctx, program, id)
}

func brokenStores(kind string) func(t *testing.T) watch.Stores {
	return func(t *testing.T) watch.Stores {
		m := memstore.New()
		s := m.Stores()
		switch kind {
		case "ignores-version":
			s.Incidents = ignoresVersion{m}
		case "loses-events":
			var n int64
			s.Incidents = losesEvents{m, &n}
		case "edits-history":
			s.Incidents = editsHistory{m}
		case "keeps-rota":
			s.Rotas = keepsRota{m, map[string]watch.Rota{}}
		case "keeps-tags":
			s.Incidents = keepsTags{m, map[string][]string{}}
		case "keeps-dates":
			s.Volunteers = keepsDates{m, map[string]watch.Volunteer{}}
		case "shares-doc":
			s.Escalations = sharesDoc{m, map[string]json.RawMessage{}}
		case "rebuilds-chain":
			erased := false
			r := rebuildsChain{m, &erased}
			s.Volunteers, s.Incidents = r, r
		case "erases-everywhere":
			s.Volunteers = erasesEverywhere{m}
		default:
			t.Fatalf("no broken store %q", kind)
		}
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
		"ignores-version":   "--- FAIL: TestBrokenStore/AppendEvent",
		"loses-events":      "--- FAIL: TestBrokenStore/Concurrency",
		"edits-history":     "--- FAIL: TestBrokenStore/AppendOnlyHistory",
		"keeps-rota":        "--- FAIL: TestBrokenStore/Aliasing",
		"keeps-tags":        "--- FAIL: TestBrokenStore/Aliasing",
		"keeps-dates":       "--- FAIL: TestBrokenStore/Aliasing",
		"shares-doc":        "--- FAIL: TestBrokenStore/Aliasing",
		"rebuilds-chain":    "--- FAIL: TestBrokenStore/Erasure",
		"erases-everywhere": "--- FAIL: TestBrokenStore/ErasureIsolation",
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

// TestEscalators: two escalators on one memstore send every notification
// of the simulation once.
func TestEscalators(t *testing.T) {
	incidenttest.RunEscalators(t, memstore.New().Stores())
}
