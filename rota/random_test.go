package rota_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// randomProgramFixed makes a random programme with the hard corners in it:
// daylight-saving changes in Europe/London and America/New_York, 29
// February, birthdays that cross an age band inside the horizon, overnight
// shifts and windows, availability, fixed assignments before and inside
// the horizon. days and vols bound its size.
//
// It adds up to extra more fixed assignments of one or two
// volunteers on random instances from the day before the horizon to its
// end.
func randomProgramFixed(r *rand.Rand, days, vols, shifts, extra int) *watch.ProgramFile {
	type start struct{ zone, date string }
	starts := []start{
		{"Europe/London", "2026-03-28"}, {"Europe/London", "2026-10-24"},
		{"America/New_York", "2026-03-07"}, {"America/New_York", "2026-10-31"},
		{"Asia/Shanghai", "2028-02-28"}, {"Asia/Shanghai", "2027-02-27"}, {"Asia/Shanghai", "2026-12-26"},
	}
	st := starts[r.IntN(len(starts))]
	from := watch.MustParseDate(st.date)
	f := &watch.ProgramFile{
		Program: watch.Program{ID: "rand", Timezone: st.zone},
		Horizon: watch.DateRange{From: from, To: from.AddDays(r.IntN(days))},
	}
	clock := func(h, m int) watch.Clock { return watch.Clock{Hour: h, Minute: m} }
	pc := func(c watch.Clock) *watch.Clock { return &c }
	for i := range vols {
		var birth watch.Date
		switch r.IntN(5) {
		case 0: // a birthday in the horizon that crosses a band
			age := []int{60, 70, 80}[r.IntN(3)]
			d := from.AddDays(r.IntN(days + 1))
			birth = watch.Date{Year: d.Year - age, Month: d.Month, Day: d.Day}
			if _, err := watch.ParseDate(birth.String()); err != nil {
				birth = watch.MustParseDate("1956-02-29")
			}
		case 1:
			birth = watch.MustParseDate([]string{"1956-02-29", "1948-02-29", "1944-02-29"}[r.IntN(3)])
		default:
			birth = watch.Date{Year: 1945 + r.IntN(60), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
		}
		v := watch.Volunteer{ID: fmt.Sprintf("v%d", i), BirthDate: birth}
		if r.IntN(8) == 0 {
			no := false
			v.Active = &no
		}
		if r.IntN(4) == 0 {
			w := watch.Window{From: clock(r.IntN(24), 0), To: clock(r.IntN(24), 30)}
			if r.IntN(2) == 0 {
				w.Days = watch.Days{watch.Weekday(r.IntN(7)), watch.Weekday(r.IntN(7))}
			}
			v.Availability = []watch.Window{w}
		}
		if r.IntN(6) == 0 {
			d := from.AddDays(r.IntN(days))
			v.Unavailable = []watch.DateRange{{From: d, To: d}}
		}
		if r.IntN(5) == 0 {
			v.MaxHoursPerWeek = float64(3 + r.IntN(6))
		}
		f.Volunteers = append(f.Volunteers, v)
	}
	f.Policy.MinTeam = []int{1, 2, 2, 2}[r.IntN(4)]
	if r.IntN(2) == 0 {
		f.Policy.MaxShiftsPerDay = 1 + r.IntN(2)
	}
	f.Policy.MinRestHours = []float64{0, 0, 8, 12}[r.IntN(4)]
	if r.IntN(2) == 0 {
		f.Policy.MaxConsecutiveDays = 1 + r.IntN(3)
	}
	if r.IntN(2) == 0 {
		f.Policy.MaxHoursPerWeek = float64(4 + r.IntN(8))
	}
	if r.IntN(3) > 0 {
		f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: float64(3 + r.IntN(2)), MaxHoursPerWeek: float64(6 + r.IntN(5)), EarliestStart: pc(clock(7, 0)), LatestEnd: pc(clock(21, 0))}}
		if r.IntN(2) == 0 {
			f.Policy.AgeBands = append(f.Policy.AgeBands, watch.AgeBand{FromAge: 70, MaxShiftHours: 3, LatestEnd: pc(clock(18, 0))})
		}
		if r.IntN(2) == 0 {
			no := false
			f.Policy.AgeBands = append(f.Policy.AgeBands, watch.AgeBand{FromAge: 80, Eligible: &no})
		}
	}
	if r.IntN(2) == 0 {
		f.Policy.Night = &watch.Night{From: clock(21, 0), To: clock(6, 0), RequireMemberUnder: 65}
	}
	templates := []watch.Shift{
		{Start: clock(8, 0), End: clock(11, 0)}, {Start: clock(14, 0), End: clock(17, 0)},
		{Start: clock(18, 30), End: clock(21, 0)}, {Start: clock(22, 0), End: clock(2, 0)},
		{Start: clock(1, 30), End: clock(2, 30)}, {Start: clock(0, 30), End: clock(3, 0)}, {Start: clock(20, 0), End: clock(0, 0)},
	}
	for i := range 1 + r.IntN(shifts) {
		s := templates[r.IntN(len(templates))]
		s.ID = fmt.Sprintf("s%d", i)
		s.Need = f.Policy.Team() + r.IntN(2)
		if r.IntN(4) == 0 {
			s.Days = watch.Days{watch.Weekday(r.IntN(7)), watch.Weekday(r.IntN(7)), watch.Weekday(r.IntN(7))}
		}
		f.Shifts = append(f.Shifts, s)
	}
	// Fixed assignments: one before the horizon, one inside it, each with
	// one volunteer; NewProblem decides whether they stand.
	for _, d := range []watch.Date{from.AddDays(-1), from} {
		if r.IntN(3) == 0 {
			s := f.Shifts[r.IntN(len(f.Shifts))]
			if s.RunsOn(d) {
				f.Fixed = append(f.Fixed, watch.Fixed{Shift: s.ID, Date: d, Volunteers: []string{f.Volunteers[r.IntN(vols)].ID}})
			}
		}
	}
	taken := map[string]bool{}
	for _, fx := range f.Fixed {
		taken[fx.Shift+fx.Date.String()] = true
	}
	for range extra {
		s := f.Shifts[r.IntN(len(f.Shifts))]
		d := from.AddDays(r.IntN(from.DaysUntil(f.Horizon.To)+2) - 1)
		if !s.RunsOn(d) || taken[s.ID+d.String()] {
			continue
		}
		taken[s.ID+d.String()] = true
		fx := watch.Fixed{Shift: s.ID, Date: d, Volunteers: []string{f.Volunteers[r.IntN(vols)].ID}}
		if w := f.Volunteers[r.IntN(vols)].ID; r.IntN(3) == 0 && w != fx.Volunteers[0] && s.Need > 1 {
			fx.Volunteers = append(fx.Volunteers, w)
		}
		f.Fixed = append(f.Fixed, fx)
	}
	return f
}

// randomProblem draws programmes until one makes a problem (a random
// fixed assignment may break a rule, and is then dropped).
func randomProblem(r *rand.Rand, days, vols, shifts int) *rota.Problem {
	return randomProblemFixed(r, days, vols, shifts, 0)
}

// randomProblemFixed is randomProblem with extra fixed assignments; when
// they break a rule, fewer are tried.
func randomProblemFixed(r *rand.Rand, days, vols, shifts, extra int) *rota.Problem {
	for {
		f := randomProgramFixed(r, days, vols, shifts, extra)
		for len(f.Fixed) > 1 {
			if p, err := rota.NewProblem(f); err == nil {
				return p
			}
			f.Fixed = f.Fixed[:len(f.Fixed)/2]
		}
		if p, err := rota.NewProblem(f); err == nil {
			return p
		}
		f.Fixed = nil
		if p, err := rota.NewProblem(f); err == nil {
			return p
		}
	}
}
