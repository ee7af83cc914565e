package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// RunCopy checks watch.Copy from src to dst, which may be stores of
// different kinds: a programme with every kind of record (volunteers, one
// of them erased, rota versions, policies, incidents over more than one
// page with events, bindings and settled deliveries, patrols) is copied
// by a run that is cancelled half-way and a second that finishes it; the
// destination then holds what the source holds, every history checks
// with the source's head (the erased one's too when dst is a
// watch.HistoryImporter; otherwise Rehashed lists it),
// and a third run writes nothing. Events appended to the source since
// are caught up; a destination whose programme differs is refused.
func RunCopy(t *testing.T, dst, src watch.Stores) {
	p, erasedIncident := copySource(t, src)

	// The first run stops after a few incidents, as a lost connection
	// would stop it.
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	cut := dst
	counted := cancelAfter{IncidentStore: dst.Incidents, n: new(int), after: 5, cancel: cancel}
	cut.Incidents = counted
	_, importer := dst.Incidents.(watch.HistoryImporter)
	if importer {
		cut.Incidents = importingCancelAfter{counted}
	}
	first, err := watch.Copy(ctx, cut, src, p)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: got %v, want context.Canceled", err)
	}
	if first.Incidents == 0 || first.Incidents >= copyIncidents+1 {
		t.Fatalf("interrupted copy wrote %d incidents, want some of %d", first.Incidents, copyIncidents+1)
	}

	second, err := watch.Copy(bg, dst, src, p)
	ok(t, err)
	equal(t, first.Incidents+second.Incidents, copyIncidents+1, "incidents written over both runs")
	// A destination that takes text hashes keeps every head; one that
	// does not keeps all but the erased incident's.
	rehashed := []string{erasedIncident}
	if importer {
		rehashed = nil
	}
	equal(t, second.Rehashed, rehashed, "histories whose head differs")
	sameProgramme(t, dst, src, p, importer)

	third, err := watch.Copy(bg, dst, src, p)
	ok(t, err)
	written := third
	written.Kept, written.Rehashed = 0, nil
	equal(t, written, watch.CopyReport{}, "a finished copy run again writes nothing")

	// Events appended to the source since are caught up.
	inc, err := src.Incidents.GetIncident(bg, p, "c-0001")
	ok(t, err)
	_, err = src.Incidents.AppendEvent(bg, p, "c-0001", inc.Version, note(inc.Events[len(inc.Events)-1].At.Add(time.Hour), "v02", "李四：已处理"))
	ok(t, err)
	fourth, err := watch.Copy(bg, dst, src, p)
	ok(t, err)
	equal(t, fourth.Events, 1, "the appended event")
	sameProgramme(t, dst, src, p, importer)

	// A destination with another programme under the id is left alone.
	other := program(t, dst, "copy-other")
	rec, err := src.Programs.GetProgram(bg, p)
	ok(t, err)
	rec.Program.ID = other
	ok(t, src.Programs.PutProgram(bg, rec))
	_, err = watch.Copy(bg, dst, src, other)
	wantErr(t, err, watch.ErrConflict, "a destination programme that differs")
}

// copyIncidents is the size of RunCopy's programme, more than a page,
// and one more whose reporter is erased.
const copyIncidents = watch.MaxPageSize + 20

