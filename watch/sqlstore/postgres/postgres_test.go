package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/armband/armband/incident/incidenttest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/sqlstore"
	"github.com/armband/armband/watch/sqlstore/postgres"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/sqlstore/sqltest"
	"github.com/armband/armband/watch/storetest"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

var bg = context.Background()

// urlEnv names the server the tests use; .ci/pre.d/postgres.sh starts one
// and sets it.
const urlEnv = "ARMBAND_POSTGRES_URL"

// childEnv sends this test binary to child instead of the tests.
const childEnv = "ARMBAND_POSTGRES_CHILD"

func TestMain(m *testing.M) {
	if url := os.Getenv(childEnv); url != "" {
		os.Exit(child(url))
	}
	goleak.VerifyTestMain(m)
}

// serverURL returns the test server's URL. Without one the test is
// skipped, unless CI is set: then it fails, so CI cannot pass without the
// server.
func serverURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(urlEnv)
	if url == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: in CI the PostgreSQL tests must run (.ci/pre.d/postgres.sh starts a server)", urlEnv)
		}
		t.Skipf("%s is not set: start a server with . .ci/pre.d/postgres.sh to run the PostgreSQL tests", urlEnv)
	}
	return url
}

// open opens a store on the test server and after the test checks that
// no connection was left in use, then closes it.
func open(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(bg, serverURL(t))
	require.NoError(t, err)
	t.Cleanup(func() {
		require.Zero(t, s.DB().Stats().InUse, "connections left in use")
		require.NoError(t, s.Close())
	})
	return s
}

// tamper edits a history row as someone with the database could: it
// switches off the trigger that guards the table, updates the row and
// switches it back on, in one transaction.
func tamper(s *postgres.Store) func(watch.Stores, string, string, int, string) error {
	return func(_ watch.Stores, program, id string, seq int, text string) error {
		table, trigger, update, args := "events", "events_append_only",
			`UPDATE events SET text = $1 WHERE program = $2 AND incident = $3 AND seq = $4`, []any{text, program, id, seq}
		if seq == 0 {
			table, trigger, update, args = "incidents", "incidents_append_only",
				`UPDATE incidents SET description = $1 WHERE program = $2 AND id = $3`, []any{text, program, id}
		}
		tx, err := s.DB().Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, st := range []struct {
			q    string
			args []any
		}{
			{"ALTER TABLE " + table + " DISABLE TRIGGER " + trigger, nil},
			{update, args},
			{"ALTER TABLE " + table + " ENABLE TRIGGER " + trigger, nil},
		} {
			if _, err := tx.Exec(st.q, st.args...); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
}

// TestConformance runs the store suite on the server, the checks side by
// side (each has programmes of its own in the one database).
func TestConformance(t *testing.T) {
	s := open(t)
	storetest.Run(t, func(t *testing.T) watch.Stores { return s.Stores() }, storetest.Options{
		Scale:    suiteScale,
		Parallel: true,
		Tamper:   tamper(s),
	})
}

func program(t testing.TB, s watch.Stores) string {
	t.Helper()
	id := "p-" + uuid.NewString()
	require.NoError(t, s.Programs.PutProgram(bg, watch.ProgramRecord{Program: watch.Program{ID: id, Name: "南环二村", Timezone: "Asia/Shanghai"}}))
	return id
}

// TestTriggersGuardHistory: the database itself refuses to edit, delete
// or truncate history, and to insert an event that is not the next link,
// while blanking text (erasure's one change) is taken.
func TestTriggersGuardHistory(t *testing.T) {
	s := open(t)
	st := s.Stores()
	p := program(t, st)
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: "i", Kind: watch.KindFire, Severity: watch.SeverityMinor,
		OccurredAt: at, Description: "描述", Events: []watch.Event{{Type: watch.EventNote, At: at, By: "v01", Text: "张三"}}})
	require.NoError(t, err)
	for _, q := range []string{
		`UPDATE events SET text = 'edited' WHERE program = $1`,
		`UPDATE events SET at = at + 1 WHERE program = $1`,
		`UPDATE events SET hash = 'x' WHERE program = $1`,
		`DELETE FROM events WHERE program = $1`,
		`UPDATE incidents SET description = 'edited' WHERE program = $1`,
		`UPDATE incidents SET kind = 'theft' WHERE program = $1`,
		`UPDATE incidents SET version = version + 5 WHERE program = $1`,
		`DELETE FROM incidents WHERE program = $1`,
		`INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash)
			VALUES ($1, 'i', 1, 'note', 0, 'x', '', '', '', '')`,
		`INSERT INTO events (program, incident, seq, type, at, author, text, text_hash, prev, hash)
			VALUES ($1, 'i', 2, 'note', 0, 'x', '', '', 'forged', '')`,
	} {
		_, err := s.DB().Exec(q, p)
		require.ErrorContains(t, err, "armband:", q)
		require.ErrorContains(t, err, "AB001", q)
	}
	for _, table := range []string{"events", "incidents"} {
		_, err := s.DB().Exec("TRUNCATE " + table + " CASCADE")
		require.ErrorContains(t, err, "history is append-only", table)
	}
	for _, q := range []string{`UPDATE events SET text = '' WHERE program = $1`, `UPDATE incidents SET description = '' WHERE program = $1`} {
		_, err := s.DB().Exec(q, p)
		require.NoError(t, err, q)
	}
	v, err := st.Incidents.VerifyHistory(bg, p, "i")
	require.NoError(t, err)
	require.True(t, v.Intact, "blanked text keeps the chain")
}

