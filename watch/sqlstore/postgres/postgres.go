// Package postgres opens armband's SQL store (package sqlstore) on a
// PostgreSQL server, through github.com/jackc/pgx/v5 and database/sql: for
// a city's platform that hosts many estates in one database.
//
// What the PostgreSQL dialect adds to the store's guarantees:
//
//   - Migrations run under a transaction-scoped advisory lock, so two
//     processes starting on an empty database take turns; DDL is
//     transactional, so a migration stopped half-way leaves the schema as
//     it was.
//   - Every write transaction of a programme first takes an advisory lock
//     on the programme (LockProgram), so its writes take turns: appends to
//     one incident are serialised and the hash chain never forks, and
//     checks that read before writing (the next rota version, an erased
//     volunteer) hold when the write lands. Writes to different programmes
//     run side by side.
//   - Reads run in read-only REPEATABLE READ transactions: a page and its
//     events come from one snapshot.
//   - Triggers refuse UPDATE, DELETE and TRUNCATE of history (blanking
//     text, erasure's one change, aside) and an event that is not the next
//     link of its chain; they raise SQLSTATE AB001.
//   - Errors are read by SQLSTATE: 23505 and 23503 (unique and foreign-key
//     violations) are watch.ErrConflict, AB001 is ErrConflict ("history is
//     append-only"), 40001 and 40P01 (serialisation failure, deadlock) are
//     retried.
//   - Text keys compare byte by byte (COLLATE "C"), so pages come in the
//     order of every other store whatever the database's locale.
//
// docs/stores.md section 7 has the set-up and how the schema shards by
// programme past one server.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of database/sql
)

// MaxConns is the size of the store's pool of connections.
const MaxConns = 16

// MinServerVersion is the oldest PostgreSQL the store runs on (15).
const MinServerVersion = 150000

// Store is the SQL store on one PostgreSQL database. It is safe for
// concurrent use, and any number of processes may open the same database.
type Store struct {
	*sqlstore.Store
	db *sql.DB
}

// Open connects to the database at a postgres:// (or postgresql://) URL,
// checks the server's version, migrates the schema and returns the store.
// The caller closes it.
func Open(ctx context.Context, dsn string) (*Store, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, &watch.FieldError{Path: "url", Value: strconv.Quote(redact(dsn)), Reason: "is not a postgres:// URL"}
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", redact(dsn), err)
	}
	db.SetMaxOpenConns(MaxConns)
	db.SetMaxIdleConns(MaxConns)
	s := &Store{db: db}
	if err := s.setUp(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres %s: %w", redact(dsn), err)
	}
	return s, nil
}

func (s *Store) setUp(ctx context.Context) error {
	var v string
	if err := s.db.QueryRowContext(ctx, "SHOW server_version_num").Scan(&v); err != nil {
		return err
	}
	version, err := strconv.Atoi(v)
	if err != nil || version < MinServerVersion {
		return fmt.Errorf("server_version_num is %s: armband needs PostgreSQL 15 or later", v)
	}
	s.Store, err = sqlstore.New(ctx, sqlstore.Config{Dialect: Dialect(), Writer: s.db})
	return err
}

// redact hides a URL's password.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(an unreadable URL)"
	}
	return u.Redacted()
}

// DB returns the pool, for inspection and maintenance. A write through it
// bypasses the store's checks, though not the database's triggers.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the pool.
func (s *Store) Close() error { return s.db.Close() }

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect returns the PostgreSQL dialect of sqlstore.
func Dialect() sqlstore.Dialect { return dialect{} }

type dialect struct{}

// lockClass is the first key of armband's advisory locks: the migration
// lock is (lockClass, 0), a programme's is (lockClass, hashtext(id)).
const lockClass = 0x61726d62 // "armb"

func (dialect) Name() string { return "postgres" }

// Rebind numbers the ? parameters $1, $2, ...; the store's statements
// have no ? inside a string.
func (dialect) Rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// InJSON turns the list into an array once (an init plan) and compares
// with = ANY, which an index can serve; "IN (SELECT ...)" would let a
// planner without statistics loop over the list for every row.
func (dialect) InJSON(column string) string {
	return column + " = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(? AS jsonb))))"
}

func (dialect) ReadTx() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

func (dialect) LockMigrations(tx *sql.Tx) error {
	_, err := tx.Exec(`SELECT pg_advisory_xact_lock($1, 0)`, lockClass)
	return err
}

func (dialect) LockProgram(ctx context.Context, tx *sql.Tx, program string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockClass, program)
	return err
}

func (dialect) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded folder is part of the build
	}
	return sub
}

// Classify reads the SQLSTATE of the server's error.
func (dialect) Classify(err error) sqlstore.Class {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqlstore.Other
	}
	switch e.Code {
	case "23505", "23503": // unique_violation, foreign_key_violation
		return sqlstore.Conflict
	case "AB001": // armband's triggers
		return sqlstore.Refused
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return sqlstore.Busy
	}
	return sqlstore.Other
}
