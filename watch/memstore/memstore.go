// Package memstore keeps armband's records in memory: every storage
// contract of package watch, safe for concurrent use, with values copied
// in and out. It is for tests and embedding, and is not durable: what it
// holds is gone when the process ends.
package memstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

// Store implements every contract of watch.Stores. The zero Store is not
// usable; call New.
type Store struct {
	mu         sync.RWMutex
	programs   map[string]watch.ProgramRecord
	volunteers map[key]watch.Volunteer
	erased     map[key]bool
	rotas      map[string][]watch.Rota
	incidents  map[key]*incidentRow
	order      map[string][]orderKey // per programme, incidents by (occurred_at, id)
	policies   map[key]watch.PolicySnapshot
	bindings   map[key]string
	outbox     map[string]*watch.Delivery // by Delivery.Key
	pending    map[string]*queue          // per programme, pending deliveries by (due, key)
	leases     map[string]lease           // by Delivery.Key, while claimed or waiting to retry
	unplanned  map[string]map[string]bool // per programme, ids of incidents with no policy bound
	patrols    map[key]watch.PatrolLog
	sessions   map[key]watch.PatrolSession
	open       map[key]bool // sessions not ended
}

type key struct{ program, id string }

type orderKey struct {
	at time.Time
	id string
}

type dueKey struct {
	at  time.Time
	key string
}

// lease is an escalator's hold on a delivery (OutboxStore.Claim): owner
// holds it until until; an empty owner is a released delivery that waits
// to be retried.
type lease struct {
	owner string
	until time.Time
}

type incidentRow struct {
	inc     watch.Incident // with its events
	history storekit.History
}

var (
	_ watch.ProgramStore    = (*Store)(nil)
	_ watch.VolunteerStore  = (*Store)(nil)
	_ watch.RotaStore       = (*Store)(nil)
	_ watch.IncidentStore   = (*Store)(nil)
	_ watch.EscalationStore = (*Store)(nil)
	_ watch.OutboxStore     = (*Store)(nil)
	_ watch.PatrolStore     = (*Store)(nil)
)

// New returns an empty store.
func New() *Store {
	return &Store{
		programs: map[string]watch.ProgramRecord{}, volunteers: map[key]watch.Volunteer{}, erased: map[key]bool{},
		rotas: map[string][]watch.Rota{}, incidents: map[key]*incidentRow{}, order: map[string][]orderKey{},
		policies: map[key]watch.PolicySnapshot{}, bindings: map[key]string{}, outbox: map[string]*watch.Delivery{},
		pending: map[string]*queue{}, leases: map[string]lease{}, unplanned: map[string]map[string]bool{},
		patrols: map[key]watch.PatrolLog{}, sessions: map[key]watch.PatrolSession{}, open: map[key]bool{},
	}
}

// Stores returns the store as every contract.
func (s *Store) Stores() watch.Stores {
	return watch.Stores{Programs: s, Volunteers: s, Rotas: s, Incidents: s, Escalations: s, Patrols: s, Sessions: s}
}

func notFound(what string, k ...string) error {
	return fmt.Errorf("%s %s: %w", what, strings.Join(k, "/"), watch.ErrNotFound)
}

// requireProgram returns ErrNotFound for a missing programme. The caller
// holds the lock.
func (s *Store) requireProgram(program string) error {
	if _, ok := s.programs[program]; !ok {
		return notFound("programme", program)
	}
	return nil
}

// PutProgram implements watch.ProgramStore.
func (s *Store) PutProgram(ctx context.Context, p watch.ProgramRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.programs[p.Program.ID] = p.Clone()
	return nil
}

// GetProgram implements watch.ProgramStore.
func (s *Store) GetProgram(ctx context.Context, id string) (watch.ProgramRecord, error) {
	if err := ctx.Err(); err != nil {
		return watch.ProgramRecord{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.programs[id]
	if !ok {
		return watch.ProgramRecord{}, notFound("programme", id)
	}
	return p.Clone(), nil
}

// ListPrograms implements watch.ProgramStore.
func (s *Store) ListPrograms(ctx context.Context) ([]watch.ProgramRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]watch.ProgramRecord, 0, len(s.programs))
	for _, p := range s.programs {
		out = append(out, p.Clone())
	}
	slices.SortFunc(out, func(a, b watch.ProgramRecord) int { return strings.Compare(a.Program.ID, b.Program.ID) })
	return out, nil
}

