package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
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

func testRotas(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "rota")
	dec := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-14")}
	start := time.Date(2026, 12, 1, 7, 30, 0, 999, zones[0])
	r := watch.Rota{Program: p, Horizon: dec, Assignments: []watch.Assignment{{Shift: "market-am", Date: dec.From, Beat: "market",
		Start: start, End: start.Add(3 * time.Hour), Volunteers: []string{"v01", "v07"}}},
		Gaps:  []watch.Gap{{Shift: "late", Date: dec.From, Need: 2, Reasons: map[string]int{"age_band": 3}}},
		Stats: watch.RotaStats{Instances: 2, Need: 4, Filled: 2, Coverage: 0.5, MaxHours: 3, Hours: map[string]float64{"v01": 3, "v07": 3}}}
	v1, err := s.Rotas.SaveRota(bg, r)
	ok(t, err)
	r2 := r
	r2.Stats.Filled = 4
	v2, err := s.Rotas.SaveRota(bg, r2)
	ok(t, err)
	equal(t, []int{v1, v2}, []int{1, 2}, "versions")
	got, v, err := s.Rotas.CurrentRota(bg, p, watch.DateRange{From: watch.MustParseDate("2026-12-14"), To: watch.MustParseDate("2026-12-20")})
	ok(t, err)
	equal(t, v, 2, "newest version")
	equal(t, got.Stats.Filled, 4, "newest rota")
	if !got.Assignments[0].Start.Equal(stored(start)) {
		t.Fatalf("start %v, want %v", got.Assignments[0].Start, stored(start))
	}
	equal(t, got.Gaps[0].Reasons, map[string]int{"age_band": 3}, "reasons")
	_, _, err = s.Rotas.CurrentRota(bg, p, watch.DateRange{From: watch.MustParseDate("2027-01-01"), To: watch.MustParseDate("2027-01-31")})
	wantErr(t, err, watch.ErrNotFound, "no rota for the period")
	_, err = s.Rotas.SaveRota(bg, watch.Rota{Program: "st-no-such-programme", Horizon: dec})
	wantErr(t, err, watch.ErrNotFound, "missing programme")
}

func testIncidentRoundTrip(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "inc")
	for i, loc := range zones {
		occurred := base.In(loc).Add(time.Duration(i) * time.Hour)
		in := watch.Incident{Program: p, ID: fmt.Sprintf("inc-%d", i), Kind: watch.KindAttemptedTheft, Severity: watch.SeverityMajor,
			OccurredAt: occurred, ReportedAt: occurred.Add(2*time.Minute + 7), Beat: "market", ContactPoint: "cp-east",
			ReportedBy: "v03", PoliceCase: true, Tags: []string{"e-bike", "夜间"}, Description: "巡逻至南环菜场，一男子蹲在电瓶车旁",
			Events: []watch.Event{{Type: watch.EventAcknowledged, At: occurred.Add(5 * time.Minute), By: "community_office"},
				{Type: watch.EventNote, At: occurred.Add(5 * time.Minute), By: "v03", Text: "已通知"}}}
		created, err := s.Incidents.CreateIncident(bg, in)
		ok(t, err)
		got, err := s.Incidents.GetIncident(bg, p, in.ID)
		ok(t, err)
		equal(t, got, created, "what CreateIncident returns is what is stored")
		want := in
		want.OccurredAt, want.ReportedAt = stored(in.OccurredAt), stored(in.ReportedAt)
		want.Events = []watch.Event{in.Events[0], in.Events[1]}
		for k := range want.Events {
			want.Events[k].At = stored(want.Events[k].At)
		}
		want.Version = 2
		equal(t, got, want, "round trip in "+loc.String()+" to the microsecond, in UTC")
		got.Tags[0] = "changed"
		got.Events[0].By = "changed"
		again, err := s.Incidents.GetIncident(bg, p, in.ID)
		ok(t, err)
		equal(t, again, want, "a caller's change does not reach the store")
	}
	declared := incident(p, "noise-1", "noise", time.Hour)
	_, err := s.Incidents.CreateIncident(bg, declared)
	ok(t, err)
	_, err = s.Incidents.CreateIncident(bg, declared)
	wantErr(t, err, watch.ErrConflict, "duplicate id")
	_, err = s.Incidents.CreateIncident(bg, incident(p, "x", "barking", 0))
	wantErr(t, err, watch.ErrInvalid, "undeclared kind")
	bad := incident(p, "y", watch.KindFire, 0)
	bad.Events = []watch.Event{{Type: watch.EventResolved, At: base}, {Type: watch.EventAcknowledged, At: base}}
	_, err = s.Incidents.CreateIncident(bg, bad)
	wantErr(t, err, watch.ErrInvalid, "illegal events")
	_, err = s.Incidents.CreateIncident(bg, incident("st-no-such-programme", "z", watch.KindFire, 0))
	wantErr(t, err, watch.ErrNotFound, "missing programme")
	_, err = s.Incidents.GetIncident(bg, p, "missing")
	wantErr(t, err, watch.ErrNotFound, "missing incident")
}

