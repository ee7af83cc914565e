package watch

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The storage contracts. Every stored record is keyed by (programme, id),
// so one database serves many estates; every method takes a
// context.Context first and returns ctx.Err() once it is done; every list
// method takes the programme. Implementations live in packages named after
// their mechanism (memstore, sqlstore) and all pass storetest.Run.
//
// Common rules for every implementation:
//
//   - Values are copied in and out: a caller never aliases stored data,
//     neither a slice, map or json.RawMessage it wrote nor one it read.
//   - Strings are stored byte for byte; a string with a NUL byte or that is
//     not valid UTF-8 is refused with ErrInvalid.
//   - Instants are stored to the microsecond (finer parts are dropped) and
//     read back in UTC; dates are dates.
//   - ErrNotFound for a missing record, ErrConflict for a duplicate id, a
//     *VersionError (which is ErrConflict) for a stale expected version,
//     and ErrInvalid (with *FieldError values) for a record that breaks
//     the formats.

// Stores bundles one store per aggregate.
type Stores struct {
	Programs    ProgramStore
	Volunteers  VolunteerStore
	Rotas       RotaStore
	Incidents   IncidentStore
	Escalations EscalationStore
	Patrols     PatrolStore
	// Sessions keeps patrols as they happen, for the overdue alarm; nil
	// when the store has none (it is optional).
	Sessions SessionStore
}

// ProgramRecord is a programme as stored: everything its file holds but
// the volunteers, whom a VolunteerStore keeps (so that one can be erased).
// Stores.ProgramFile puts the two together again.
type ProgramRecord struct {
	Program       Program        `json:"program"`
	ContactPoints []ContactPoint `json:"contact_points,omitempty"`
	Beats         []Beat         `json:"beats,omitempty"`
	Shifts        []Shift        `json:"shifts,omitempty"`
	Policy        RotaRules      `json:"policy,omitzero"`
	Horizon       DateRange      `json:"horizon,omitzero"`
	Fixed         []Fixed        `json:"fixed,omitempty"`
	Kinds         []KindDef      `json:"kinds,omitempty"`
}

// RecordOf returns the part of a programme file a ProgramStore keeps:
// everything but the volunteers, copied.
func RecordOf(f *ProgramFile) ProgramRecord {
	c := f.Clone()
	return ProgramRecord{Program: c.Program, ContactPoints: c.ContactPoints, Beats: c.Beats, Shifts: c.Shifts,
		Policy: c.Policy, Horizon: c.Horizon, Fixed: c.Fixed, Kinds: c.Kinds}
}

// file returns the record as a programme file with the given volunteers,
// sharing the record's lists.
func (r ProgramRecord) file(vols []Volunteer) *ProgramFile {
	return &ProgramFile{Program: r.Program, ContactPoints: r.ContactPoints, Beats: r.Beats, Volunteers: vols,
		Shifts: r.Shifts, Policy: r.Policy, Horizon: r.Horizon, Fixed: r.Fixed, Kinds: r.Kinds}
}

// Clone returns a deep copy of the record.
func (r ProgramRecord) Clone() ProgramRecord { return RecordOf(r.file(nil)) }

// ProgramFile reads a programme back out of the stores: its record and
// its volunteers (by id; an erased volunteer keeps the id and loses the
// personal data, so a rota can still name them), as the *ProgramFile that
// rota.NewProblem and incident.CheckNew take. The file is validated: a
// record whose fixed assignments name a volunteer the store no longer has
// is an input error. ErrNotFound when there is no such programme.
func (s Stores) ProgramFile(ctx context.Context, id string) (*ProgramFile, error) {
	rec, err := s.Programs.GetProgram(ctx, id)
	if err != nil {
		return nil, err
	}
	vols, err := s.Volunteers.ListVolunteers(ctx, id)
	if err != nil {
		return nil, err
	}
	f := rec.file(vols)
	// Erased volunteers have no birth date; they are inactive history.
	for i := range f.Volunteers {
		if f.Volunteers[i].BirthDate.IsZero() {
			f.Volunteers[i].BirthDate = FirstDate
			no := false
			f.Volunteers[i].Active = &no
		}
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("programme %s as stored: %w", id, err)
	}
	return f, nil
}

