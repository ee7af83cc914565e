package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

var _ watch.SessionStore = (*Store)(nil)

const (
	startSession  = `INSERT INTO patrol_sessions (program, id, date, ended, version, doc) VALUES (?, ?, ?, 0, 1, ?)`
	sessionFound  = `SELECT 1 FROM patrol_sessions WHERE program = ? AND id = ?`
	getSession    = `SELECT version, doc FROM patrol_sessions WHERE program = ? AND id = ?`
	appendSession = `UPDATE patrol_sessions SET ended = ?, version = ?, doc = ? WHERE program = ? AND id = ? AND version = ?`
	listSessions  = `SELECT version, doc FROM patrol_sessions WHERE program = ? AND date >= ? AND date <= ? ORDER BY date, id`
	openSessions  = `SELECT version, doc FROM patrol_sessions WHERE program = ? AND ended = 0 ORDER BY id`
	allSessions   = `SELECT id, version, doc FROM patrol_sessions WHERE program = ?`
	eraseSession  = `UPDATE patrol_sessions SET doc = ? WHERE program = ? AND id = ?`
)

// StartSession implements watch.SessionStore.
func (s *Store) StartSession(ctx context.Context, ses watch.PatrolSession) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	if err := ses.Validate(); err != nil {
		return watch.PatrolSession{}, err
	}
	ses = storekit.StoredSession(ses)
	doc, err := json.Marshal(ses)
	if err != nil {
		return watch.PatrolSession{}, err
	}
	err = s.write(ctx, ses.Program, func(tx *sql.Tx) error {
		if err := s.requireProgram(ctx, tx, ses.Program); err != nil {
			return err
		}
		if dup, err := exists(ctx, tx, s.q(sessionFound), ses.Program, ses.ID); err != nil || dup {
			if err == nil {
				err = fmt.Errorf("patrol session %s/%s: %w", ses.Program, ses.ID, watch.ErrConflict)
			}
			return err
		}
		e := ses.Events[0]
		if err := s.refuseErasedText(ctx, tx, ses.Program, e.By, e.Text); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(startSession), ses.Program, ses.ID, ses.Date.String(), doc)
		return err
	})
	if err != nil {
		return watch.PatrolSession{}, err
	}
	ses.Version = 1
	return ses, nil
}

// AppendSessionEvent implements watch.SessionStore.
func (s *Store) AppendSessionEvent(ctx context.Context, program, id string, expected int, e watch.SessionEvent) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	e.At = storekit.StoredInstant(e.At)
	var out watch.PatrolSession
	err := s.write(ctx, program, func(tx *sql.Tx) error {
		ses, err := readSession(tx.QueryRowContext(ctx, s.q(getSession), program, id), program, id)
		if err != nil {
			return err
		}
		if ses.Version != expected {
			return &watch.VersionError{Expected: expected, Actual: ses.Version}
		}
		if err := ses.CheckAppend(e); err != nil {
			return err
		}
		if err := s.refuseErasedText(ctx, tx, program, e.By, e.Text); err != nil {
			return err
		}
		ses.Events = append(ses.Events, e)
		ses.Version++
		doc, err := json.Marshal(ses)
		if err != nil {
			return err
		}
		_, ended := ses.Ended()
		res, err := tx.ExecContext(ctx, s.q(appendSession), boolInt(ended), ses.Version, doc, program, id, expected)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err == nil {
				err = &watch.VersionError{Expected: expected, Actual: -1}
			}
			return err
		}
		out = ses
		return nil
	})
	return out, err
}

// readSession reads one session row.
func readSession(row *sql.Row, program, id string) (watch.PatrolSession, error) {
	var version int
	var doc []byte
	err := row.Scan(&version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.PatrolSession{}, notFound("patrol session", program, id)
	}
	if err != nil {
		return watch.PatrolSession{}, err
	}
	return decodeSession(version, doc)
}

func decodeSession(version int, doc []byte) (watch.PatrolSession, error) {
	var ses watch.PatrolSession
	if err := json.Unmarshal(doc, &ses); err != nil {
		return ses, fmt.Errorf("stored patrol session: %w", err)
	}
	ses.Version = version
	return ses, nil
}

// GetSession implements watch.SessionStore.
func (s *Store) GetSession(ctx context.Context, program, id string) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	ses, err := readSession(s.r.QueryRowContext(ctx, s.q(getSession), program, id), program, id)
	return ses, s.wrap(err)
}

// ListSessions implements watch.SessionStore.
func (s *Store) ListSessions(ctx context.Context, program string, period watch.DateRange) ([]watch.PatrolSession, error) {
	return s.sessions(ctx, listSessions, program, period.From.String(), period.To.String())
}

// OpenSessions implements watch.SessionStore; it reads the partial index
// of open sessions only.
func (s *Store) OpenSessions(ctx context.Context, program string) ([]watch.PatrolSession, error) {
	return s.sessions(ctx, openSessions, program)
}

func (s *Store) sessions(ctx context.Context, query string, args ...any) ([]watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.PatrolSession{}
	err := s.query(ctx, s.r, s.q(query), args, func(rows *sql.Rows) error {
		var version int
		var doc []byte
		if err := rows.Scan(&version, &doc); err != nil {
			return err
		}
		ses, err := decodeSession(version, doc)
		out = append(out, ses)
		return err
	})
	return out, err
}

// eraseSessionTexts blanks the check-in texts a volunteer wrote in the
// programme's sessions. Erasure is rare: it reads the programme's sessions.
func (s *Store) eraseSessionTexts(ctx context.Context, tx *sql.Tx, program, id string) error {
	type change struct {
		id  string
		doc []byte
	}
	var changes []change
	err := s.query(ctx, tx, s.q(allSessions), []any{program}, func(rows *sql.Rows) error {
		var sid string
		var version int
		var doc []byte
		if err := rows.Scan(&sid, &version, &doc); err != nil {
			return err
		}
		ses, err := decodeSession(version, doc)
		if err != nil {
			return err
		}
		blanked := false
		for i, e := range ses.Events {
			if e.By == id && e.Text != "" {
				ses.Events[i].Text, blanked = "", true
			}
		}
		if blanked {
			out, err := json.Marshal(ses)
			changes = append(changes, change{sid, out})
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, s.q(eraseSession), c.doc, program, c.id); err != nil {
			return err
		}
	}
	return nil
}
