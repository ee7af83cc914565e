package storekit

import (
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// CheckText refuses a string a store cannot keep byte for byte: one with
// a NUL byte or that is not valid UTF-8. The error is a *watch.FieldError
// at path.
func CheckText(path, s string) error { return strict.CheckText(path, s) }

// StoredInstant is an instant as stores keep it: to the microsecond, in
// UTC. The zero instant stays zero.
func StoredInstant(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Truncate(time.Microsecond).UTC()
}

// StoredIncident is an incident as stores keep it: instants by
// StoredInstant, slices copied.
func StoredIncident(inc watch.Incident) watch.Incident {
	inc.OccurredAt = StoredInstant(inc.OccurredAt)
	inc.ReportedAt = StoredInstant(inc.ReportedAt)
	inc.Tags = append([]string(nil), inc.Tags...)
	events := make([]watch.Event, len(inc.Events))
	for i, e := range inc.Events {
		e.At = StoredInstant(e.At)
		events[i] = e
	}
	if len(events) == 0 {
		events = nil
	}
	inc.Events = events
	return inc
}

// CheckIncidentText applies CheckText to every string of an incident.
func CheckIncidentText(inc watch.Incident) error {
	var p strict.Problems
	checkTexts(&p, "", "program", inc.Program, "id", inc.ID, "kind", string(inc.Kind), "beat", inc.Beat,
		"contact_point", inc.ContactPoint, "reported_by", inc.ReportedBy, "description", inc.Description)
	for i, t := range inc.Tags {
		if err := CheckText(strict.IndexPath("tags", i), t); err != nil {
			p.AddErr("", err)
		}
	}
	for i, e := range inc.Events {
		if err := CheckEventText(strict.IndexPath("events", i), e); err != nil {
			p.AddErr("", err)
		}
	}
	return p.Err()
}

// CheckEventText applies CheckText to an event's strings.
func CheckEventText(path string, e watch.Event) error {
	var p strict.Problems
	checkTexts(&p, path, "type", string(e.Type), "by", e.By, "text", e.Text)
	return p.Err()
}

// checkTexts applies CheckText to pairs of field name and value under
// path, in order.
func checkTexts(p *strict.Problems, path string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := CheckText(strict.JoinPath(path, pairs[i]), pairs[i+1]); err != nil {
			p.AddErr("", err)
		}
	}
}

// StoredSession is a new patrol session as stores keep it: a copy with
// every instant a StoredInstant.
func StoredSession(ses watch.PatrolSession) watch.PatrolSession {
	ses = ses.Clone()
	ses.ExpectedEnd = StoredInstant(ses.ExpectedEnd)
	for i := range ses.Events {
		ses.Events[i].At = StoredInstant(ses.Events[i].At)
	}
	return ses
}