// copySource fills src with RunCopy's programme and returns its id and
// the incident whose text was erased.
func copySource(t *testing.T, s watch.Stores) (string, string) {
	p := program(t, s, "copy")
	for _, id := range []string{"v01", "v02", "v03"} {
		ok(t, s.Volunteers.PutVolunteer(bg, p, volunteer(id)))
	}
	dec := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-14")}
	start := time.Date(2026, 12, 1, 7, 30, 0, 0, zones[0])
	for i := range 3 {
		r := watch.Rota{Program: p, Horizon: dec, Assignments: []watch.Assignment{{Shift: "market-am", Date: dec.From, Beat: "market",
			Start: start, End: start.Add(3 * time.Hour), Volunteers: []string{"v01", "v02"}}},
			Gaps:  []watch.Gap{},
			Stats: watch.RotaStats{Instances: 1, Need: 2, Filled: 2, Coverage: 1, MaxHours: float64(3 + i), Hours: map[string]float64{"v01": 3, "v02": 3}}}
		_, err := s.Rotas.SaveRota(bg, r)
		ok(t, err)
	}
	var policies []string
	for i := range 2 {
		id, err := s.Escalations.SavePolicy(bg, p, json.RawMessage(fmt.Sprintf(`{"format": "armband/policy@1", "n": %d}`, i)), base.Add(time.Duration(i)*time.Hour))
		ok(t, err)
		policies = append(policies, id)
	}
	for i := range copyIncidents {
		id := fmt.Sprintf("c-%04d", i)
		inc := incident(p, id, watch.KindOther, time.Duration(i)*time.Minute)
		inc.ReportedBy = []string{"v01", "v02"}[i%2]
		inc.Description = "巡逻发现情况 " + id
		if i%4 == 1 {
			inc.Events = []watch.Event{
				{Type: watch.EventAcknowledged, At: inc.OccurredAt.Add(2 * time.Minute), By: "community_office"},
				note(inc.OccurredAt.Add(3*time.Minute), "v02", "李四到场"),
			}
		}
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
		if i%10 == 0 {
			ok(t, s.Escalations.BindPolicy(bg, p, id, policies[i%2]))
			var ds []watch.Delivery
			for step := range 3 {
				ds = append(ds, watch.Delivery{Program: p, Incident: id, Rule: "r", Step: step, Target: "community_office",
					DueAt: inc.OccurredAt.Add(time.Duration(step) * 10 * time.Minute)})
			}
			ok(t, s.Escalations.Enqueue(bg, ds))
			d := ds[0]
			d.Attempts, d.Outcome, d.DoneAt = 1, watch.OutcomeDelivered, inc.OccurredAt.Add(time.Minute)
			ok(t, s.Escalations.Settle(bg, d))
			d = ds[1]
			d.Attempts, d.LastError = 2, "busy"
			ok(t, s.Escalations.Settle(bg, d))
		}
	}
	// v03 alone reports the one incident with a note of theirs, and is
	// erased: its description and note lose their text.
	erased := incident(p, "c-erased", watch.KindOther, -time.Hour)
	erased.ReportedBy, erased.Description = "v03", "王五报告"
	erased.Events = []watch.Event{note(erased.OccurredAt.Add(time.Minute), "v03", "王五补充")}
	_, err := s.Incidents.CreateIncident(bg, erased)
	ok(t, err)
	day := watch.DateOf(start)
	for i := range 3 {
		at := start.AddDate(0, 0, i)
		ok(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: fmt.Sprintf("pl-%d", i), Date: day.AddDays(i), Shift: "market-am",
			Beat: "market", Volunteers: []string{"v02", []string{"v01", "v03"}[i%2]}, Start: at, End: at.Add(3 * time.Hour), AllNormal: i != 1, Notes: "一切正常"}))
	}
	if s.Sessions != nil {
		for i, id := range []string{"ps-ended", "ps-open"} {
			at := start.AddDate(0, 0, i)
			_, err := s.Sessions.StartSession(bg, watch.PatrolSession{Program: p, ID: id, Shift: "evening", Date: day.AddDays(i),
				Beat: "north", Volunteers: []string{"v02", "v03"}, ExpectedEnd: at.Add(2 * time.Hour),
				Events: []watch.SessionEvent{{Type: watch.SessionStarted, At: at, By: "v02"}}})
			ok(t, err)
			_, err = s.Sessions.AppendSessionEvent(bg, p, id, 1, watch.SessionEvent{Type: watch.SessionCheckedIn,
				At: at.Add(time.Hour), By: "v03", Place: "cp-east", Text: "王五在东片"})
			ok(t, err)
		}
		_, err := s.Sessions.AppendSessionEvent(bg, p, "ps-ended", 2, watch.SessionEvent{Type: watch.SessionEnded, At: start.Add(2 * time.Hour), By: "v02"})
		ok(t, err)
	}
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v03"))
	return p, "c-erased"
}

