// Package ladder makes the deterministic programmes that armband's
// benchmarks climb: L1 one estate, L2 a large estate, L3 a district, L4 a
// town. The same rung gives the same programme on every machine.
package ladder

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/armband/armband/watch"
)

// Rung is one step of the ladder.
type Rung struct {
	Name       string
	Volunteers int
	Beats      int
	// Shifts is the number of shifts a day on each beat.
	Shifts int
	Days   int
}

// Rungs are the ladder: L1 one estate (40 volunteers, 3 beats, 4 shifts a
// day), L2 (200, 10 beats), L3 a district (1,000, 50 beats, 3 shifts a
// day), L4 a town (10,000, 500 beats); 28 days each.
var Rungs = []Rung{
	{"L1", 40, 3, 4, 28},
	{"L2", 200, 10, 4, 28},
	{"L3", 1000, 50, 3, 28},
	{"L4", 10000, 500, 3, 28},
}

// The shifts of a beat's day: four, or three with a longer evening that
// runs into the night.
var (
	fourShifts  = [][2]string{{"07:30", "10:30"}, {"14:00", "17:00"}, {"18:30", "21:00"}, {"21:00", "23:00"}}
	threeShifts = [][2]string{{"07:30", "10:30"}, {"14:00", "17:00"}, {"19:00", "22:00"}}
)

// Program returns the rung's programme: volunteers mostly over 60 (a few
// over 80, a few inactive, some with availability windows, unavailable
// dates or a personal cap), shifts on every beat, the policy of the
// Nanhuan No. 2 community, and a horizon of the rung's days from Monday
// 2026-11-30 in Asia/Shanghai.
func (r Rung) Program() *watch.ProgramFile {
	rng := rand.New(rand.NewPCG(uint64(r.Volunteers), uint64(r.Beats)))
	from := watch.Date{Year: 2026, Month: time.November, Day: 30}
	f := &watch.ProgramFile{
		Program: watch.Program{ID: "ladder-" + r.Name, Name: "ladder " + r.Name, Timezone: "Asia/Shanghai",
			Community: &watch.Community{Name: r.Name, Residents: 135 * r.Volunteers}},
		Horizon: watch.DateRange{From: from, To: from.AddDays(r.Days - 1)},
	}
	c := func(s string) *watch.Clock { x := watch.MustParseClock(s); return &x }
	no := false
	f.Policy = watch.RotaRules{MinAge: 18, MinTeam: 2, MaxShiftsPerDay: 1, MinRestHours: 12, MaxConsecutiveDays: 4, MaxHoursPerWeek: 12,
		AgeBands: []watch.AgeBand{
			{FromAge: 60, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("07:00"), LatestEnd: c("21:00")},
			{FromAge: 70, MaxShiftHours: 3, MaxHoursPerWeek: 8, EarliestStart: c("07:30"), LatestEnd: c("18:00")},
			{FromAge: 80, Eligible: &no}},
		Night: &watch.Night{From: *c("21:00"), To: *c("06:00"), RequireMemberUnder: 65}}
	for b := range r.Beats {
		id := fmt.Sprintf("b%03d", b)
		f.Beats = append(f.Beats, watch.Beat{ID: id, Name: fmt.Sprintf("片区 %d", b+1)})
		day := fourShifts
		if r.Shifts == 3 {
			day = threeShifts
		}
		for s, t := range day {
			f.Shifts = append(f.Shifts, watch.Shift{ID: fmt.Sprintf("%s-%d", id, s), Beat: id, Start: *c(t[0]), End: *c(t[1]), Need: 2})
		}
	}
	for v := range r.Volunteers {
		age := 45 + rng.IntN(40) // 45 to 84: mostly elderly
		birth := watch.Date{Year: 2026 - age, Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		vol := watch.Volunteer{ID: fmt.Sprintf("v%05d", v), Name: fmt.Sprintf("志愿者%d", v), BirthDate: birth}
		switch rng.IntN(10) {
		case 0:
			vol.Active = &no
		case 1:
			vol.Availability = []watch.Window{{Days: watch.Days{1, 2, 3, 4, 5}, From: *c("07:00"), To: *c("12:00")}}
		case 2:
			vol.Availability = []watch.Window{{Days: watch.Days{5, 6, 0}, From: *c("17:00"), To: *c("23:30")}}
		case 3:
			d := from.AddDays(rng.IntN(r.Days))
			vol.Unavailable = []watch.DateRange{{From: d, To: d.AddDays(2)}}
		case 4:
			vol.MaxHoursPerWeek = 6
		}
		f.Volunteers = append(f.Volunteers, vol)
	}
	return f
}
