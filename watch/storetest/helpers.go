package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

var bg = context.Background()

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func wantErr(t testing.TB, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func equal(t testing.TB, got, want any, what string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got  %s\n want %s", what, show(got), show(want))
	}
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

// zones the round trips use.
var zones = func() []*time.Location {
	var out []*time.Location
	for _, name := range []string{"Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err)
		}
		out = append(out, loc)
	}
	return out
}()

// base is an instant with nanoseconds, to see them dropped.
var base = time.Date(2026, 4, 12, 9, 40, 0, 123456789, zones[0])

// program makes a programme with two beats, a contact point and a declared
// kind, and returns its id.
func program(t testing.TB, s watch.Stores, name string) string {
	t.Helper()
	id := newProgramID(name)
	ok(t, s.Programs.PutProgram(bg, watch.ProgramRecord{
		Program:       watch.Program{ID: id, Name: "南二社区 " + name, Timezone: "Asia/Shanghai", Community: &watch.Community{Name: "南环第二社区", Buildings: 48, Residents: 5421}},
		Beats:         []watch.Beat{{ID: "market", Name: "南环菜场"}, {ID: "north", Name: "北片"}},
		ContactPoints: []watch.ContactPoint{{ID: "cp-east", Name: "东片联系点", Phone: "0512-00000003"}},
		Kinds:         []watch.KindDef{{ID: "noise", Name: "噪音扰民", NameEn: "Noise"}},
	}))
	return id
}

func volunteer(id string) watch.Volunteer {
	return watch.Volunteer{ID: id, Name: "李四", BirthDate: watch.MustParseDate("1956-11-02"), Phone: "13900000002"}
}

// incident makes an incident of program that occurred at base + offset.
func incident(program, id string, kind watch.Kind, offset time.Duration) watch.Incident {
	return watch.Incident{Program: program, ID: id, Kind: kind, Severity: watch.SeverityMinor, OccurredAt: base.Add(offset), Beat: "market"}
}

// stored is what a store gives back for an instant.
func stored(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

func note(at time.Time, by, text string) watch.Event {
	return watch.Event{Type: watch.EventNote, At: at, By: by, Text: text}
}

// appendNote appends a note at the incident's current version.
func appendNote(t testing.TB, s watch.Stores, program, id, text string) watch.Incident {
	t.Helper()
	inc, err := s.Incidents.GetIncident(bg, program, id)
	ok(t, err)
	at := inc.Reported()
	if n := len(inc.Events); n > 0 {
		at = inc.Events[n-1].At
	}
	out, err := s.Incidents.AppendEvent(bg, program, id, inc.Version, note(at.Add(time.Minute), "v01", text))
	ok(t, err)
	return out
}

// all lists every incident of a programme, page by page.
func all(t testing.TB, s watch.Stores, q watch.IncidentQuery) []watch.Incident {
	t.Helper()
	var out []watch.Incident
	for pages := 0; ; pages++ {
		if pages > 100000 {
			t.Fatal("paging does not end")
		}
		p, err := s.Incidents.ListIncidents(bg, q)
		ok(t, err)
		out = append(out, p.Incidents...)
		if p.Next == "" {
			return out
		}
		q.Cursor = p.Next
	}
}

func ids(incs []watch.Incident) []string {
	out := []string{}
	for _, inc := range incs {
		out = append(out, inc.ID)
	}
	return out
}
