package sqltest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore"
	"github.com/armband/armband/watch/storetest"
)

// Target is one new, empty store for Plain, and the databases under it:
// Write takes write transactions and Read read-only ones (the same
// database where a dialect uses one pool for both).
type Target struct {
	Stores      watch.Stores
	Write, Read *sql.DB
}

// Plain is the baseline of storetest.Bench: for each of its benchmarks,
// the statements the store runs, in the same transactions, with the same
// locks, through plain database/sql on the store's own databases, with
// none of the store's work around them (checks, hashing, JSON, building
// values). The ratio of the two is the store's overhead. open returns a
// new, empty store of dialect d; Plain fills it through its Stores.
func Plain(b *testing.B, d sqlstore.Dialect, open func(b *testing.B) Target) {
	ctx := context.Background()
	q := d.Rebind
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	// write runs fn in a write transaction that holds p's lock, as the
	// store's writes do.
	write := func(b *testing.B, t Target, p string, fn func(tx *sql.Tx)) {
		tx, err := t.Write.BeginTx(ctx, nil)
		must(b, err)
		defer tx.Rollback()
		must(b, d.LockProgram(ctx, tx, p))
		fn(tx)
		must(b, tx.Commit())
	}
	b.Run("CreateIncident", func(b *testing.B) {
		t := open(b)
		p := program(b, t.Stores)
		insert := q(`INSERT INTO incidents (program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version, state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`)
		i := 0
		for b.Loop() {
			write(b, t, p, func(tx *sql.Tx) {
				var kinds []byte
				must(b, tx.QueryRowContext(ctx, q(`SELECT kinds FROM programs WHERE program = ?`), p).Scan(&kinds))
				execTx(b, tx, insert, p, fmt.Sprintf("c-%d", i), "other", 1, at.UnixMicro()+int64(i), nil,
					"market", "", "", 0, []byte("null"), "", "", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "open")
			})
			i++
		}
	})
	b.Run("AppendEvent", func(b *testing.B) {
		t := open(b)
		p := program(b, t.Stores)
		const incidents = 64
		for i := range incidents {
			_, err := t.Stores.Incidents.CreateIncident(ctx, watch.Incident{Program: p, ID: fmt.Sprintf("a-%d", i), Kind: watch.KindOther,
				Severity: watch.SeverityMinor, OccurredAt: at, Beat: "market"})
			must(b, err)
		}
		readIncident := q(`SELECT program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version, state FROM incidents WHERE program = ? AND id = ?`)
		lastLink := q(`SELECT at, hash FROM events WHERE program = ? AND incident = ? AND seq = ?`)
		erased := q(`SELECT erased FROM volunteers WHERE program = ? AND id = ?`)
		update := q(`UPDATE incidents SET version = ?, state = ? WHERE program = ? AND id = ? AND version = ?`)
		insert := q(`INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		history := q(`SELECT type, at, author, text FROM events WHERE program = ? AND incident = ? ORDER BY seq`)
		versions := make([]int, incidents)
		i := 0
		for b.Loop() {
			k := i % incidents
			id := fmt.Sprintf("a-%d", k)
			write(b, t, p, func(tx *sql.Tx) {
				var c incidentCols
				must(b, tx.QueryRowContext(ctx, readIncident, p, id).Scan(c.dest()...))
				prev := c.creationHash
				if c.version > 0 {
					var last int64
					must(b, tx.QueryRowContext(ctx, lastLink, p, id, c.version).Scan(&last, &prev))
				}
				var e int
				if err := tx.QueryRowContext(ctx, erased, p, "v01").Scan(&e); err != sql.ErrNoRows {
					b.Fatal(err)
				}
				execTx(b, tx, update, versions[k]+1, "open", p, id, versions[k])
				execTx(b, tx, insert, p, id, versions[k]+1, "note", at.Add(time.Hour).UnixMicro(), "v01", "巡逻正常", c.creationHash, prev, fmt.Sprintf("h-%d", i))
				rows, err := tx.QueryContext(ctx, history, p, id)
				must(b, err)
				for rows.Next() {
					var typ, by, text string
					var at int64
					must(b, rows.Scan(&typ, &at, &by, &text))
				}
				must(b, rows.Err())
			})
			versions[k]++
			i++
		}
	})
	page := pager{d: d}
	b.Run("ListIncidentsPage", func(b *testing.B) {
		t := open(b)
		p := program(b, t.Stores)
		for i := range 2000 {
			_, err := t.Stores.Incidents.CreateIncident(ctx, watch.Incident{Program: p, ID: fmt.Sprintf("l-%05d", i), Kind: watch.KindOther,
				Severity: watch.SeverityMinor, OccurredAt: at.Add(time.Duration(i) * time.Minute), Beat: "market"})
			must(b, err)
		}
		storetest.Settle(b, t.Stores)
		for b.Loop() {
			if n, _ := page.read(b, t.Read, p, nil, at.Add(500*time.Minute), time.Time{}, nil, 50); n != 50 {
				b.Fatalf("page of %d", n)
			}
		}
	})
	year := func(b *testing.B, beats []string, from, to time.Time, limit, want int) {
		t := open(b)
		p := storetest.BenchYear(b, t.Stores)
		for b.Loop() {
			n := 0
			var after *cursor
			for {
				got, last := page.read(b, t.Read, p, beats, from, to, after, limit)
				n += got
				if got < limit {
					break
				}
				after = &last
			}
			if n != want {
				b.Fatalf("%d incidents, want %d", n, want)
			}
		}
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	b.Run("ListMonthByBeat", func(b *testing.B) {
		year(b, []string{"north"}, start.AddDate(0, 5, 0), start.AddDate(0, 6, 0), watch.DefaultPageSize, 180)
	})
	b.Run("YearOfIncidents", func(b *testing.B) {
		year(b, nil, start, start.AddDate(1, 0, 0), watch.MaxPageSize, 12*365)
	})
	b.Run("Due", func(b *testing.B) {
		t := open(b)
		p := program(b, t.Stores)
		var ds []watch.Delivery
		for i := range 10000 {
			ds = append(ds, watch.Delivery{Program: p, Incident: fmt.Sprintf("i-%d", i), Rule: "r", Target: "community_office",
				DueAt: at.Add(time.Duration(i) * time.Minute)})
		}
		must(b, t.Stores.Escalations.Enqueue(ctx, ds))
		storetest.Settle(b, t.Stores)
		due := q(`SELECT program, incident, rule, step, target, due_at, attempts, outcome, last_error, done_at FROM outbox
WHERE program = ? AND outcome = 'pending' AND due_at <= ? ORDER BY due_at, delivery_key LIMIT ?`)
		for b.Loop() {
			rows, err := t.Read.QueryContext(ctx, due, p, at.Add(10*time.Minute).UnixMicro(), 100)
			must(b, err)
			n := 0
			for rows.Next() {
				var program, incident, rule, target, outcome, lastError string
				var step, attempts int
				var due, done sql.NullInt64
				must(b, rows.Scan(&program, &incident, &rule, &step, &target, &due, &attempts, &outcome, &lastError, &done))
				n++
			}
			must(b, rows.Err())
			if n != 11 {
				b.Fatalf("%d due", n)
			}
		}
	})
}

// program puts a new programme into s and returns its id.
func program(b *testing.B, s watch.Stores) string {
	id := fmt.Sprintf("p-%d", time.Now().UnixNano())
	must(b, s.Programs.PutProgram(context.Background(), watch.ProgramRecord{Program: watch.Program{ID: id, Name: "南环二村", Timezone: "Asia/Shanghai"}}))
	return id
}

type cursor struct {
	at int64
	id string
}

// incidentCols holds a row of the incidents table.
type incidentCols struct {
	program, id, kind, beat, contactPoint, reportedBy, description, descriptionHash, creationHash, state string
	severity, police, version                                                                            int
	occurred, reported                                                                                   sql.NullInt64
	tags                                                                                                 []byte
}

func (c *incidentCols) dest() []any {
	return []any{&c.program, &c.id, &c.kind, &c.severity, &c.occurred, &c.reported, &c.beat, &c.contactPoint, &c.reportedBy,
		&c.police, &c.tags, &c.description, &c.descriptionHash, &c.creationHash, &c.version, &c.state}
}

type pager struct{ d sqlstore.Dialect }

// read reads one page as ListIncidents does: in a read transaction, the
// page's rows, then the events of those that have any.
func (pg pager) read(b *testing.B, r *sql.DB, p string, beats []string, from, to time.Time, after *cursor, limit int) (int, cursor) {
	ctx := context.Background()
	q := `SELECT program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version FROM incidents WHERE program = ?`
	args := []any{p}
	if !from.IsZero() {
		q += ` AND occurred_at >= ?`
		args = append(args, from.UnixMicro())
	}
	if !to.IsZero() {
		q += ` AND occurred_at < ?`
		args = append(args, to.UnixMicro())
	}
	if after != nil {
		q += ` AND (occurred_at > ? OR (occurred_at = ? AND id > ?))`
		args = append(args, after.at, after.at, after.id)
	}
	if beats != nil {
		list, _ := json.Marshal(beats)
		q += ` AND ` + pg.d.InJSON("beat")
		args = append(args, string(list))
	}
	q += ` ORDER BY occurred_at, id LIMIT ?`
	args = append(args, limit+1)
	tx, err := r.BeginTx(ctx, pg.d.ReadTx())
	must(b, err)
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, pg.d.Rebind(q), args...)
	must(b, err)
	var last cursor
	var withEvents []string
	n := 0
	for rows.Next() {
		var c incidentCols
		must(b, rows.Scan(c.dest()[:15]...))
		if n < limit {
			n++
			last = cursor{c.occurred.Int64, c.id}
			if c.version > 0 {
				withEvents = append(withEvents, c.id)
			}
		}
	}
	must(b, rows.Err())
	if len(withEvents) > 0 {
		list, _ := json.Marshal(withEvents)
		rows, err := tx.QueryContext(ctx, pg.d.Rebind(`SELECT incident, seq, type, at, author, text, text_hash, prev, hash FROM events
WHERE program = ? AND `+pg.d.InJSON("incident")+` ORDER BY incident, seq`), p, string(list))
		must(b, err)
		for rows.Next() {
			var incident, typ, by, text, textHash, prev, hash string
			var seq int
			var at int64
			must(b, rows.Scan(&incident, &seq, &typ, &at, &by, &text, &textHash, &prev, &hash))
		}
		must(b, rows.Err())
	}
	must(b, tx.Commit())
	return n, last
}

func execTx(b *testing.B, tx *sql.Tx, q string, args ...any) {
	_, err := tx.ExecContext(context.Background(), q, args...)
	must(b, err)
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
