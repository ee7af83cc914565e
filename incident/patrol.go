package incident

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// Patrol sessions and the overdue alarm (docs/formats.md section 12): a
// patrol is started, may check in, and is ended; one not back by its
// deadline (watch.PatrolSession.Deadline) becomes an incident of kind
// patrol_overdue, which the escalator raises and the policy escalates
// like any other. Ending the patrol late settles it with a note. A
// finished patrol is the patrol log the daily report counts.

// OverdueID is the id of a session's overdue alarm: one per session, so
// escalators that race or restart raise it once.
func OverdueID(session string) string { return "overdue-" + session }

// PatrolStart is what starting a patrol needs. Left zero, ExpectedEnd,
// Beat and Volunteers come from the rota in force for Shift on Date, and
// ID is SHIFT-DATE.
type PatrolStart struct {
	ID          string
	Shift       string
	Date        watch.Date
	Beat        string
	Volunteers  []string
	ExpectedEnd time.Time
	// At is when the patrol set out; By who started it.
	At time.Time
	By string
}

// StartPatrol starts a patrol session in the stores' SessionStore.
// ErrNotFound for a missing programme or a rota instance that is not
// there; ErrConflict when the patrol has started already.
func StartPatrol(ctx context.Context, s watch.Stores, program string, ps PatrolStart) (watch.PatrolSession, error) {
	if s.Sessions == nil {
		return watch.PatrolSession{}, &watch.FieldError{Path: "stores.sessions", Reason: "is required"}
	}
	if ps.ExpectedEnd.IsZero() || len(ps.Volunteers) == 0 {
		if ps.Shift == "" || ps.Date.IsZero() {
			return watch.PatrolSession{}, &watch.FieldError{Path: "shift", Reason: "and date are required to find the patrol on the rota"}
		}
		versions, err := s.Rotas.ListRotas(ctx, program, watch.DateRange{From: ps.Date, To: ps.Date})
		if err != nil {
			return watch.PatrolSession{}, err
		}
		day := watch.Cover(versions, watch.DateRange{From: ps.Date, To: ps.Date})
		i := slices.IndexFunc(day, func(a watch.Assignment) bool { return a.Shift == ps.Shift })
		if i < 0 {
			return watch.PatrolSession{}, fmt.Errorf("%s on %s is not on the rota in force: %w", ps.Shift, ps.Date, watch.ErrNotFound)
		}
		a := day[i]
		if ps.ExpectedEnd.IsZero() {
			ps.ExpectedEnd = a.End
		}
		if ps.Beat == "" {
			ps.Beat = a.Beat
		}
		if len(ps.Volunteers) == 0 {
			ps.Volunteers = a.Volunteers
		}
	}
	if ps.ID == "" {
		ps.ID = ps.Shift + "-" + ps.Date.String()
	}
	return s.Sessions.StartSession(ctx, watch.PatrolSession{Program: program, ID: ps.ID, Shift: ps.Shift, Date: ps.Date,
		Beat: ps.Beat, Volunteers: slices.Clone(ps.Volunteers), ExpectedEnd: ps.ExpectedEnd,
		Events: []watch.SessionEvent{{Type: watch.SessionStarted, At: ps.At, By: ps.By}}})
}

// CheckIn records a check-in on a patrol: where (a beat or contact
// point) and, optionally, what was said (personal data).
func CheckIn(ctx context.Context, s watch.Stores, program, id string, e watch.SessionEvent) (watch.PatrolSession, error) {
	e.Type = watch.SessionCheckedIn
	return appendSession(ctx, s, program, id, e)
}

// PatrolEnd is what ending a patrol records.
type PatrolEnd struct {
	At time.Time
	By string
	// AllNormal is the patrol's "今天小区安全值勤一切正常".
	AllNormal bool
	// Notes is the patrol log's free text.
	Notes string
	// Incidents lists incidents reported on the patrol.
	Incidents []string
}

// EndPatrol ends a patrol session, records it as the patrol log of its
// date (a night patrol belongs to the date it started), and, when the
// overdue alarm had been raised, settles it: a note saying when the
// patrol came back, and resolved. It is safe to run again after a
// failure: what was done is not done twice.
func EndPatrol(ctx context.Context, s watch.Stores, program, id string, pe PatrolEnd) (watch.PatrolSession, error) {
	if s.Sessions == nil {
		return watch.PatrolSession{}, &watch.FieldError{Path: "stores.sessions", Reason: "is required"}
	}
	ses, err := s.Sessions.GetSession(ctx, program, id)
	if err != nil {
		return watch.PatrolSession{}, err
	}
	if _, ended := ses.Ended(); !ended {
		if ses, err = appendSession(ctx, s, program, id, watch.SessionEvent{Type: watch.SessionEnded, At: pe.At, By: pe.By}); err != nil {
			return watch.PatrolSession{}, err
		}
	}
	end, _ := ses.Ended()
	log := watch.PatrolLog{Program: program, ID: ses.ID, Date: ses.Date, Shift: ses.Shift, Beat: ses.Beat,
		Volunteers: slices.Clone(ses.Volunteers), Start: ses.Started(), End: end.At, AllNormal: pe.AllNormal,
		Incidents: pe.Incidents, Notes: pe.Notes}
	if err := s.Patrols.RecordPatrol(ctx, log); err != nil && !errors.Is(err, watch.ErrConflict) {
		return ses, fmt.Errorf("patrol log %s: %w", id, err)
	}
	return ses, settleOverdue(ctx, s, program, ses, end)
}

