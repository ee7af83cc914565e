package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// testAliasing: no stored value shares memory with the caller, in either
// direction. For every contract it writes a value holding slices, maps and
// raw JSON, changes the caller's copy after the write, and changes what a
// read returned; the next read must give the value as written.
func testAliasing(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "alias")
	const changed = "changed"

	// ProgramStore: beats, contact points, kinds.
	rec := watch.ProgramRecord{Program: watch.Program{ID: newProgramID("alias-rec"), Timezone: "Asia/Shanghai"},
		Beats:         []watch.Beat{{ID: "north", Name: "北片"}},
		ContactPoints: []watch.ContactPoint{{ID: "cp", Name: "北门"}},
		Kinds:         []watch.KindDef{{ID: "noise", Name: "噪音扰民"}}}
	ok(t, s.Programs.PutProgram(bg, rec))
	rec.Beats[0].Name, rec.ContactPoints[0].Name, rec.Kinds[0].Name = changed, changed, changed
	checkProgram := func(what string) {
		t.Helper()
		got, err := s.Programs.GetProgram(bg, rec.Program.ID)
		ok(t, err)
		equal(t, []string{got.Beats[0].Name, got.ContactPoints[0].Name, got.Kinds[0].Name}, []string{"北片", "北门", "噪音扰民"}, what)
		got.Beats[0].Name, got.ContactPoints[0].Name, got.Kinds[0].Name = changed, changed, changed
	}
	checkProgram("a programme after the caller changed what it put")
	checkProgram("a programme after the caller changed what it read")
	listed, err := s.Programs.ListPrograms(bg)
	ok(t, err)
	for i := range listed {
		if len(listed[i].Beats) > 0 {
			listed[i].Beats[0].Name = changed
		}
	}
	checkProgram("a programme after the caller changed a listing")

	// VolunteerStore: availability (with its days) and unavailable dates.
	v := watch.Volunteer{ID: "v01", BirthDate: watch.MustParseDate("1956-11-02"),
		Availability: []watch.Window{{Days: watch.Days{watch.Weekday(time.Monday)}, From: watch.Clock{Hour: 7}, To: watch.Clock{Hour: 12}}},
		Unavailable:  []watch.DateRange{{From: watch.MustParseDate("2026-12-10"), To: watch.MustParseDate("2026-12-12")}}}
	ok(t, s.Volunteers.PutVolunteer(bg, p, v))
	v.Availability[0].Days[0] = watch.Weekday(time.Friday)
	v.Availability[0].From = watch.Clock{Hour: 1}
	v.Unavailable[0].From = watch.MustParseDate("2026-01-01")
	checkVolunteer := func(got watch.Volunteer, what string) {
		t.Helper()
		equal(t, []string{got.Availability[0].Days[0].String(), got.Availability[0].From.String(), got.Unavailable[0].From.String()},
			[]string{"mon", "07:00", "2026-12-10"}, what)
	}
	got, err := s.Volunteers.GetVolunteer(bg, p, "v01")
	ok(t, err)
	checkVolunteer(got, "a volunteer after the caller changed what it put")
	got.Availability[0].Days[0], got.Unavailable[0].From = watch.Weekday(time.Friday), watch.MustParseDate("2026-01-01")
	vols, err := s.Volunteers.ListVolunteers(bg, p)
	ok(t, err)
	checkVolunteer(vols[0], "a volunteer after the caller changed what it read")
	vols[0].Availability[0].Days[0] = watch.Weekday(time.Friday)
	got, err = s.Volunteers.GetVolunteer(bg, p, "v01")
	ok(t, err)
	checkVolunteer(got, "a volunteer after the caller changed a listing")

	// RotaStore: assignments and their volunteers, gaps and their reasons,
	// the hours.
	dec := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-14")}
	start := time.Date(2026, 12, 1, 7, 30, 0, 0, zones[0])
	r := watch.Rota{Program: p, Horizon: dec,
		Assignments: []watch.Assignment{{Shift: "am", Date: dec.From, Start: start, End: start.Add(3 * time.Hour), Volunteers: []string{"v01", "v02"}}},
		Gaps:        []watch.Gap{{Shift: "late", Date: dec.From, Need: 2, Reasons: map[string]int{"age_band": 3}}},
		Stats:       watch.RotaStats{Hours: map[string]float64{"v01": 3}}}
	_, err = s.Rotas.SaveRota(bg, r)
	ok(t, err)
	r.Assignments[0].Volunteers[0], r.Assignments[0].Shift = changed, changed
	r.Gaps[0].Reasons["age_band"], r.Stats.Hours["v01"] = 99, 99
	checkRota := func(what string) watch.Rota {
		t.Helper()
		got, _, err := s.Rotas.CurrentRota(bg, p, dec)
		ok(t, err)
		equal(t, []any{got.Assignments[0].Shift, got.Assignments[0].Volunteers, got.Gaps[0].Reasons, got.Stats.Hours},
			[]any{"am", []string{"v01", "v02"}, map[string]int{"age_band": 3}, map[string]float64{"v01": 3}}, what)
		return got
	}
	gotRota := checkRota("a rota after the caller changed what it saved")
	gotRota.Assignments[0].Volunteers[0], gotRota.Gaps[0].Reasons["age_band"], gotRota.Stats.Hours["v01"] = changed, 99, 99
	checkRota("a rota after the caller changed what it read")

	// IncidentStore: tags and events, in and out, through every read.
	inc := incident(p, "i1", watch.KindSuspiciousPerson, 0)
	inc.Tags = []string{"e-bike", "night"}
	inc.Events = []watch.Event{note(base.Add(time.Minute), "v02", "李四确认")}
	_, err = s.Incidents.CreateIncident(bg, inc)
	ok(t, err)
	inc.Tags[0], inc.Events[0].Text = changed, changed
	checkIncident := func(got watch.Incident, what string) {
		t.Helper()
		equal(t, []any{got.Tags, got.Events[0].Text}, []any{[]string{"e-bike", "night"}, "李四确认"}, what)
	}
	gotInc, err := s.Incidents.GetIncident(bg, p, "i1")
	ok(t, err)
	checkIncident(gotInc, "an incident after the caller changed what it created")
	gotInc.Tags[0], gotInc.Events[0].Text = changed, changed
	page, err := s.Incidents.ListIncidents(bg, watch.IncidentQuery{Program: p})
	ok(t, err)
	checkIncident(page.Incidents[0], "an incident after the caller changed what it read")
	page.Incidents[0].Tags[0], page.Incidents[0].Events[0].Text = changed, changed
	appended, err := s.Incidents.AppendEvent(bg, p, "i1", 1, note(base.Add(2*time.Minute), "v02", "再次确认"))
	ok(t, err)
	checkIncident(appended, "an incident after the caller changed a listing")
	appended.Tags[0], appended.Events[0].Text = changed, changed
	gotInc, err = s.Incidents.GetIncident(bg, p, "i1")
	ok(t, err)
	checkIncident(gotInc, "an incident after the caller changed what an append returned")

	// EscalationStore: the raw JSON of a policy, in and out.
	doc := json.RawMessage(`{"rules": [{"name": "all", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`)
	want := string(doc)
	id, err := s.Escalations.SavePolicy(bg, p, doc, base)
	ok(t, err)
	copy(doc, `{"rules": [{"name": "XXX"`)
	snap, err := s.Escalations.GetPolicy(bg, p, id)
	ok(t, err)
	equal(t, string(snap.Doc), want, "a policy after the caller changed the document it saved")
	copy(snap.Doc, `{"rules": [{"name": "XXX"`)
	ok(t, s.Escalations.BindPolicy(bg, p, "i1", id))
	snap, err = s.Escalations.PolicyFor(bg, p, "i1")
	ok(t, err)
	equal(t, string(snap.Doc), want, "a policy after the caller changed the document it read")
	copy(snap.Doc, `{"rules": [{"name": "XXX"`)
	snap, err = s.Escalations.GetPolicy(bg, p, id)
	ok(t, err)
	equal(t, string(snap.Doc), want, "a policy after the caller changed the document PolicyFor returned")

	// PatrolStore: volunteers and incidents.
	day := watch.MustParseDate("2026-12-01")
	l := watch.PatrolLog{Program: p, ID: "pl1", Date: day, Volunteers: []string{"v01", "v02"}, Incidents: []string{"i1"},
		Start: start, End: start.Add(time.Hour)}
	ok(t, s.Patrols.RecordPatrol(bg, l))
	l.Volunteers[0], l.Incidents[0] = changed, changed
	checkPatrol := func(what string) watch.PatrolLog {
		t.Helper()
		got, err := s.Patrols.ListPatrols(bg, p, watch.DateRange{From: day, To: day})
		ok(t, err)
		equal(t, []any{got[0].Volunteers, got[0].Incidents}, []any{[]string{"v01", "v02"}, []string{"i1"}}, what)
		return got[0]
	}
	gotPatrol := checkPatrol("a patrol after the caller changed what it recorded")
	gotPatrol.Volunteers[0], gotPatrol.Incidents[0] = changed, changed
	checkPatrol("a patrol after the caller changed what it read")
}