// ProgramStore keeps programmes.
type ProgramStore interface {
	// PutProgram creates or replaces a programme. ErrInvalid for a record
	// that breaks the formats as a programme file would (docs/formats.md
	// section 1), its fixed assignments' volunteers aside, which the
	// VolunteerStore holds.
	PutProgram(ctx context.Context, p ProgramRecord) error
	// GetProgram returns a programme, or ErrNotFound.
	GetProgram(ctx context.Context, id string) (ProgramRecord, error)
	// ListPrograms returns every programme, by id.
	ListPrograms(ctx context.Context) ([]ProgramRecord, error)
}

// VolunteerStore keeps the volunteers of programmes.
type VolunteerStore interface {
	// PutVolunteer creates or replaces a volunteer of a programme.
	// ErrNotFound when the programme does not exist; ErrInvalid for a
	// volunteer that breaks the formats; ErrConflict for an erased
	// volunteer, whose personal data may not come back.
	PutVolunteer(ctx context.Context, program string, v Volunteer) error
	// GetVolunteer returns a volunteer, or ErrNotFound.
	GetVolunteer(ctx context.Context, program, id string) (Volunteer, error)
	// ListVolunteers returns a programme's volunteers, by id.
	ListVolunteers(ctx context.Context, program string) ([]Volunteer, error)
	// EraseVolunteer removes a volunteer's name, phone and birth date, and
	// the free text about them: the descriptions of incidents they
	// reported, the text of notes they wrote, the notes of patrols they
	// walked, in this programme only. The id stays as a pseudonym, so
	// rotas, incidents and patrols still add up, and the incidents'
	// histories stay intact with the same heads (the chain holds a hash of
	// each text, never the text). From then on the store refuses new text
	// by that volunteer (see CreateIncident and AppendEvent).
	// ErrNotFound when there is no such volunteer. Erasing twice is not
	// an error.
	EraseVolunteer(ctx context.Context, program, id string) error
}

// RotaStore keeps generated rotas as versions. Versions count from 1 per
// programme, in the order rotas are saved; a later version replaces an
// earlier one on the dates both cover (see Cover).
type RotaStore interface {
	// SaveRota stores a rota as the newest version for its programme and
	// returns the version (1, 2, ...). ErrNotFound when the programme
	// does not exist.
	SaveRota(ctx context.Context, r Rota) (int, error)
	// GetRota returns one version of a programme's rotas, or ErrNotFound.
	GetRota(ctx context.Context, program string, version int) (Rota, error)
	// ListRotas returns every version of the programme's rotas whose
	// horizon overlaps period, oldest first (an empty list when none
	// does). A period two rotas cover together (1-14 and 15-28 December
	// for December) lists both; Cover picks, date by date, the
	// assignments in force.
	ListRotas(ctx context.Context, program string, period DateRange) ([]RotaVersion, error)
	// CurrentRota returns the newest version of the programme's rotas
	// whose horizon overlaps period, with its version, or ErrNotFound. It
	// answers "which rota did we make last"; for a period that several
	// rotas cover, use ListRotas and Cover.
	CurrentRota(ctx context.Context, program string, period DateRange) (Rota, int, error)
}

// RotaVersion is a stored rota with its version.
type RotaVersion struct {
	Version int
	Rota    Rota
}

// Cover answers which assignments are in force over a period that one or
// more stored rotas cover: for each date of period, the assignments on
// that date of the newest version (the highest Version) whose horizon
// contains the date. The result is sorted by start, then shift. Dates no
// rota covers have no assignments.
func Cover(versions []RotaVersion, period DateRange) []Assignment {
	var out []Assignment
	for _, v := range versions {
		for _, a := range v.Rota.Assignments {
			if !period.Contains(a.Date) || !v.Rota.Horizon.Contains(a.Date) {
				continue
			}
			newer := false
			for _, w := range versions {
				if w.Version > v.Version && w.Rota.Horizon.Contains(a.Date) {
					newer = true
					break
				}
			}
			if !newer {
				a.Volunteers = slices.Clone(a.Volunteers)
				out = append(out, a)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Assignment) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Shift, b.Shift))
	})
	return out
}

