package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/armband/armband/watch"
)

// Config says which databases a Store uses.
type Config struct {
	// Dialect describes the database. Required.
	Dialect Dialect
	// Writer runs every write transaction. Required. For SQLite it has one
	// connection whose transactions begin IMMEDIATE.
	Writer *sql.DB
	// Reader runs reads; nil means Writer. For SQLite it is a pool of
	// query_only connections.
	Reader *sql.DB
}

// Validate reports a missing field.
func (c Config) Validate() error {
	switch {
	case c.Dialect == nil:
		return &watch.FieldError{Path: "Dialect", Reason: "is required"}
	case c.Writer == nil:
		return &watch.FieldError{Path: "Writer", Reason: "is required"}
	}
	return nil
}

// Store implements every contract of watch.Stores over database/sql. It is
// safe for concurrent use, by goroutines and by processes sharing the
// database. It does not own its databases: closing them is the caller's.
type Store struct {
	d      Dialect
	w, r   *sql.DB
	mu     sync.Mutex
	rebind map[string]string
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

// New migrates the database to the schema of this build (see Migrate) and
// returns a store over it.
func New(ctx context.Context, c Config) (*Store, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Reader == nil {
		c.Reader = c.Writer
	}
	s := &Store{d: c.Dialect, w: c.Writer, r: c.Reader, rebind: map[string]string{}}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Stores returns the store as every contract.
func (s *Store) Stores() watch.Stores {
	return watch.Stores{Programs: s, Volunteers: s, Rotas: s, Incidents: s, Escalations: s, Patrols: s, Sessions: s}
}

// Analyze has the database gather the statistics its planner uses
// (ANALYZE, on SQLite and PostgreSQL alike). A database gathers them by
// itself in time (PostgreSQL's autovacuum) or never (SQLite); after a
// bulk load, such as a copy of an estate, run it so the planner sees the
// rows. The store's statements stay linear without statistics.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, "ANALYZE")
	return s.wrap(err)
}

// q returns a constant statement in the dialect's parameters.
func (s *Store) q(query string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out, ok := s.rebind[query]
	if !ok {
		out = s.d.Rebind(query)
		s.rebind[query] = out
	}
	return out
}

// maxAttempts bounds the retries of a write transaction the database
// reports busy.
const maxAttempts = 8

// write runs fn in a write transaction and commits it, retrying a busy
// database a few times with a growing pause. With a programme, the
// transaction first takes the dialect's lock on it (LockProgram), so the
// programme's writes take turns.
func (s *Store) write(ctx context.Context, program string, fn func(tx *sql.Tx) error) error {
	pause := 5 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, func(tx *sql.Tx) error {
			if program != "" {
				if err := s.lock(ctx, tx, program); err != nil {
					return err
				}
			}
			return fn(tx)
		})
		if err == nil || attempt == maxAttempts || s.d.Classify(err) != Busy {
			return s.wrap(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause *= 2
	}
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// lock takes the dialect's lock on a programme for the rest of tx.
func (s *Store) lock(ctx context.Context, tx *sql.Tx, program string) error {
	return s.d.LockProgram(ctx, tx, program)
}

// read runs fn in a read-only transaction, a consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, s.d.ReadTx())
	if err != nil {
		return s.wrap(err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return s.wrap(err)
	}
	return s.wrap(tx.Commit())
}

// wrap gives a driver error its meaning for the contracts: constraint
// violations and refusals by a trigger are ErrConflict, a missing row is
// ErrNotFound. Errors of the contracts pass as they are.
func (s *Store) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %v", watch.ErrNotFound, err)
	case errors.Is(err, watch.ErrConflict), errors.Is(err, watch.ErrNotFound), errors.Is(err, watch.ErrInvalid):
		return err
	}
	switch s.d.Classify(err) {
	case Conflict:
		return fmt.Errorf("%s: %w: %w", s.d.Name(), watch.ErrConflict, err)
	case Refused:
		return fmt.Errorf("%s: history is append-only: %w: %w", s.d.Name(), watch.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", s.d.Name(), err)
}

func notFound(what string, k ...string) error {
	return fmt.Errorf("%s %s: %w", what, strings.Join(k, "/"), watch.ErrNotFound)
}

// exists reports whether a query for one row finds it.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

const programExists = `SELECT 1 FROM programs WHERE program = ?`

// requireProgram returns ErrNotFound for a missing programme.
func (s *Store) requireProgram(ctx context.Context, tx *sql.Tx, program string) error {
	ok, err := exists(ctx, tx, s.q(programExists), program)
	if err == nil && !ok {
		err = notFound("programme", program)
	}
	return err
}

// Instants are integer microseconds since 1970 in UTC; the zero instant is
// NULL.

func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func instant(us sql.NullInt64) time.Time {
	if !us.Valid {
		return time.Time{}
	}
	return time.UnixMicro(us.Int64).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
