package watch

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the rules every store applies the same way, so that
// each implementation calls them rather than writing them again.

// CheckText refuses a string a store cannot keep byte for byte: one with
// a NUL byte or that is not valid UTF-8. The error is a *FieldError at
// path.
func CheckText(path, s string) error {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return &FieldError{Path: path, Reason: "contains a NUL byte, which no store keeps"}
	case !utf8.ValidString(s):
		return &FieldError{Path: path, Reason: "is not valid UTF-8"}
	}
	return nil
}

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
func StoredIncident(inc Incident) Incident {
	inc.OccurredAt = StoredInstant(inc.OccurredAt)
	inc.ReportedAt = StoredInstant(inc.ReportedAt)
	inc.Tags = append([]string(nil), inc.Tags...)
	events := make([]Event, len(inc.Events))
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
func CheckIncidentText(inc Incident) error {
	var p Problems
	checkTexts(&p, "", "program", inc.Program, "id", inc.ID, "kind", string(inc.Kind), "beat", inc.Beat,
		"contact_point", inc.ContactPoint, "reported_by", inc.ReportedBy, "description", inc.Description)
	for i, t := range inc.Tags {
		if err := CheckText(IndexPath("tags", i), t); err != nil {
			p.AddErr("", err)
		}
	}
	for i, e := range inc.Events {
		if err := CheckEventText(IndexPath("events", i), e); err != nil {
			p.AddErr("", err)
		}
	}
	return p.Err()
}

// CheckEventText applies CheckText to an event's strings.
func CheckEventText(path string, e Event) error {
	var p Problems
	checkTexts(&p, path, "type", string(e.Type), "by", e.By, "text", e.Text)
	return p.Err()
}

// checkTexts applies CheckText to pairs of field name and value under
// path, in order.
func checkTexts(p *Problems, path string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := CheckText(JoinPath(path, pairs[i]), pairs[i+1]); err != nil {
			p.AddErr("", err)
		}
	}
}

// Validate checks a programme record as a store takes it: everything a
// programme file must be (docs/formats.md section 1) but the references
// of its fixed assignments to volunteers, which the VolunteerStore holds,
// and text a store can keep.
func (r ProgramRecord) Validate() error {
	var p Problems
	r.file(nil).check(&p, InputLimits{}.withDefaults(), false)
	checkTexts(&p, "program", "id", r.Program.ID, "name", r.Program.Name)
	for i, b := range r.Beats {
		checkTexts(&p, IndexPath("beats", i), "id", b.ID, "name", b.Name)
	}
	for i, c := range r.ContactPoints {
		checkTexts(&p, IndexPath("contact_points", i), "id", c.ID, "name", c.Name, "phone", c.Phone)
	}
	for i, k := range r.Kinds {
		checkTexts(&p, IndexPath("kinds", i), "id", string(k.ID), "name", k.Name, "name_en", k.NameEn)
	}
	return p.Err()
}

// Validate checks a volunteer on their own, as a store takes them: a
// non-empty id, a birth date, valid windows, dates and cap, and text a
// store can keep.
func (v Volunteer) Validate() error {
	var p Problems
	nonEmpty(&p, "id", v.ID)
	if v.BirthDate.IsZero() {
		p.Add("birth_date", nil, "is required")
	}
	v.validate(&p, "")
	checkTexts(&p, "", "id", v.ID, "name", v.Name, "phone", v.Phone)
	return p.Err()
}

// Validate checks a patrol log as a store takes it: ids, a date, at least
// one volunteer, an end after the start, and text a store can keep.
func (l PatrolLog) Validate() error {
	var p Problems
	nonEmpty(&p, "program", l.Program)
	nonEmpty(&p, "id", l.ID)
	if l.Date.IsZero() {
		p.Add("date", nil, "is required")
	}
	if len(l.Volunteers) == 0 {
		p.Add("volunteers", nil, "must name at least one volunteer")
	}
	if !l.Start.IsZero() && !l.End.After(l.Start) {
		p.Add("end", FormatInstant(l.End), "is not after start")
	}
	checkTexts(&p, "", "program", l.Program, "id", l.ID, "shift", l.Shift, "beat", l.Beat, "notes", l.Notes)
	for i, v := range l.Volunteers {
		checkTexts(&p, "", IndexPath("volunteers", i), v)
	}
	for i, v := range l.Incidents {
		checkTexts(&p, "", IndexPath("incidents", i), v)
	}
	return p.Err()
}

// Validate checks a delivery as a store takes it.
func (d Delivery) Validate() error {
	var p Problems
	for _, f := range [][2]string{{"program", d.Program}, {"incident", d.Incident}, {"rule", d.Rule}, {"target", d.Target}} {
		nonEmpty(&p, f[0], f[1])
	}
	if d.Step < 0 {
		p.Add("step", d.Step, "must not be negative")
	}
	if d.DueAt.IsZero() {
		p.Add("due_at", nil, "is required")
	}
	switch d.Outcome {
	case "", OutcomePending, OutcomeDelivered, OutcomeSuppressed, OutcomeSkipped, OutcomeFailed:
	default:
		p.Add("outcome", string(d.Outcome), "is not pending, delivered, suppressed, skipped or failed")
	}
	checkTexts(&p, "", "program", d.Program, "incident", d.Incident, "rule", d.Rule, "target", d.Target, "last_error", d.LastError)
	return p.Err()
}

// IncidentCursor is the position of a page of incidents: the occurred_at
// and id of the last incident returned.
type IncidentCursor struct {
	OccurredAt time.Time
	ID         string
}

// Encode writes the cursor as an opaque string.
func (c IncidentCursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.FormatInt(c.OccurredAt.UnixMicro(), 10) + ":" + c.ID))
}

// DecodeIncidentCursor reads a cursor made by Encode. Anything else is
// ErrInvalid.
func DecodeIncidentCursor(s string) (IncidentCursor, error) {
	bad := &FieldError{Path: "cursor", Value: strconv.Quote(s), Reason: "is not a cursor this store made"}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return IncidentCursor{}, bad
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return IncidentCursor{}, bad
	}
	us, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return IncidentCursor{}, bad
	}
	return IncidentCursor{OccurredAt: time.UnixMicro(us).UTC(), ID: parts[2]}, nil
}

// After reports whether an incident comes after the cursor in the order of
// ListIncidents (occurred_at, then id).
func (c IncidentCursor) After(inc Incident) bool {
	if !inc.OccurredAt.Equal(c.OccurredAt) {
		return inc.OccurredAt.After(c.OccurredAt)
	}
	return inc.ID > c.ID
}

// PageLimit applies the defaults and bounds of IncidentQuery.Limit.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}