func testAppendEvent(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "append")
	_, err := s.Incidents.CreateIncident(bg, incident(p, "a", watch.KindSuspiciousPerson, 0))
	ok(t, err)
	inc, err := s.Incidents.AppendEvent(bg, p, "a", 0, watch.Event{Type: watch.EventAcknowledged, At: base.Add(time.Minute), By: "police_liaison"})
	ok(t, err)
	equal(t, inc.Version, 1, "version after one event")
	equal(t, inc.State(), watch.StateAcknowledged, "state")

	_, err = s.Incidents.AppendEvent(bg, p, "a", 0, note(base.Add(2*time.Minute), "v01", "late"))
	wantErr(t, err, watch.ErrConflict, "stale version")
	var ve *watch.VersionError
	if !errors.As(err, &ve) || ve.Expected != 0 || ve.Actual != 1 {
		t.Fatalf("stale version: got %v, want a *VersionError expected 0, actual 1", err)
	}
	_, err = s.Incidents.AppendEvent(bg, p, "a", 1, watch.Event{Type: watch.EventAcknowledged, At: base.Add(3 * time.Minute)})
	wantErr(t, err, watch.ErrInvalid, "acknowledged twice")
	_, err = s.Incidents.AppendEvent(bg, p, "a", 1, note(base, "v01", "before the last event"))
	wantErr(t, err, watch.ErrInvalid, "before the last instant")
	_, err = s.Incidents.AppendEvent(bg, p, "a", 1, watch.Event{Type: "reopened", At: base.Add(time.Hour)})
	wantErr(t, err, watch.ErrInvalid, "unknown type")
	_, err = s.Incidents.AppendEvent(bg, p, "missing", 0, note(base, "", ""))
	wantErr(t, err, watch.ErrNotFound, "missing incident")

	inc, err = s.Incidents.AppendEvent(bg, p, "a", 1, watch.Event{Type: watch.EventResolved, At: base.Add(time.Minute)})
	ok(t, err)
	equal(t, inc.Version, 2, "equal instants are allowed")
	inc, err = s.Incidents.AppendEvent(bg, p, "a", 2, watch.Event{Type: watch.EventVoided, At: base.Add(time.Hour)})
	ok(t, err)
	equal(t, inc.State(), watch.StateVoided, "voided")
	_, err = s.Incidents.AppendEvent(bg, p, "a", 3, watch.Event{Type: watch.EventResolved, At: base.Add(2 * time.Hour)})
	wantErr(t, err, watch.ErrInvalid, "nothing after a void but notes")
	_, err = s.Incidents.AppendEvent(bg, p, "a", 3, note(base.Add(2*time.Hour), "v01", "after the void"))
	ok(t, err)
}

func testAppendOnly(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "history")
	_, err := s.Incidents.CreateIncident(bg, incident(p, "h", watch.KindHazard, 0))
	ok(t, err)
	var heads []string
	var seen [][]watch.Event
	for i := range 6 {
		v, err := s.Incidents.VerifyHistory(bg, p, "h")
		ok(t, err)
		if !v.Intact || v.FirstBroken != -1 || v.Links != 1+i {
			t.Fatalf("history after %d events: %+v", i, v)
		}
		for _, h := range heads {
			if h == v.Head {
				t.Fatalf("the head did not change after an append: %s", h)
			}
		}
		heads = append(heads, v.Head)
		inc := appendNote(t, s, p, "h", fmt.Sprintf("note %d", i))
		seen = append(seen, inc.Events)
	}
	final, err := s.Incidents.GetIncident(bg, p, "h")
	ok(t, err)
	for i, events := range seen {
		equal(t, final.Events[:len(events)], events, fmt.Sprintf("the events as read after append %d are still as they were", i))
	}
	_, err = s.Incidents.VerifyHistory(bg, p, "missing")
	wantErr(t, err, watch.ErrNotFound, "missing incident")
}

