// Package oracle checks rota.Generate against an independent solver: it
// writes the rota problem of a programme as a mixed-integer linear
// programme in CPLEX LP format, solves it with COIN-OR CBC (the Debian
// package coinor-cbc) and reads the optimum back. It is used by tests
// and benchmarks only.
//
// The model is the rules of docs/formats.md section 1.4: a binary x[v,i]
// for each volunteer v whom no rule of one volunteer on one instance
// keeps off instance i (rota.Problem.Eligible), a binary y[i] for a
// staffed instance and a binary w[v,d] for a volunteer working on day d,
// with:
//
//   - team: min_team·y[i] ≤ Σv x[v,i] ≤ need·y[i]; fixed volunteers are
//     x = 1 and their instances y = 1;
//   - night: Σ of the younger volunteers' x[v,i] ≥ y[i];
//   - rest: for each volunteer and each instant an instance starts, the
//     instances whose span extended by min_rest_hours covers it hold at
//     most one (the cliques of an interval graph);
//   - per day: Σ x[v,i] over the instances of one date ≤ max_shifts_per_day;
//   - consecutive days: x[v,i] ≤ w[v,d] and, over each run of
//     max_consecutive_days + 1 days, Σ w ≤ max_consecutive_days;
//   - weekly hours: the hours of an ISO week ≤ the policy's and the
//     volunteer's caps, and ≤ an age band's cap when w says the volunteer
//     works on a date that band is in force;
//
// fixed assignments outside the horizon entering each sum as constants.
// Solve maximises Σ x, then, when asked, requires that total and
// minimises the largest hours of any volunteer. ProveHours maximises Σ x
// with every volunteer's hours capped just below a given value: a proof,
// when CBC shows the seats drop, that a rota with those hours is optimal.
//
// CBC proves the most seats of the ten programmes of Programs in seconds,
// but the smallest largest hours seldom within minutes: its linear
// relaxation spreads hours fractionally over interchangeable volunteers.
package oracle

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// Programs returns the ten programmes the oracle test and benchmark
// solve: 40 volunteers each, 14 to 28 days, shifts of mixed lengths
// (overnight ones among them), a clock change in Europe/London or
// America/New_York inside the horizon, birthdays that cross an age band
// inside it, and a few fixed assignments. The same call gives the same
// programmes on every machine.
func Programs() []*rota.Problem {
	var out []*rota.Problem
	for k := range 10 {
		out = append(out, program(k, 40, 14+14*k/9))
	}
	return out
}

// Small returns programme k of the same kind with vols volunteers and
// days days (fewer than 7: from the day before the clock change, so the
// night shift is cut short or lengthened): small enough for the exact
// search.
func Small(k, vols, days int) *rota.Problem { return program(k, vols, days) }

// program makes programme k; fixed assignments that break a rule are
// dropped until NewProblem takes it.
func program(k, vols, days int) *rota.Problem {
	rng := rand.New(rand.NewPCG(uint64(k), 0x6f7261636c65))
	zones := []struct {
		zone         string
		from, change watch.Date
	}{
		{"Europe/London", watch.MustParseDate("2026-03-23"), watch.MustParseDate("2026-03-29")},
		{"America/New_York", watch.MustParseDate("2026-10-26"), watch.MustParseDate("2026-11-01")},
		{"Europe/London", watch.MustParseDate("2026-10-19"), watch.MustParseDate("2026-10-25")},
		{"America/New_York", watch.MustParseDate("2026-03-02"), watch.MustParseDate("2026-03-08")},
	}
	z := zones[k%len(zones)]
	if days < 7 { // a short horizon starts the day before the clock change
		z.from = z.change.AddDays(-1)
	}
	c := func(s string) *watch.Clock { x := watch.MustParseClock(s); return &x }
	no := false
	f := &watch.ProgramFile{
		Program: watch.Program{ID: fmt.Sprintf("oracle-%d", k), Timezone: z.zone},
		Horizon: watch.DateRange{From: z.from, To: z.from.AddDays(days - 1)},
		Policy: watch.RotaRules{MinAge: 18, MinTeam: 2, MaxShiftsPerDay: 1 + k%2, MinRestHours: []float64{8, 12}[k%2],
			MaxConsecutiveDays: 4, MaxHoursPerWeek: 12,
			AgeBands: []watch.AgeBand{
				{FromAge: 60, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("07:00"), LatestEnd: c("21:00")},
				{FromAge: 70, MaxShiftHours: 3, MaxHoursPerWeek: 8, EarliestStart: c("07:30"), LatestEnd: c("18:00")},
				{FromAge: 80, Eligible: &no}},
			Night: &watch.Night{From: *c("21:00"), To: *c("06:00"), RequireMemberUnder: 65}},
	}
	// Five shifts a day: mornings, an afternoon, an evening, and a night
	// shift the clock change lengthens or cuts short.
	shifts := [][3]string{
		{"m", "07:30", "10:00"}, {"d", "09:00", "12:00"}, {"a", "14:00", "17:30"},
		{"e", "18:30", "21:00"}, {"n", "00:30", "03:00"},
	}
	for b := range 2 {
		for _, s := range shifts {
			if b == 1 && s[0] != "m" && s[0] != "e" {
				continue // the second beat walks two shifts a day
			}
			sh := watch.Shift{ID: fmt.Sprintf("b%d-%s", b, s[0]), Beat: fmt.Sprintf("b%d", b), Start: *c(s[1]), End: *c(s[2]), Need: 2 + rng.IntN(4)/3}
			if s[0] == "d" {
				sh.Days = watch.Days{watch.Weekday(1), watch.Weekday(3), watch.Weekday(5), watch.Weekday(6)}
			}
			f.Shifts = append(f.Shifts, sh)
		}
	}
	for _, b := range []string{"b0", "b1"} {
		f.Beats = append(f.Beats, watch.Beat{ID: b, Name: b})
	}
	for v := range vols {
		vol := watch.Volunteer{ID: fmt.Sprintf("v%02d", v), Name: fmt.Sprintf("志愿者%d", v)}
		if v%6 == 0 { // a birthday inside the horizon that crosses a band
			d := z.from.AddDays(rng.IntN(days))
			vol.BirthDate = watch.Date{Year: d.Year - []int{60, 65, 70, 80}[rng.IntN(4)], Month: d.Month, Day: d.Day}
		} else {
			age := 40 + rng.IntN(45)
			vol.BirthDate = watch.Date{Year: z.from.Year - age, Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		}
		switch rng.IntN(8) {
		case 0:
			vol.MaxHoursPerWeek = float64(4 + rng.IntN(4))
		case 1:
			d := z.from.AddDays(rng.IntN(days))
			vol.Unavailable = []watch.DateRange{{From: d, To: d.AddDays(rng.IntN(4))}}
		case 2:
			vol.Availability = []watch.Window{{From: *c("07:00"), To: *c("13:00")}}
		}
		f.Volunteers = append(f.Volunteers, vol)
	}
	for range 4 {
		s := f.Shifts[rng.IntN(len(f.Shifts))]
		d := z.from.AddDays(rng.IntN(days+1) - 1) // the day before the horizon too
		if s.RunsOn(d) {
			f.Fixed = append(f.Fixed, watch.Fixed{Shift: s.ID, Date: d, Volunteers: []string{f.Volunteers[rng.IntN(vols)].ID}})
		}
	}
	for {
		p, err := rota.NewProblem(f)
		if err == nil {
			return p
		}
		if len(f.Fixed) == 0 {
			panic(fmt.Sprintf("oracle programme %d: %v", k, err))
		}
		f.Fixed = f.Fixed[:len(f.Fixed)-1]
	}
}
