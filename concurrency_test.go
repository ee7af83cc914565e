package armband_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// TestValuesAreSafeToShare calls the engines from 8 goroutines on one
// policy and one problem; under -race any hidden write fails it. The
// policy is built in Go and never passed through NewPolicy, the case that
// once cached its zone lazily.
func TestValuesAreSafeToShare(t *testing.T) {
	policy := &incident.Policy{Timezone: "Asia/Shanghai", Rules: []incident.Rule{
		{Name: "night", Continue: true, Match: incident.Match{Time: &incident.TimeWindow{From: watch.MustParseClock("22:00"), To: watch.MustParseClock("06:00")}},
			Steps: []incident.Step{{Notify: []string{"duty_leader"}}}},
		{Name: "all", Steps: []incident.Step{{Notify: []string{"community_office"}}, {After: watch.Duration(time.Hour), Notify: []string{"police_liaison"}}}},
	}}
	compiled, err := incident.NewPolicy(*policy)
	require.NoError(t, err)
	f, err := os.Open("testdata/examples/incidents.json")
	require.NoError(t, err)
	defer f.Close()
	incs, err := watch.LoadIncidents(f)
	require.NoError(t, err)
	pf, err := os.Open("testdata/examples/program.json")
	require.NoError(t, err)
	defer pf.Close()
	file, err := watch.LoadProgramFile(pf)
	require.NoError(t, err)
	problem, err := rota.NewProblem(file)
	require.NoError(t, err)
	until := incs[len(incs)-1].OccurredAt.Add(24 * time.Hour)
	want := incident.Simulate(compiled, incs, until)
	wantRota, err := rota.Generate(context.Background(), problem, rota.Options{})
	require.NoError(t, err)

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := policy
			if g%2 == 0 {
				p = compiled
			}
			for _, inc := range incs {
				p.Match(inc)
				p.Explain(inc)
			}
			require.Equal(t, want, incident.Simulate(p, incs, until))
			r, err := rota.Generate(context.Background(), problem, rota.Options{})
			require.NoError(t, err)
			require.Equal(t, wantRota, r)
			vs, err := rota.Check(problem, r)
			require.NoError(t, err)
			require.Empty(t, vs)
		}()
	}
	wg.Wait()
}

// TestValuesAreCopied: a compiled policy and a problem keep their own
// copies; changing the caller's values afterwards changes neither.
func TestValuesAreCopied(t *testing.T) {
	p := incident.Policy{Timezone: "Asia/Shanghai", Rules: []incident.Rule{{Name: "all", Steps: []incident.Step{{Notify: []string{"community_office"}}}}}}
	compiled, err := incident.NewPolicy(p)
	require.NoError(t, err)
	p.Rules[0].Steps[0].Notify[0] = "nobody"
	p.Timezone = "Europe/London"
	require.Equal(t, "community_office", compiled.Rules[0].Steps[0].Notify[0])
	require.Equal(t, "Asia/Shanghai", compiled.Location().String())

	d := incident.DangerousKinds()
	d[0] = "other"
	require.NotEqual(t, watch.Kind("other"), incident.DangerousKinds()[0])

	pf := &watch.ProgramFile{Program: watch.Program{ID: "x", Timezone: "UTC"},
		Volunteers: []watch.Volunteer{{ID: "a", BirthDate: watch.MustParseDate("1970-01-01")}, {ID: "b", BirthDate: watch.MustParseDate("1971-01-01")}},
		Shifts:     []watch.Shift{{ID: "s", Start: watch.MustParseClock("08:00"), End: watch.MustParseClock("10:00"), Need: 2}},
		Horizon:    watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-01")}}
	problem, err := rota.NewProblem(pf)
	require.NoError(t, err)
	pf.Volunteers[0].BirthDate = watch.MustParseDate("2020-01-01")
	pf.Policy.MinAge = 18
	r, err := rota.Generate(context.Background(), problem, rota.Options{})
	require.NoError(t, err)
	require.Equal(t, 2, r.Stats.Filled, "the problem kept the file as it was")
	problem.Program().Volunteers[1].ID = "changed"
	require.Equal(t, "b", problem.Program().Volunteers[1].ID)
}
