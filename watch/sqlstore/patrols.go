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

const (
	patrolColumns = `program, id, date, start_at, end_at, shift, beat, all_normal, volunteers, incidents, notes`
	recordPatrol  = `INSERT INTO patrols (` + patrolColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	patrolWalker  = `INSERT INTO patrol_volunteers (program, volunteer, patrol) VALUES (?, ?, ?)
ON CONFLICT (program, volunteer, patrol) DO NOTHING`
	patrolFound = `SELECT 1 FROM patrols WHERE program = ? AND id = ?`
	listPatrols = `SELECT ` + patrolColumns + ` FROM patrols WHERE program = ? AND date >= ? AND date <= ?
ORDER BY date, start_at NULLS FIRST, id`
)

// RecordPatrol implements watch.PatrolStore.
func (s *Store) RecordPatrol(ctx context.Context, l watch.PatrolLog) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	vols, err := json.Marshal(l.Volunteers)
	if err != nil {
		return err
	}
	incs, err := json.Marshal(l.Incidents)
	if err != nil {
		return err
	}
	return s.write(ctx, l.Program, func(tx *sql.Tx) error {
		if err := s.requireProgram(ctx, tx, l.Program); err != nil {
			return err
		}
		if dup, err := exists(ctx, tx, s.q(patrolFound), l.Program, l.ID); err != nil || dup {
			if err == nil {
				err = fmt.Errorf("patrol %s/%s: %w", l.Program, l.ID, watch.ErrConflict)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(recordPatrol), l.Program, l.ID, l.Date.String(),
			micros(storekit.StoredInstant(l.Start)), micros(storekit.StoredInstant(l.End)), l.Shift, l.Beat,
			boolInt(l.AllNormal), vols, incs, l.Notes)
		if err != nil {
			return err
		}
		for _, v := range l.Volunteers {
			if _, err := tx.ExecContext(ctx, s.q(patrolWalker), l.Program, v, l.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListPatrols implements watch.PatrolStore.
func (s *Store) ListPatrols(ctx context.Context, program string, period watch.DateRange) ([]watch.PatrolLog, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.PatrolLog{}
	err := s.query(ctx, s.r, s.q(listPatrols), []any{program, period.From.String(), period.To.String()}, func(rows *sql.Rows) error {
		l, err := scanPatrol(rows)
		out = append(out, l)
		return err
	})
	return out, err
}

func scanPatrol(rows *sql.Rows) (watch.PatrolLog, error) {
	var l watch.PatrolLog
	var date string
	var start, end sql.NullInt64
	var normal int
	var vols, incs []byte
	err := rows.Scan(&l.Program, &l.ID, &date, &start, &end, &l.Shift, &l.Beat, &normal, &vols, &incs, &l.Notes)
	if err != nil {
		return l, err
	}
	l.Start, l.End, l.AllNormal = instant(start), instant(end), normal != 0
	if l.Date, err = watch.ParseDate(date); err != nil {
		return l, fmt.Errorf("stored patrol %s/%s: %w", l.Program, l.ID, err)
	}
	err = errors.Join(json.Unmarshal(vols, &l.Volunteers), json.Unmarshal(incs, &l.Incidents))
	if err != nil {
		return l, fmt.Errorf("stored patrol %s/%s: %w", l.Program, l.ID, err)
	}
	return l, nil
}