// TestDueUsesTheIndex: with an outbox of 10,000 deliveries of which 20
// are pending, PostgreSQL plans Due on the partial index of pending
// deliveries (an index scan in its order, or a bitmap scan of it and a
// sort of the few rows found), never on a scan of the outbox.
func TestDueUsesTheIndex(t *testing.T) {
	s := open(t)
	st := s.Stores()
	p := program(t, st)
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	ds := make([]watch.Delivery, 10_000)
	for i := range ds {
		ds[i] = watch.Delivery{Program: p, Incident: fmt.Sprintf("i-%d", i), Rule: "r", Step: 0, Target: "police_110",
			DueAt: at.Add(time.Duration(i) * time.Second), Outcome: watch.OutcomeDelivered, Attempts: 1, DoneAt: at.Add(time.Hour)}
		if i%500 == 0 {
			ds[i].Outcome, ds[i].Attempts, ds[i].DoneAt = watch.OutcomePending, 0, time.Time{}
		}
	}
	require.NoError(t, st.Escalations.Enqueue(bg, ds))
	_, err := s.DB().Exec(`ANALYZE outbox`)
	require.NoError(t, err)
	rows, err := s.DB().Query(`EXPLAIN SELECT program, incident, rule, step, target, due_at, attempts, outcome, last_error, done_at
FROM outbox WHERE program = $1 AND outcome = 'pending' AND due_at <= $2 ORDER BY due_at, delivery_key LIMIT $3`, p, at.Add(48*time.Hour).UnixMicro(), 100)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	text := strings.Join(plan, "\n")
	require.Regexp(t, `(Index Scan using|Bitmap Index Scan on) outbox_pending`, text)
	require.NotContains(t, text, "Seq Scan", text)
	due, err := st.Escalations.Due(bg, p, at.Add(48*time.Hour), 0)
	require.NoError(t, err)
	require.Len(t, due, 20)
}

// scratchDB creates an empty database on the server for one test and
// drops it after; it returns its URL.
func scratchDB(t *testing.T) string {
	t.Helper()
	admin, err := sql.Open("pgx", serverURL(t))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, admin.Close()) })
	name := "armband_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	_, err = admin.Exec("CREATE DATABASE " + name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		require.NoError(t, err)
	})
	u := serverURL(t)
	i := strings.LastIndex(u, "/")
	q := ""
	if j := strings.Index(u[i:], "?"); j >= 0 {
		q = u[i+j:]
	}
	return u[:i+1] + name + q
}

