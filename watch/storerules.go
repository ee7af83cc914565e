package watch

import (
	"github.com/armband/armband/internal/strict"
)

// This file holds the checks of the nouns as a store takes them: the
// domain's rules plus text a store can keep byte for byte. The kit for
// writing a store is package storekit.

// checkTexts applies the store's text rule (strict.CheckText: no NUL
// byte, valid UTF-8) to pairs of field name and value under path, in
// order.
func checkTexts(p *strict.Problems, path string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := strict.CheckText(joinPath(path, pairs[i]), pairs[i+1]); err != nil {
			p.AddErr("", err)
		}
	}
}

// Validate checks a programme record as a store takes it: everything a
// programme file must be (docs/formats.md section 1) but the references
// of its fixed assignments to volunteers, which the VolunteerStore holds,
// and text a store can keep.
func (r ProgramRecord) Validate() error {
	var p strict.Problems
	r.file(nil).check(&p, InputLimits{}.withDefaults(), false)
	checkTexts(&p, "program", "id", r.Program.ID, "name", r.Program.Name)
	for i, b := range r.Beats {
		checkTexts(&p, index("beats", i), "id", b.ID, "name", b.Name)
	}
	for i, c := range r.ContactPoints {
		checkTexts(&p, index("contact_points", i), "id", c.ID, "name", c.Name, "phone", c.Phone)
	}
	for i, k := range r.Kinds {
		checkTexts(&p, index("kinds", i), "id", string(k.ID), "name", k.Name, "name_en", k.NameEn)
	}
	return p.Err()
}

// Validate checks a volunteer on their own, as a store takes them: a
// non-empty id, a birth date, valid windows, dates and cap, and text a
// store can keep.
func (v Volunteer) Validate() error {
	var p strict.Problems
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
	var p strict.Problems
	l.validate(&p, "", true)
	return p.Err()
}

// validate checks a patrol log at path; a log in a patrols file may leave
// its programme out.
func (l PatrolLog) validate(p *strict.Problems, path string, needProgram bool) {
	if needProgram {
		nonEmpty(p, joinPath(path, "program"), l.Program)
	}
	nonEmpty(p, joinPath(path, "id"), l.ID)
	if l.Date.IsZero() {
		p.Add(joinPath(path, "date"), nil, "is required")
	}
	if len(l.Volunteers) == 0 {
		p.Add(joinPath(path, "volunteers"), nil, "must name at least one volunteer")
	}
	if !l.Start.IsZero() && !l.End.After(l.Start) {
		p.Add(joinPath(path, "end"), FormatInstant(l.End), "is not after start")
	}
	checkTexts(p, path, "program", l.Program, "id", l.ID, "shift", l.Shift, "beat", l.Beat, "notes", l.Notes)
	for i, v := range l.Volunteers {
		checkTexts(p, path, index("volunteers", i), v)
	}
	for i, v := range l.Incidents {
		checkTexts(p, path, index("incidents", i), v)
	}
}

// Validate checks a delivery as a store takes it.
func (d Delivery) Validate() error {
	var p strict.Problems
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
