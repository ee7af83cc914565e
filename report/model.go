package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// ProgramInfo names the programme a report is about. Kinds are the
// programme's declared kinds, so a renderer can name them.
type ProgramInfo struct {
	ID        string          `json:"id"`
	Name      string          `json:"name,omitempty"`
	Community string          `json:"community,omitempty"`
	Timezone  string          `json:"timezone"`
	Kinds     []watch.KindDef `json:"kinds,omitempty"`
}

// Person is a volunteer as a report shows one: the id and the name
// (the id again when the programme has no name, as after erasure). The
// public audience sees the name masked (张三 -> 张*) and no id.
type Person struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// Place is a beat or a contact point, by id and name.
type Place struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// IncidentLine is an incident as a report lists it. Which fields an
// audience sees is in docs/formats.md section 9.3.
type IncidentLine struct {
	ID             string         `json:"id,omitempty"`
	Kind           watch.Kind     `json:"kind"`
	Severity       watch.Severity `json:"severity"`
	State          watch.State    `json:"state"`
	Date           watch.Date     `json:"date"`
	OccurredAt     time.Time      `json:"occurred_at,omitzero"`
	ReportedAt     time.Time      `json:"reported_at,omitzero"`
	AcknowledgedAt time.Time      `json:"acknowledged_at,omitzero"`
	ResolvedAt     time.Time      `json:"resolved_at,omitzero"`
	Beat           *Place         `json:"beat,omitempty"`
	ContactPoint   *Place         `json:"contact_point,omitempty"`
	ReportedBy     *Person        `json:"reported_by,omitempty"`
	PoliceCase     bool           `json:"police_case"`
	Description    string         `json:"description,omitempty"`
	// History is the head of the incident's history chain, when the
	// report was built from a store (or given heads).
	History *History `json:"history,omitempty"`
}

// History is the head of an incident's hash chain as VerifyHistory
// recomputed it when the report was built: hold a printed report against
// the store later, and an edited record shows as another head.
type History struct {
	Head   string `json:"head"`
	Links  int    `json:"links"`
	Intact bool   `json:"intact"`
}

// KindCount counts incidents of one kind, by state.
type KindCount struct {
	Kind         watch.Kind `json:"kind"`
	Count        int        `json:"count"`
	Open         int        `json:"open"`
	Acknowledged int        `json:"acknowledged"`
	Resolved     int        `json:"resolved"`
	Voided       int        `json:"voided"`
	// Previous is the count in the month before (monthly brief only).
	Previous *int `json:"previous,omitempty"`
}

// EscalationLine is one delivery of the escalation outbox.
type EscalationLine struct {
	Incident string        `json:"incident,omitempty"`
	Rule     string        `json:"rule"`
	Step     int           `json:"step"`
	Target   string        `json:"target"`
	DueAt    time.Time     `json:"due_at"`
	Outcome  watch.Outcome `json:"outcome"`
	DoneAt   time.Time     `json:"done_at,omitzero"`
}

// directory resolves the names of a programme's volunteers, beats and
// contact points.
type directory struct {
	info   ProgramInfo
	loc    *time.Location
	people map[string]string
	beats  map[string]string
	points map[string]string
	kinds  watch.Kinds
}

func newDirectory(pf *watch.ProgramFile) (*directory, error) {
	if pf == nil {
		return nil, fmt.Errorf("%w: program: is required", watch.ErrInvalid)
	}
	loc, err := watch.LoadLocation(pf.Program.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%w: program.timezone: %q: %v", watch.ErrInvalid, pf.Program.Timezone, err)
	}
	kinds, err := watch.NewKinds(pf.Kinds)
	if err != nil {
		return nil, err
	}
	d := &directory{loc: loc, kinds: kinds,
		people: map[string]string{}, beats: map[string]string{}, points: map[string]string{}}
	d.info = ProgramInfo{ID: pf.Program.ID, Name: pf.Program.Name, Timezone: pf.Program.Timezone, Kinds: pf.Kinds}
	if c := pf.Program.Community; c != nil {
		d.info.Community = c.Name
	}
	for _, v := range pf.Volunteers {
		d.people[v.ID] = v.Name
	}
	for _, b := range pf.Beats {
		d.beats[b.ID] = b.Name
	}
	for _, c := range pf.ContactPoints {
		d.points[c.ID] = c.Name
	}
	return d, nil
}

