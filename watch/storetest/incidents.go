package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

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