func testTamper(t *testing.T, s watch.Stores, opt Options) {
	if opt.Tamper == nil {
		t.Skip("the store offers no way to tamper behind the contracts")
	}
	p := program(t, s, "tamper")
	for _, id := range []string{"t0", "t2"} {
		inc := incident(p, id, watch.KindFire, 0)
		inc.Description = "原始描述"
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
		for i := range 3 {
			appendNote(t, s, p, id, fmt.Sprintf("note %d", i))
		}
	}
	ok(t, opt.Tamper(s, p, "t2", 2, "rewritten"))
	v, err := s.Incidents.VerifyHistory(bg, p, "t2")
	ok(t, err)
	if v.Intact || v.FirstBroken != 2 {
		t.Fatalf("an edited second event: %+v, want the break at link 2", v)
	}
	ok(t, opt.Tamper(s, p, "t0", 0, "rewritten description"))
	v, err = s.Incidents.VerifyHistory(bg, p, "t0")
	ok(t, err)
	if v.Intact || v.FirstBroken != 0 {
		t.Fatalf("an edited description: %+v, want the break at link 0", v)
	}
}

func testListFilters(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "filters")
	mk := func(id string, kind watch.Kind, beat string, offset time.Duration, events ...watch.Event) {
		inc := incident(p, id, kind, offset)
		inc.Beat = beat
		inc.Events = events
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
	}
	mk("b", watch.KindFire, "market", 0)
	mk("a", watch.KindFire, "north", 0) // same instant: by id
	mk("c", watch.KindTheft, "north", time.Hour, watch.Event{Type: watch.EventAcknowledged, At: base.Add(2 * time.Hour)})
	mk("d", watch.KindTheft, "market", 2*time.Hour, watch.Event{Type: watch.EventResolved, At: base.Add(3 * time.Hour)})
	mk("e", watch.KindHazard, "market", 3*time.Hour, watch.Event{Type: watch.EventVoided, At: base.Add(4 * time.Hour)})
	cases := []struct {
		name string
		q    watch.IncidentQuery
		want []string
	}{
		{"everything, by occurred_at then id", watch.IncidentQuery{}, []string{"a", "b", "c", "d", "e"}},
		{"from is inclusive, to exclusive", watch.IncidentQuery{From: base.Add(time.Hour), To: base.Add(3 * time.Hour)}, []string{"c", "d"}},
		{"from to the microsecond", watch.IncidentQuery{From: base.Add(time.Microsecond)}, []string{"c", "d", "e"}},
		{"kinds", watch.IncidentQuery{Kinds: []watch.Kind{watch.KindTheft, watch.KindHazard}}, []string{"c", "d", "e"}},
		{"beats", watch.IncidentQuery{Beats: []string{"north"}}, []string{"a", "c"}},
		{"states", watch.IncidentQuery{States: []watch.State{watch.StateOpen, watch.StateResolved}}, []string{"a", "b", "d"}},
		{"together", watch.IncidentQuery{Kinds: []watch.Kind{watch.KindTheft}, Beats: []string{"market"}, States: []watch.State{watch.StateResolved}}, []string{"d"}},
		{"none", watch.IncidentQuery{Kinds: []watch.Kind{watch.KindHomicide}}, []string{}},
	}
	for _, tc := range cases {
		tc.q.Program = p
		for _, limit := range []int{0, 1, 2} {
			tc.q.Limit = limit
			equal(t, ids(all(t, s, tc.q)), tc.want, fmt.Sprintf("%s (pages of %d)", tc.name, limit))
		}
	}
	_, err := s.Incidents.ListIncidents(bg, watch.IncidentQuery{Program: p, Cursor: "not-a-cursor"})
	wantErr(t, err, watch.ErrInvalid, "a cursor the store did not make")
	page, err := s.Incidents.ListIncidents(bg, watch.IncidentQuery{Program: "st-no-such-programme"})
	ok(t, err)
	equal(t, len(page.Incidents), 0, "an unknown programme has no incidents")
}

