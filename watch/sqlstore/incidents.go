package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

// An incident is one row of incidents (link 0 of its chain, with its
// version and current state) and one row of events per event. Triggers
// refuse any change to either but blanking text, and take an event only as
// the next link: its seq the incident's version, its prev the link
// before's hash.

const (
	incidentColumns = `program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version`
	insertIncident = `INSERT INTO incidents (` + incidentColumns + `, state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`
	getIncident  = `SELECT ` + incidentColumns + `, state FROM incidents WHERE program = ? AND id = ?`
	eventColumns = `incident, seq, type, at, author, text, text_hash, prev, hash`
	// getChain reads every link; getEvents only what an incident shows.
	getChain  = `SELECT ` + eventColumns + ` FROM events WHERE program = ? AND incident = ? ORDER BY seq`
	getEvents = `SELECT type, at, author, text FROM events WHERE program = ? AND incident = ? ORDER BY seq`
	lastLink  = `SELECT at, hash FROM events WHERE program = ? AND incident = ? AND seq = ?`
	// bumpVersion moves the version on only from the one expected, in the
	// transaction that inserts the event.
	bumpVersion     = `UPDATE incidents SET version = ?, state = ? WHERE program = ? AND id = ? AND version = ?`
	incidentVersion = `SELECT version FROM incidents WHERE program = ? AND id = ?`
	insertEvent     = `INSERT INTO events (program, ` + eventColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

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
	tags, err := json.Marshal(inc.Tags)
	if err != nil {
		return watch.Incident{}, err
	}
	err = s.write(ctx, inc.Program, func(tx *sql.Tx) error {
		kinds, err := s.kinds(ctx, tx, inc.Program)
		if err != nil {
			return err
		}
		if err := inc.Validate(kinds); err != nil {
			return err
		}
		if err := s.refuseErasedText(ctx, tx, inc.Program, inc.ReportedBy, inc.Description); err != nil {
			return err
		}
		for _, e := range inc.Events {
			if err := s.refuseErasedText(ctx, tx, inc.Program, e.By, e.Text); err != nil {
				return err
			}
		}
		hashes, err := storekit.LinkHashes(inc, hashes, func(v string) (bool, error) { return s.erased(ctx, tx, inc.Program, v) })
		if err != nil {
			return err
		}
		h := storekit.NewHistoryWith(inc, hashes[0])
		_, err = tx.ExecContext(ctx, s.q(insertIncident), inc.Program, inc.ID, string(inc.Kind), int(inc.Severity),
			micros(inc.OccurredAt), micros(inc.ReportedAt), inc.Beat, inc.ContactPoint, inc.ReportedBy,
			boolInt(inc.PoliceCase), tags, inc.Description, h.DescriptionHash, h.CreationHash, string(watch.StateOpen))
		if err != nil {
			return err
		}
		prev, state := h.CreationHash, watch.StateOpen
		for i, e := range inc.Events {
			if prev, state, err = s.appendLink(ctx, tx, inc.Program, inc.ID, i, prev, state, e, hashes[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return watch.Incident{}, err
	}
	inc.Version = len(inc.Events)
	return inc, nil
}

// appendLink writes event e, whose text has textHash, as link version+1
// of a chain whose head is prev, moving the incident on from version and
// state; it returns the new head and state.
func (s *Store) appendLink(ctx context.Context, tx *sql.Tx, program, id string, version int, prev string, state watch.State,
	e watch.Event, textHash string) (string, watch.State, error) {
	seq := version + 1
	hash := storekit.EventHash(prev, program, id, seq, e, textHash)
	next, err := state.Apply(e.Type)
	if err != nil {
		return "", "", err
	}
	res, err := tx.ExecContext(ctx, s.q(bumpVersion), seq, string(next), program, id, version)
	if err != nil {
		return "", "", err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			// Another writer moved the version on between the read and
			// the update (a database whose isolation allows it).
			actual := -1
			if err = tx.QueryRowContext(ctx, s.q(incidentVersion), program, id).Scan(&actual); err == nil {
				err = &watch.VersionError{Expected: version, Actual: actual}
			}
		}
		return "", "", err
	}
	_, err = tx.ExecContext(ctx, s.q(insertEvent), program, id, seq, string(e.Type), micros(e.At), e.By, e.Text, textHash, prev, hash)
	return hash, next, err
}

// scanIncident reads a row of incidentColumns, and any more columns into
// more, into an incident and the start of its chain.
func scanIncident(row interface{ Scan(...any) error }, more ...any) (watch.Incident, storekit.History, error) {
	var inc watch.Incident
	var h storekit.History
	var kind string
	var severity, police int
	var occurred, reported sql.NullInt64
	var tags []byte
	err := row.Scan(append([]any{&inc.Program, &inc.ID, &kind, &severity, &occurred, &reported, &inc.Beat, &inc.ContactPoint,
		&inc.ReportedBy, &police, &tags, &inc.Description, &h.DescriptionHash, &h.CreationHash, &inc.Version}, more...)...)
	if err != nil {
		return inc, h, err
	}
	inc.Kind, inc.Severity, inc.PoliceCase = watch.Kind(kind), watch.Severity(severity), police != 0
	inc.OccurredAt, inc.ReportedAt = instant(occurred), instant(reported)
	// Most incidents have no tags, stored as null: skip the decoder.
	if string(tags) != "null" {
		if err := json.Unmarshal(tags, &inc.Tags); err != nil {
			return inc, h, fmt.Errorf("stored tags of %s/%s: %w", inc.Program, inc.ID, err)
		}
	}
	return inc, h, nil
}

// scanEvent reads a row of eventColumns.
func scanEvent(rows *sql.Rows) (string, storekit.StoredEvent, error) {
	var incident, typ string
	var at sql.NullInt64
	var se storekit.StoredEvent
	err := rows.Scan(&incident, &se.Seq, &typ, &at, &se.Event.By, &se.Event.Text, &se.TextHash, &se.Prev, &se.Hash)
	se.Event.Type, se.Event.At = watch.EventType(typ), instant(at)
	return incident, se, err
}

// loadIncident reads an incident with its events (and, with chain, the
// links of its history), or ErrNotFound.
func (s *Store) loadIncident(ctx context.Context, tx *sql.Tx, program, id string, chain bool) (watch.Incident, storekit.History, error) {
	var state string
	inc, h, err := s.incidentRow(ctx, tx, program, id, &state)
	if err != nil {
		return inc, h, err
	}
	if chain {
		err = s.query(ctx, tx, s.q(getChain), []any{program, id}, func(rows *sql.Rows) error {
			_, se, err := scanEvent(rows)
			h.Events = append(h.Events, se)
			inc.Events = append(inc.Events, se.Event)
			return err
		})
	} else {
		err = s.events(ctx, tx, &inc)
	}
	if err == nil && len(inc.Events) != inc.Version {
		err = fmt.Errorf("incident %s/%s has version %d and %d events", program, id, inc.Version, len(inc.Events))
	}
	return inc, h, err
}

// incidentRow reads an incident without its events, and its state.
func (s *Store) incidentRow(ctx context.Context, tx *sql.Tx, program, id string, state *string) (watch.Incident, storekit.History, error) {
	inc, h, err := scanIncident(tx.QueryRowContext(ctx, s.q(getIncident), program, id), state)
	if errors.Is(err, sql.ErrNoRows) {
		err = notFound("incident", program, id)
	}
	return inc, h, err
}

// events reads an incident's events (what it shows, not the chain).
func (s *Store) events(ctx context.Context, tx *sql.Tx, inc *watch.Incident) error {
	return s.query(ctx, tx, s.q(getEvents), []any{inc.Program, inc.ID}, func(rows *sql.Rows) error {
		var e watch.Event
		var typ string
		var at sql.NullInt64
		err := rows.Scan(&typ, &at, &e.By, &e.Text)
		e.Type, e.At = watch.EventType(typ), instant(at)
		inc.Events = append(inc.Events, e)
		return err
	})
}

// GetIncident implements watch.IncidentStore.
func (s *Store) GetIncident(ctx context.Context, program, id string) (watch.Incident, error) {
	if err := ctx.Err(); err != nil {
		return watch.Incident{}, err
	}
	var inc watch.Incident
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		inc, _, err = s.loadIncident(ctx, tx, program, id, false)
		return err
	})
	return inc, err
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
	var inc watch.Incident
	err := s.write(ctx, program, func(tx *sql.Tx) error {
		// Only the incident's row and its last link are read before the
		// checks, so a stale version is refused at once.
		var state string
		var h storekit.History
		var err error
		inc, h, err = s.incidentRow(ctx, tx, program, id, &state)
		if err != nil {
			return err
		}
		if inc.Version != expectedVersion {
			return &watch.VersionError{Expected: expectedVersion, Actual: inc.Version}
		}
		prev, last := h.CreationHash, inc.Reported()
		if inc.Version > 0 {
			var at sql.NullInt64
			if err := tx.QueryRowContext(ctx, s.q(lastLink), program, id, inc.Version).Scan(&at, &prev); err != nil {
				return fmt.Errorf("incident %s/%s: link %d: %w", program, id, inc.Version, err)
			}
			last = instant(at)
		}
		if err := s.refuseErasedText(ctx, tx, program, e.By, e.Text); err != nil {
			return err
		}
		if err := watch.CheckNext(watch.State(state), last, e); err != nil {
			return err
		}
		if _, _, err := s.appendLink(ctx, tx, program, id, inc.Version, prev, watch.State(state), e, storekit.TextHash(e.Text)); err != nil {
			return err
		}
		inc.Version++
		return s.events(ctx, tx, &inc)
	})
	if err != nil {
		return watch.Incident{}, err
	}
	return inc, nil
}

// VerifyHistory implements watch.IncidentStore.
func (s *Store) VerifyHistory(ctx context.Context, program, id string) (watch.Verification, error) {
	if err := ctx.Err(); err != nil {
		return watch.Verification{}, err
	}
	var v watch.Verification
	err := s.read(ctx, func(tx *sql.Tx) error {
		inc, h, err := s.loadIncident(ctx, tx, program, id, true)
		v = h.Verify(inc)
		return err
	})
	return v, err
}

// The fragments of ListIncidents: constant text, put together by which
// filters a query has, with every value bound.
const (
	listSelect = `SELECT ` + incidentColumns + ` FROM incidents WHERE program = ?`
	listFrom   = ` AND occurred_at >= ?`
	listTo     = ` AND occurred_at < ?`
	listAfter  = ` AND (occurred_at > ? OR (occurred_at = ? AND id > ?))`
	listOrder  = ` ORDER BY occurred_at, id LIMIT ?`
	pageEvents = `SELECT ` + eventColumns + ` FROM events WHERE program = ? AND %s ORDER BY incident, seq`
)

// ListIncidents implements watch.IncidentStore.
func (s *Store) ListIncidents(ctx context.Context, q watch.IncidentQuery) (watch.IncidentPage, error) {
	if err := ctx.Err(); err != nil {
		return watch.IncidentPage{}, err
	}
	var sqlText strings.Builder
	sqlText.WriteString(listSelect)
	args := []any{q.Program}
	if !q.From.IsZero() {
		sqlText.WriteString(listFrom)
		args = append(args, micros(storekit.StoredInstant(q.From)))
	}
	if !q.To.IsZero() {
		sqlText.WriteString(listTo)
		args = append(args, micros(storekit.StoredInstant(q.To)))
	}
	if q.Cursor != "" {
		c, err := storekit.DecodeIncidentCursor(q.Cursor)
		if err != nil {
			return watch.IncidentPage{}, err
		}
		sqlText.WriteString(listAfter)
		args = append(args, micros(c.OccurredAt), micros(c.OccurredAt), c.ID)
	}
	for _, f := range []struct {
		column string
		values []string
	}{
		{"kind", stringsOf(q.Kinds)},
		{"beat", q.Beats},
		{"state", stringsOf(q.States)},
	} {
		if len(f.values) == 0 {
			continue
		}
		list, err := json.Marshal(f.values)
		if err != nil {
			return watch.IncidentPage{}, err
		}
		sqlText.WriteString(" AND " + s.d.InJSON(f.column))
		args = append(args, string(list))
	}
	sqlText.WriteString(listOrder)
	limit := storekit.PageLimit(q.Limit)
	args = append(args, limit+1)

	page := watch.IncidentPage{Incidents: make([]watch.Incident, 0, min(limit+1, 128))}
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := s.query(ctx, tx, s.q(sqlText.String()), args, func(rows *sql.Rows) error {
			inc, _, err := scanIncident(rows)
			page.Incidents = append(page.Incidents, inc)
			return err
		})
		if err != nil {
			return err
		}
		if len(page.Incidents) > limit {
			page.Incidents = page.Incidents[:limit]
			last := page.Incidents[limit-1]
			page.Next = storekit.IncidentCursor{OccurredAt: last.OccurredAt, ID: last.ID}.Encode()
		}
		return s.pageEvents(ctx, tx, q.Program, page.Incidents)
	})
	if err != nil {
		return watch.IncidentPage{}, err
	}
	return page, nil
}

// pageEvents reads the events of a page of incidents in one query.
func (s *Store) pageEvents(ctx context.Context, tx *sql.Tx, program string, incs []watch.Incident) error {
	at := map[string]int{}
	var withEvents []string
	for i, inc := range incs {
		if inc.Version > 0 {
			at[inc.ID] = i
			withEvents = append(withEvents, inc.ID)
			incs[i].Events = make([]watch.Event, 0, inc.Version)
		}
	}
	if len(withEvents) == 0 {
		return nil
	}
	list, err := json.Marshal(withEvents)
	if err != nil {
		return err
	}
	err = s.query(ctx, tx, s.q(fmt.Sprintf(pageEvents, s.d.InJSON("incident"))), []any{program, string(list)}, func(rows *sql.Rows) error {
		id, se, err := scanEvent(rows)
		if i, ok := at[id]; ok && err == nil {
			incs[i].Events = append(incs[i].Events, se.Event)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, inc := range incs {
		if len(inc.Events) != inc.Version {
			return fmt.Errorf("incident %s/%s has version %d and %d events", program, inc.ID, inc.Version, len(inc.Events))
		}
	}
	return nil
}

func stringsOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
