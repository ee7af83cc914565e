package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

const (
	savePolicy = `INSERT INTO policies (program, id, doc, saved_at) VALUES (?, ?, ?, ?)
ON CONFLICT (program, id) DO NOTHING`
	getPolicy     = `SELECT doc, saved_at FROM policies WHERE program = ? AND id = ?`
	listPolicies  = `SELECT id, doc, saved_at FROM policies WHERE program = ? ORDER BY saved_at NULLS FIRST, id`
	incidentFound = `SELECT 1 FROM incidents WHERE program = ? AND id = ?`
	policyFound   = `SELECT 1 FROM policies WHERE program = ? AND id = ?`
	bindingFound  = `SELECT 1 FROM bindings WHERE program = ? AND incident = ?`
	bindPolicy    = `INSERT INTO bindings (program, incident, policy) VALUES (?, ?, ?)`
	policyFor     = `SELECT p.doc, p.saved_at, p.id FROM bindings b
JOIN policies p ON p.program = b.program AND p.id = b.policy WHERE b.program = ? AND b.incident = ?`

	deliveryColumns = `program, incident, rule, step, target, due_at, attempts, outcome, last_error, done_at`
	enqueue         = `INSERT INTO outbox (delivery_key, ` + deliveryColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (program, delivery_key) DO NOTHING`
	// due is served by the partial index outbox_pending (program, due_at,
	// delivery_key) WHERE outcome = 'pending'.
	due = `SELECT ` + deliveryColumns + ` FROM outbox
WHERE program = ? AND outcome = 'pending' AND due_at <= ? ORDER BY due_at, delivery_key LIMIT ?`
	settle = `UPDATE outbox SET attempts = ?, outcome = ?, last_error = ?, done_at = ?
WHERE program = ? AND delivery_key = ?`
	deliveries = `SELECT ` + deliveryColumns + ` FROM outbox WHERE program = ? AND incident = ?
ORDER BY due_at, delivery_key`

	// unplanned is served by the partial index incidents_unplanned.
	unplanned   = `SELECT id FROM incidents WHERE program = ? AND planned = 0 AND id > ? ORDER BY id LIMIT ?`
	markPlanned = `UPDATE incidents SET planned = 1 WHERE program = ? AND id = ?`
	// claimable is served by outbox_pending, as due is; a leased row is
	// passed over there.
	claimable = `SELECT delivery_key, ` + deliveryColumns + ` FROM outbox
WHERE program = ? AND outcome = 'pending' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
ORDER BY due_at, delivery_key LIMIT ?`
	claim   = `UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE program = ? AND delivery_key = ?`
	release = `UPDATE outbox SET attempts = ?, outcome = ?, last_error = ?, done_at = ?, lease_owner = '', lease_until = ?
WHERE program = ? AND delivery_key = ? AND lease_owner = ? AND outcome = 'pending'`
	deliveryFound = `SELECT 1 FROM outbox WHERE program = ? AND delivery_key = ?`
)

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
	err := s.write(ctx, program, func(tx *sql.Tx) error {
		if err := s.requireProgram(ctx, tx, program); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(savePolicy), program, id, []byte(doc), micros(storekit.StoredInstant(at)))
		return err
	})
	return id, err
}

// GetPolicy implements watch.EscalationStore.
func (s *Store) GetPolicy(ctx context.Context, program, id string) (watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return watch.PolicySnapshot{}, err
	}
	p := watch.PolicySnapshot{Program: program, ID: id}
	var saved sql.NullInt64
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(getPolicy), program, id).Scan(&doc, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.PolicySnapshot{}, notFound("policy", program, id)
	}
	if err != nil {
		return watch.PolicySnapshot{}, s.wrap(err)
	}
	p.Doc, p.SavedAt = doc, instant(saved)
	return p, nil
}

// ListPolicies implements watch.EscalationStore.
func (s *Store) ListPolicies(ctx context.Context, program string) ([]watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []watch.PolicySnapshot{}
	err := s.query(ctx, s.r, s.q(listPolicies), []any{program}, func(rows *sql.Rows) error {
		p := watch.PolicySnapshot{Program: program}
		var saved sql.NullInt64
		err := rows.Scan(&p.ID, &p.Doc, &saved)
		p.SavedAt = instant(saved)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BindPolicy implements watch.EscalationStore.
func (s *Store) BindPolicy(ctx context.Context, program, incident, policy string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, program, func(tx *sql.Tx) error { return s.bind(ctx, tx, program, incident, policy) })
}

// bind binds a policy to an incident in a write transaction of the
// programme.
func (s *Store) bind(ctx context.Context, tx *sql.Tx, program, incident, policy string) error {
	for _, c := range []struct{ query, what, id string }{
		{incidentFound, "incident", incident},
		{policyFound, "policy", policy},
	} {
		found, err := exists(ctx, tx, s.q(c.query), program, c.id)
		if err == nil && !found {
			err = notFound(c.what, program, c.id)
		}
		if err != nil {
			return err
		}
	}
	if bound, err := exists(ctx, tx, s.q(bindingFound), program, incident); err != nil || bound {
		if err == nil {
			err = fmt.Errorf("incident %s/%s already has its policy: %w", program, incident, watch.ErrConflict)
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(bindPolicy), program, incident, policy); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.q(markPlanned), program, incident)
	return err
}

// PolicyFor implements watch.EscalationStore.
func (s *Store) PolicyFor(ctx context.Context, program, incident string) (watch.PolicySnapshot, error) {
	if err := ctx.Err(); err != nil {
		return watch.PolicySnapshot{}, err
	}
	p := watch.PolicySnapshot{Program: program}
	var saved sql.NullInt64
	var doc []byte
	err := s.r.QueryRowContext(ctx, s.q(policyFor), program, incident).Scan(&doc, &saved, &p.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return watch.PolicySnapshot{}, notFound("policy of incident", program, incident)
	}
	if err != nil {
		return watch.PolicySnapshot{}, s.wrap(err)
	}
	p.Doc, p.SavedAt = doc, instant(saved)
	return p, nil
}

// Enqueue implements watch.EscalationStore: every delivery in one
// transaction.
func (s *Store) Enqueue(ctx context.Context, ds []watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := storekit.CheckDeliveries(ds); err != nil {
		return err
	}
	return s.write(ctx, "", func(tx *sql.Tx) error {
		programs := map[string]bool{}
		for _, d := range ds {
			programs[d.Program] = true
		}
		// Locked in order, so two batches never wait for each other.
		for _, p := range slices.Sorted(maps.Keys(programs)) {
			if err := s.lock(ctx, tx, p); err != nil {
				return err
			}
			if err := s.requireProgram(ctx, tx, p); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, tx, ds)
	})
}

// enqueue adds checked deliveries of existing programmes in a write
// transaction that holds their locks.
func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, ds []watch.Delivery) error {
	for _, d := range ds {
		if d.Outcome == "" {
			d.Outcome = watch.OutcomePending
		}
		_, err := tx.ExecContext(ctx, s.q(enqueue), d.Key(), d.Program, d.Incident, d.Rule, d.Step, d.Target,
			micros(storekit.StoredInstant(d.DueAt)), d.Attempts, string(d.Outcome), d.LastError,
			micros(storekit.StoredInstant(d.DoneAt)))
		if err != nil {
			return err
		}
	}
	return nil
}

// scanDelivery reads deliveryColumns, after the columns scanned into
// before.
func scanDelivery(rows *sql.Rows, before ...any) (watch.Delivery, error) {
	var d watch.Delivery
	var dueAt, doneAt sql.NullInt64
	var outcome string
	err := rows.Scan(append(before, &d.Program, &d.Incident, &d.Rule, &d.Step, &d.Target, &dueAt, &d.Attempts, &outcome, &d.LastError, &doneAt)...)
	d.DueAt, d.DoneAt, d.Outcome = instant(dueAt), instant(doneAt), watch.Outcome(outcome)
	return d, err
}

func (s *Store) deliveries(ctx context.Context, query string, args ...any) ([]watch.Delivery, error) {
	out := []watch.Delivery{}
	err := s.query(ctx, s.r, s.q(query), args, func(rows *sql.Rows) error {
		d, err := scanDelivery(rows)
		out = append(out, d)
		return err
	})
	return out, err
}

// Due implements watch.EscalationStore.
func (s *Store) Due(ctx context.Context, program string, t time.Time, limit int) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = math.MaxInt32
	}
	return s.deliveries(ctx, due, program, t.UnixMicro(), limit)
}

// Settle implements watch.EscalationStore.
func (s *Store) Settle(ctx context.Context, d watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Outcome == "" {
		d.Outcome = watch.OutcomePending
	}
	return s.write(ctx, d.Program, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(settle), d.Attempts, string(d.Outcome), d.LastError,
			micros(storekit.StoredInstant(d.DoneAt)), d.Program, d.Key())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = notFound("delivery", d.Key())
			}
			return err
		}
		return nil
	})
}

// Deliveries implements watch.EscalationStore.
func (s *Store) Deliveries(ctx context.Context, program, incident string) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.deliveries(ctx, deliveries, program, incident)
}

// Unplanned implements watch.OutboxStore.
func (s *Store) Unplanned(ctx context.Context, program, after string, limit int) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []string{}
	err := s.query(ctx, s.r, s.q(unplanned), []any{program, after, storekit.PageLimit(limit)}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		out = append(out, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Admit implements watch.OutboxStore: the binding and the deliveries in
// one transaction.
func (s *Store) Admit(ctx context.Context, program, incident, policy string, ds []watch.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := storekit.CheckAdmitted(program, incident, ds); err != nil {
		return err
	}
	return s.write(ctx, program, func(tx *sql.Tx) error {
		if err := s.bind(ctx, tx, program, incident, policy); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, ds)
	})
}

// Claim implements watch.OutboxStore: it reads and leases in one write
// transaction of the programme, so two claims take turns.
func (s *Store) Claim(ctx context.Context, program, owner string, now, until time.Time, limit int) ([]watch.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := storekit.CheckClaim(owner, now, until); err != nil {
		return nil, err
	}
	var out []watch.Delivery
	err := s.write(ctx, program, func(tx *sql.Tx) error {
		out = []watch.Delivery{}
		var keys []string
		at := storekit.StoredInstant(now).UnixMicro()
		err := s.query(ctx, tx, s.q(claimable), []any{program, at, at, storekit.PageLimit(limit)}, func(rows *sql.Rows) error {
			var key string
			d, err := scanDelivery(rows, &key)
			keys, out = append(keys, key), append(out, d)
			return err
		})
		if err != nil {
			return err
		}
		for _, key := range keys {
			if _, err := tx.ExecContext(ctx, s.q(claim), owner, micros(storekit.StoredInstant(until)), program, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
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
	if d.Outcome == "" {
		d.Outcome = watch.OutcomePending
	}
	if d.Final() {
		retryAt = time.Time{}
	}
	return s.write(ctx, d.Program, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(release), d.Attempts, string(d.Outcome), d.LastError,
			micros(storekit.StoredInstant(d.DoneAt)), micros(storekit.StoredInstant(retryAt)), d.Program, d.Key(), owner)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		found, err := exists(ctx, tx, s.q(deliveryFound), d.Program, d.Key())
		switch {
		case err != nil:
			return err
		case !found:
			return notFound("delivery", d.Key())
		}
		return fmt.Errorf("delivery %s is not held by %q: %w", d.Key(), owner, watch.ErrConflict)
	})
}