// child opens the store at url (migrating it) and exits.
func child(url string) int {
	s, err := postgres.Open(context.Background(), url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// TestMigrations: two processes opening one empty database at once both
// succeed, and the schema is migrated once; a migration that fails
// leaves the schema as it was; a newer or different schema is refused.
func TestMigrations(t *testing.T) {
	url := scratchDB(t)
	cmds := make([]*exec.Cmd, 2)
	outs := make([]strings.Builder, len(cmds))
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), childEnv+"="+url)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
	}
	for _, cmd := range cmds {
		require.NoError(t, cmd.Start())
	}
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), outs[i].String())
	}
	s, err := postgres.Open(bg, url)
	require.NoError(t, err)
	v, err := s.SchemaVersion(bg)
	require.NoError(t, err)
	require.Equal(t, latest(t), v)
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM armband_migrations`).Scan(&n))
	require.Equal(t, latest(t), n)
	require.NoError(t, s.Close())

	on := func(d sqlstore.Dialect, err error) error {
		require.NoError(t, err)
		db, err := sql.Open("pgx", url)
		require.NoError(t, err)
		defer db.Close()
		_, err = sqlstore.New(bg, sqlstore.Config{Dialect: d, Writer: db})
		return err
	}
	t.Run("a migration that fails leaves the schema as it was", func(t *testing.T) {
		err := on(sqltest.WithMigration(postgres.Dialect(), "0004_broken.sql",
			"CREATE TABLE half (x integer); INSERT INTO half VALUES (1); CREATE TABLE programs (x integer);"))
		require.ErrorContains(t, err, "migration 0004_broken")
		s, err := postgres.Open(bg, url)
		require.NoError(t, err)
		defer s.Close()
		v, err := s.SchemaVersion(bg)
		require.NoError(t, err)
		require.Equal(t, latest(t), v)
		require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM pg_tables WHERE tablename = 'half'`).Scan(&n))
		require.Zero(t, n, "the failed migration's first statement was rolled back")
	})
	t.Run("a newer schema is refused", func(t *testing.T) {
		require.NoError(t, on(sqltest.WithMigration(postgres.Dialect(), "0004_newer.sql", "CREATE TABLE newer (x integer);")))
		_, err := postgres.Open(bg, url)
		require.ErrorContains(t, err, fmt.Sprintf("migrations beyond this build's %d", latest(t)))
	})
	t.Run("a schema migrated by other files is refused", func(t *testing.T) {
		other := scratchDB(t)
		s, err := postgres.Open(bg, other)
		require.NoError(t, err)
		_, err = s.DB().Exec(`UPDATE armband_migrations SET sum = 'other' WHERE version = 1`)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = postgres.Open(bg, other)
		require.ErrorContains(t, err, "differs from this build's")
	})
}

func TestOpenRefuses(t *testing.T) {
	for _, url := range []string{"", "file:x.db", "mysql://u@h/db", "::"} {
		_, err := postgres.Open(bg, url)
		require.ErrorIs(t, err, watch.ErrInvalid, url)
	}
	_, err := postgres.Open(bg, "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "secret", "the password is not in the error")
}

// TestCopy moves a programme to the server from memory and from a SQLite
// file, and from the server to a SQLite file.
func TestCopy(t *testing.T) {
	onFile := func(t *testing.T) watch.Stores {
		s, err := sqlite.Open(bg, filepath.Join(t.TempDir(), "armband.db"))
		require.NoError(t, err)
		t.Cleanup(func() { require.NoError(t, s.Close()) })
		return s.Stores()
	}
	t.Run("memory to PostgreSQL", func(t *testing.T) { storetest.RunCopy(t, open(t).Stores(), memstore.New().Stores()) })
	t.Run("SQLite to PostgreSQL", func(t *testing.T) { storetest.RunCopy(t, open(t).Stores(), onFile(t)) })
	t.Run("PostgreSQL to SQLite", func(t *testing.T) { storetest.RunCopy(t, onFile(t), open(t).Stores()) })
}

// latest is the schema version this build migrates to.
func latest(t *testing.T) int {
	v, err := sqltest.Latest(postgres.Dialect())
	require.NoError(t, err)
	return v
}

// TestEscalators: two escalators on one PostgreSQL store send every
// notification of the simulation once.
func TestEscalators(t *testing.T) {
	incidenttest.RunEscalators(t, open(t).Stores())
}