func testPaging(t *testing.T, s watch.Stores, opt Options) {
	p := program(t, s, "paging")
	n := opt.scaled(250)
	var want []string
	for i := range n {
		// Groups of three share an instant, to page through ties.
		id := fmt.Sprintf("inc-%04d", i)
		_, err := s.Incidents.CreateIncident(bg, incident(p, id, watch.KindOther, time.Duration(i/3)*time.Second))
		ok(t, err)
		want = append(want, id)
	}
	for _, limit := range []int{1, 7, 100, watch.MaxPageSize + 5} {
		equal(t, ids(all(t, s, watch.IncidentQuery{Program: p, Limit: limit})), want, fmt.Sprintf("pages of %d", limit))
	}
	page, err := s.Incidents.ListIncidents(bg, watch.IncidentQuery{Program: p, Limit: n})
	ok(t, err)
	equal(t, page.Next, "", "no next cursor after the last page")

	// AllIncidents walks the same pages, and stops when asked.
	var walked []string
	for inc, err := range watch.AllIncidents(bg, s.Incidents, watch.IncidentQuery{Program: p, Limit: 7}) {
		ok(t, err)
		walked = append(walked, inc.ID)
		if len(walked) > n {
			t.Fatal("AllIncidents does not end")
		}
	}
	equal(t, walked, want, "AllIncidents")
	walked = walked[:0]
	for inc := range watch.AllIncidents(bg, s.Incidents, watch.IncidentQuery{Program: p, Limit: 2}) {
		if walked = append(walked, inc.ID); len(walked) == 3 {
			break
		}
	}
	equal(t, walked, want[:3], "AllIncidents after a break")
	for _, err := range watch.AllIncidents(bg, s.Incidents, watch.IncidentQuery{Program: p, Cursor: "not a cursor"}) {
		wantErr(t, err, watch.ErrInvalid, "AllIncidents with a bad cursor")
	}
}

