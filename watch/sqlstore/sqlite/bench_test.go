package sqlite_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storetest"
)

// BenchmarkStore runs the shared store benchmarks on a SQLite file.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) watch.Stores { return open(b).Stores() })
}

// BenchmarkPlain is the baseline of BenchmarkStore: for each of its
// benchmarks, the statements the store runs, in the same transactions,
// through plain database/sql on the same set-up, with none of the store's
// work around them (checks, hashing, JSON, building values). The ratio of
// the two is the store's overhead; BENCHMARKS.md records it.
func BenchmarkPlain(b *testing.B) {
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	b.Run("CreateIncident", func(b *testing.B) {
		s := open(b)
		p := program(b, s.Stores())
		w, _ := s.DBs()
		i := 0
		for b.Loop() {
			tx := begin(b, w)
			var kinds []byte
			must(b, tx.QueryRow(`SELECT kinds FROM programs WHERE program = ?`, p).Scan(&kinds))
			execTx(b, tx, `INSERT INTO incidents (program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version, state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`, p, fmt.Sprintf("c-%d", i), "other", 1, at.UnixMicro()+int64(i), nil,
				"market", "", "", 0, []byte("null"), "", "", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "open")
			must(b, tx.Commit())
			i++
		}
	})
	b.Run("AppendEvent", func(b *testing.B) {
		s := open(b)
		st := s.Stores()
		p := program(b, st)
		const incidents = 64
		for i := range incidents {
			_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: fmt.Sprintf("a-%d", i), Kind: watch.KindOther,
				Severity: watch.SeverityMinor, OccurredAt: at, Beat: "market"})
			must(b, err)
		}
		w, _ := s.DBs()
		versions := make([]int, incidents)
		i := 0
		for b.Loop() {
			k := i % incidents
			id := fmt.Sprintf("a-%d", k)
			tx := begin(b, w)
			var c incidentCols
			must(b, tx.QueryRow(`SELECT program, id, kind, severity, occurred_at, reported_at, beat, contact_point, reported_by,
police_case, tags, description, description_hash, creation_hash, version, state FROM incidents WHERE program = ? AND id = ?`, p, id).Scan(c.dest()...))
			prev := c.creationHash
			if c.version > 0 {
				var last int64
				must(b, tx.QueryRow(`SELECT at, hash FROM events WHERE program = ? AND incident = ? AND seq = ?`, p, id, c.version).Scan(&last, &prev))
			}
			var erased int
			if err := tx.QueryRow(`SELECT erased FROM volunteers WHERE program = ? AND id = ?`, p, "v01").Scan(&erased); err != sql.ErrNoRows {
				b.Fatal(err)
			}
			execTx(b, tx, `UPDATE incidents SET version = ?, state = ? WHERE program = ? AND id = ? AND version = ?`, versions[k]+1, "open", p, id, versions[k])
			execTx(b, tx, `INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				p, id, versions[k]+1, "note", at.Add(time.Hour).UnixMicro(), "v01", "巡逻正常", c.creationHash, prev, fmt.Sprintf("h-%d", i))
			rows, err := tx.Query(`SELECT type, at, author, text FROM events WHERE program = ? AND incident = ? ORDER BY seq`, p, id)
			must(b, err)
			for rows.Next() {
				var typ, by, text string
				var at int64
				must(b, rows.Scan(&typ, &at, &by, &text))
			}
			must(b, rows.Err())
			must(b, tx.Commit())
			versions[k]++
			i++
		}
	})
	b.Run("ListIncidentsPage", func(b *testing.B) {
		s := open(b)
		st := s.Stores()
		p := program(b, st)
		for i := range 2000 {
			_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: fmt.Sprintf("l-%05d", i), Kind: watch.KindOther,
				Severity: watch.SeverityMinor, OccurredAt: at.Add(time.Duration(i) * time.Minute), Beat: "market"})
			must(b, err)
		}
		_, r := s.DBs()
		for b.Loop() {
			if n, _ := plainPage(b, r, p, nil, at.Add(500*time.Minute), time.Time{}, nil, 50); n != 50 {
				b.Fatalf("page of %d", n)
			}
		}
	})
	year := func(b *testing.B, beats []string, from, to time.Time, limit, want int) {
		s := open(b)
		p := storetest.BenchYear(b, s.Stores())
		_, r := s.DBs()
		for b.Loop() {
			n := 0
			var after *cursor
			for {
				got, last := plainPage(b, r, p, beats, from, to, after, limit)
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
		s := open(b)
		st := s.Stores()
		p := program(b, st)
		var ds []watch.Delivery
		for i := range 10000 {
			ds = append(ds, watch.Delivery{Program: p, Incident: fmt.Sprintf("i-%d", i), Rule: "r", Target: "community_office",
				DueAt: at.Add(time.Duration(i) * time.Minute)})
		}
		must(b, st.Escalations.Enqueue(bg, ds))
		_, r := s.DBs()
		for b.Loop() {
			rows, err := r.Query(`SELECT program, incident, rule, step, target, due_at, attempts, outcome, last_error, done_at FROM outbox
WHERE program = ? AND outcome = 'pending' AND due_at <= ? ORDER BY due_at, delivery_key LIMIT ?`, p, at.Add(10*time.Minute).UnixMicro(), 100)
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

// plainPage reads one page as ListIncidents does: in a read transaction,
// the page's rows, then the events of those that have any.
func plainPage(b *testing.B, r *sql.DB, p string, beats []string, from, to time.Time, after *cursor, limit int) (int, cursor) {
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
		q += ` AND beat IN (SELECT value FROM json_each(?))`
		args = append(args, string(list))
	}
	q += ` ORDER BY occurred_at, id LIMIT ?`
	args = append(args, limit+1)
	tx, err := r.Begin()
	must(b, err)
	defer tx.Rollback()
	rows, err := tx.Query(q, args...)
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
		rows, err := tx.Query(`SELECT incident, seq, type, at, author, text, text_hash, prev, hash FROM events
WHERE program = ? AND incident IN (SELECT value FROM json_each(?)) ORDER BY incident, seq`, p, string(list))
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

func begin(b *testing.B, db *sql.DB) *sql.Tx {
	tx, err := db.Begin()
	must(b, err)
	return tx
}

func execTx(b *testing.B, tx *sql.Tx, q string, args ...any) {
	_, err := tx.Exec(q, args...)
	must(b, err)
}

func must(b testing.TB, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
