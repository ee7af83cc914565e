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
	volunteerErased = `SELECT erased FROM volunteers WHERE program = ? AND id = ?`
	putVolunteer    = `INSERT INTO volunteers (program, id, erased, doc) VALUES (?, ?, 0, ?)
ON CONFLICT (program, id) DO UPDATE SET doc = excluded.doc`
	getVolunteer   = `SELECT doc FROM volunteers WHERE program = ? AND id = ?`
	listVolunteers = `SELECT doc FROM volunteers WHERE program = ? ORDER BY id`
	eraseVolunteer = `UPDATE volunteers SET erased = 1, doc = ? WHERE program = ? AND id = ?`
	// The three texts erasure blanks, each found by an index.
	eraseDescriptions = `UPDATE incidents SET description = '' WHERE program = ? AND reported_by = ? AND description <> ''`
	eraseEventTexts   = `UPDATE events SET text = '' WHERE program = ? AND author = ? AND text <> ''`
	erasePatrolNotes  = `UPDATE patrols SET notes = '' WHERE program = ? AND notes <> ''
AND id IN (SELECT patrol FROM patrol_volunteers WHERE program = ? AND volunteer = ?)`
)

// erased reports whether a volunteer of the programme was erased.
func (s *Store) erased(ctx context.Context, tx *sql.Tx, program, id string) (bool, error) {
	var erased int
	err := tx.QueryRowContext(ctx, s.q(volunteerErased), program, id).Scan(&erased)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return erased != 0, err
}

// refuseErasedText refuses new free text by an erased volunteer.
func (s *Store) refuseErasedText(ctx context.Context, tx *sql.Tx, program, by, text string) error {
	if text == "" {
		return nil
	}
	gone, err := s.erased(ctx, tx, program, by)
	if err == nil && gone {
		err = fmt.Errorf("volunteer %s/%s was erased and may not write new text: %w", program, by, watch.ErrConflict)
	}
	return err
}

// PutVolunteer implements watch.VolunteerStore.
func (s *Store) PutVolunteer(ctx context.Context, program string, v watch.Volunteer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return err
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.write(ctx, program, func(tx *sql.Tx) error {
		if err := s.requireProgram(ctx, tx, program); err != nil {
			return err
		}
		if gone, err := s.erased(ctx, tx, program, v.ID); err != nil || gone {
			if err == nil {
				err = fmt.Errorf("volunteer %s/%s was erased: %w", program, v.ID, watch.ErrConflict)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(putVolunteer), program, v.ID, doc)
		return err
	})
}

func decodeVolunteer(doc []byte) (watch.Volunteer, error) {
	var v watch.Volunteer
	if err := json.Unmarshal(doc, &v); err != nil {
		return v, fmt.Errorf("stored volunteer: %w", err)
	}
	return v, nil
}

// GetVolunteer implements watch.VolunteerStore.
func (s *Store) GetVolunteer(ctx context.Context, program, id string) (watch.Volunteer, error) {
	if err := ctx.Err(); err != nil {
		return watch.Volunteer{}, err
	}
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(getVolunteer), program, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.Volunteer{}, notFound("volunteer", program, id)
	}
	if err != nil {
		return watch.Volunteer{}, s.wrap(err)
	}
	return decodeVolunteer(doc)
}

// ListVolunteers implements watch.VolunteerStore.
func (s *Store) ListVolunteers(ctx context.Context, program string) ([]watch.Volunteer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.Volunteer{}
	err := s.query(ctx, s.r, s.q(listVolunteers), []any{program}, func(rows *sql.Rows) error {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		v, err := decodeVolunteer(doc)
		out = append(out, v)
		return err
	})
	return out, err
}

// EraseVolunteer implements watch.VolunteerStore. Everything happens in
// one transaction: the volunteer's row loses name, phone and birth date,
// and the texts about them are blanked through the one change the history
// triggers allow. Whether the old bytes also leave the disk is the
// database's affair (docs/stores.md).
func (s *Store) EraseVolunteer(ctx context.Context, program, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, program, func(tx *sql.Tx) error {
		var doc []byte
		err := tx.QueryRowContext(ctx, s.q(getVolunteer), program, id).Scan(&doc)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("volunteer", program, id)
		}
		if err != nil {
			return err
		}
		v, err := decodeVolunteer(doc)
		if err != nil {
			return err
		}
		v.Name, v.Phone, v.BirthDate = "", "", watch.Date{}
		if doc, err = json.Marshal(v); err != nil {
			return err
		}
		for _, st := range []struct {
			query string
			args  []any
		}{
			{eraseVolunteer, []any{doc, program, id}},
			{eraseDescriptions, []any{program, id}},
			{eraseEventTexts, []any{program, id}},
			{erasePatrolNotes, []any{program, program, id}},
		} {
			if _, err := tx.ExecContext(ctx, s.q(st.query), st.args...); err != nil {
				return err
			}
		}
		return s.eraseSessionTexts(ctx, tx, program, id)
	})
}