func testPagingWhileWriting(t *testing.T, s watch.Stores, opt Options) {
	p := program(t, s, "pagingwrites")
	n := opt.scaled(200)
	before := map[string]bool{}
	for i := range n {
		id := fmt.Sprintf("old-%04d", i)
		_, err := s.Incidents.CreateIncident(bg, incident(p, id, watch.KindOther, time.Duration(i)*time.Minute))
		ok(t, err)
		before[id] = true
	}
	done := make(chan error)
	go func() { // new incidents before, between and after the old ones
		for i := range n {
			offset := time.Duration(i*7%(n+20)-10)*time.Minute + 30*time.Second
			_, err := s.Incidents.CreateIncident(bg, incident(p, fmt.Sprintf("new-%04d", i), watch.KindOther, offset))
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	seen := map[string]int{}
	q := watch.IncidentQuery{Program: p, Limit: 9}
	var last storekit.IncidentCursor
	for {
		page, err := s.Incidents.ListIncidents(bg, q)
		ok(t, err)
		for _, inc := range page.Incidents {
			seen[inc.ID]++
			if last.ID != "" && !last.After(inc) {
				t.Fatalf("out of order: %s after %s", inc.ID, last.ID)
			}
			last = storekit.IncidentCursor{OccurredAt: inc.OccurredAt, ID: inc.ID}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	ok(t, <-done)
	for id := range before {
		if seen[id] != 1 {
			t.Fatalf("%s seen %d times while others were written", id, seen[id])
		}
	}
	for id, k := range seen {
		if k != 1 {
			t.Fatalf("%s seen %d times", id, k)
		}
	}
}

func testIsolation(t *testing.T, s watch.Stores, _ Options) {
	a, b := program(t, s, "iso-a"), program(t, s, "iso-b")
	ok(t, s.Volunteers.PutVolunteer(bg, a, volunteer("v01")))
	_, err := s.Volunteers.GetVolunteer(bg, b, "v01")
	wantErr(t, err, watch.ErrNotFound, "a volunteer of another programme")
	for _, p := range []string{a, b} {
		inc := incident(p, "same-id", watch.KindFire, 0)
		inc.Description = "of " + p
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
	}
	appendNote(t, s, a, "same-id", "only in a")
	ia, err := s.Incidents.GetIncident(bg, a, "same-id")
	ok(t, err)
	ib, err := s.Incidents.GetIncident(bg, b, "same-id")
	ok(t, err)
	equal(t, []string{ia.Description, ib.Description}, []string{"of " + a, "of " + b}, "one id in two programmes")
	equal(t, []int{ia.Version, ib.Version}, []int{1, 0}, "versions")
	equal(t, ids(all(t, s, watch.IncidentQuery{Program: b})), []string{"same-id"}, "listing one programme")
	vols, err := s.Volunteers.ListVolunteers(bg, b)
	ok(t, err)
	equal(t, len(vols), 0, "volunteers of another programme are not listed")
}

func testErasure(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "erase")
	secrets := []string{"张三", "13900000001", "1954-03-14"}
	v := watch.Volunteer{ID: "v01", Name: "张三", Phone: "13900000001", BirthDate: watch.MustParseDate("1954-03-14")}
	ok(t, s.Volunteers.PutVolunteer(bg, p, v))
	ok(t, s.Volunteers.PutVolunteer(bg, p, volunteer("v02")))
	inc := incident(p, "i1", watch.KindSuspiciousPerson, 0)
	inc.ReportedBy = "v01"
	inc.Description = "张三 (13900000001) 报告：可疑人员"
	_, err := s.Incidents.CreateIncident(bg, inc)
	ok(t, err)
	_, err = s.Incidents.AppendEvent(bg, p, "i1", 0, note(base.Add(time.Minute), "v01", "张三补充：已离开"))
	ok(t, err)
	_, err = s.Incidents.AppendEvent(bg, p, "i1", 1, note(base.Add(2*time.Minute), "v02", "李四确认"))
	ok(t, err)
	start := base.Add(time.Hour)
	ok(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "pl1", Date: watch.DateOf(start), Volunteers: []string{"v01", "v02"},
		Start: start, End: start.Add(2 * time.Hour), AllNormal: true, Notes: "张三 生日 1954-03-14"}))

	before, err := s.Incidents.VerifyHistory(bg, p, "i1")
	ok(t, err)
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v01"))
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v01"))
	wantErr(t, s.Volunteers.EraseVolunteer(bg, p, "v99"), watch.ErrNotFound, "erasing a missing volunteer")

	got, err := s.Volunteers.GetVolunteer(bg, p, "v01")
	ok(t, err)
	equal(t, got.ID, "v01", "the id stays as a pseudonym")
	vols, err := s.Volunteers.ListVolunteers(bg, p)
	ok(t, err)
	gotInc, err := s.Incidents.GetIncident(bg, p, "i1")
	ok(t, err)
	listed := all(t, s, watch.IncidentQuery{Program: p})
	patrols, err := s.Patrols.ListPatrols(bg, p, watch.DateRange{From: watch.DateOf(start), To: watch.DateOf(start)})
	ok(t, err)
	everything := show(got) + show(vols) + show(gotInc) + show(listed) + show(patrols)
	for _, secret := range secrets {
		if strings.Contains(everything, secret) {
			t.Fatalf("after erasure %q is still reachable: %s", secret, everything)
		}
	}
	equal(t, gotInc.Events[1].Text, "李四确认", "others' notes stay")
	equal(t, gotInc.ReportedBy, "v01", "history still adds up")
	ver, err := s.Incidents.VerifyHistory(bg, p, "i1")
	ok(t, err)
	if !ver.Intact {
		t.Fatalf("erasure broke the history: %+v", ver)
	}
	equal(t, ver.Head, before.Head, "the head of the chain after erasure (erasure blanks text, it never rebuilds the chain)")
	wantErr(t, s.Volunteers.PutVolunteer(bg, p, v), watch.ErrConflict, "putting an erased volunteer's data back")
	_, err = s.Incidents.AppendEvent(bg, p, "i1", 2, note(base.Add(3*time.Minute), "v01", "张三又说"))
	wantErr(t, err, watch.ErrConflict, "a new note by an erased volunteer")
	again := incident(p, "i2", watch.KindSuspiciousPerson, time.Hour)
	again.ReportedBy, again.Description = "v01", "张三再次报告"
	_, err = s.Incidents.CreateIncident(bg, again)
	wantErr(t, err, watch.ErrConflict, "a new description by an erased volunteer")
	again.Description = ""
	_, err = s.Incidents.CreateIncident(bg, again)
	ok(t, err)
	ack := watch.Event{Type: watch.EventAcknowledged, At: base.Add(4 * time.Minute), By: "v01"}
	_, err = s.Incidents.AppendEvent(bg, p, "i1", 2, ack)
	ok(t, err)
}

func testPolicies(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "policy")
	doc := json.RawMessage(`{"rules": [{"name": "all", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`)
	id, err := s.Escalations.SavePolicy(bg, p, doc, base)
	ok(t, err)
	again, err := s.Escalations.SavePolicy(bg, p, doc, base.Add(time.Hour))
	ok(t, err)
	equal(t, again, id, "saving the same document again")
	snap, err := s.Escalations.GetPolicy(bg, p, id)
	ok(t, err)
	equal(t, string(snap.Doc), string(doc), "document byte for byte")
	if !snap.SavedAt.Equal(stored(base)) {
		t.Fatalf("saved at %v, want %v", snap.SavedAt, stored(base))
	}
	_, err = s.Escalations.SavePolicy(bg, p, json.RawMessage(`{"rules": [`), base)
	wantErr(t, err, watch.ErrInvalid, "not JSON")
	_, err = s.Incidents.CreateIncident(bg, incident(p, "i1", watch.KindFire, 0))
	ok(t, err)
	ok(t, s.Escalations.BindPolicy(bg, p, "i1", id))
	wantErr(t, s.Escalations.BindPolicy(bg, p, "i1", id), watch.ErrConflict, "binding twice")
	wantErr(t, s.Escalations.BindPolicy(bg, p, "missing", id), watch.ErrNotFound, "missing incident")
	wantErr(t, s.Escalations.BindPolicy(bg, p, "i1", "missing"), watch.ErrNotFound, "missing snapshot")
	bound, err := s.Escalations.PolicyFor(bg, p, "i1")
	ok(t, err)
	equal(t, bound.ID, id, "the policy in force")
	_, err = s.Escalations.PolicyFor(bg, p, "missing")
	wantErr(t, err, watch.ErrNotFound, "no policy bound")
}

