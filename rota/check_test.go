package rota_test

import (
	"strings"
	"testing"
	_ "time/tzdata"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func d(s string) watch.Date   { return watch.MustParseDate(s) }
func c(s string) *watch.Clock { x := watch.MustParseClock(s); return &x }
func no() *bool               { f := false; return &f }

func vol(id, birth string) watch.Volunteer { return watch.Volunteer{ID: id, BirthDate: d(birth)} }

func shift(id, start, end string, days ...string) watch.Shift {
	s := watch.Shift{ID: id, Start: *c(start), End: *c(end), Need: 2}
	for _, day := range days {
		wd, _ := watch.ParseWeekday(day)
		s.Days = append(s.Days, wd)
	}
	return s
}

// base is the programme every case starts from: four young volunteers,
// two older ones, and shifts by day, evening and night.
func base() *watch.ProgramFile {
	return &watch.ProgramFile{
		Program: watch.Program{ID: "t", Timezone: "Asia/Shanghai"},
		Volunteers: []watch.Volunteer{
			vol("y1", "1990-05-05"), vol("y2", "1992-03-03"), vol("y3", "1988-01-01"), vol("y4", "1995-07-07"),
			vol("o1", "1956-12-02"), vol("o2", "1950-06-06"),
		},
		Shifts: []watch.Shift{
			shift("am", "08:00", "11:00"), shift("noon", "11:00", "14:00"), shift("amlate", "09:00", "12:00"),
			shift("eve", "18:00", "21:00"), shift("late", "19:00", "21:00"), shift("edge", "20:00", "21:01"),
			shift("night", "22:00", "02:00"), shift("tomidnight", "20:00", "00:00"),
		},
		Horizon: watch.DateRange{From: d("2026-11-30"), To: d("2026-12-13")},
	}
}

// rotaOf builds a rota for the problem from lines "shift date v1,v2",
// with the programme's instants, so that it fits.
func rotaOf(t *testing.T, p *rota.Problem, lines ...string) watch.Rota {
	t.Helper()
	r := watch.Rota{Program: p.Program().Program.ID, Horizon: p.Horizon()}
	ins := p.Instances()
	for _, l := range lines {
		f := strings.Fields(l)
		i, ok := p.InstanceIndex(f[0], d(f[1]))
		require.True(t, ok, "no instance %s", l)
		in := ins[i]
		r.Assignments = append(r.Assignments, watch.Assignment{Shift: in.Shift, Date: in.Date, Beat: in.Beat,
			Start: in.Start, End: in.End, Volunteers: strings.Split(f[2], ",")})
	}
	return r
}

func show(vs []rota.Violation) []string {
	out := []string{}
	for _, v := range vs {
		parts := []string{v.Date.String(), v.Shift, v.Volunteer, string(v.Rule)}
		if v.Volunteer == "" {
			parts = []string{v.Date.String(), v.Shift, string(v.Rule)}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(f *watch.ProgramFile)
		rota   []string
		broken []string
	}{
		{name: "clean", rota: []string{"am 2026-12-01 y1,y2", "eve 2026-12-01 y3,y4"}, broken: []string{}},

		// team (7)
		{name: "team: alone", rota: []string{"am 2026-12-01 y1"}, broken: []string{"2026-12-01 am team"}},
		{name: "team: over need", rota: []string{"am 2026-12-01 y1,y2,y3"}, broken: []string{"2026-12-01 am team"}},
		{name: "team: someone twice", rota: []string{"am 2026-12-01 y1,y1"}, broken: []string{"2026-12-01 am team"}},
		{name: "team: min_team 1 allows one", edit: func(f *watch.ProgramFile) { f.Policy.MinTeam = 1 },
			rota: []string{"am 2026-12-01 y1"}, broken: []string{}},

		// min_age (1): a birthday on the day
		{name: "min_age: the day before the 18th birthday",
			edit: func(f *watch.ProgramFile) {
				f.Policy.MinAge = 18
				f.Volunteers = append(f.Volunteers, vol("k", "2008-12-02"))
			},
			rota: []string{"am 2026-12-01 y1,k", "am 2026-12-02 y2,k"}, broken: []string{"2026-12-01 am k min_age"}},

		// age_band (1): eligible false, a birthday on the day, 29 February
		{name: "age_band: eighty on the day",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 80, Eligible: no()}}
				f.Volunteers = append(f.Volunteers, vol("e", "1946-12-02"))
			},
			rota: []string{"am 2026-12-01 y1,e", "am 2026-12-02 y2,e"}, broken: []string{"2026-12-02 am e age_band"}},
		{name: "age_band: 29 February birthday reached on 1 March",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 82, Eligible: no()}}
				f.Volunteers = append(f.Volunteers, vol("leap", "1944-02-29"))
				f.Horizon = watch.DateRange{From: d("2026-02-27"), To: d("2026-03-02")}
			},
			rota: []string{"am 2026-02-28 y1,leap", "am 2026-03-01 y2,leap"}, broken: []string{"2026-03-01 am leap age_band"}},

		// shift_length (2)
		{name: "shift_length: 3 hours within 3",
			edit: func(f *watch.ProgramFile) { f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: 3}} },
			rota: []string{"am 2026-12-01 y1,o1"}, broken: []string{}},
		{name: "shift_length: 3 hours over 2.5",
			edit: func(f *watch.ProgramFile) { f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: 2.5}} },
			rota: []string{"am 2026-12-01 y1,o1"}, broken: []string{"2026-12-01 am o1 shift_length"}},
		{name: "shift_length: the strictest band in force",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 70, MaxShiftHours: 4}, {FromAge: 60, MaxShiftHours: 2}}
			},
			rota: []string{"am 2026-12-01 y1,o2"}, broken: []string{"2026-12-01 am o2 shift_length"}},

		// band_hours (2)
		{name: "band_hours: start at earliest_start, end at latest_end",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, EarliestStart: c("08:00"), LatestEnd: c("21:00")}}
			},
			rota: []string{"am 2026-12-01 y1,o1", "eve 2026-12-02 y1,o1"}, broken: []string{}},
		{name: "band_hours: a minute early, a minute late, overnight, ending at midnight",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, EarliestStart: c("08:01"), LatestEnd: c("23:59")}}
			},
			rota:   []string{"am 2026-12-01 y1,o1", "eve 2026-12-02 y1,o1", "night 2026-12-04 y1,o1", "tomidnight 2026-12-06 y1,o1"},
			broken: []string{"2026-12-01 am o1 band_hours", "2026-12-04 night o1 band_hours", "2026-12-06 tomidnight o1 band_hours"}},

		// night (8)
		{name: "night: ending exactly when the night starts",
			edit: func(f *watch.ProgramFile) {
				f.Policy.Night = &watch.Night{From: *c("21:00"), To: *c("06:00"), RequireMemberUnder: 65}
			},
			rota: []string{"eve 2026-12-01 o1,o2"}, broken: []string{}},
		{name: "night: a minute into the night, and overnight",
			edit: func(f *watch.ProgramFile) {
				f.Policy.Night = &watch.Night{From: *c("21:00"), To: *c("06:00"), RequireMemberUnder: 65}
			},
			rota:   []string{"edge 2026-12-01 o1,o2", "night 2026-12-02 o1,o2", "night 2026-12-03 o1,y1"},
			broken: []string{"2026-12-01 edge night", "2026-12-02 night night"}},
		{name: "night: an early shift touching the night's end",
			edit: func(f *watch.ProgramFile) {
				f.Policy.Night = &watch.Night{From: *c("22:00"), To: *c("08:00"), RequireMemberUnder: 65}
			},
			rota: []string{"am 2026-12-01 o1,o2"}, broken: []string{}},

		// rest (4)
		{name: "rest: exactly the minimum",
			edit: func(f *watch.ProgramFile) { f.Policy.MinRestHours = 12 },
			rota: []string{"eve 2026-12-01 y1,y2", "amlate 2026-12-02 y1,y2"}, broken: []string{}},
		{name: "rest: an hour short",
			edit: func(f *watch.ProgramFile) { f.Policy.MinRestHours = 12 },
			rota: []string{"eve 2026-12-01 y1,y2", "am 2026-12-02 y1,y3"}, broken: []string{"2026-12-02 am y1 rest"}},
		{name: "rest: none set, touching is allowed, overlapping is not",
			rota:   []string{"am 2026-12-01 y1,y2", "noon 2026-12-01 y1,y2", "eve 2026-12-02 y1,y3", "late 2026-12-02 y1,y4"},
			broken: []string{"2026-12-02 late y1 rest"}},

		// per_day (5)
		{name: "per_day: the second instance of the date",
			edit:   func(f *watch.ProgramFile) { f.Policy.MaxShiftsPerDay = 1 },
			rota:   []string{"eve 2026-12-01 y1,y2", "am 2026-12-01 y1,y3"},
			broken: []string{"2026-12-01 eve y1 per_day"}},

		// consecutive_days (6)
		{name: "consecutive_days: the days after the allowed run",
			edit:   func(f *watch.ProgramFile) { f.Policy.MaxConsecutiveDays = 2 },
			rota:   []string{"am 2026-12-01 y1,y2", "am 2026-12-02 y1,y3", "am 2026-12-03 y1,y4", "am 2026-12-04 y1,y2"},
			broken: []string{"2026-12-03 am y1 consecutive_days", "2026-12-04 am y1 consecutive_days"}},
		{name: "consecutive_days: a day off breaks the run",
			edit: func(f *watch.ProgramFile) { f.Policy.MaxConsecutiveDays = 2 },
			rota: []string{"am 2026-12-01 y1,y2", "am 2026-12-02 y1,y3", "am 2026-12-04 y1,y4", "am 2026-12-05 y1,y2"}, broken: []string{}},

		// weekly_hours (3)
		{name: "weekly_hours: the instance that goes over and every later one",
			edit:   func(f *watch.ProgramFile) { f.Policy.MaxHoursPerWeek = 6 },
			rota:   []string{"am 2026-12-01 y1,y2", "am 2026-12-02 y1,y3", "am 2026-12-03 y1,y4", "eve 2026-12-04 y1,y2"},
			broken: []string{"2026-12-03 am y1 weekly_hours", "2026-12-04 eve y1 weekly_hours"}},
		{name: "weekly_hours: a Sunday night shift counts in its own week",
			edit:   func(f *watch.ProgramFile) { f.Policy.MaxHoursPerWeek = 6 },
			rota:   []string{"am 2026-12-05 y1,y2", "night 2026-12-06 y1,y3", "am 2026-12-07 y3,y4"},
			broken: []string{"2026-12-06 night y1 weekly_hours"}},
		{name: "weekly_hours: the volunteer's own cap",
			edit: func(f *watch.ProgramFile) { f.Volunteers[0].MaxHoursPerWeek = 5 },
			rota: []string{"am 2026-12-01 y1,y2", "am 2026-12-02 y1,y3"}, broken: []string{"2026-12-02 am y1 weekly_hours"}},
		{name: "weekly_hours: a band cap from a birthday mid-week holds for the week",
			edit: func(f *watch.ProgramFile) {
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 70, MaxHoursPerWeek: 5}}
			},
			rota: []string{"am 2026-11-30 o1,y1", "am 2026-12-03 o1,y2"}, broken: []string{"2026-12-03 am o1 weekly_hours"}},

		// unavailable (9), inactive (9)
		{name: "unavailable: dates",
			edit: func(f *watch.ProgramFile) {
				f.Volunteers[0].Unavailable = []watch.DateRange{{From: d("2026-12-02"), To: d("2026-12-03")}}
			},
			rota:   []string{"am 2026-12-01 y1,y2", "am 2026-12-02 y1,y3", "am 2026-12-03 y1,y4", "am 2026-12-04 y1,y2"},
			broken: []string{"2026-12-02 am y1 unavailable", "2026-12-03 am y1 unavailable"}},
		{name: "unavailable: windows are not joined",
			edit: func(f *watch.ProgramFile) {
				f.Volunteers[0].Availability = []watch.Window{{From: *c("06:00"), To: *c("12:00")}, {From: *c("12:00"), To: *c("18:00")}}
			},
			rota:   []string{"am 2026-12-01 y1,y2", "noon 2026-12-02 y1,y2", "eve 2026-12-03 y1,y2"},
			broken: []string{"2026-12-02 noon y1 unavailable", "2026-12-03 eve y1 unavailable"}},
		{name: "unavailable: an overnight window starts on its listed day",
			edit: func(f *watch.ProgramFile) {
				f.Volunteers[0].Availability = []watch.Window{{Days: watch.Days{watch.Weekday(2)}, From: *c("22:00"), To: *c("03:00")}}
			},
			rota:   []string{"night 2026-12-01 y1,y2", "night 2026-12-02 y1,y2"},
			broken: []string{"2026-12-02 night y1 unavailable"}},
		{name: "inactive",
			edit: func(f *watch.ProgramFile) { f.Volunteers[1].Active = no() },
			rota: []string{"am 2026-12-01 y1,y2"}, broken: []string{"2026-12-01 am y2 inactive"}},

		// fixed
		{name: "fixed: a volunteer of a fixed assignment is missing",
			edit: func(f *watch.ProgramFile) {
				f.Fixed = []watch.Fixed{{Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"y1", "y2"}}}
			},
			rota: []string{"am 2026-12-01 y1,y3"}, broken: []string{"2026-12-01 am y2 fixed"}},
		{name: "fixed before the horizon: a rest breach inside it",
			edit: func(f *watch.ProgramFile) {
				f.Policy.MinRestHours = 12
				f.Fixed = []watch.Fixed{{Shift: "eve", Date: d("2026-11-29"), Volunteers: []string{"y1", "y2"}}}
			},
			rota: []string{"am 2026-11-30 y1,y3"}, broken: []string{"2026-11-30 am y1 rest"}},
		{name: "fixed before the horizon: a weekly-hours breach inside it",
			edit: func(f *watch.ProgramFile) {
				f.Policy.MaxHoursPerWeek = 6
				f.Horizon.From = d("2026-12-02")
				f.Fixed = []watch.Fixed{{Shift: "am", Date: d("2026-11-30"), Volunteers: []string{"y1", "y2"}},
					{Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"y1", "y3"}}}
			},
			rota: []string{"am 2026-12-02 y1,y4", "am 2026-12-07 y1,y4"}, broken: []string{"2026-12-02 am y1 weekly_hours"}},

		// daylight saving: Europe/London 29 March and 25 October 2026
		{name: "London: the night clocks go back lasts 5 hours",
			edit: func(f *watch.ProgramFile) {
				f.Program.Timezone = "Europe/London"
				f.Horizon = watch.DateRange{From: d("2026-10-23"), To: d("2026-10-25")}
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: 4}}
			},
			rota:   []string{"night 2026-10-23 y1,o1", "night 2026-10-24 y2,o2"},
			broken: []string{"2026-10-24 night o2 shift_length"}},
		{name: "London: rest across the change is absolute time",
			edit: func(f *watch.ProgramFile) {
				f.Program.Timezone = "Europe/London"
				f.Horizon = watch.DateRange{From: d("2026-10-23"), To: d("2026-10-25")}
				f.Policy.MinRestHours = 12
			},
			// 21:00 BST to 08:00 GMT is 12 hours; 21:00 to 08:00 on an ordinary night is 11.
			rota:   []string{"eve 2026-10-23 y1,y2", "am 2026-10-24 y1,y3", "eve 2026-10-24 y4,y2", "am 2026-10-25 y4,y2"},
			broken: []string{"2026-10-24 am y1 rest"}},
		{name: "London: the night clocks go forward lasts 3 hours",
			edit: func(f *watch.ProgramFile) {
				f.Program.Timezone = "Europe/London"
				f.Horizon = watch.DateRange{From: d("2026-03-27"), To: d("2026-03-29")}
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: 3.5}}
			},
			rota:   []string{"night 2026-03-27 y1,o1", "night 2026-03-28 y2,o2"},
			broken: []string{"2026-03-27 night o1 shift_length"}},
		// America/New_York: 8 March and 1 November 2026
		{name: "New York: both change nights",
			edit: func(f *watch.ProgramFile) {
				f.Program.Timezone = "America/New_York"
				f.Horizon = watch.DateRange{From: d("2026-03-07"), To: d("2026-11-01")}
				f.Shifts = []watch.Shift{shift("night", "22:00", "02:00", "sat")}
				f.Policy.AgeBands = []watch.AgeBand{{FromAge: 60, MaxShiftHours: 4}}
				f.Policy.MaxHoursPerWeek = 4
			},
			// 7 March: the end, 02:00, falls in the missing hour and is read
			// as 03:00 EDT, so the night lasts 4 hours, as on 14 March;
			// 31 October: 02:00 comes after the repeated hour, 5 hours.
			rota:   []string{"night 2026-03-07 y1,o1", "night 2026-10-31 y2,o2", "night 2026-03-14 y3,o1"},
			broken: []string{"2026-10-31 night o2 shift_length", "2026-10-31 night o2 weekly_hours", "2026-10-31 night y2 weekly_hours"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.edit != nil {
				tc.edit(f)
			}
			p, err := rota.NewProblem(f)
			require.NoError(t, err)
			vs, err := rota.Check(p, rotaOf(t, p, tc.rota...))
			require.NoError(t, err)
			require.Equal(t, tc.broken, show(vs))
		})
	}
}