func (d *directory) person(id string) Person {
	name := d.people[id]
	if name == "" {
		name = id
	}
	return Person{ID: id, Name: name}
}

func (d *directory) persons(ids []string) []Person {
	out := make([]Person, 0, len(ids))
	for _, id := range ids {
		out = append(out, d.person(id))
	}
	return out
}

func (d *directory) place(names map[string]string, id string) *Place {
	if id == "" {
		return nil
	}
	return &Place{ID: id, Name: names[id]}
}

// line turns an incident, as known at asOf, into a report line.
func (d *directory) line(inc watch.Incident, asOf time.Time, heads map[string]watch.Verification) IncidentLine {
	l := IncidentLine{
		ID: inc.ID, Kind: inc.Kind, Severity: inc.Severity, State: inc.StateAt(asOf),
		Date:       watch.DateOf(inc.OccurredAt.In(d.loc)),
		OccurredAt: inc.OccurredAt.In(d.loc), ReportedAt: inc.Reported().In(d.loc),
		Beat: d.place(d.beats, inc.Beat), ContactPoint: d.place(d.points, inc.ContactPoint),
		PoliceCase: inc.PoliceCase, Description: inc.Description,
	}
	l.AcknowledgedAt, l.ResolvedAt = settled(inc, asOf)
	if l.AcknowledgedAt.IsZero() && !l.ResolvedAt.IsZero() {
		l.AcknowledgedAt = l.ResolvedAt
	}
	l.AcknowledgedAt, l.ResolvedAt = inZone(l.AcknowledgedAt, d.loc), inZone(l.ResolvedAt, d.loc)
	if inc.ReportedBy != "" {
		p := d.person(inc.ReportedBy)
		l.ReportedBy = &p
	}
	if v, ok := heads[inc.ID]; ok {
		l.History = &History{Head: v.Head, Links: v.Links, Intact: v.Intact}
	}
	return l
}

// settled returns the first acknowledged and resolved instants at or
// before asOf (zero asOf: any).
func settled(inc watch.Incident, asOf time.Time) (ack, res time.Time) {
	for _, e := range inc.Events {
		if !asOf.IsZero() && e.At.After(asOf) {
			break
		}
		switch {
		case e.Type == watch.EventAcknowledged && ack.IsZero():
			ack = e.At
		case e.Type == watch.EventResolved && res.IsZero():
			res = e.At
		}
	}
	return ack, res
}

func inZone(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// kindCounts counts lines by kind and state, in the order of the kinds
// (built in, then declared), kinds with no incident left out.
func (d *directory) kindCounts(lines []IncidentLine) []KindCount {
	by := map[watch.Kind]*KindCount{}
	for _, l := range lines {
		c := by[l.Kind]
		if c == nil {
			c = &KindCount{Kind: l.Kind}
			by[l.Kind] = c
		}
		c.add(l.State)
	}
	return d.inKindOrder(by)
}

// add counts one incident in a state.
func (c *KindCount) add(s watch.State) {
	c.Count++
	switch s {
	case watch.StateOpen:
		c.Open++
	case watch.StateAcknowledged:
		c.Acknowledged++
	case watch.StateResolved:
		c.Resolved++
	case watch.StateVoided:
		c.Voided++
	}
}

func (d *directory) inKindOrder(by map[watch.Kind]*KindCount) []KindCount {
	out := make([]KindCount, 0, len(by))
	for _, k := range d.kinds.All() {
		if c := by[k.ID]; c != nil {
			out = append(out, *c)
		}
	}
	return out
}

func sortLines(lines []IncidentLine) {
	slices.SortFunc(lines, func(a, b IncidentLine) int {
		if c := a.OccurredAt.Compare(b.OccurredAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

func escalationLine(dv watch.Delivery, loc *time.Location) EscalationLine {
	out := dv.Outcome
	if out == "" {
		out = watch.OutcomePending
	}
	return EscalationLine{Incident: dv.Incident, Rule: dv.Rule, Step: dv.Step, Target: dv.Target,
		DueAt: dv.DueAt.In(loc), Outcome: out, DoneAt: inZone(dv.DoneAt, loc)}
}