// IncidentQuery selects incidents of one programme. Zero fields do not
// filter.
type IncidentQuery struct {
	Program string
	// From and To select occurred_at in the half-open range [From, To),
	// compared to the microsecond, as instants are stored.
	From, To time.Time
	Kinds    []Kind
	Beats    []string
	States   []State
	// Limit bounds a page; 0 means DefaultPageSize, and more than
	// MaxPageSize is MaxPageSize.
	Limit int
	// Cursor continues after the page that returned it.
	Cursor string
}

// Page sizes of ListIncidents.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// IncidentPage is one page of incidents, by occurred_at then id. Next is
// the cursor of the following page, empty on the last one.
type IncidentPage struct {
	Incidents []Incident
	Next      string
}

// IncidentStore keeps incidents and their histories. There is no method
// that edits or deletes an event.
type IncidentStore interface {
	// CreateIncident stores a new incident with the events it carries, as
	// version len(Events), and returns it as stored. ErrNotFound when the
	// programme does not exist, ErrConflict when the id is taken or when
	// free text (the description, a note's text) comes from a volunteer
	// erased in this programme, ErrInvalid for an incident that breaks the
	// formats (its kind must be built in or declared by the programme).
	CreateIncident(ctx context.Context, inc Incident) (Incident, error)
	// GetIncident returns an incident with its events and version, or
	// ErrNotFound.
	GetIncident(ctx context.Context, program, id string) (Incident, error)
	// ListIncidents returns a page of a programme's incidents, by
	// occurred_at then id, with keyset paging: a record is never lost or
	// repeated across pages, whatever is written meanwhile (a record
	// written behind the cursor is seen on a later listing). ErrInvalid
	// for a cursor this store did not make.
	ListIncidents(ctx context.Context, q IncidentQuery) (IncidentPage, error)
	// AppendEvent appends an event when the incident's version is
	// expectedVersion, and returns the incident as it now is (version + 1).
	// A *VersionError when the version has moved on; ErrConflict for an
	// event with text by a volunteer erased in this programme (an event
	// without text, such as an acknowledgement, is taken); ErrInvalid for
	// an event the transition table of docs/formats.md section 3 does not
	// allow, or one before the incident's last instant; ErrNotFound.
	AppendEvent(ctx context.Context, program, id string, expectedVersion int, e Event) (Incident, error)
	// VerifyHistory recomputes the hash chain of an incident's history and
	// reports the first broken link and the head. ErrNotFound.
	VerifyHistory(ctx context.Context, program, id string) (Verification, error)
}

// Verification is the outcome of checking a history.
type Verification struct {
	// Intact is true when every link checks.
	Intact bool
	// FirstBroken is the first link that does not check: 0 for the
	// incident as created, n for its n-th event; -1 when intact.
	FirstBroken int
	// Head is the hash of the last link as stored.
	Head string
	// Links counts the links: 1 + the events.
	Links int
	// TextHashes holds the hash of each link's text as stored: [0] the
	// description's, [n] the n-th event's; "" for a link that never had
	// text. Erased text keeps its hash here, so a copy of the history
	// (HistoryImporter) keeps its head.
	TextHashes []string
}

// HistoryImporter is an IncidentStore that can take an incident with the
// text hashes its history had in another store (Verification.TextHashes),
// so a history whose text was erased there keeps its head here. Copy
// uses it when the destination has it; memstore and sqlstore do.
type HistoryImporter interface {
	// ImportIncident is CreateIncident with one text hash per link. A link
	// with text must have its own text's hash; a link without text has ""
	// or, when its author (the reporter, the event's By) is erased in this
	// programme, the hash of the text it had. ErrInvalid otherwise.
	ImportIncident(ctx context.Context, inc Incident, textHashes []string) (Incident, error)
}

// PolicySnapshot is an escalation policy as it was in force: a document
// stored by content, so an incident can be escalated by the policy it was
// reported under even after the policy changes.
type PolicySnapshot struct {
	Program string
	// ID is the SHA-256 of Doc, in hex; SavePolicy sets it.
	ID      string
	Doc     json.RawMessage
	SavedAt time.Time
}

