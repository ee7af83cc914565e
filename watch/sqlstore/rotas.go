package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

const (
	lastRotaVersion = `SELECT COALESCE(MAX(version), 0) FROM rotas WHERE program = ?`
	saveRota        = `INSERT INTO rotas (program, version, from_date, to_date, doc) VALUES (?, ?, ?, ?, ?)`
	getRota         = `SELECT doc FROM rotas WHERE program = ? AND version = ?`
	// Dates are YYYY-MM-DD text, so text order is date order.
	listRotas = `SELECT version, doc FROM rotas WHERE program = ? AND from_date <= ? AND to_date >= ?
ORDER BY version`
	currentRota = `SELECT version, doc FROM rotas WHERE program = ? AND from_date <= ? AND to_date >= ?
ORDER BY version DESC LIMIT 1`
)

// SaveRota implements watch.RotaStore.
func (s *Store) SaveRota(ctx context.Context, r watch.Rota) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := storekit.CheckText("program", r.Program); err != nil {
		return 0, err
	}
	for i := range r.Assignments {
		a := &r.Assignments[i]
		a.Start, a.End = storekit.StoredInstant(a.Start), storekit.StoredInstant(a.End)
	}
	doc, err := json.Marshal(r)
	if err != nil {
		return 0, err
	}
	var version int
	err = s.write(ctx, r.Program, func(tx *sql.Tx) error {
		if err := s.requireProgram(ctx, tx, r.Program); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.q(lastRotaVersion), r.Program).Scan(&version); err != nil {
			return err
		}
		version++
		_, err := tx.ExecContext(ctx, s.q(saveRota), r.Program, version, r.Horizon.From.String(), r.Horizon.To.String(), doc)
		return err
	})
	return version, err
}

// decodeRota reads a stored rota back, its instants in UTC.
func decodeRota(doc []byte) (watch.Rota, error) {
	var r watch.Rota
	if err := json.Unmarshal(doc, &r); err != nil {
		return r, fmt.Errorf("stored rota: %w", err)
	}
	for i := range r.Assignments {
		a := &r.Assignments[i]
		a.Start, a.End = a.Start.UTC(), a.End.UTC()
	}
	return r, nil
}

// GetRota implements watch.RotaStore.
func (s *Store) GetRota(ctx context.Context, program string, version int) (watch.Rota, error) {
	if err := ctx.Err(); err != nil {
		return watch.Rota{}, err
	}
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(getRota), program, version).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.Rota{}, notFound("rota version", program, strconv.Itoa(version))
	}
	if err != nil {
		return watch.Rota{}, s.wrap(err)
	}
	return decodeRota(doc)
}

// ListRotas implements watch.RotaStore.
func (s *Store) ListRotas(ctx context.Context, program string, period watch.DateRange) ([]watch.RotaVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.RotaVersion{}
	err := s.query(ctx, s.r, s.q(listRotas), []any{program, period.To.String(), period.From.String()}, func(rows *sql.Rows) error {
		var v watch.RotaVersion
		var doc []byte
		if err := rows.Scan(&v.Version, &doc); err != nil {
			return err
		}
		r, err := decodeRota(doc)
		v.Rota = r
		out = append(out, v)
		return err
	})
	return out, err
}

// CurrentRota implements watch.RotaStore.
func (s *Store) CurrentRota(ctx context.Context, program string, period watch.DateRange) (watch.Rota, int, error) {
	if err := ctx.Err(); err != nil {
		return watch.Rota{}, 0, err
	}
	var version int
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(currentRota), program, period.To.String(), period.From.String()).Scan(&version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.Rota{}, 0, notFound("rota of", program, period.String())
	}
	if err != nil {
		return watch.Rota{}, 0, s.wrap(err)
	}
	r, err := decodeRota(doc)
	return r, version, err
}