func testOutbox(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "outbox")
	d := func(inc string, step int, target string, due time.Duration) watch.Delivery {
		return watch.Delivery{Program: p, Incident: inc, Rule: "danger-now", Step: step, Target: target, DueAt: base.Add(due)}
	}
	batch := []watch.Delivery{d("i1", 0, "police_110", 0), d("i1", 0, "community_office", 0), d("i1", 1, "police_liaison", 10*time.Minute),
		d("i2", 0, "community_office", 5*time.Minute), d("i2", 1, "police_liaison", time.Hour)}
	ok(t, s.Escalations.Enqueue(bg, batch))
	ok(t, s.Escalations.Enqueue(bg, batch[:2])) // idempotent
	keys := func(ds []watch.Delivery) []string {
		out := []string{}
		for _, x := range ds {
			out = append(out, x.Incident+"/"+x.Target)
		}
		return out
	}
	// ordered lists deliveries by due instant, then key, as Due does.
	ordered := func(ds ...watch.Delivery) []string {
		ds = slices.Clone(ds)
		slices.SortFunc(ds, func(a, b watch.Delivery) int {
			return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.Key(), b.Key()))
		})
		return keys(ds)
	}
	due, err := s.Escalations.Due(bg, p, base.Add(10*time.Minute), 0)
	ok(t, err)
	equal(t, keys(due), ordered(batch[0], batch[1], batch[2], batch[3]), "due at or before t, by due then key")
	equal(t, due[0].Outcome, watch.OutcomePending, "pending")
	due, err = s.Escalations.Due(bg, p, base.Add(10*time.Minute), 2)
	ok(t, err)
	equal(t, len(due), 2, "limit")

	first := due[0]
	first.Attempts, first.Outcome, first.DoneAt = 1, watch.OutcomeDelivered, base.Add(time.Second)
	ok(t, s.Escalations.Settle(bg, first))
	failing := due[1]
	failing.Attempts, failing.LastError = 1, "line busy"
	ok(t, s.Escalations.Settle(bg, failing)) // still pending, to retry
	due, err = s.Escalations.Due(bg, p, base.Add(10*time.Minute), 0)
	ok(t, err)
	var rest []watch.Delivery
	for _, x := range batch[:4] {
		if x.Key() != first.Key() {
			rest = append(rest, x)
		}
	}
	equal(t, keys(due), ordered(rest...), "a delivered one is no longer due")
	equal(t, due[0].LastError, "line busy", "a retried one keeps its error")

	all, err := s.Escalations.Deliveries(bg, p, "i1")
	ok(t, err)
	equal(t, keys(all), ordered(batch[0], batch[1], batch[2]), "an incident's deliveries")
	for _, x := range all {
		if x.Key() != first.Key() {
			continue
		}
		equal(t, x.Outcome, watch.OutcomeDelivered, "settled")
		if !x.DoneAt.Equal(stored(base.Add(time.Second))) {
			t.Fatalf("done at %v", x.DoneAt)
		}
	}

	// Keys never collide, whatever the fields hold: "i/r" with rule "x"
	// and "i" with rule "r/x" are two deliveries.
	twins := []watch.Delivery{
		{Program: p, Incident: "c/r", Rule: "x", Target: "t", DueAt: base},
		{Program: p, Incident: "c", Rule: "r/x", Target: "t", DueAt: base},
		{Program: p, Incident: "c", Rule: "r", Step: 1, Target: "x/t", DueAt: base},
		{Program: p, Incident: "c:1", Rule: "r", Target: "t", DueAt: base},
	}
	ok(t, s.Escalations.Enqueue(bg, twins))
	got, err := s.Escalations.Due(bg, p, base, 0)
	ok(t, err)
	n := 0
	for _, x := range got {
		if strings.HasPrefix(x.Incident, "c") {
			n++
		}
	}
	equal(t, n, len(twins), "deliveries whose fields join to the same text are each kept")
	wantErr(t, s.Escalations.Settle(bg, d("i9", 0, "nobody", 0)), watch.ErrNotFound, "settling a missing delivery")
	bad := d("i1", 0, "", 0)
	wantErr(t, s.Escalations.Enqueue(bg, []watch.Delivery{bad}), watch.ErrInvalid, "a delivery with no target")
	other := program(t, s, "outbox-other")
	due, err = s.Escalations.Due(bg, other, base.Add(24*time.Hour), 0)
	ok(t, err)
	equal(t, len(due), 0, "another programme's outbox")
}