// EscalationStore keeps policy snapshots and the delivery outbox.
type EscalationStore interface {
	// SavePolicy stores a snapshot by content and returns its id; saving
	// the same document again returns the same id. ErrNotFound when the
	// programme does not exist; ErrInvalid when Doc is not JSON.
	SavePolicy(ctx context.Context, program string, doc json.RawMessage, at time.Time) (string, error)
	// GetPolicy returns a snapshot, or ErrNotFound.
	GetPolicy(ctx context.Context, program, id string) (PolicySnapshot, error)
	// ListPolicies returns a programme's snapshots, by the instant they
	// were first saved, then id (an empty list when there are none).
	ListPolicies(ctx context.Context, program string) ([]PolicySnapshot, error)
	// BindPolicy records the snapshot in force for an incident; binding
	// again is ErrConflict. ErrNotFound for a missing incident or snapshot.
	BindPolicy(ctx context.Context, program, incident, policy string) error
	// PolicyFor returns the snapshot bound to an incident, or ErrNotFound.
	PolicyFor(ctx context.Context, program, incident string) (PolicySnapshot, error)
	// Enqueue adds deliveries to the outbox as pending. A delivery whose
	// key (Delivery.Key) is already there is left as it is: enqueueing is
	// idempotent.
	Enqueue(ctx context.Context, ds []Delivery) error
	// Due returns up to limit (0: all) pending deliveries of a programme
	// due at or before t, by due instant then key, without scanning the
	// rest of the outbox.
	Due(ctx context.Context, program string, t time.Time, limit int) ([]Delivery, error)
	// Settle records an attempt: Attempts, Outcome, LastError and DoneAt
	// of the delivery with d's key. ErrNotFound.
	Settle(ctx context.Context, d Delivery) error
	// Deliveries returns an incident's deliveries, by due instant then key.
	Deliveries(ctx context.Context, program, incident string) ([]Delivery, error)
}

// OutboxStore is an EscalationStore that escalators (incident.Escalator)
// run on. It finds the incidents no escalator has planned yet, plans one
// in a single step, and leases due deliveries, so that escalators sharing
// a store never hold one delivery at once. memstore and sqlstore
// implement it; docs/stores.md sections 3 and 4 say what it must do.
type OutboxStore interface {
	EscalationStore
	// Unplanned returns up to limit (as IncidentQuery.Limit) ids of the programme's incidents that have no policy
	// bound, in byte order of id, after the id after ("": from the
	// first). It reads only those incidents, not every incident.
	Unplanned(ctx context.Context, program, after string, limit int) ([]string, error)
	// Admit binds the snapshot policy to an incident and enqueues ds (as
	// Enqueue does) in one step: both happen or neither does.
	// ErrConflict when the incident already has a policy, and nothing
	// changes; ErrNotFound for a missing incident or snapshot; ErrInvalid
	// for a delivery of another programme or incident.
	Admit(ctx context.Context, program, incident, policy string, ds []Delivery) error
	// Claim leases to owner, until the instant until, up to limit (as
	// IncidentQuery.Limit) pending deliveries of the
	// programme that are due at or before now and that no lease holds at
	// now, by due instant then key, and returns them. Nobody else claims
	// a leased delivery before its lease ends. ErrInvalid for an empty
	// owner or an until not after now.
	Claim(ctx context.Context, program, owner string, now, until time.Time, limit int) ([]Delivery, error)
	// Release records an attempt on a delivery that owner holds
	// (Attempts, Outcome, LastError and DoneAt, as Settle does) and ends
	// the lease; a delivery that stays pending is claimed by nobody
	// before retryAt. ErrConflict when owner does not hold the lease (it
	// ran out and another owner claimed the delivery, or it was released
	// already), and nothing changes; ErrNotFound.
	Release(ctx context.Context, owner string, d Delivery, retryAt time.Time) error
}

// PatrolStore keeps patrol logs.
type PatrolStore interface {
	// RecordPatrol stores a patrol log. ErrConflict when the id is taken;
	// ErrNotFound when the programme does not exist; ErrInvalid.
	RecordPatrol(ctx context.Context, p PatrolLog) error
	// ListPatrols returns a programme's patrols with a date in period,
	// by date, start, id.
	ListPatrols(ctx context.Context, program string, period DateRange) ([]PatrolLog, error)
}
