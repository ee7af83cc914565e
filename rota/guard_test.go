package rota

import (
	"testing"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// TestGuardTakesApartFaultedTeams puts a volunteer alone on an instance,
// as a broken search might, and checks that the guard turns it into a gap
// and keeps a fixed volunteer in a team.
func TestGuardTakesApartFaultedTeams(t *testing.T) {
	f := &watch.ProgramFile{
		Program: watch.Program{ID: "g", Timezone: "Asia/Shanghai"},
		Volunteers: []watch.Volunteer{
			{ID: "a", BirthDate: watch.MustParseDate("1970-01-01")},
			{ID: "b", BirthDate: watch.MustParseDate("1971-01-01")},
			{ID: "c", BirthDate: watch.MustParseDate("1972-01-01")},
		},
		Shifts:  []watch.Shift{{ID: "day", Start: watch.MustParseClock("08:00"), End: watch.MustParseClock("10:00"), Need: 2}},
		Horizon: watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-02")},
		Fixed:   []watch.Fixed{{Shift: "day", Date: watch.MustParseDate("2026-12-02"), Volunteers: []string{"a"}}},
	}
	p, err := NewProblem(f)
	require.NoError(t, err)
	s := newSolver(p)
	s.placeFixed()
	s.add(1, 0) // b alone on 1 December: team broken
	require.NotEmpty(t, p.check(s.assignment()))
	require.Equal(t, 2, s.guard(), "both instances are faulted: b alone, a alone")
	require.Empty(t, p.check(s.assignment()))
	r := s.rota()
	require.Len(t, r.Assignments, 1)
	require.Equal(t, "2026-12-02", r.Assignments[0].Date.String())
	require.Contains(t, r.Assignments[0].Volunteers, "a")
	require.Len(t, r.Assignments[0].Volunteers, 2)
	require.Len(t, r.Gaps, 1)
	require.Zero(t, s.guard(), "a state that keeps the rules is left alone")
}