func testPatrols(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "patrol")
	day := watch.MustParseDate("2026-12-01")
	at := func(h int) time.Time { return time.Date(2026, 12, 1, h, 0, 0, 500, zones[0]) }
	logs := []watch.PatrolLog{
		{Program: p, ID: "b", Date: day, Shift: "evening", Beat: "north", Volunteers: []string{"v01", "v07"}, Start: at(18), End: at(21), AllNormal: true},
		{Program: p, ID: "a", Date: day, Shift: "market-am", Beat: "market", Volunteers: []string{"v02", "v03"}, Start: at(7), End: at(10), Incidents: []string{"inc-1"}, Notes: "一切正常"},
		{Program: p, ID: "c", Date: day.AddDays(1), Volunteers: []string{"v01", "v02"}, Start: at(31), End: at(34), AllNormal: true},
	}
	for _, l := range logs {
		ok(t, s.Patrols.RecordPatrol(bg, l))
	}
	wantErr(t, s.Patrols.RecordPatrol(bg, logs[0]), watch.ErrConflict, "duplicate id")
	wantErr(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "d", Date: day}), watch.ErrInvalid, "no volunteers")
	got, err := s.Patrols.ListPatrols(bg, p, watch.DateRange{From: day, To: day})
	ok(t, err)
	equal(t, ids2(got), []string{"a", "b"}, "one date, by start")
	want := logs[1]
	want.Start, want.End = stored(want.Start), stored(want.End)
	equal(t, got[0], want, "round trip")
	got, err = s.Patrols.ListPatrols(bg, p, watch.DateRange{From: day, To: day.AddDays(1)})
	ok(t, err)
	equal(t, ids2(got), []string{"a", "b", "c"}, "a range of dates")
}

func ids2(ls []watch.PatrolLog) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

// injection is text a store must keep byte for byte.
var injection = []string{
	`'`, `"`, `\`, `''`, `'; DROP TABLE incidents; --`, `" OR 1=1 --`, `$1`, `$$`, `/* comment */`, `-- comment`, `%s %d %%`,
	"\u202egnp.exe", "line\nbreak\r\ttab", "😀 emoji", "null", `{"json": true}`, "<script>alert(1)</script>",
	strings.Repeat("长文本", 64*1024/9) + "末", // about 64 KiB
}

