package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// DayState sums up a day in the daily safety report.
type DayState string

// The day states, from docs/formats.md section 9.1. A day with no patrol
// log at all is unknown, never normal.
const (
	DayNormal    DayState = "normal"
	DayIncidents DayState = "incidents"
	DayPartial   DayState = "partial"
	DayUnknown   DayState = "unknown"
)

// DailyInput is what a daily safety report is built from. Every list may
// hold records of other dates: Daily takes those of Date.
type DailyInput struct {
	// Program gives the zone, the names and the declared kinds; required.
	Program *watch.ProgramFile
	// Date is the day reported on, in the programme's zone; required.
	Date watch.Date
	// Assignments are the rota in force (watch.Cover of the rotas a
	// store holds, or a rota file's); a night patrol belongs to the date
	// it starts, as an assignment's Date does.
	Assignments []watch.Assignment
	// Patrols are the patrol logs filed.
	Patrols []watch.PatrolLog
	// Incidents are listed when they occurred on Date.
	Incidents []watch.Incident
	// Deliveries are the outbox rows of those incidents.
	Deliveries []watch.Delivery
	// Heads are the incidents' history verifications, by incident id.
	Heads map[string]watch.Verification
	// AsOf, when not zero, reports the day as it stood then: incidents
	// reported later are left out and later events ignored.
	AsOf time.Time
}

// DailyReport is the daily safety report (平安日汇报): the document of
// docs/formats.md section 9.1.
type DailyReport struct {
	Report          string           `json:"report"`
	Program         ProgramInfo      `json:"program"`
	Date            watch.Date       `json:"date"`
	Weekday         watch.Weekday    `json:"weekday"`
	State           DayState         `json:"state"`
	Planned         int              `json:"patrols_planned"`
	Done            int              `json:"patrols_done"`
	Logged          int              `json:"patrols_logged"`
	Patrols         []PatrolLine     `json:"patrols"`
	OnDuty          []Person         `json:"on_duty"`
	Incidents       []IncidentLine   `json:"incidents"`
	ByKind          []KindCount      `json:"by_kind"`
	Escalations     []EscalationLine `json:"escalations"`
	EscalationsSent int              `json:"escalations_sent"`
	AsOf            time.Time        `json:"as_of,omitzero"`
}

// PatrolLine is one patrol of the day: a planned shift instance, with its
// log when one was filed, or a log no rota planned.
type PatrolLine struct {
	Shift string    `json:"shift,omitempty"`
	Beat  *Place    `json:"beat,omitempty"`
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// Volunteers are those of the log when logged, else the rota's.
	Volunteers []Person `json:"volunteers"`
	Planned    bool     `json:"planned"`
	Logged     bool     `json:"logged"`
	// AllNormal is the log's answer; nil when not logged.
	AllNormal *bool  `json:"all_normal,omitempty"`
	Notes     string `json:"notes,omitempty"`
}

