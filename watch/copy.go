package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/armband/armband/internal/strict"
)

// CopyReport says what Copy found and did. The counts are of records
// written by this run; records the destination already held are counted
// in Kept.
type CopyReport struct {
	Volunteers, Erased, Rotas, Policies, Incidents, Events, Bindings, Deliveries, Settled, Patrols int
	// Sessions counts the patrol sessions copied (when both stores keep
	// them), SessionEvents the events appended to them.
	Sessions, SessionEvents int
	// Kept counts records the destination already held as the source
	// does (a second run, or a run after one that was interrupted).
	Kept int
	// Rehashed lists, by id, the incidents whose history head differs
	// between the stores: text erased before the copy whose hash the
	// destination could not take (see Copy). Their histories are intact
	// on the destination.
	Rehashed []string
}

// Copy copies one programme, with its whole history, from src to dst:
// the programme record, its volunteers (erased ones erased again), every
// rota version under the same version number, every policy snapshot
// under the same id and first-saved instant, every incident with every
// event in order (so the destination recomputes the same hash chain),
// the policy bound to each incident, the outbox with each delivery's
// attempts and outcome, and the patrol logs.
//
// Copy only adds: what the destination already holds as the source does
// is kept, so a copy interrupted half-way (a cancelled ctx, a lost
// connection) is finished by running it again, and a second run over a
// finished copy writes nothing. A destination that holds the programme
// differently (another record, a rota version, an incident or event, a
// binding that is not the source's) is ErrConflict, naming the record,
// and Copy stops there without overwriting it; a destination whose
// incident is behind the source's (events appended since the last run)
// gets the missing events.
//
// Every history's head is the same on both stores: text erased before
// the copy is empty in the source, but its hash is kept
// (Verification.TextHashes), and a destination that is a HistoryImporter
// (memstore and sqlstore are) takes the incident with those hashes. A
// destination that is not, or events with erased text appended to a
// history already copied, get a chain over the empty text: intact, but
// with another head. Copy lists those incidents in the report's Rehashed.
//
// Copy reads the source through the contracts only and holds one page of
// incidents at a time; patrol logs and one incident's deliveries are read
// at once. Writes to the source during a copy are copied if Copy reaches
// them; run it again after the source is quiet.
func Copy(ctx context.Context, dst, src Stores, program string) (CopyReport, error) {
	c := copier{ctx: ctx, dst: dst, src: src, program: program}
	for _, step := range []func() error{c.programme, c.volunteers, c.rotas, c.policies, c.incidents, c.patrols, c.sessions} {
		if err := step(); err != nil {
			return c.report, fmt.Errorf("copy programme %s: %w", strict.Quote(program), err)
		}
	}
	return c.report, nil
}

type copier struct {
	ctx      context.Context
	dst, src Stores
	program  string
	report   CopyReport
}

// conflict is the error of a destination record that is not the source's.
func conflict(what string) error {
	return fmt.Errorf("the destination's %s is not the source's: %w", what, ErrConflict)
}

func sameJSON(a, b any) (bool, error) {
	x, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	y, err := json.Marshal(b)
	if err != nil {
		return false, err
	}
	return string(x) == string(y), nil
}

func (c *copier) programme() error {
	rec, err := c.src.Programs.GetProgram(c.ctx, c.program)
	if err != nil {
		return err
	}
	have, err := c.dst.Programs.GetProgram(c.ctx, c.program)
	switch {
	case errors.Is(err, ErrNotFound):
		return c.dst.Programs.PutProgram(c.ctx, rec)
	case err != nil:
		return err
	}
	same, err := sameJSON(rec, have)
	if err != nil {
		return err
	}
	if !same {
		return conflict("programme record")
	}
	c.report.Kept++
	return nil
}

func (c *copier) volunteers() error {
	vols, err := c.src.Volunteers.ListVolunteers(c.ctx, c.program)
	if err != nil {
		return err
	}
	for _, v := range vols {
		if err := c.volunteer(v); err != nil {
			return fmt.Errorf("volunteer %s: %w", strict.Quote(v.ID), err)
		}
	}
	return nil
}

// volunteer copies one volunteer. An erased one (no birth date) is put
// with a placeholder birth date and erased at once; a run interrupted in
// between erases it on the next.
func (c *copier) volunteer(v Volunteer) error {
	erased := v.BirthDate.IsZero()
	have, err := c.dst.Volunteers.GetVolunteer(c.ctx, c.program, v.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		put := v
		if erased {
			put.BirthDate = FirstDate
		}
		if err := c.dst.Volunteers.PutVolunteer(c.ctx, c.program, put); err != nil {
			return err
		}
		if erased {
			c.report.Erased++
			return c.dst.Volunteers.EraseVolunteer(c.ctx, c.program, v.ID)
		}
		c.report.Volunteers++
		return nil
	case err != nil:
		return err
	}
	if erased && !have.BirthDate.IsZero() {
		c.report.Erased++
		return c.dst.Volunteers.EraseVolunteer(c.ctx, c.program, v.ID)
	}
	same, err := sameJSON(v, have)
	if err != nil {
		return err
	}
	if !same {
		return conflict("volunteer")
	}
	c.report.Kept++
	return nil
}

