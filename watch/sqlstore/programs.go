package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/armband/armband/watch"
)

const (
	putProgram = `INSERT INTO programs (program, kinds, doc) VALUES (?, ?, ?)
ON CONFLICT (program) DO UPDATE SET kinds = excluded.kinds, doc = excluded.doc`
	getProgram   = `SELECT doc FROM programs WHERE program = ?`
	listPrograms = `SELECT doc FROM programs ORDER BY program`
	programKinds = `SELECT kinds FROM programs WHERE program = ?`
)

// PutProgram implements watch.ProgramStore.
func (s *Store) PutProgram(ctx context.Context, p watch.ProgramRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return err
	}
	kinds, err := json.Marshal(p.Kinds)
	if err != nil {
		return err
	}
	return s.write(ctx, p.Program.ID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(putProgram), p.Program.ID, kinds, doc)
		return err
	})
}

func decodeProgram(doc []byte) (watch.ProgramRecord, error) {
	var p watch.ProgramRecord
	if err := json.Unmarshal(doc, &p); err != nil {
		return p, fmt.Errorf("stored programme: %w", err)
	}
	return p, nil
}

// GetProgram implements watch.ProgramStore.
func (s *Store) GetProgram(ctx context.Context, id string) (watch.ProgramRecord, error) {
	if err := ctx.Err(); err != nil {
		return watch.ProgramRecord{}, err
	}
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(getProgram), id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.ProgramRecord{}, notFound("programme", id)
	}
	if err != nil {
		return watch.ProgramRecord{}, s.wrap(err)
	}
	return decodeProgram(doc)
}

// ListPrograms implements watch.ProgramStore.
func (s *Store) ListPrograms(ctx context.Context) ([]watch.ProgramRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.ProgramRecord{}
	err := s.query(ctx, s.r, s.q(listPrograms), nil, func(rows *sql.Rows) error {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		p, err := decodeProgram(doc)
		out = append(out, p)
		return err
	})
	return out, err
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// query runs a query and calls each for every row, stopping at the first
// error; rows are always closed.
func (s *Store) query(ctx context.Context, db querier, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return s.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return s.wrap(err)
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap(err)
	}
	return s.wrap(rows.Close())
}

// kinds returns the kinds a programme declares, or ErrNotFound.
func (s *Store) kinds(ctx context.Context, tx *sql.Tx, program string) (watch.Kinds, error) {
	var doc []byte
	err := tx.QueryRowContext(ctx, s.q(programKinds), program).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.Kinds{}, notFound("programme", program)
	}
	if err != nil {
		return watch.Kinds{}, err
	}
	var defs []watch.KindDef
	if err := json.Unmarshal(doc, &defs); err != nil {
		return watch.Kinds{}, fmt.Errorf("stored kinds of %s: %w", program, err)
	}
	return watch.NewKinds(defs)
}