// PutVolunteer implements watch.VolunteerStore.
func (s *Store) PutVolunteer(ctx context.Context, program string, v watch.Volunteer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireProgram(program); err != nil {
		return err
	}
	k := key{program, v.ID}
	if s.erased[k] {
		return fmt.Errorf("volunteer %s/%s was erased: %w", program, v.ID, watch.ErrConflict)
	}
	s.volunteers[k] = v.Clone()
	return nil
}

// GetVolunteer implements watch.VolunteerStore.
func (s *Store) GetVolunteer(ctx context.Context, program, id string) (watch.Volunteer, error) {
	if err := ctx.Err(); err != nil {
		return watch.Volunteer{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.volunteers[key{program, id}]
	if !ok {
		return watch.Volunteer{}, notFound("volunteer", program, id)
	}
	return v.Clone(), nil
}

// ListVolunteers implements watch.VolunteerStore.
func (s *Store) ListVolunteers(ctx context.Context, program string) ([]watch.Volunteer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.Volunteer{}
	for k, v := range s.volunteers {
		if k.program == program {
			out = append(out, v.Clone())
		}
	}
	slices.SortFunc(out, func(a, b watch.Volunteer) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// EraseVolunteer implements watch.VolunteerStore.
func (s *Store) EraseVolunteer(ctx context.Context, program, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := key{program, id}
	v, ok := s.volunteers[k]
	if !ok {
		return notFound("volunteer", program, id)
	}
	v.Name, v.Phone, v.BirthDate = "", "", watch.Date{}
	s.volunteers[k] = v
	s.erased[k] = true
	for ik, row := range s.incidents {
		if ik.program != program {
			continue
		}
		if row.inc.ReportedBy == id {
			row.inc.Description = ""
		}
		for i, e := range row.inc.Events {
			if e.By == id {
				row.inc.Events[i].Text = ""
				row.history.Events[i].Event.Text = ""
			}
		}
	}
	for sk, ses := range s.sessions {
		if sk.program != program {
			continue
		}
		for i, e := range ses.Events {
			if e.By == id {
				ses.Events[i].Text = ""
			}
		}
		s.sessions[sk] = ses
	}
	for pk, l := range s.patrols {
		if pk.program == program && slices.Contains(l.Volunteers, id) {
			l.Notes = ""
			s.patrols[pk] = l
		}
	}
	return nil
}

// erasedText is the refusal of new free text by an erased volunteer.
func erasedText(program, id string) error {
	return fmt.Errorf("volunteer %s/%s was erased and may not write new text: %w", program, id, watch.ErrConflict)
}

// SaveRota implements watch.RotaStore.
func (s *Store) SaveRota(ctx context.Context, r watch.Rota) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := storekit.CheckText("program", r.Program); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireProgram(r.Program); err != nil {
		return 0, err
	}
	r = cloneRota(r)
	for i := range r.Assignments {
		r.Assignments[i].Start = storekit.StoredInstant(r.Assignments[i].Start)
		r.Assignments[i].End = storekit.StoredInstant(r.Assignments[i].End)
	}
	s.rotas[r.Program] = append(s.rotas[r.Program], r)
	return len(s.rotas[r.Program]), nil
}

// GetRota implements watch.RotaStore.
func (s *Store) GetRota(ctx context.Context, program string, version int) (watch.Rota, error) {
	if err := ctx.Err(); err != nil {
		return watch.Rota{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	versions := s.rotas[program]
	if version < 1 || version > len(versions) {
		return watch.Rota{}, notFound("rota version", program, strconv.Itoa(version))
	}
	return cloneRota(versions[version-1]), nil
}

// ListRotas implements watch.RotaStore.
func (s *Store) ListRotas(ctx context.Context, program string, period watch.DateRange) ([]watch.RotaVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.RotaVersion{}
	for i, r := range s.rotas[program] {
		if overlaps(r.Horizon, period) {
			out = append(out, watch.RotaVersion{Version: i + 1, Rota: cloneRota(r)})
		}
	}
	return out, nil
}

func overlaps(a, b watch.DateRange) bool { return !a.From.After(b.To) && !a.To.Before(b.From) }

// CurrentRota implements watch.RotaStore.
func (s *Store) CurrentRota(ctx context.Context, program string, period watch.DateRange) (watch.Rota, int, error) {
	if err := ctx.Err(); err != nil {
		return watch.Rota{}, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	versions := s.rotas[program]
	for v := len(versions); v >= 1; v-- {
		if overlaps(versions[v-1].Horizon, period) {
			return cloneRota(versions[v-1]), v, nil
		}
	}
	return watch.Rota{}, 0, notFound("rota of", program, period.String())
}

// CreateIncident implements watch.IncidentStore.
func (s *Store) CreateIncident(ctx context.Context, inc watch.Incident) (watch.Incident, error) {
	return s.createIncident(ctx, inc, nil)
}

// ImportIncident implements watch.HistoryImporter.
func (s *Store) ImportIncident(ctx context.Context, inc watch.Incident, textHashes []string) (watch.Incident, error) {
	if textHashes == nil {
		textHashes = []string{}
	}
	return s.createIncident(ctx, inc, textHashes)
}

// createIncident creates inc; with hashes (not nil), its links take them
// (storekit.CheckImportHashes).
func (s *Store) createIncident(ctx context.Context, inc watch.Incident, hashes []string) (watch.Incident, error) {
	if err := ctx.Err(); err != nil {
		return watch.Incident{}, err
	}
	if err := storekit.CheckIncidentText(inc); err != nil {
		return watch.Incident{}, err
	}
	inc = storekit.StoredIncident(inc)
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.programs[inc.Program]
	if !ok {
		return watch.Incident{}, notFound("programme", inc.Program)
	}
	kinds, err := watch.NewKinds(p.Kinds)
	if err != nil {
		return watch.Incident{}, err
	}
	if err := inc.Validate(kinds); err != nil {
		return watch.Incident{}, err
	}
	if inc.Description != "" && s.erased[key{inc.Program, inc.ReportedBy}] {
		return watch.Incident{}, erasedText(inc.Program, inc.ReportedBy)
	}
	for _, e := range inc.Events {
		if e.Text != "" && s.erased[key{inc.Program, e.By}] {
			return watch.Incident{}, erasedText(inc.Program, e.By)
		}
	}
	k := key{inc.Program, inc.ID}
	if _, dup := s.incidents[k]; dup {
		return watch.Incident{}, fmt.Errorf("incident %s/%s: %w", inc.Program, inc.ID, watch.ErrConflict)
	}
	hashes, err = storekit.LinkHashes(inc, hashes, func(v string) (bool, error) { return s.erased[key{inc.Program, v}], nil })
	if err != nil {
		return watch.Incident{}, err
	}
	events := inc.Events
	inc.Events = nil
	row := &incidentRow{inc: inc, history: storekit.NewHistoryWith(inc, hashes[0])}
	for i, e := range events {
		row.history.AppendWith(inc.Program, inc.ID, e, hashes[i+1])
		row.inc.Events = append(row.inc.Events, e)
	}
	row.inc.Version = len(events)
	s.incidents[k] = row
	if s.unplanned[inc.Program] == nil {
		s.unplanned[inc.Program] = map[string]bool{}
	}
	s.unplanned[inc.Program][inc.ID] = true
	ok2 := orderKey{inc.OccurredAt, inc.ID}
	list := s.order[inc.Program]
	pos, _ := slices.BinarySearchFunc(list, ok2, compareOrder)
	s.order[inc.Program] = slices.Insert(list, pos, ok2)
	return copyIncident(row.inc), nil
}

func compareOrder(a, b orderKey) int {
	return cmp.Or(a.at.Compare(b.at), strings.Compare(a.id, b.id))
}

func copyIncident(inc watch.Incident) watch.Incident {
	inc.Tags = slices.Clone(inc.Tags)
	inc.Events = slices.Clone(inc.Events)
	return inc
}

// GetIncident implements watch.IncidentStore.
func (s *Store) GetIncident(ctx context.Context, program, id string) (watch.Incident, error) {
	if err := ctx.Err(); err != nil {
		return watch.Incident{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	row, ok := s.incidents[key{program, id}]
	if !ok {
		return watch.Incident{}, notFound("incident", program, id)
	}
	return copyIncident(row.inc), nil
}

// ListIncidents implements watch.IncidentStore.
func (s *Store) ListIncidents(ctx context.Context, q watch.IncidentQuery) (watch.IncidentPage, error) {
	if err := ctx.Err(); err != nil {
		return watch.IncidentPage{}, err
	}
	var after *storekit.IncidentCursor
	if q.Cursor != "" {
		c, err := storekit.DecodeIncidentCursor(q.Cursor)
		if err != nil {
			return watch.IncidentPage{}, err
		}
		after = &c
	}
	limit := storekit.PageLimit(q.Limit)
	q.From, q.To = storekit.StoredInstant(q.From), storekit.StoredInstant(q.To)
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := s.order[q.Program]
	start := 0
	if after != nil {
		start, _ = slices.BinarySearchFunc(list, orderKey{after.OccurredAt, after.ID}, compareOrder)
		if start < len(list) && list[start].at.Equal(after.OccurredAt) && list[start].id == after.ID {
			start++
		}
	}
	if !q.From.IsZero() {
		from, _ := slices.BinarySearchFunc(list, orderKey{q.From, ""}, compareOrder)
		start = max(start, from)
	}
	page := watch.IncidentPage{Incidents: []watch.Incident{}}
	for _, ok := range list[start:] {
		if !q.To.IsZero() && !ok.at.Before(q.To) {
			break
		}
		inc := s.incidents[key{q.Program, ok.id}].inc
		if !matches(q, inc) {
			continue
		}
		if len(page.Incidents) == limit {
			last := page.Incidents[limit-1]
			page.Next = storekit.IncidentCursor{OccurredAt: last.OccurredAt, ID: last.ID}.Encode()
			break
		}
		page.Incidents = append(page.Incidents, copyIncident(inc))
	}
	return page, nil
}

func matches(q watch.IncidentQuery, inc watch.Incident) bool {
	return (len(q.Kinds) == 0 || slices.Contains(q.Kinds, inc.Kind)) &&
		(len(q.Beats) == 0 || slices.Contains(q.Beats, inc.Beat)) &&
		(len(q.States) == 0 || slices.Contains(q.States, inc.State()))
}

// AppendEvent implements watch.IncidentStore.
func (s *Store) AppendEvent(ctx context.Context, program, id string, expectedVersion int, e watch.Event) (watch.Incident, error) {
	if err := ctx.Err(); err != nil {
		return watch.Incident{}, err
	}
	if err := storekit.CheckEventText("", e); err != nil {
		return watch.Incident{}, err
	}
	e.At = storekit.StoredInstant(e.At)
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.incidents[key{program, id}]
	if !ok {
		return watch.Incident{}, notFound("incident", program, id)
	}
	if row.inc.Version != expectedVersion {
		return watch.Incident{}, &watch.VersionError{Expected: expectedVersion, Actual: row.inc.Version}
	}
	if e.Text != "" && s.erased[key{program, e.By}] {
		return watch.Incident{}, erasedText(program, e.By)
	}
	if err := row.inc.CheckAppend(e); err != nil {
		return watch.Incident{}, err
	}
	row.history.Append(program, id, e)
	row.inc.Events = append(row.inc.Events, e)
	row.inc.Version++
	return copyIncident(row.inc), nil
}

// VerifyHistory implements watch.IncidentStore.
func (s *Store) VerifyHistory(ctx context.Context, program, id string) (watch.Verification, error) {
	if err := ctx.Err(); err != nil {
		return watch.Verification{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	row, ok := s.incidents[key{program, id}]
	if !ok {
		return watch.Verification{}, notFound("incident", program, id)
	}
	return row.history.Verify(row.inc), nil
}

// Tamper changes the stored text of event seq (1 for the first) of an
// incident behind the contracts' back, as someone with access to the
// memory could: for tests of VerifyHistory (storetest.Options.Tamper).
// Seq 0 changes the incident's description.
func (s *Store) Tamper(program, id string, seq int, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.incidents[key{program, id}]
	if !ok || seq < 0 || seq > len(row.history.Events) {
		return notFound("incident link", program, id)
	}
	if seq == 0 {
		row.inc.Description = text
		return nil
	}
	row.inc.Events[seq-1].Text = text
	row.history.Events[seq-1].Event.Text = text
	return nil
}

// SavePolicy implements watch.EscalationStore.
func (s *Store) SavePolicy(ctx context.Context, program string, doc json.RawMessage, at time.Time) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if !json.Valid(doc) {
		return "", &watch.FieldError{Path: "doc", Reason: "is not JSON"}
	}
	sum := sha256.Sum256(doc)
	id := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireProgram(program); err != nil {
		return "", err
	}
	k := key{program, id}
	if _, ok := s.policies[k]; !ok {
		s.policies[k] = watch.PolicySnapshot{Program: program, ID: id, Doc: slices.Clone(doc), SavedAt: storekit.StoredInstant(at)}
	}
	return id, nil
}

// GetPolicy implements watch.EscalationStore.
func (s *Store) GetPolicy(ctx context.Context, program, id string) (watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return watch.PolicySnapshot{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.policies[key{program, id}]
	if !ok {
		return watch.PolicySnapshot{}, notFound("policy", program, id)
	}
	p.Doc = slices.Clone(p.Doc)
	return p, nil
}

// ListPolicies implements watch.EscalationStore.
func (s *Store) ListPolicies(ctx context.Context, program string) ([]watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.PolicySnapshot{}
	for k, p := range s.policies {
		if k.program == program {
			p.Doc = slices.Clone(p.Doc)
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b watch.PolicySnapshot) int {
		return cmp.Or(a.SavedAt.Compare(b.SavedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// BindPolicy implements watch.EscalationStore.
func (s *Store) BindPolicy(ctx context.Context, program, incident, policy string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bind(program, incident, policy)
}

// bind binds a policy to an incident. The caller holds the write lock.
func (s *Store) bind(program, incident, policy string) error {
	if _, ok := s.incidents[key{program, incident}]; !ok {
		return notFound("incident", program, incident)
	}
	if _, ok := s.policies[key{program, policy}]; !ok {
		return notFound("policy", program, policy)
	}
	k := key{program, incident}
	if _, bound := s.bindings[k]; bound {
		return fmt.Errorf("incident %s/%s already has its policy: %w", program, incident, watch.ErrConflict)
	}
	s.bindings[k] = policy
	delete(s.unplanned[program], incident)
	return nil
}

// PolicyFor implements watch.EscalationStore.
func (s *Store) PolicyFor(ctx context.Context, program, incident string) (watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return watch.PolicySnapshot{}, err
	}
	s.mu.RLock()
	id, ok := s.bindings[key{program, incident}]
	s.mu.RUnlock()
	if !ok {
		return watch.PolicySnapshot{}, notFound("policy of incident", program, incident)
	}
	return s.GetPolicy(ctx, program, id)
}

func compareDue(a, b dueKey) int { return cmp.Or(a.at.Compare(b.at), strings.Compare(a.key, b.key)) }

// Enqueue implements watch.EscalationStore.
func (s *Store) Enqueue(ctx context.Context, ds []watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := storekit.CheckDeliveries(ds); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range ds {
		if err := s.requireProgram(d.Program); err != nil {
			return err
		}
	}
	s.enqueue(ds)
	return nil
}

// enqueue adds checked deliveries of existing programmes. The caller holds
// the write lock.
func (s *Store) enqueue(ds []watch.Delivery) {
	for _, d := range ds {
		k := d.Key()
		if _, ok := s.outbox[k]; ok {
			continue
		}
		d.DueAt = storekit.StoredInstant(d.DueAt)
		d.DoneAt = storekit.StoredInstant(d.DoneAt)
		if d.Outcome == "" {
			d.Outcome = watch.OutcomePending
		}
		s.outbox[k] = &d
		if !d.Final() {
			s.add(d.Program, dueKey{d.DueAt, k})
		}
	}
}

// Due implements watch.EscalationStore.
func (s *Store) Due(ctx context.Context, program string, t time.Time, limit int) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock() // walk reorders the queue
	defer s.mu.Unlock()
	out := []watch.Delivery{}
	s.walk(program, t, func(dk dueKey) bool {
		out = append(out, *s.outbox[dk.key])
		return limit <= 0 || len(out) < limit
	})
	return out, nil
}

// Settle implements watch.EscalationStore.
func (s *Store) Settle(ctx context.Context, d watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.outbox[d.Key()]; !ok {
		return notFound("delivery", d.Key())
	}
	s.settle(d)
	return nil
}

// settle records an attempt on a delivery that is in the outbox; a final
// one loses its lease. The caller holds the write lock.
func (s *Store) settle(d watch.Delivery) {
	k := d.Key()
	stored := s.outbox[k]
	wasPending := !stored.Final()
	stored.Attempts, stored.LastError, stored.DoneAt = d.Attempts, d.LastError, storekit.StoredInstant(d.DoneAt)
	stored.Outcome = d.Outcome
	if stored.Outcome == "" {
		stored.Outcome = watch.OutcomePending
	}
	if stored.Final() {
		delete(s.leases, k)
	} else if !wasPending {
		s.add(stored.Program, dueKey{stored.DueAt, k}) // pending again
	}
}

// Deliveries implements watch.EscalationStore.
func (s *Store) Deliveries(ctx context.Context, program, incident string) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.Delivery{}
	for _, d := range s.outbox {
		if d.Program == program && d.Incident == incident {
			out = append(out, *d)
		}
	}
	slices.SortFunc(out, func(a, b watch.Delivery) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.Key(), b.Key()))
	})
	return out, nil
}

// Unplanned implements watch.OutboxStore.
func (s *Store) Unplanned(ctx context.Context, program, after string, limit int) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit = storekit.PageLimit(limit)
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []string{}
	for id := range s.unplanned[program] {
		if id > after {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), limit)], nil
}

// Admit implements watch.OutboxStore.
func (s *Store) Admit(ctx context.Context, program, incident, policy string, ds []watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := storekit.CheckAdmitted(program, incident, ds); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.bind(program, incident, policy); err != nil {
		return err
	}
	s.enqueue(ds)
	return nil
}

// Claim implements watch.OutboxStore.
func (s *Store) Claim(ctx context.Context, program, owner string, now, until time.Time, limit int) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := storekit.CheckClaim(owner, now, until); err != nil {
		return nil, err
	}
	limit = storekit.PageLimit(limit)
	now, until = storekit.StoredInstant(now), storekit.StoredInstant(until)
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []watch.Delivery{}
	s.walk(program, now, func(dk dueKey) bool {
		if l, held := s.leases[dk.key]; !held || !l.until.After(now) {
			s.leases[dk.key] = lease{owner, until}
			out = append(out, *s.outbox[dk.key])
		}
		return len(out) < limit
	})
	return out, nil
}

// Release implements watch.OutboxStore.
func (s *Store) Release(ctx context.Context, owner string, d watch.Delivery, retryAt time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := d.Key()
	if _, ok := s.outbox[k]; !ok {
		return notFound("delivery", k)
	}
	if l := s.leases[k]; owner == "" || l.owner != owner {
		return fmt.Errorf("delivery %s is not held by %q: %w", k, owner, watch.ErrConflict)
	}
	s.settle(d)
	if !s.outbox[k].Final() {
		s.leases[k] = lease{until: storekit.StoredInstant(retryAt)}
	}
	return nil
}

// RecordPatrol implements watch.PatrolStore.
func (s *Store) RecordPatrol(ctx context.Context, l watch.PatrolLog) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireProgram(l.Program); err != nil {
		return err
	}
	k := key{l.Program, l.ID}
	if _, dup := s.patrols[k]; dup {
		return fmt.Errorf("patrol %s/%s: %w", l.Program, l.ID, watch.ErrConflict)
	}
	l = clonePatrol(l)
	l.Start, l.End = storekit.StoredInstant(l.Start), storekit.StoredInstant(l.End)
	s.patrols[k] = l
	return nil
}

// ListPatrols implements watch.PatrolStore.
func (s *Store) ListPatrols(ctx context.Context, program string, period watch.DateRange) ([]watch.PatrolLog, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.PatrolLog{}
	for k, l := range s.patrols {
		if k.program == program && period.Contains(l.Date) {
			out = append(out, clonePatrol(l))
		}
	}
	slices.SortFunc(out, func(a, b watch.PatrolLog) int {
		return cmp.Or(a.Date.Compare(b.Date), a.Start.Compare(b.Start), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}
