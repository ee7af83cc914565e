package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

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
