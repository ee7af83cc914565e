package incident

import (
	"slices"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// CheckNew validates a new incident against its programme before it is
// stored: everything watch.Incident.Validate checks (with the programme's
// declared kinds), plus that its programme is this one (when set), that its
// beat, contact point and reporting volunteer exist in the programme, and
// that neither occurred_at nor reported_at is after now. Every problem is
// a *watch.FieldError naming the field.
func CheckNew(pf *watch.ProgramFile, inc watch.Incident, now time.Time) error {
	var p strict.Problems
	kinds, err := watch.NewKinds(pf.Kinds)
	if err != nil {
		return err
	}
	for _, fe := range watch.FieldErrors(inc.Validate(kinds)) {
		p.AddErr("", fe)
	}
	if inc.Program != "" && inc.Program != pf.Program.ID {
		p.Add("program", inc.Program, "is not the programme "+pf.Program.ID)
	}
	if inc.Beat != "" && !slices.ContainsFunc(pf.Beats, func(b watch.Beat) bool { return b.ID == inc.Beat }) {
		p.Add("beat", inc.Beat, "is not a beat of the programme")
	}
	if inc.ContactPoint != "" && !slices.ContainsFunc(pf.ContactPoints, func(c watch.ContactPoint) bool { return c.ID == inc.ContactPoint }) {
		p.Add("contact_point", inc.ContactPoint, "is not a contact point of the programme")
	}
	if inc.ReportedBy != "" {
		if _, ok := pf.Volunteer(inc.ReportedBy); !ok {
			p.Add("reported_by", inc.ReportedBy, "is not a volunteer of the programme")
		}
	}
	if inc.OccurredAt.After(now) {
		p.Add("occurred_at", watch.FormatInstant(inc.OccurredAt), "is in the future")
	}
	if !inc.ReportedAt.IsZero() && inc.ReportedAt.After(now) {
		p.Add("reported_at", watch.FormatInstant(inc.ReportedAt), "is in the future")
	}
	return p.Err()
}

// CheckEvent validates an event about to be appended to inc: its type is
// legal in the state inc's events leave (the transition table of docs/formats.md
// section 3.3), and its instant is set and not before reported_at or the last
// event. It is watch.Incident.CheckAppend, which every store applies too.
func CheckEvent(inc watch.Incident, e watch.Event) error { return inc.CheckAppend(e) }
