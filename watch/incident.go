package watch

import (
	"github.com/armband/armband/internal/strict"

	"encoding/json"
	"io"
	"strconv"
	"time"
)

// Incident is one reported incident (docs/formats.md section 3.3), with its events
// in time order.
type Incident struct {
	// Program is the programme the incident belongs to. Stores key records
	// by (Program, ID); in an incidents file it may be left out.
	Program    string    `json:"program,omitempty"`
	ID         string    `json:"id" armband:"required"`
	Kind       Kind      `json:"kind" armband:"required"`
	Severity   Severity  `json:"severity" armband:"required"`
	OccurredAt time.Time `json:"occurred_at" armband:"required"`
	// ReportedAt defaults to OccurredAt when zero; see Reported.
	ReportedAt   time.Time `json:"reported_at,omitzero"`
	Beat         string    `json:"beat,omitempty"`
	ContactPoint string    `json:"contact_point,omitempty"`
	ReportedBy   string    `json:"reported_by,omitempty"`
	// PoliceCase is true when the incident was formally reported to the
	// police (报案). Notifying police_110 never sets it.
	PoliceCase bool     `json:"police_case,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	// Description is free text, possibly personal data.
	Description string  `json:"description,omitempty"`
	Events      []Event `json:"events,omitempty"`
	// Version counts the events a store holds for the incident; it is not
	// part of the file format.
	Version int `json:"-"`
}

// Reported returns ReportedAt, or OccurredAt when ReportedAt is zero.
func (inc Incident) Reported() time.Time {
	if inc.ReportedAt.IsZero() {
		return inc.OccurredAt
	}
	return inc.ReportedAt
}

// State returns the state after all events: open when there are none.
// Events are assumed legal (as loading and stores ensure); an illegal one
// is skipped.
func (inc Incident) State() State { return inc.StateAt(time.Time{}) }

// StateAt returns the state after the events at or before t; the zero t
// means after every event.
func (inc Incident) StateAt(t time.Time) State {
	s := StateOpen
	for _, e := range inc.Events {
		if !t.IsZero() && e.At.After(t) {
			break
		}
		if next, err := s.Apply(e.Type); err == nil {
			s = next
		}
	}
	return s
}

// Voided reports whether the incident has a voided event: it then counts
// in no scoring.
func (inc Incident) Voided() bool {
	for _, e := range inc.Events {
		if e.Type == EventVoided {
			return true
		}
	}
	return false
}

// MarshalJSON writes instants with a numeric offset.
func (inc Incident) MarshalJSON() ([]byte, error) {
	var reported *instant
	if !inc.ReportedAt.IsZero() {
		r := instant(inc.ReportedAt)
		reported = &r
	}
	return json.Marshal(struct {
		Program      string   `json:"program,omitempty"`
		ID           string   `json:"id"`
		Kind         Kind     `json:"kind"`
		Severity     Severity `json:"severity"`
		OccurredAt   instant  `json:"occurred_at"`
		ReportedAt   *instant `json:"reported_at,omitempty"`
		Beat         string   `json:"beat,omitempty"`
		ContactPoint string   `json:"contact_point,omitempty"`
		ReportedBy   string   `json:"reported_by,omitempty"`
		PoliceCase   bool     `json:"police_case,omitempty"`
		Tags         []string `json:"tags,omitempty"`
		Description  string   `json:"description,omitempty"`
		Events       []Event  `json:"events,omitempty"`
	}{inc.Program, inc.ID, inc.Kind, inc.Severity, instant(inc.OccurredAt), reported, inc.Beat,
		inc.ContactPoint, inc.ReportedBy, inc.PoliceCase, inc.Tags, inc.Description, inc.Events})
}

// Validate checks the incident on its own against the built-in kinds and
// those in kinds: required fields, kind, severity, reported_at not before
// occurred_at, and events in time order, none before reported_at, each
// legal in the state the ones before it leave.
func (inc Incident) Validate(kinds Kinds) error {
	var p strict.Problems
	inc.validate(&p, "", kinds)
	return p.Err()
}

func (inc Incident) validate(p *strict.Problems, path string, kinds Kinds) {
	nonEmpty(p, joinPath(path, "id"), inc.ID)
	kinds.check(p, joinPath(path, "kind"), inc.Kind)
	if inc.Severity < SeverityMinor || inc.Severity > SeverityCritical {
		p.Add(joinPath(path, "severity"), inc.Severity.String(), "is not a severity")
	}
	if inc.OccurredAt.IsZero() {
		p.Add(joinPath(path, "occurred_at"), nil, "is required")
	}
	if !inc.ReportedAt.IsZero() && inc.ReportedAt.Before(inc.OccurredAt) {
		p.Add(joinPath(path, "reported_at"), FormatInstant(inc.ReportedAt), "is before occurred_at "+FormatInstant(inc.OccurredAt))
	}
	for i, t := range inc.Tags {
		nonEmpty(p, index(joinPath(path, "tags"), i), t)
	}
	state := StateOpen
	prev := inc.Reported()
	for i, e := range inc.Events {
		ep := index(joinPath(path, "events"), i)
		switch {
		case e.At.IsZero():
			p.Add(ep+".at", nil, "is required")
		case i == 0 && e.At.Before(prev):
			p.Add(ep+".at", FormatInstant(e.At), "is before reported_at "+FormatInstant(prev))
		case e.At.Before(prev):
			p.Add(ep+".at", FormatInstant(e.At), "is before the event before it, "+FormatInstant(prev))
		default:
			prev = e.At
		}
		next, err := state.Apply(e.Type)
		if err != nil {
			p.AddErr(ep+".type", err)
			continue
		}
		state = next
	}
}

// CheckAppend validates an event about to be appended: its type is legal
// in the state the incident's events leave (the transition table of
// docs/formats.md section 3.3), and its instant is set and not before
// reported_at or the last event. Problems are *FieldError values.
func (inc Incident) CheckAppend(e Event) error {
	last := inc.Reported()
	if n := len(inc.Events); n > 0 && inc.Events[n-1].At.After(last) {
		last = inc.Events[n-1].At
	}
	return CheckNext(inc.State(), last, e)
}

// CheckNext is CheckAppend for a store that keeps an incident's state and
// last instant (the latest of reported_at and its events' instants) rather
// than reading every event back: e's type must be legal in state, and its
// instant set and not before last.
func CheckNext(state State, last time.Time, e Event) error {
	var p strict.Problems
	if _, err := state.Apply(e.Type); err != nil {
		p.AddErr("type", err)
	}
	switch {
	case e.At.IsZero():
		p.Add("at", nil, "is required")
	case e.At.Before(last):
		p.Add("at", FormatInstant(e.At), "is before the incident's last instant "+FormatInstant(last))
	}
	return p.Err()
}

// LoadIncidents reads an incidents file, a JSON array of incidents, as
// strict JSON and validates every incident against the built-in kinds and
// the declared ones. Ids must be unique in the file.
func LoadIncidents(r io.Reader, declared ...KindDef) ([]Incident, error) {
	return Loader{}.Incidents(r, declared...)
}

// Incidents is LoadIncidents within the loader's limits.
func (l Loader) Incidents(r io.Reader, declared ...KindDef) ([]Incident, error) {
	kinds, err := NewKinds(declared)
	if err != nil {
		return nil, err
	}
	var list []Incident
	err = l.decode(r, &list, func(p *strict.Problems, _ InputLimits) {
		uniqueIDs(p, "", list, func(inc Incident) string { return inc.ID })
		for i, inc := range list {
			inc.validate(p, index("", i), kinds)
		}
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// EventType is the type of an incident event.
type EventType string

// The event types of docs/formats.md section 3.3.
const (
	EventAcknowledged EventType = "acknowledged"
	EventResolved     EventType = "resolved"
	EventVoided       EventType = "voided"
	EventNote         EventType = "note"
)

// Event is one step in an incident's life: acknowledged, resolved, voided
// (a false or withdrawn report) or a note.
type Event struct {
	Type EventType `json:"type" armband:"required"`
	At   time.Time `json:"at" armband:"required"`
	// By names who acted: a target id such as community_office, or a
	// volunteer id.
	By string `json:"by,omitempty"`
	// Text is a note's free text; possibly personal data.
	Text string `json:"text,omitempty"`
}

// MarshalJSON writes At with a numeric offset.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type EventType `json:"type"`
		At   instant   `json:"at"`
		By   string    `json:"by,omitempty"`
		Text string    `json:"text,omitempty"`
	}{e.Type, instant(e.At), e.By, e.Text})
}

// State is the state of an incident.
type State string

// The states of an incident. StateVoided is final.
const (
	StateOpen         State = "open"
	StateAcknowledged State = "acknowledged"
	StateResolved     State = "resolved"
	StateVoided       State = "voided"
)

// Apply returns the state after an event of type t, by the legal-transition
// table of docs/formats.md section 3.3:
//
//	acknowledged  when open                          -> acknowledged
//	resolved      when open or acknowledged          -> resolved
//	voided        when open, acknowledged, resolved  -> voided
//	note          in any state                       -> unchanged
//
// Any other event is illegal: a *FieldError that is ErrInvalid.
func (s State) Apply(t EventType) (State, error) {
	ok := false
	next := s
	switch t {
	case EventAcknowledged:
		ok, next = s == StateOpen, StateAcknowledged
	case EventResolved:
		ok, next = s == StateOpen || s == StateAcknowledged, StateResolved
	case EventVoided:
		ok, next = s != StateVoided, StateVoided
	case EventNote:
		ok = true
	default:
		return s, &FieldError{Value: strconv.Quote(string(t)), Reason: "is not an event type (want acknowledged, resolved, voided or note)"}
	}
	if !ok {
		return s, &FieldError{Value: strconv.Quote(string(t)), Reason: "is not legal when the incident is " + string(s)}
	}
	return next, nil
}