// settleOverdue resolves a session's overdue alarm, if one was raised,
// with a note of when the patrol came back.
func settleOverdue(ctx context.Context, s watch.Stores, program string, ses watch.PatrolSession, end watch.SessionEvent) error {
	inc, err := s.Incidents.GetIncident(ctx, program, OverdueID(ses.ID))
	if errors.Is(err, watch.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	at := end.At
	if last := lastEventAt(inc); at.Before(last) {
		at = last
	}
	late := end.At.Sub(inc.OccurredAt).Round(time.Minute)
	steps := []watch.Event{
		{Type: watch.EventNote, At: at, By: "patrol", Text: fmt.Sprintf("patrol %s ended at %s, %s after its deadline", ses.ID, watch.FormatInstant(end.At), late)},
		{Type: watch.EventResolved, At: at, By: "patrol"},
	}
	for _, e := range steps {
		if st := inc.State(); e.Type == watch.EventResolved && (st == watch.StateResolved || st == watch.StateVoided) {
			return nil
		}
		if e.Type == watch.EventNote && hasNote(inc, e.Text) {
			continue
		}
		if inc, err = s.Incidents.AppendEvent(ctx, program, inc.ID, inc.Version, e); err != nil {
			return fmt.Errorf("settling %s: %w", inc.ID, err)
		}
	}
	return nil
}

func lastEventAt(inc watch.Incident) time.Time {
	if n := len(inc.Events); n > 0 {
		return inc.Events[n-1].At
	}
	return inc.Reported()
}

func hasNote(inc watch.Incident, text string) bool {
	return slices.ContainsFunc(inc.Events, func(e watch.Event) bool { return e.Type == watch.EventNote && e.Text == text })
}

// appendSession appends an event at the session's current version, once
// more if another writer moved it on meanwhile.
func appendSession(ctx context.Context, s watch.Stores, program, id string, e watch.SessionEvent) (watch.PatrolSession, error) {
	if s.Sessions == nil {
		return watch.PatrolSession{}, &watch.FieldError{Path: "stores.sessions", Reason: "is required"}
	}
	for attempt := 0; ; attempt++ {
		ses, err := s.Sessions.GetSession(ctx, program, id)
		if err != nil {
			return watch.PatrolSession{}, err
		}
		out, err := s.Sessions.AppendSessionEvent(ctx, program, id, ses.Version, e)
		var ve *watch.VersionError
		if errors.As(err, &ve) && attempt < 3 {
			continue
		}
		return out, err
	}
}

// OverdueIncident is the alarm for a session whose deadline passed: an
// incident of kind patrol_overdue, major, that occurred at the deadline
// and was reported at now, on the patrol's beat, at its last known
// contact point when that is one of the programme's, naming the
// volunteers by id.
func OverdueIncident(rec watch.ProgramRecord, ses watch.PatrolSession, now time.Time) watch.Incident {
	deadline := ses.Deadline(rec.Policy)
	last, place := ses.LastContact()
	inc := watch.Incident{Program: ses.Program, ID: OverdueID(ses.ID), Kind: watch.KindPatrolOverdue, Severity: watch.SeverityMajor,
		OccurredAt: deadline, ReportedAt: now, Beat: ses.Beat,
		Description: fmt.Sprintf("patrol %s (%s) not back: %s; expected back %s; last contact %s at %s",
			ses.ID, ses.Shift, strings.Join(ses.Volunteers, ", "), watch.FormatInstant(ses.ExpectedEnd), watch.FormatInstant(last), place)}
	if now.Before(deadline) {
		inc.ReportedAt = deadline
	}
	for _, cp := range rec.ContactPoints {
		if cp.ID == place {
			inc.ContactPoint = place
		}
	}
	for _, b := range rec.Beats {
		if b.ID == place {
			inc.Beat = place
		}
	}
	return inc
}

// raiseOverdue raises the alarm of every open session of the programme
// whose deadline is at or before now. An alarm raised before (by this or
// another escalator) is left as it is.
func (e *Escalator) raiseOverdue(ctx context.Context, now time.Time, st *Stats) error {
	if e.sessions == nil {
		return nil
	}
	open, err := e.sessions.OpenSessions(ctx, e.program)
	if err != nil || len(open) == 0 {
		return err
	}
	rec, err := e.programs.GetProgram(ctx, e.program)
	if err != nil {
		return err
	}
	for _, ses := range open {
		if now.Before(ses.Deadline(rec.Policy)) {
			continue
		}
		_, err := e.incidents.CreateIncident(ctx, OverdueIncident(rec, ses, now))
		switch {
		case errors.Is(err, watch.ErrConflict):
		case err != nil:
			return fmt.Errorf("overdue alarm of %s: %w", ses.ID, err)
		default:
			st.Overdue++
			e.opt.Logger.Warn("armband escalator: a patrol is overdue", "program", e.program, "session", ses.ID)
		}
	}
	return nil
}
