package storetest

import (
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// roundTripFile is a programme file with something in every field a
// store keeps: shifts, rules with bands and a night rule, a horizon,
// fixed assignments inside and before it, declared kinds.
func roundTripFile(id string) *watch.ProgramFile {
	c := func(s string) *watch.Clock { x := watch.MustParseClock(s); return &x }
	no := false
	return &watch.ProgramFile{
		Program:       watch.Program{ID: id, Name: "南二社区红袖标治安巡逻队", Timezone: "Asia/Shanghai", Community: &watch.Community{Name: "南环第二社区", AreaKM2: 0.6, Buildings: 48, Residents: 5421}},
		ContactPoints: []watch.ContactPoint{{ID: "cp-east", Name: "东片联系点", Phone: "0512-00000003"}},
		Beats:         []watch.Beat{{ID: "market", Name: "南环菜场"}, {ID: "north", Name: "北片"}},
		Volunteers: []watch.Volunteer{
			{ID: "v01", Name: "张三", BirthDate: watch.MustParseDate("1954-03-14"), Phone: "13900000001"},
			{ID: "v02", Name: "李四", BirthDate: watch.MustParseDate("1968-11-02"),
				Availability: []watch.Window{{Days: watch.Days{watch.Monday, watch.Friday}, From: watch.Clock{Hour: 7}, To: watch.Clock{Hour: 22}}}},
			{ID: "v03", Name: "王五", BirthDate: watch.MustParseDate("1970-06-30"), Active: &no, MaxHoursPerWeek: 6,
				Unavailable: []watch.DateRange{{From: watch.MustParseDate("2026-12-10"), To: watch.MustParseDate("2026-12-12")}}},
		},
		Shifts: []watch.Shift{
			{ID: "market-am", Beat: "market", Start: watch.MustParseClock("07:30"), End: watch.MustParseClock("10:30"), Need: 2},
			{ID: "late", Beat: "north", Days: watch.Days{watch.Friday, watch.Saturday}, Start: watch.MustParseClock("21:00"), End: watch.MustParseClock("23:00"), Need: 2},
		},
		Policy: watch.RotaRules{MinAge: 18, MinTeam: 2, MaxShiftsPerDay: 1, MinRestHours: 12, MaxConsecutiveDays: 4, MaxHoursPerWeek: 12,
			AgeBands: []watch.AgeBand{{FromAge: 60, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("07:00"), LatestEnd: c("21:00")},
				{FromAge: 80, Eligible: &no}},
			Night: &watch.Night{From: watch.MustParseClock("21:00"), To: watch.MustParseClock("06:00"), RequireMemberUnder: 65}},
		Horizon: watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-14")},
		Fixed: []watch.Fixed{{Shift: "market-am", Date: watch.MustParseDate("2026-11-30"), Volunteers: []string{"v02"}},
			{Shift: "market-am", Date: watch.MustParseDate("2026-12-01"), Volunteers: []string{"v01", "v02"}}},
		Kinds: []watch.KindDef{{ID: "noise", Name: "噪音扰民", NameEn: "Noise"}},
	}
}

// testProgramRoundTrip: a programme file put into the stores (its record
// and its volunteers) comes back out whole, as Stores.ProgramFile.
func testProgramRoundTrip(t *testing.T, s watch.Stores, _ Options) {
	f := roundTripFile(newProgramID("file"))
	ok(t, f.Validate())
	ok(t, s.Programs.PutProgram(bg, watch.RecordOf(f)))
	for _, v := range f.Volunteers {
		ok(t, s.Volunteers.PutVolunteer(bg, f.Program.ID, v))
	}
	rec, err := s.Programs.GetProgram(bg, f.Program.ID)
	ok(t, err)
	equal(t, rec, watch.RecordOf(f), "the record as put")
	got, err := s.ProgramFile(bg, f.Program.ID)
	ok(t, err)
	equal(t, got, f, "the programme file out of the stores")

	// A record is checked as a file is, but for its fixed volunteers.
	bad := watch.RecordOf(f)
	bad.Shifts[0].Need = 1
	wantErr(t, s.Programs.PutProgram(bg, bad), watch.ErrInvalid, "a shift below min_team")
	_, err = s.ProgramFile(bg, "st-no-such-programme")
	wantErr(t, err, watch.ErrNotFound, "a missing programme")
}

// testRotaVersions: two rotas that cover a month between them are both
// listed for it, each readable by version, and Cover takes each one's
// assignments on its own dates (the newer on dates both cover).
func testRotaVersions(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "rota-month")
	shanghai := zones[0]
	rotaOf := func(from, to string, who string, days ...int) watch.Rota {
		h := watch.DateRange{From: watch.MustParseDate(from), To: watch.MustParseDate(to)}
		r := watch.Rota{Program: p, Horizon: h, Assignments: []watch.Assignment{}, Gaps: []watch.Gap{}, Stats: watch.RotaStats{Hours: map[string]float64{}}}
		for _, d := range days {
			start := time.Date(2026, 12, d, 8, 0, 0, 0, shanghai)
			r.Assignments = append(r.Assignments, watch.Assignment{Shift: "am", Date: watch.DateOf(start), Beat: "market",
				Start: start, End: start.Add(2 * time.Hour), Volunteers: []string{who, "v09"}})
		}
		return r
	}
	first, second := rotaOf("2026-12-01", "2026-12-14", "v01", 1, 14), rotaOf("2026-12-15", "2026-12-28", "v02", 15, 28)
	fix := rotaOf("2026-12-14", "2026-12-15", "v03", 14, 15) // a later correction of two days
	for i, r := range []watch.Rota{first, second, fix} {
		v, err := s.Rotas.SaveRota(bg, r)
		ok(t, err)
		equal(t, v, i+1, "versions count from 1")
	}
	december := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-31")}
	list, err := s.Rotas.ListRotas(bg, p, december)
	ok(t, err)
	var versions []int
	for _, v := range list {
		versions = append(versions, v.Version)
	}
	equal(t, versions, []int{1, 2, 3}, "every rota overlapping December, oldest first")
	equal(t, list[0].Rota.Horizon, first.Horizon, "version 1")
	got, err := s.Rotas.GetRota(bg, p, 2)
	ok(t, err)
	equal(t, got.Horizon, second.Horizon, "read by version")
	_, err = s.Rotas.GetRota(bg, p, 4)
	wantErr(t, err, watch.ErrNotFound, "a version not saved")

	var covered []string
	for _, a := range watch.Cover(list, december) {
		covered = append(covered, a.Date.String()+" "+a.Volunteers[0])
	}
	equal(t, covered, []string{"2026-12-01 v01", "2026-12-14 v03", "2026-12-15 v03", "2026-12-28 v02"},
		"December from both rotas, the correction in force on its two days")

	january := watch.DateRange{From: watch.MustParseDate("2027-01-01"), To: watch.MustParseDate("2027-01-31")}
	list, err = s.Rotas.ListRotas(bg, p, january)
	ok(t, err)
	equal(t, len(list), 0, "no rota covers January")
}
