package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/armband/armband/incident/incidenttest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/sqlstore"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/sqlstore/sqltest"
	"github.com/armband/armband/watch/storetest"
	"github.com/stretchr/testify/require"
)

var bg = context.Background()

// open opens a store on a fresh file of the test, and after the test
// checks that nothing was left open: no connection in use (an unclosed
// rows or transaction holds one), then closes it.
func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(bg, filepath.Join(t.TempDir(), "armband.db"))
	require.NoError(t, err)
	t.Cleanup(func() {
		w, r := s.DBs()
		require.Zero(t, w.Stats().InUse, "writer connections left in use")
		require.Zero(t, r.Stats().InUse, "reader connections left in use")
		require.NoError(t, s.IntegrityCheck(bg))
		require.NoError(t, s.Close())
	})
	return s
}

// tamper edits a history row as someone with the file could: it drops
// the trigger that guards the table, updates the row and puts the trigger
// back, in one transaction.
func tamper(s *sqlite.Store) func(watch.Stores, string, string, int, string) error {
	return func(_ watch.Stores, program, id string, seq int, text string) error {
		table, trigger, update, args := "events", "events_append_only",
			`UPDATE events SET text = ? WHERE program = ? AND incident = ? AND seq = ?`, []any{text, program, id, seq}
		if seq == 0 {
			table, trigger, update, args = "incidents", "incidents_append_only",
				`UPDATE incidents SET description = ? WHERE program = ? AND id = ?`, []any{text, program, id}
		}
		w, _ := s.DBs()
		tx, err := w.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var def string
		if err := tx.QueryRow(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name = ?`, table, trigger).Scan(&def); err != nil {
			return err
		}
		for _, st := range []struct {
			q    string
			args []any
		}{{"DROP TRIGGER " + trigger, nil}, {update, args}, {def, nil}} {
			if _, err := tx.Exec(st.q, st.args...); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) watch.Stores { return open(t).Stores() }, storetest.Options{
		Scale: suiteScale,
		Tamper: func(s watch.Stores, program, id string, seq int, text string) error {
			return tamper(s.Volunteers.(*sqlite.Store))(s, program, id, seq, text)
		},
	})
}

// TestTriggersGuardHistory: the database itself refuses to edit or delete
// history, and to insert an event that is not the next link, while
// blanking text (erasure's one change) is taken.
func TestTriggersGuardHistory(t *testing.T) {
	s := open(t)
	st := s.Stores()
	p := program(t, st)
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: "i", Kind: watch.KindFire, Severity: watch.SeverityMinor,
		OccurredAt: at, Description: "描述", Events: []watch.Event{{Type: watch.EventNote, At: at, By: "v01", Text: "张三"}}})
	require.NoError(t, err)
	w, _ := s.DBs()
	for _, q := range []string{
		`UPDATE events SET text = 'edited' WHERE program = ?`,
		`UPDATE events SET at = at + 1 WHERE program = ?`,
		`UPDATE events SET hash = 'x' WHERE program = ?`,
		`DELETE FROM events WHERE program = ?`,
		`UPDATE incidents SET description = 'edited' WHERE program = ?`,
		`UPDATE incidents SET kind = 'theft' WHERE program = ?`,
		`UPDATE incidents SET version = version + 5 WHERE program = ?`,
		`DELETE FROM incidents WHERE program = ?`,
		`INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash)
			VALUES (?, 'i', 1, 'note', 0, 'x', '', '', '', '')`,
		`INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash)
			VALUES (?, 'i', 2, 'note', 0, 'x', '', '', 'forged', '')`,
	} {
		_, err := w.Exec(q, p)
		require.ErrorContains(t, err, "armband:", q)
	}
	for _, q := range []string{`UPDATE events SET text = '' WHERE program = ?`, `UPDATE incidents SET description = '' WHERE program = ?`} {
		_, err := w.Exec(q, p)
		require.NoError(t, err, q)
	}
	v, err := st.Incidents.VerifyHistory(bg, p, "i")
	require.NoError(t, err)
	require.True(t, v.Intact, "blanked text keeps the chain")
}

func program(t testing.TB, s watch.Stores) string {
	t.Helper()
	id := fmt.Sprintf("p-%d", time.Now().UnixNano())
	require.NoError(t, s.Programs.PutProgram(bg, watch.ProgramRecord{Program: watch.Program{ID: id, Name: "南环二村", Timezone: "Asia/Shanghai"}}))
	return id
}

// TestDueUsesTheIndex: SQLite plans Due as a search of the partial index
// of pending deliveries, in its order: no scan of the outbox, no sort.
func TestDueUsesTheIndex(t *testing.T) {
	s := open(t)
	_, r := s.DBs()
	rows, err := r.Query(`EXPLAIN QUERY PLAN SELECT program, incident, rule, step, target, due_at, attempts, outcome, last_error, done_at
FROM outbox WHERE program = ? AND outcome = 'pending' AND due_at <= ? ORDER BY due_at, delivery_key LIMIT ?`, "p", 0, 10)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	require.Len(t, plan, 1, "%q", plan)
	require.Contains(t, plan[0], "SEARCH outbox USING INDEX outbox_pending")
	require.NotContains(t, strings.Join(plan, "\n"), "TEMP B-TREE")
}

// TestMigrations: opening again applies nothing; two processes' worth of
// opens at once on a fresh file all succeed on one schema; a file with a
// schema newer than the build, or migrated by different files, is
// refused.
func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			s, err := sqlite.Open(bg, path)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	s, err := sqlite.Open(bg, path)
	require.NoError(t, err)
	v, err := s.SchemaVersion(bg)
	require.NoError(t, err)
	require.Equal(t, latest(t), v)
	w, _ := s.DBs()
	var n int
	require.NoError(t, w.QueryRow(`SELECT COUNT(*) FROM armband_migrations`).Scan(&n))
	require.Equal(t, latest(t), n)

	require.NoError(t, s.Close())

	t.Run("a migration that fails leaves the schema as it was", func(t *testing.T) {
		broken, err := sqltest.WithMigration(sqlite.Dialect(), "0004_broken.sql",
			"CREATE TABLE half (x INTEGER); INSERT INTO half VALUES (1); CREATE TABLE programs (x INTEGER);")
		require.NoError(t, err)
		_, err = sqlstoreOn(t, path, broken)
		require.ErrorContains(t, err, "migration 0004_broken")
		s, err := sqlite.Open(bg, path)
		require.NoError(t, err)
		defer s.Close()
		v, err := s.SchemaVersion(bg)
		require.NoError(t, err)
		require.Equal(t, latest(t), v)
		_, r := s.DBs()
		require.NoError(t, r.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&n))
		require.Zero(t, n, "the failed migration's first statement was rolled back")
	})
	t.Run("a newer schema is refused", func(t *testing.T) {
		newer, err := sqltest.WithMigration(sqlite.Dialect(), "0004_newer.sql", "CREATE TABLE newer (x INTEGER);")
		require.NoError(t, err)
		_, err = sqlstoreOn(t, path, newer)
		require.NoError(t, err)
		_, err = sqlite.Open(bg, path)
		require.ErrorContains(t, err, fmt.Sprintf("migrations beyond this build's %d", latest(t)))
	})
	t.Run("a schema migrated by other files is refused", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.db")
		s, err := sqlite.Open(bg, other)
		require.NoError(t, err)
		w, _ := s.DBs()
		_, err = w.Exec(`UPDATE armband_migrations SET sum = 'other' WHERE version = 1`)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = sqlite.Open(bg, other)
		require.ErrorContains(t, err, "differs from this build's")
	})
}

// sqlstoreOn opens a store on path with a dialect of the test's making.
func sqlstoreOn(t *testing.T, path string, d sqlstore.Dialect) (*sqlstore.Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=foreign_keys(1)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return sqlstore.New(bg, sqlstore.Config{Dialect: d, Writer: db})
}

func TestOpenRefuses(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db?mode=memory"} {
		_, err := sqlite.Open(bg, path)
		require.ErrorIs(t, err, watch.ErrInvalid, path)
	}
	_, err := sqlite.Open(bg, filepath.Join(t.TempDir(), "no", "such", "folder", "x.db"))
	require.Error(t, err)
}

// TestCopy moves a programme from memory to a SQLite file and back.
func TestCopy(t *testing.T) {
	t.Run("memory to SQLite", func(t *testing.T) { storetest.RunCopy(t, open(t).Stores(), memstore.New().Stores()) })
	t.Run("SQLite to memory", func(t *testing.T) { storetest.RunCopy(t, memstore.New().Stores(), open(t).Stores()) })
}

// latest is the schema version this build migrates to.
func latest(t *testing.T) int {
	v, err := sqltest.Latest(sqlite.Dialect())
	require.NoError(t, err)
	return v
}

// TestEscalators: two escalators on one SQLite store send every
// notification of the simulation once.
func TestEscalators(t *testing.T) {
	incidenttest.RunEscalators(t, open(t).Stores())
}