// rotas copies versions 1, 2, ... until the source has no more, each
// under its own number.
func (c *copier) rotas() error {
	for v := 1; ; v++ {
		r, err := c.src.Rotas.GetRota(c.ctx, c.program, v)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		have, err := c.dst.Rotas.GetRota(c.ctx, c.program, v)
		switch {
		case errors.Is(err, ErrNotFound):
			got, err := c.dst.Rotas.SaveRota(c.ctx, r)
			if err != nil {
				return fmt.Errorf("rota version %d: %w", v, err)
			}
			if got != v {
				return fmt.Errorf("rota version %d was saved as version %d: %w", v, got, ErrConflict)
			}
			c.report.Rotas++
			continue
		case err != nil:
			return err
		}
		same, err := sameJSON(r, have)
		if err != nil {
			return err
		}
		if !same {
			return conflict(fmt.Sprintf("rota version %d", v))
		}
		c.report.Kept++
	}
}

func (c *copier) policies() error {
	ps, err := c.src.Escalations.ListPolicies(c.ctx, c.program)
	if err != nil {
		return err
	}
	for _, p := range ps {
		_, err := c.dst.Escalations.GetPolicy(c.ctx, c.program, p.ID)
		if err == nil {
			c.report.Kept++
			continue
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		id, err := c.dst.Escalations.SavePolicy(c.ctx, c.program, p.Doc, p.SavedAt)
		if err != nil {
			return fmt.Errorf("policy %s: %w", p.ID, err)
		}
		if id != p.ID {
			return fmt.Errorf("policy %s was saved as %s: %w", p.ID, id, ErrConflict)
		}
		c.report.Policies++
	}
	return nil
}

func (c *copier) incidents() error {
	for inc, err := range AllIncidents(c.ctx, c.src.Incidents, IncidentQuery{Program: c.program, Limit: MaxPageSize}) {
		if err != nil {
			return err
		}
		if err := c.incident(inc); err != nil {
			return fmt.Errorf("incident %s: %w", strict.Quote(inc.ID), err)
		}
	}
	return nil
}

// incident copies one incident and what hangs on it: its events, its
// binding and its deliveries.
func (c *copier) incident(inc Incident) error {
	// The source's chain, read after inc: it holds at least inc's links.
	want, err := c.src.Incidents.VerifyHistory(c.ctx, c.program, inc.ID)
	if err != nil {
		return err
	}
	have, err := c.dst.Incidents.GetIncident(c.ctx, c.program, inc.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		// One write: the incident and every event, or nothing.
		if err := c.create(inc, want.TextHashes); err != nil {
			return err
		}
		c.report.Incidents++
		c.report.Events += len(inc.Events)
	case err != nil:
		return err
	default:
		if err := c.catchUp(inc, have); err != nil {
			return err
		}
	}
	if err := c.heads(inc.ID, want); err != nil {
		return err
	}
	if err := c.binding(inc.ID); err != nil {
		return err
	}
	return c.deliveries(inc.ID)
}

// create creates inc on the destination, with the source's text hashes
// when the destination takes them, so erased text keeps its hash.
func (c *copier) create(inc Incident, hashes []string) error {
	imp, ok := c.dst.Incidents.(HistoryImporter)
	if links := 1 + len(inc.Events); ok && len(hashes) >= links {
		_, err := imp.ImportIncident(c.ctx, inc, hashes[:links])
		return err
	}
	_, err := c.dst.Incidents.CreateIncident(c.ctx, inc)
	return err
}

// catchUp checks that the destination's incident is the source's, with
// a prefix of its events, and appends the rest.
func (c *copier) catchUp(inc, have Incident) error {
	a, b := inc, have
	a.Events, b.Events, a.Version, b.Version = nil, nil, 0, 0
	same, err := sameJSON(a, b)
	if err != nil {
		return err
	}
	if !same || len(have.Events) > len(inc.Events) {
		return conflict("incident")
	}
	for i, e := range have.Events {
		same, err := sameJSON(e, inc.Events[i])
		if err != nil {
			return err
		}
		if !same {
			return conflict(fmt.Sprintf("event %d", i+1))
		}
	}
	if len(have.Events) == len(inc.Events) {
		c.report.Kept++
		return nil
	}
	for i := len(have.Events); i < len(inc.Events); i++ {
		if _, err := c.dst.Incidents.AppendEvent(c.ctx, c.program, inc.ID, i, inc.Events[i]); err != nil {
			return fmt.Errorf("event %d: %w", i+1, err)
		}
		c.report.Events++
	}
	return nil
}

// heads checks the copied history on the destination and compares its
// head with want, the source's, when both have as many links (the source
// may have moved on during the copy; the next run catches up).
func (c *copier) heads(id string, want Verification) error {
	got, err := c.dst.Incidents.VerifyHistory(c.ctx, c.program, id)
	if err != nil {
		return err
	}
	if !got.Intact {
		return fmt.Errorf("the copied history does not check at link %d of %d", got.FirstBroken, got.Links)
	}
	if got.Links == want.Links && got.Head != want.Head {
		c.report.Rehashed = append(c.report.Rehashed, id)
	}
	return nil
}

func (c *copier) binding(id string) error {
	p, err := c.src.Escalations.PolicyFor(c.ctx, c.program, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	have, err := c.dst.Escalations.PolicyFor(c.ctx, c.program, id)
	switch {
	case errors.Is(err, ErrNotFound):
		c.report.Bindings++
		return c.dst.Escalations.BindPolicy(c.ctx, c.program, id, p.ID)
	case err != nil:
		return err
	case have.ID != p.ID:
		return conflict("policy binding")
	}
	c.report.Kept++
	return nil
}

// deliveries enqueues the incident's deliveries (enqueueing is
// idempotent) and settles those whose attempts differ.
func (c *copier) deliveries(id string) error {
	ds, err := c.src.Escalations.Deliveries(c.ctx, c.program, id)
	if err != nil || len(ds) == 0 {
		return err
	}
	have, err := c.dst.Escalations.Deliveries(c.ctx, c.program, id)
	if err != nil {
		return err
	}
	held := make(map[string]Delivery, len(have))
	for _, d := range have {
		held[d.Key()] = d
	}
	var add []Delivery
	for _, d := range ds {
		if _, ok := held[d.Key()]; !ok {
			add = append(add, d)
		}
	}
	if len(add) > 0 {
		pending := make([]Delivery, len(add))
		for i, d := range add {
			pending[i] = d
			pending[i].Attempts, pending[i].Outcome, pending[i].LastError, pending[i].DoneAt = 0, OutcomePending, "", time.Time{}
		}
		if err := c.dst.Escalations.Enqueue(c.ctx, pending); err != nil {
			return err
		}
		c.report.Deliveries += len(add)
	}
	for _, d := range ds {
		h, ok := held[d.Key()]
		if ok && h.Attempts == d.Attempts && h.Outcome == d.Outcome && h.LastError == d.LastError && h.DoneAt.Equal(d.DoneAt) {
			c.report.Kept++
			continue
		}
		if !ok && d.Attempts == 0 && (d.Outcome == "" || d.Outcome == OutcomePending) {
			continue
		}
		if err := c.dst.Escalations.Settle(c.ctx, d); err != nil {
			return fmt.Errorf("delivery %s: %w", d.Key(), err)
		}
		c.report.Settled++
	}
	return nil
}

func (c *copier) patrols() error {
	ls, err := c.src.Patrols.ListPatrols(c.ctx, c.program, DateRange{From: FirstDate, To: LastDate})
	if err != nil {
		return err
	}
	have, err := c.dst.Patrols.ListPatrols(c.ctx, c.program, DateRange{From: FirstDate, To: LastDate})
	if err != nil {
		return err
	}
	held := make(map[string]PatrolLog, len(have))
	for _, l := range have {
		held[l.ID] = l
	}
	for _, l := range ls {
		if h, ok := held[l.ID]; ok {
			same, err := sameJSON(l, h)
			if err != nil {
				return err
			}
			if !same {
				return conflict("patrol " + strict.Quote(l.ID))
			}
			c.report.Kept++
			continue
		}
		if err := c.dst.Patrols.RecordPatrol(c.ctx, l); err != nil {
			return fmt.Errorf("patrol %s: %w", strict.Quote(l.ID), err)
		}
		c.report.Patrols++
	}
	return nil
}

// sessions copies the patrol sessions, when both stores keep them: a
// session the destination lacks is started, and one it holds in part is
// caught up by appending the events it lacks (a copy that was stopped).
func (c *copier) sessions() error {
	if c.src.Sessions == nil || c.dst.Sessions == nil {
		return nil
	}
	all := DateRange{From: FirstDate, To: LastDate}
	ls, err := c.src.Sessions.ListSessions(c.ctx, c.program, all)
	if err != nil {
		return err
	}
	for _, ses := range ls {
		have, err := c.dst.Sessions.GetSession(c.ctx, c.program, ses.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			first := ses.Clone()
			first.Events = first.Events[:1]
			if have, err = c.dst.Sessions.StartSession(c.ctx, first); err != nil {
				return fmt.Errorf("patrol session %s: %w", strict.Quote(ses.ID), err)
			}
			c.report.Sessions++
		case err != nil:
			return err
		default:
			c.report.Kept++
		}
		if len(have.Events) > len(ses.Events) {
			return conflict("patrol session " + strict.Quote(ses.ID))
		}
		for i := range have.Events {
			if same, err := sameJSON(have.Events[i], ses.Events[i]); err != nil || !same {
				if err == nil {
					err = conflict("patrol session " + strict.Quote(ses.ID))
				}
				return err
			}
		}
		for _, e := range ses.Events[len(have.Events):] {
			if have, err = c.dst.Sessions.AppendSessionEvent(c.ctx, c.program, ses.ID, have.Version, e); err != nil {
				return fmt.Errorf("patrol session %s: %w", strict.Quote(ses.ID), err)
			}
			c.report.SessionEvents++
		}
	}
	return nil
}