func TestCheckInputErrors(t *testing.T) {
	p, err := rota.NewProblem(base())
	require.NoError(t, err)
	good := rotaOf(t, p, "am 2026-12-01 y1,y2", "am 2026-12-02 y1,y2")
	cases := []struct {
		name string
		edit func(r *watch.Rota)
		want string
	}{
		{"another programme", func(r *watch.Rota) { r.Program = "x" }, `program: "x" is not the programme t`},
		{"another horizon", func(r *watch.Rota) { r.Horizon.To = d("2026-12-31") }, `horizon: "2026-11-30..2026-12-31" is not the programme's horizon`},
		{"unknown shift", func(r *watch.Rota) { r.Assignments[0].Shift = "pm" }, `assignments[0].shift: "pm" is not a shift`},
		{"outside the horizon", func(r *watch.Rota) { r.Assignments[0].Date = d("2026-12-20") }, `assignments[0].date: "2026-12-20" has no instance`},
		{"listed twice", func(r *watch.Rota) { r.Assignments[1].Date = d("2026-12-01") }, `assignments[1]: lists the instance of am on 2026-12-01 a second time`},
		{"start differs", func(r *watch.Rota) { r.Assignments[0].Start = r.Assignments[0].Start.Add(1) }, `assignments[0].start:`},
		{"end differs", func(r *watch.Rota) { r.Assignments[1].End = r.Assignments[1].End.Add(-60e9) }, `assignments[1].end: "2026-12-02T10:59:00+08:00" is not the instance's end 2026-12-02T11:00:00+08:00`},
		{"unknown volunteer", func(r *watch.Rota) { r.Assignments[0].Volunteers = []string{"y1", "zz"} }, `assignments[0].volunteers[1]: "zz" is not a volunteer`},
		{"beat differs", func(r *watch.Rota) { r.Assignments[0].Beat = "north" }, `assignments[0].beat: "north" is not the shift's beat`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			r.Assignments = append([]watch.Assignment(nil), good.Assignments...)
			tc.edit(&r)
			_, err := rota.Check(p, r)
			require.ErrorIs(t, err, watch.ErrInvalid)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestNewProblemRefusesFixed(t *testing.T) {
	cases := []struct {
		name string
		edit func(f *watch.ProgramFile)
		want string
	}{
		{"rest between two fixed", func(f *watch.ProgramFile) {
			f.Policy.MinRestHours = 12
			f.Fixed = []watch.Fixed{{Shift: "eve", Date: d("2026-12-01"), Volunteers: []string{"y1"}},
				{Shift: "am", Date: d("2026-12-02"), Volunteers: []string{"y1"}}}
		}, "fixed[1]: puts y1 on am on 2026-12-02, which breaks the rule rest"},
		{"an ineligible volunteer", func(f *watch.ProgramFile) {
			f.Volunteers[4].Active = no()
			f.Fixed = []watch.Fixed{{Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"o1"}}}
		},
			"fixed[0]: puts o1 on am on 2026-12-01, which breaks the rule inactive"},
		{"the same instance twice", func(f *watch.ProgramFile) {
			f.Fixed = []watch.Fixed{{Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"y1"}}, {Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"y2"}}}
		}, "fixed[1]: names the instance of \"am\" on 2026-12-01 that fixed[0] names too"},
		{"no horizon", func(f *watch.ProgramFile) { f.Horizon = watch.DateRange{} }, "horizon: is required"},
		{"a swallowed instance", func(f *watch.ProgramFile) {
			f.Program.Timezone = "Europe/London"
			f.Horizon = watch.DateRange{From: d("2026-03-28"), To: d("2026-03-30")}
			f.Shifts = append(f.Shifts, shift("gap", "01:30", "02:00"))
			f.Fixed = []watch.Fixed{{Shift: "gap", Date: d("2026-03-29"), Volunteers: []string{"y1", "y2"}}}
		}, "fixed[0].date: \"2026-03-29\" is a date the clock change leaves shift gap no time on"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			tc.edit(f)
			_, err := rota.NewProblem(f)
			require.ErrorContains(t, err, tc.want)
		})
	}
	// Team and night are for the final rota only: one fixed volunteer is fine.
	f := base()
	f.Fixed = []watch.Fixed{{Shift: "am", Date: d("2026-12-01"), Volunteers: []string{"y1"}}}
	_, err := rota.NewProblem(f)
	require.NoError(t, err)
}
