package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

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

// testErasureIsolation: erasing a volunteer of one programme leaves a
// volunteer with the same id in another programme, and the text they
// wrote there, as it was.
func testErasureIsolation(t *testing.T, s watch.Stores, _ Options) {
	a, b := program(t, s, "erase-a"), program(t, s, "erase-b")
	for _, p := range []string{a, b} {
		ok(t, s.Volunteers.PutVolunteer(bg, p, watch.Volunteer{ID: "v01", Name: "张三", Phone: "13900000001", BirthDate: watch.MustParseDate("1954-03-14")}))
		inc := incident(p, "i1", watch.KindSuspiciousPerson, 0)
		inc.ReportedBy, inc.Description = "v01", "张三报告"
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(t, err)
		_, err = s.Incidents.AppendEvent(bg, p, "i1", 0, note(base.Add(time.Minute), "v01", "张三补充"))
		ok(t, err)
		start := base.Add(time.Hour)
		ok(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "pl1", Date: watch.DateOf(start), Volunteers: []string{"v01", "v02"},
			Start: start, End: start.Add(time.Hour), Notes: "张三记录"}))
	}
	ok(t, s.Volunteers.EraseVolunteer(bg, a, "v01"))
	v, err := s.Volunteers.GetVolunteer(bg, b, "v01")
	ok(t, err)
	equal(t, []string{v.Name, v.Phone, v.BirthDate.String()}, []string{"张三", "13900000001", "1954-03-14"}, "the other programme's volunteer")
	inc, err := s.Incidents.GetIncident(bg, b, "i1")
	ok(t, err)
	equal(t, []string{inc.Description, inc.Events[0].Text}, []string{"张三报告", "张三补充"}, "the other programme's incident")
	day := watch.DateOf(base.Add(time.Hour))
	logs, err := s.Patrols.ListPatrols(bg, b, watch.DateRange{From: day, To: day})
	ok(t, err)
	equal(t, logs[0].Notes, "张三记录", "the other programme's patrol")
	ok(t, s.Volunteers.PutVolunteer(bg, b, watch.Volunteer{ID: "v01", Name: "张三", BirthDate: watch.MustParseDate("1954-03-14")}))
	_, err = s.Incidents.AppendEvent(bg, b, "i1", 1, note(base.Add(2*time.Minute), "v01", "张三再补充"))
	ok(t, err)
}
