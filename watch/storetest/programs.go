package storetest

import (
	"testing"

	"github.com/armband/armband/watch"
)

func testPrograms(t *testing.T, s watch.Stores, _ Options) {
	a := program(t, s, "a")
	b := program(t, s, "b")
	got, err := s.Programs.GetProgram(bg, a)
	ok(t, err)
	equal(t, got.Program.ID, a, "id")
	equal(t, got.Program.Community.Residents, 5421, "community")
	equal(t, got.Kinds[0].NameEn, "Noise", "declared kind")
	got.Beats[0].Name = "changed by the caller"
	again, err := s.Programs.GetProgram(bg, a)
	ok(t, err)
	equal(t, again.Beats[0].Name, "南环菜场", "a caller's change does not reach the store")

	list, err := s.Programs.ListPrograms(bg)
	ok(t, err)
	var found []string
	for _, p := range list {
		if p.Program.ID == a || p.Program.ID == b {
			found = append(found, p.Program.ID)
		}
	}
	equal(t, found, []string{a, b}, "listed by id")

	_, err = s.Programs.GetProgram(bg, "st-no-such-programme")
	wantErr(t, err, watch.ErrNotFound, "missing programme")
	wantErr(t, s.Programs.PutProgram(bg, watch.ProgramRecord{Program: watch.Program{ID: "", Timezone: "UTC"}}), watch.ErrInvalid, "empty id")
	wantErr(t, s.Programs.PutProgram(bg, watch.ProgramRecord{Program: watch.Program{ID: newProgramID("tz"), Timezone: "Mars/Olympus"}}), watch.ErrInvalid, "unknown zone")
	wantErr(t, s.Programs.PutProgram(bg, watch.ProgramRecord{Program: watch.Program{ID: newProgramID("dup"), Timezone: "UTC"},
		Beats: []watch.Beat{{ID: "x"}, {ID: "x"}}}), watch.ErrInvalid, "duplicate beat")

	// Replacing keeps one record.
	rec, err := s.Programs.GetProgram(bg, a)
	ok(t, err)
	rec.Program.Name = "renamed"
	ok(t, s.Programs.PutProgram(bg, rec))
	rec, err = s.Programs.GetProgram(bg, a)
	ok(t, err)
	equal(t, rec.Program.Name, "renamed", "replaced")
}

func testVolunteers(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "vol")
	no := false
	v := volunteer("v02")
	v.Active = &no
	v.MaxHoursPerWeek = 7.5
	v.Availability = []watch.Window{{Days: watch.Days{1, 3}, From: watch.MustParseClock("07:00"), To: watch.MustParseClock("12:00")},
		{From: watch.MustParseClock("22:00"), To: watch.MustParseClock("02:00")}}
	v.Unavailable = []watch.DateRange{{From: watch.MustParseDate("2026-12-10"), To: watch.MustParseDate("2026-12-12")}}
	ok(t, s.Volunteers.PutVolunteer(bg, p, v))
	ok(t, s.Volunteers.PutVolunteer(bg, p, volunteer("v01")))
	got, err := s.Volunteers.GetVolunteer(bg, p, "v02")
	ok(t, err)
	equal(t, got, v, "round trip")
	*got.Active = true
	got.Availability[0].Days[0] = 5
	again, err := s.Volunteers.GetVolunteer(bg, p, "v02")
	ok(t, err)
	equal(t, again, v, "a caller's change does not reach the store")

	list, err := s.Volunteers.ListVolunteers(bg, p)
	ok(t, err)
	equal(t, len(list), 2, "listed")
	equal(t, list[0].ID+","+list[1].ID, "v01,v02", "by id")

	_, err = s.Volunteers.GetVolunteer(bg, p, "v99")
	wantErr(t, err, watch.ErrNotFound, "missing volunteer")
	wantErr(t, s.Volunteers.PutVolunteer(bg, "st-no-such-programme", volunteer("v01")), watch.ErrNotFound, "missing programme")
	bad := volunteer("v03")
	bad.BirthDate = watch.Date{}
	wantErr(t, s.Volunteers.PutVolunteer(bg, p, bad), watch.ErrInvalid, "no birth date")
	bad = volunteer("v03")
	bad.Availability = []watch.Window{{From: watch.MustParseClock("07:00"), To: watch.MustParseClock("07:00")}}
	wantErr(t, s.Volunteers.PutVolunteer(bg, p, bad), watch.ErrInvalid, "empty window")
}

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