// cancelAfter cancels its context once after n incidents are created.
type cancelAfter struct {
	watch.IncidentStore
	n      *int
	after  int
	cancel context.CancelFunc
}

func (c cancelAfter) CreateIncident(ctx context.Context, inc watch.Incident) (watch.Incident, error) {
	out, err := c.IncidentStore.CreateIncident(ctx, inc)
	c.count()
	return out, err
}

func (c cancelAfter) count() {
	if *c.n++; *c.n == c.after {
		c.cancel()
	}
}

// importingCancelAfter is cancelAfter over a watch.HistoryImporter.
type importingCancelAfter struct{ cancelAfter }

func (c importingCancelAfter) ImportIncident(ctx context.Context, inc watch.Incident, hashes []string) (watch.Incident, error) {
	out, err := c.IncidentStore.(watch.HistoryImporter).ImportIncident(ctx, inc, hashes)
	c.count()
	return out, err
}

// sameProgramme checks that dst holds program as src does; every
// history with the same head, the erased one's too when sameErased.
func sameProgramme(t *testing.T, dst, src watch.Stores, p string, sameErased bool) {
	t.Helper()
	both := func(what string, read func(s watch.Stores) (any, error)) {
		t.Helper()
		want, err := read(src)
		ok(t, err)
		got, err := read(dst)
		ok(t, err)
		equal(t, show(got), show(want), what)
	}
	both("programme", func(s watch.Stores) (any, error) { return s.Programs.GetProgram(bg, p) })
	both("volunteers", func(s watch.Stores) (any, error) { return s.Volunteers.ListVolunteers(bg, p) })
	both("rotas", func(s watch.Stores) (any, error) {
		return s.Rotas.ListRotas(bg, p, watch.DateRange{From: watch.FirstDate, To: watch.LastDate})
	})
	both("policies", func(s watch.Stores) (any, error) { return s.Escalations.ListPolicies(bg, p) })
	both("patrols", func(s watch.Stores) (any, error) {
		return s.Patrols.ListPatrols(bg, p, watch.DateRange{From: watch.FirstDate, To: watch.LastDate})
	})
	if dst.Sessions != nil && src.Sessions != nil {
		both("patrol sessions", func(s watch.Stores) (any, error) {
			return s.Sessions.ListSessions(bg, p, watch.DateRange{From: watch.FirstDate, To: watch.LastDate})
		})
	}
	// Incidents with their versions; histories, bindings and deliveries
	// incident by incident.
	list := func(s watch.Stores) []watch.Incident {
		return all(t, s, watch.IncidentQuery{Program: p, Limit: watch.MaxPageSize})
	}
	want, got := list(src), list(dst)
	equal(t, len(got), len(want), "incidents")
	for i := range want {
		equal(t, show(got[i]), show(want[i]), "incident "+want[i].ID)
		equal(t, got[i].Version, want[i].Version, "version of "+want[i].ID)
		id := want[i].ID
		v, err := dst.Incidents.VerifyHistory(bg, p, id)
		ok(t, err)
		if !v.Intact {
			t.Fatalf("history of %s on the destination: broken at link %d", id, v.FirstBroken)
		}
		w, err := src.Incidents.VerifyHistory(bg, p, id)
		ok(t, err)
		if v.Head != w.Head && (sameErased || id != "c-erased") {
			t.Fatalf("history of %s: head %s, the source's %s", id, v.Head, w.Head)
		}
		both("binding of "+id, func(s watch.Stores) (any, error) {
			b, err := s.Escalations.PolicyFor(bg, p, id)
			if errors.Is(err, watch.ErrNotFound) {
				return "none", nil
			}
			return b.ID, err
		})
		both("deliveries of "+id, func(s watch.Stores) (any, error) { return s.Escalations.Deliveries(bg, p, id) })
	}
	if !slices.ContainsFunc(want, func(inc watch.Incident) bool { return inc.ID == "c-erased" && inc.Description == "" }) {
		t.Fatal("the erased incident kept its text")
	}
}
