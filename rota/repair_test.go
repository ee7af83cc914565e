package rota_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// teams maps a rota onto the problem's instances.
func teams(p *rota.Problem, r watch.Rota) [][]string {
	out := make([][]string, len(p.Instances()))
	for _, a := range r.Assignments {
		i, ok := p.InstanceIndex(a.Shift, a.Date)
		if ok {
			out[i] = a.Volunteers
		}
	}
	return out
}

// minChanges finds by exhaustive search the fewest instances whose team
// must differ from before (instances that started before now frozen) for
// a rota that keeps every rule of q and that allowed accepts.
func minChanges(t *testing.T, q *rota.Problem, before [][]string, now time.Time, allowed func(i int, team []string) bool) int {
	ins := q.Instances()
	subsets := subsetsOf(q.Program().Volunteers)
	valid := func(a [][]string) bool {
		for i := range a {
			if !allowed(i, a[i]) {
				return false
			}
		}
		r := watch.Rota{Program: q.Program().Program.ID, Horizon: q.Horizon()}
		for i, in := range ins {
			if len(a[i]) > 0 {
				r.Assignments = append(r.Assignments, watch.Assignment{Shift: in.Shift, Date: in.Date, Beat: in.Beat, Start: in.Start, End: in.End, Volunteers: a[i]})
			}
		}
		vs, err := rota.Check(q, r)
		require.NoError(t, err)
		return len(vs) == 0
	}
	var open []int
	for i, in := range ins {
		if !in.Start.Before(now) {
			open = append(open, i)
		}
	}
	for k := 0; k <= len(open); k++ {
		found := false
		var choose func(from int, picked []int)
		var fill func(picked []int, j int, a [][]string)
		fill = func(picked []int, j int, a [][]string) {
			if found {
				return
			}
			if j == len(picked) {
				found = valid(a)
				return
			}
			i := picked[j]
			for _, s := range subsets {
				if len(s) <= ins[i].Need && !slices.Equal(s, sortedCopy(before[i])) {
					a[i] = s
					fill(picked, j+1, a)
				}
			}
			a[i] = before[i]
		}
		choose = func(from int, picked []int) {
			if found {
				return
			}
			if len(picked) == k {
				a := make([][]string, len(before))
				copy(a, before)
				fill(picked, 0, a)
				return
			}
			for x := from; x < len(open); x++ {
				choose(x+1, append(picked, open[x]))
			}
		}
		choose(0, nil)
		if found {
			return k
		}
	}
	return -1
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// TestRepairDropOut drops a volunteer out of random rotas: the repaired
// rota keeps every rule of the changed programme, leaves every instance
// that started before now as it was, never sends anyone alone, and on
// tiny problems changes no more instances than an exhaustive search finds
// necessary.
func TestRepairDropOut(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	ctx := context.Background()
	tiny := 0
	for i := range 120 / raceDivisor {
		small := i%4 == 0
		var p *rota.Problem
		if small {
			p = randomProblem(rng, 2, 3+rng.IntN(2), 2)
		} else {
			p = randomProblem(rng, 5+rng.IntN(5), 4+rng.IntN(8), 3)
		}
		r, err := rota.Generate(ctx, p, rota.Options{Seed: uint64(i)})
		require.NoError(t, err)
		if len(r.Assignments) == 0 {
			continue
		}
		pick := r.Assignments[rng.IntN(len(r.Assignments))]
		who := pick.Volunteers[rng.IntN(len(pick.Volunteers))]
		from := pick.Date.AddDays(-rng.IntN(2))
		to := pick.Date.AddDays(rng.IntN(3))
		ins := p.Instances()
		now := ins[rng.IntN(len(ins))].Start
		if !pick.Start.Before(now) || rng.IntN(2) == 0 {
			now = pick.Start.Add(-time.Minute)
		}
		got, rep, err := rota.Repair(ctx, p, r, rota.Change{Drop: &rota.Drop{Volunteer: who, From: from, To: to}}, now)
		require.NoError(t, err, "problem %d", i)
		q, err := rota.NewProblem(rep.Program)
		require.NoError(t, err)
		requireValid(t, q, got)

		before, after := teams(p, r), teams(q, got)
		affected := 0
		for k, in := range ins {
			if in.Start.Before(now) {
				require.Equal(t, before[k], after[k], "problem %d: %s on %s started before now", i, in.Shift, in.Date)
				continue
			}
			if (watch.DateRange{From: from, To: to}).Contains(in.Date) {
				require.NotContains(t, after[k], who, "problem %d: %s dropped out", i, who)
				if slices.Contains(before[k], who) {
					affected++
				}
			}
			require.True(t, len(after[k]) == 0 || len(after[k]) >= p.Program().Policy.Team(), "problem %d: a lone volunteer", i)
		}
		changed := 0
		for k := range ins {
			if !slices.Equal(sortedCopy(before[k]), sortedCopy(after[k])) {
				changed++
			}
		}
		require.Equal(t, affected, changed, "problem %d: only the instances the drop touches change", i)
		require.Equal(t, affected, rep.Changed)
		if small && len(ins) <= 4 && len(q.Program().Volunteers) <= 4 {
			tiny++
			dropped := func(k int, team []string) bool {
				in := ins[k]
				return in.Start.Before(now) || !(watch.DateRange{From: from, To: to}).Contains(in.Date) || !slices.Contains(team, who)
			}
			require.Equal(t, minChanges(t, q, before, now, dropped), changed, "problem %d: more changes than necessary", i)
		}
	}
	require.Positive(t, tiny, "some problems were small enough for the exhaustive search")
}

func TestRepairChanges(t *testing.T) {
	ctx := context.Background()
	pf, err := watch.LoadProgramFile(strings.NewReader(dstProgram))
	require.NoError(t, err)
	p, err := rota.NewProblem(pf)
	require.NoError(t, err)
	r, err := rota.Generate(ctx, p, rota.Options{})
	require.NoError(t, err)
	early := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

	// Cancel an instance: only it changes.
	first := r.Assignments[0]
	got, rep, err := rota.Repair(ctx, p, r, rota.Change{Cancel: &rota.InstanceRef{Shift: first.Shift, Date: first.Date}}, early)
	require.NoError(t, err)
	require.Len(t, got.Assignments, len(r.Assignments)-1)
	require.Equal(t, "cancelled", rep.Changes[0].Action)

	// Add it back: staffed again.
	q, err := rota.NewProblem(rep.Program)
	require.NoError(t, err)
	again, rep, err := rota.Repair(ctx, q, got, rota.Change{Add: &rota.InstanceRef{Shift: first.Shift, Date: first.Date}}, early)
	require.NoError(t, err)
	require.Len(t, again.Assignments, len(r.Assignments))
	require.Equal(t, "replaced", rep.Changes[0].Action)
	requireValid(t, q, again)

	// A newcomer fills the cancelled patrol, with someone to make a team.
	newcomer := watch.Volunteer{ID: "e", Name: "孙八", BirthDate: watch.MustParseDate("1988-08-08")}
	filled, rep, err := rota.Repair(ctx, p, got, rota.Change{AddVolunteer: &newcomer}, early)
	require.NoError(t, err)
	q, err = rota.NewProblem(rep.Program)
	require.NoError(t, err)
	requireValid(t, q, filled)
	require.NotEmpty(t, rep.Changes)
	for _, c := range rep.Changes {
		require.Equal(t, "filled", c.Action)
		require.Contains(t, c.Added, "e")
	}

	// A change of an instance that started is refused.
	_, _, err = rota.Repair(ctx, p, r, rota.Change{Cancel: &rota.InstanceRef{Shift: first.Shift, Date: first.Date}}, first.Start.Add(time.Minute))
	require.ErrorContains(t, err, "before now")
	_, _, err = rota.Repair(ctx, p, r, rota.Change{Drop: &rota.Drop{Volunteer: "zz", From: first.Date, To: first.Date}}, early)
	require.ErrorContains(t, err, `"zz"`)

	// Two people, need two: a drop-out with nobody to replace cancels the
	// patrol rather than send one volunteer alone.
	two, err := watch.LoadProgramFile(strings.NewReader(`{
	 "program": {"id": "two", "timezone": "Asia/Shanghai"},
	 "volunteers": [{"id": "a", "birth_date": "1980-01-01"}, {"id": "b", "birth_date": "1981-01-01"}],
	 "shifts": [{"id": "s", "start": "08:00", "end": "10:00", "need": 2}],
	 "horizon": {"from": "2026-12-01", "to": "2026-12-02"}}`))
	require.NoError(t, err)
	p2, err := rota.NewProblem(two)
	require.NoError(t, err)
	r2, err := rota.Generate(ctx, p2, rota.Options{})
	require.NoError(t, err)
	got2, rep2, err := rota.Repair(ctx, p2, r2, rota.Change{Drop: &rota.Drop{Volunteer: "a", From: watch.MustParseDate("2026-12-02"), To: watch.MustParseDate("2026-12-02")}}, early)
	require.NoError(t, err)
	require.Len(t, got2.Assignments, 1, "the 2nd is cancelled")
	require.Equal(t, rota.RepairStep{Shift: "s", Date: watch.MustParseDate("2026-12-02"), Action: "cancelled", Removed: []string{"a", "b"}}, rep2.Changes[0])
}

func TestLoadChange(t *testing.T) {
	c, err := rota.LoadChange(strings.NewReader(`{"format": "armband/v1", "drop": {"volunteer": "v07", "from": "2026-12-10", "to": "2026-12-12"}}`))
	require.NoError(t, err)
	require.Equal(t, "v07", c.Drop.Volunteer)
	for doc, want := range map[string]string{
		`{}`: "exactly one",
		`{"drop": {"volunteer": "v", "from": "2026-12-10", "to": "2026-12-12"}, "cancel": {"shift": "s", "date": "2026-12-10"}}`: "exactly one",
		`{"drop": {"volunteer": "v", "from": "2026-12-10", "to": "2026-12-01"}}`:                                                 "drop.to",
		`{"drop": {"volunteer": "v", "from": "2026-12-10"}}`:                                                                     "drop.to",
		`{"cancel": {"shift": "s", "date": "2026-13-01"}}`:                                                                       "cancel.date",
		`{"swap": {}}`: "swap",
	} {
		_, err := rota.LoadChange(strings.NewReader(doc))
		require.ErrorContains(t, err, want, doc)
	}
}