// Daily builds the daily safety report. It is pure: the same input gives
// the same report. An error is an input the report cannot be about (no
// programme, no date, an unknown zone).
func Daily(in DailyInput) (DailyReport, error) {
	d, err := newDirectory(in.Program)
	if err != nil {
		return DailyReport{}, err
	}
	if in.Date.IsZero() {
		return DailyReport{}, fmt.Errorf("%w: date: is required", watch.ErrInvalid)
	}
	r := DailyReport{Report: "daily", Program: d.info, Date: in.Date,
		Weekday: watch.Weekday(in.Date.Weekday()), AsOf: inZone(in.AsOf, d.loc)}

	logs := d.logsOn(in.Patrols, in.Date, in.AsOf)
	r.Logged = len(logs)
	used := make([]bool, len(logs))
	notNormal := false
	for _, a := range in.Assignments {
		if a.Date != in.Date {
			continue
		}
		r.Planned++
		line := PatrolLine{Shift: a.Shift, Beat: d.place(d.beats, a.Beat), Start: a.Start.In(d.loc), End: a.End.In(d.loc),
			Volunteers: d.persons(a.Volunteers), Planned: true}
		for i, l := range logs {
			if !used[i] && l.Shift == a.Shift {
				used[i] = true
				r.Done++
				d.logInto(&line, l)
				break
			}
		}
		r.Patrols = append(r.Patrols, line)
	}
	onDuty := map[string]bool{}
	for i, l := range logs {
		notNormal = notNormal || !l.AllNormal
		for _, v := range l.Volunteers {
			onDuty[v] = true
		}
		if used[i] {
			continue
		}
		line := PatrolLine{Shift: l.Shift, Beat: d.place(d.beats, l.Beat)}
		d.logInto(&line, l)
		r.Patrols = append(r.Patrols, line)
	}
	slices.SortStableFunc(r.Patrols, func(a, b PatrolLine) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Shift, b.Shift)
	})
	r.OnDuty = d.persons(slices.Sorted(maps.Keys(onDuty)))

	ids := map[string]bool{}
	live := 0
	for _, inc := range in.Incidents {
		inc, ok := known(inc, in.AsOf)
		if !ok || watch.DateOf(inc.OccurredAt.In(d.loc)) != in.Date {
			continue
		}
		l := d.line(inc, in.AsOf, in.Heads)
		ids[inc.ID] = true
		if l.State != watch.StateVoided {
			live++
		}
		r.Incidents = append(r.Incidents, l)
	}
	sortLines(r.Incidents)
	r.ByKind = d.kindCounts(r.Incidents)
	for _, dv := range in.Deliveries {
		if !ids[dv.Incident] {
			continue
		}
		if !in.AsOf.IsZero() && !dv.DoneAt.IsZero() && dv.DoneAt.After(in.AsOf) {
			dv.Outcome, dv.DoneAt = watch.OutcomePending, time.Time{}
		}
		e := escalationLine(dv, d.loc)
		if e.Outcome == watch.OutcomeDelivered {
			r.EscalationsSent++
		}
		r.Escalations = append(r.Escalations, e)
	}
	slices.SortStableFunc(r.Escalations, compareEscalations)

	switch {
	case len(logs) == 0:
		r.State = DayUnknown
	case live > 0 || notNormal:
		r.State = DayIncidents
	case r.Done < r.Planned:
		r.State = DayPartial
	default:
		r.State = DayNormal
	}
	r.Patrols, r.OnDuty, r.Incidents, r.ByKind, r.Escalations = nonNil(r.Patrols), nonNil(r.OnDuty), nonNil(r.Incidents), nonNil(r.ByKind), nonNil(r.Escalations)
	return r, nil
}

// logsOn returns the logs of a date filed by asOf (a log counts as filed
// when its patrol had ended), by start then id.
func (d *directory) logsOn(all []watch.PatrolLog, date watch.Date, asOf time.Time) []watch.PatrolLog {
	var out []watch.PatrolLog
	for _, l := range all {
		if l.Date != date || (!asOf.IsZero() && !l.End.IsZero() && l.End.After(asOf)) {
			continue
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b watch.PatrolLog) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (d *directory) logInto(line *PatrolLine, l watch.PatrolLog) {
	line.Logged = true
	normal := l.AllNormal
	line.AllNormal = &normal
	line.Volunteers = d.persons(l.Volunteers)
	line.Notes = l.Notes
	if !l.Start.IsZero() {
		line.Start, line.End = l.Start.In(d.loc), l.End.In(d.loc)
	}
	if line.Beat == nil {
		line.Beat = d.place(d.beats, l.Beat)
	}
}

func compareEscalations(a, b EscalationLine) int {
	if c := a.DueAt.Compare(b.DueAt); c != 0 {
		return c
	}
	for _, c := range []int{strings.Compare(a.Incident, b.Incident), strings.Compare(a.Rule, b.Rule), a.Step - b.Step} {
		if c != 0 {
			return c
		}
	}
	return strings.Compare(a.Target, b.Target)
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Status is the phrase key of a patrol's state: all_normal, not_normal or
// not_logged.
func (p PatrolLine) Status() string {
	switch {
	case p.AllNormal == nil:
		return "not_logged"
	case *p.AllNormal:
		return "all_normal"
	}
	return "not_normal"
}

// HasNotes reports whether any patrol of the report carries notes (never
// for the public or the police).
func (r DailyReport) HasNotes() bool {
	for _, p := range r.Patrols {
		if p.Notes != "" {
			return true
		}
	}
	return false
}
