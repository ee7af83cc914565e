package watch

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/armband/armband/internal/strict"
)

// SessionEventType is what happened on a patrol as it went.
type SessionEventType string

// The events of a patrol session (docs/formats.md section 12).
const (
	SessionStarted   SessionEventType = "started"
	SessionCheckedIn SessionEventType = "checked_in"
	SessionEnded     SessionEventType = "ended"
)

// SessionEvent is one event of a patrol session: who, when, and for a
// check-in where (a beat or contact point id) and what they said.
type SessionEvent struct {
	Type SessionEventType `json:"type"`
	At   time.Time        `json:"at"`
	By   string           `json:"by,omitempty"`
	// Place is a beat or contact point id.
	Place string `json:"place,omitempty"`
	// Text is free text; personal data.
	Text string `json:"text,omitempty"`
}

// PatrolSession is a patrol as it happens (值勤): started, checked in and
// ended, each an event on an append-only history. The overdue alarm
// watches the open ones (docs/formats.md section 12).
type PatrolSession struct {
	Program string `json:"program"`
	ID      string `json:"id"`
	// Shift and Date name the rota instance walked; Date is the date the
	// patrol starts, so a night patrol belongs to its evening.
	Shift      string   `json:"shift,omitempty"`
	Date       Date     `json:"date"`
	Beat       string   `json:"beat,omitempty"`
	Volunteers []string `json:"volunteers"`
	// ExpectedEnd is when the patrol should be back: the instance's end.
	ExpectedEnd time.Time      `json:"expected_end"`
	Events      []SessionEvent `json:"events"`
	// Version counts the events a store holds; not part of the format.
	Version int `json:"-"`
}

// Started is the instant of the started event.
func (s PatrolSession) Started() time.Time {
	if len(s.Events) == 0 {
		return time.Time{}
	}
	return s.Events[0].At
}

// Ended returns the ended event, if there is one.
func (s PatrolSession) Ended() (SessionEvent, bool) {
	if n := len(s.Events); n > 0 && s.Events[n-1].Type == SessionEnded {
		return s.Events[n-1], true
	}
	return SessionEvent{}, false
}

// LastContact is the latest start or check-in, with its place (the last
// place given, or the patrol's beat).
func (s PatrolSession) LastContact() (time.Time, string) {
	var at time.Time
	place := s.Beat
	for _, e := range s.Events {
		if e.Type == SessionEnded {
			continue
		}
		at = e.At
		if e.Place != "" {
			place = e.Place
		}
	}
	return at, place
}

// Deadline is when the overdue alarm goes off for the session under the
// rules: its expected end plus the grace, or its last contact plus the
// check-in interval when one is set and that is sooner.
func (s PatrolSession) Deadline(rules RotaRules) time.Time {
	d := s.ExpectedEnd.Add(rules.Grace())
	if every := time.Duration(rules.CheckInEvery); every > 0 {
		last, _ := s.LastContact()
		if c := last.Add(every); c.Before(d) {
			d = c
		}
	}
	return d
}

// Validate checks a new session as a store takes it: a programme, an id,
// a date, volunteers, an expected end after its start, and exactly one
// event, started.
func (s PatrolSession) Validate() error {
	var p strict.Problems
	nonEmpty(&p, "program", s.Program)
	nonEmpty(&p, "id", s.ID)
	if s.Date.IsZero() {
		p.Add("date", nil, "is required")
	}
	if len(s.Volunteers) == 0 {
		p.Add("volunteers", nil, "must name at least one volunteer")
	}
	if len(s.Events) != 1 || s.Events[0].Type != SessionStarted || s.Events[0].At.IsZero() {
		p.Add("events", nil, "must be one started event with its instant")
	} else if !s.ExpectedEnd.After(s.Events[0].At) {
		p.Add("expected_end", FormatInstant(s.ExpectedEnd), "is not after the start "+FormatInstant(s.Events[0].At))
	}
	checkTexts(&p, "", "program", s.Program, "id", s.ID, "shift", s.Shift, "beat", s.Beat)
	for i, v := range s.Volunteers {
		checkTexts(&p, "", index("volunteers", i), v)
	}
	for i, e := range s.Events {
		checkTexts(&p, index("events", i), "by", e.By, "place", e.Place, "text", e.Text)
	}
	return p.Err()
}

// CheckAppend reports whether e may follow the session's events: a
// check-in or the end, in time order, nothing after the end.
func (s PatrolSession) CheckAppend(e SessionEvent) error {
	var p strict.Problems
	switch {
	case e.Type != SessionCheckedIn && e.Type != SessionEnded:
		p.Add("type", string(e.Type), "is not checked_in or ended")
	case e.At.IsZero():
		p.Add("at", nil, "is required")
	case len(s.Events) > 0 && e.At.Before(s.Events[len(s.Events)-1].At):
		p.Add("at", FormatInstant(e.At), "is before the session's last event "+FormatInstant(s.Events[len(s.Events)-1].At))
	}
	if _, ended := s.Ended(); ended {
		p.Add("type", string(e.Type), "follows the end of the patrol")
	}
	checkTexts(&p, "", "by", e.By, "place", e.Place, "text", e.Text)
	return p.Err()
}

// Clone returns a deep copy.
func (s PatrolSession) Clone() PatrolSession {
	s.Volunteers = slices.Clone(s.Volunteers)
	s.Events = slices.Clone(s.Events)
	return s
}

// String masks the free text of check-ins, like every personal field.
func (s PatrolSession) String() string {
	return fmt.Sprintf("patrol session %s/%s (%d events)", s.Program, s.ID, len(s.Events))
}

// LogValue keeps free text out of logs.
func (s PatrolSession) LogValue() slog.Value {
	return slog.GroupValue(slog.String("program", s.Program), slog.String("id", s.ID), slog.Int("events", len(s.Events)))
}

// SessionStore keeps patrol sessions. It is optional: Stores.Sessions may
// be nil, and then nothing watches for overdue patrols.
type SessionStore interface {
	// StartSession stores a new session (Validate) as version 1.
	// ErrConflict when the id is taken or a check-in text comes from an
	// erased volunteer; ErrNotFound when the programme does not exist;
	// ErrInvalid.
	StartSession(ctx context.Context, s PatrolSession) (PatrolSession, error)
	// AppendSessionEvent appends an event when the session's version is
	// expectedVersion and returns the session as it now is. A
	// *VersionError when the version has moved on; ErrInvalid for an
	// event CheckAppend refuses; ErrConflict for text by an erased
	// volunteer; ErrNotFound.
	AppendSessionEvent(ctx context.Context, program, id string, expectedVersion int, e SessionEvent) (PatrolSession, error)
	// GetSession returns a session, or ErrNotFound.
	GetSession(ctx context.Context, program, id string) (PatrolSession, error)
	// ListSessions returns a programme's sessions with a date in period,
	// by date then id.
	ListSessions(ctx context.Context, program string, period DateRange) ([]PatrolSession, error)
	// OpenSessions returns a programme's sessions that have not ended, by
	// id, without reading the ended ones.
	OpenSessions(ctx context.Context, program string) ([]PatrolSession, error)
}
