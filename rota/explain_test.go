package rota_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// TestExplainAgreesWithCheck explains every instance of random rotas:
// whoever Explain says could take an instance joins it without Check
// blaming them, whoever it keeps out is blamed for exactly the rules it
// names, and no relaxation touches a rule outside rota.Relaxable or takes
// rest below eight hours.
func TestExplainAgreesWithCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	for i := range 60 / raceDivisor {
		p := randomProblem(rng, 4+rng.IntN(4), 3+rng.IntN(6), 3)
		r, err := rota.Generate(context.Background(), p, rota.Options{Seed: uint64(i)})
		require.NoError(t, err)
		for _, in := range p.Instances() {
			ex, err := rota.Explain(p, r, in.Shift, in.Date)
			require.NoError(t, err)
			for _, k := range ex.Kept {
				blamed := blamedJoining(t, p, r, in, k.Volunteer)
				require.ElementsMatch(t, k.Rules, blamed, "problem %d: %s joining %s on %s", i, k.Volunteer, in.Shift, in.Date)
				require.Equal(t, len(k.Rules) == 0, slices.Contains(ex.CouldTake, k.Volunteer))
			}
			for _, rx := range ex.Relaxations {
				require.Contains(t, rota.Relaxable, rx.Rule, "problem %d: a relaxation of %s", i, rx.Rule)
				if rx.Rule == rota.RuleRest {
					require.GreaterOrEqual(t, rx.To, 8.0, "rest is never relaxed below 8 h")
				}
				require.True(t, ex.Gap)
			}
		}
	}
}

// blamedJoining adds v to an instance and returns the rules Check newly
// blames on v (team and night, which blame the instance, aside).
func blamedJoining(t *testing.T, p *rota.Problem, r watch.Rota, in rota.Instance, v string) []rota.RuleCode {
	t.Helper()
	before, err := rota.Check(p, r)
	require.NoError(t, err)
	joined := r
	joined.Assignments = slices.Clone(r.Assignments)
	found := false
	for k, a := range joined.Assignments {
		if a.Shift == in.Shift && a.Date == in.Date {
			joined.Assignments[k].Volunteers = append(slices.Clone(a.Volunteers), v)
			found = true
		}
	}
	if !found {
		joined.Assignments = append(joined.Assignments, watch.Assignment{Shift: in.Shift, Date: in.Date, Beat: in.Beat, Start: in.Start, End: in.End, Volunteers: []string{v}})
	}
	after, err := rota.Check(p, joined)
	require.NoError(t, err)
	var out []rota.RuleCode
	for _, vi := range after {
		if vi.Volunteer == v && !slices.Contains(before, vi) && !slices.Contains(out, vi.Rule) {
			out = append(out, vi.Rule)
		}
	}
	if out == nil {
		out = []rota.RuleCode{}
	}
	return out
}

const relaxProgram = `{
 "program": {"id": "x", "timezone": "Asia/Shanghai"},
 "volunteers": [
  {"id": "a", "birth_date": "1980-01-01"},
  {"id": "b", "birth_date": "1980-01-01", "max_hours_per_week": 4},
  {"id": "c", "birth_date": "1940-01-01"},
  {"id": "d", "birth_date": "1980-01-01", "availability": [{"days": ["mon"], "from": "06:00", "to": "12:00"}]}],
 "shifts": [{"id": "am", "start": "08:00", "end": "11:00", "need": 2}],
 "policy": {"age_bands": [{"from_age": 80, "eligible": false}]},
 "horizon": {"from": "2026-12-01", "to": "2026-12-02"},
 "fixed": [{"shift": "am", "date": "2026-12-01", "volunteers": ["a", "b"]}]}`

func TestExplainRelaxations(t *testing.T) {
	pf, err := watch.LoadProgramFile(strings.NewReader(relaxProgram))
	require.NoError(t, err)
	p, err := rota.NewProblem(pf)
	require.NoError(t, err)
	r, err := rota.Generate(context.Background(), p, rota.Options{})
	require.NoError(t, err)
	// On the 2nd (a Wednesday): a works, b's own cap of 4 h is spent, c is
	// too old, d is available on Mondays only.
	ex, err := rota.Explain(p, r, "am", watch.MustParseDate("2026-12-02"))
	require.NoError(t, err)
	kept := map[string][]rota.RuleCode{}
	for _, k := range ex.Kept {
		kept[k.Volunteer] = k.Rules
	}
	require.Equal(t, []rota.RuleCode{rota.RuleAgeBand}, kept["c"])
	require.Equal(t, []rota.RuleCode{rota.RuleUnavailable}, kept["d"])
	require.True(t, ex.Gap)
	require.Equal(t, []string{"a"}, ex.CouldTake, "a could come, but alone is no team")
	// The smallest relaxation: b's weekly cap, from 4 to 6 hours (3 on the
	// 1st and 3 more); asking d comes after, and c is never suggested.
	require.Equal(t, &rota.Relaxation{Volunteer: "b", Rule: rota.RuleWeeklyHours, Amount: 2, To: 6, Fills: true}, ex.Relaxation)
	require.Equal(t, []rota.Relaxation{*ex.Relaxation, {Volunteer: "d", Rule: rota.RuleUnavailable, Fills: true}}, ex.Relaxations)
	_, err = rota.Explain(p, r, "am", watch.MustParseDate("2026-12-09"))
	require.ErrorContains(t, err, "no such instance")
}