func testInjection(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "injection")
	for i, text := range injection {
		id := fmt.Sprintf("inj-%02d", i)
		v := volunteer("v-" + id)
		v.Name = text
		ok(t, s.Volunteers.PutVolunteer(bg, p, v))
		got, err := s.Volunteers.GetVolunteer(bg, p, v.ID)
		ok(t, err)
		equal(t, got.Name, text, "a volunteer's name")
		inc := incident(p, id, watch.KindOther, time.Duration(i)*time.Second)
		inc.Description, inc.Tags = text, []string{text}
		_, err = s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
		appendNote(t, s, p, id, text)
		gotInc, err := s.Incidents.GetIncident(bg, p, id)
		ok(t, err)
		equal(t, []string{gotInc.Description, gotInc.Tags[0], gotInc.Events[0].Text}, []string{text, text, text}, "an incident's text")
	}
	for _, bad := range []string{"nul\x00byte", "bad \xff utf-8"} {
		v := volunteer("v-bad")
		v.Name = bad
		wantErr(t, s.Volunteers.PutVolunteer(bg, p, v), watch.ErrInvalid, fmt.Sprintf("name %q", bad))
		inc := incident(p, "bad", watch.KindOther, 0)
		inc.Description = bad
		_, err := s.Incidents.CreateIncident(bg, inc)
		wantErr(t, err, watch.ErrInvalid, fmt.Sprintf("description %q", bad))
		_, err = s.Incidents.AppendEvent(bg, p, "inj-00", 1, note(base.Add(time.Hour), bad, "x"))
		wantErr(t, err, watch.ErrInvalid, fmt.Sprintf("by %q", bad))
		wantErr(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "x", Date: watch.DateOf(base), Volunteers: []string{"v"}, Notes: bad}), watch.ErrInvalid, "notes")
	}
	_, err := s.Incidents.GetIncident(bg, p, "bad")
	wantErr(t, err, watch.ErrNotFound, "nothing half-written")
}

func testCancelled(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "cancel")
	_, err := s.Incidents.CreateIncident(bg, incident(p, "i", watch.KindFire, 0))
	ok(t, err)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	calls := map[string]error{}
	calls["PutProgram"] = s.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: newProgramID("c"), Timezone: "UTC"}})
	_, calls["GetProgram"] = s.Programs.GetProgram(ctx, p)
	_, calls["ListPrograms"] = s.Programs.ListPrograms(ctx)
	calls["PutVolunteer"] = s.Volunteers.PutVolunteer(ctx, p, volunteer("v1"))
	_, calls["ListVolunteers"] = s.Volunteers.ListVolunteers(ctx, p)
	_, calls["SaveRota"] = s.Rotas.SaveRota(ctx, watch.Rota{Program: p})
	_, calls["GetIncident"] = s.Incidents.GetIncident(ctx, p, "i")
	_, calls["CreateIncident"] = s.Incidents.CreateIncident(ctx, incident(p, "j", watch.KindFire, 0))
	_, calls["ListIncidents"] = s.Incidents.ListIncidents(ctx, watch.IncidentQuery{Program: p})
	_, calls["AppendEvent"] = s.Incidents.AppendEvent(ctx, p, "i", 0, note(base.Add(time.Hour), "v", "x"))
	_, calls["VerifyHistory"] = s.Incidents.VerifyHistory(ctx, p, "i")
	calls["Enqueue"] = s.Escalations.Enqueue(ctx, []watch.Delivery{{Program: p, Incident: "i", Rule: "r", Target: "t", DueAt: base}})
	_, calls["Due"] = s.Escalations.Due(ctx, p, base, 0)
	_, calls["ListPatrols"] = s.Patrols.ListPatrols(ctx, p, watch.DateRange{From: watch.DateOf(base), To: watch.DateOf(base)})
	for name, err := range calls {
		wantErr(t, err, context.Canceled, name+" with a cancelled context")
	}
	inc, err := s.Incidents.GetIncident(bg, p, "i")
	ok(t, err)
	equal(t, inc.Version, 0, "a cancelled append changes nothing")
	_, err = s.Incidents.GetIncident(bg, p, "j")
	wantErr(t, err, watch.ErrNotFound, "a cancelled create changes nothing")
}
