// Package sqlite opens armband's SQL store (package sqlstore) on an
// embedded SQLite file through modernc.org/sqlite: pure Go, no cgo, no
// server. It is the default store of the armband command and of the demo.
//
// Open sets the database up itself rather than trusting a connection
// string, and reads every setting back, refusing a file it cannot set up
// so:
//
//   - one writer connection, whose transactions begin IMMEDIATE: a write
//     takes the database's write lock before it reads, so two writers (two
//     goroutines or two processes) wait their turn for up to the busy
//     timeout instead of failing with SQLITE_BUSY half-way, as deferred
//     transactions that read and then write do; the store also retries a
//     busy transaction a few times;
//   - a pool of readers, each query_only, reading snapshots beside the
//     writer;
//   - journal_mode=WAL; busy_timeout of BusyTimeout;
//   - synchronous=FULL: a transaction whose commit has returned survives
//     a power cut or an operating-system crash (NORMAL would keep the
//     database consistent but could lose the last transactions committed
//     before the cut);
//   - foreign_keys=ON; secure_delete=ON, so SQLite overwrites deleted and
//     replaced content with zeros.
//
// EraseVolunteer also checkpoints the write-ahead log into the database
// file and truncates it, so an erased name or phone number leaves the
// disk at once (unless a reader holds an older snapshot at that moment;
// then it leaves at the next checkpoint). docs/stores.md has the details.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// BusyTimeout is how long a connection waits for another writer's lock
// before SQLite reports the database busy.
const BusyTimeout = 10 * time.Second

// Readers is the size of the pool of read connections.
const Readers = 4

// Store is the SQL store on one SQLite file. It is safe for concurrent
// use, and several processes may open the same file.
type Store struct {
	*sqlstore.Store
	path string
	w, r *sql.DB
}

var _ watch.VolunteerStore = (*Store)(nil)

// Open opens (creating it if need be) the database file at path, sets it
// up as the package doc says, checks the settings took, and migrates its
// schema. The caller closes the store.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.HasPrefix(path, ":") || strings.HasPrefix(path, "file:") {
		return nil, &watch.FieldError{Path: "path", Value: strconv.Quote(path), Reason: "is not the path of a database file"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	name := (&url.URL{Scheme: "file", OmitHost: true, Path: abs}).String()
	common := url.Values{"_pragma": {
		"busy_timeout(" + strconv.FormatInt(BusyTimeout.Milliseconds(), 10) + ")",
		"foreign_keys(1)",
		"secure_delete(1)",
		"synchronous(FULL)",
	}}
	writer := url.Values{"_pragma": append(common["_pragma"], "journal_mode(WAL)"), "_txlock": {"immediate"}}
	reader := url.Values{"_pragma": append(common["_pragma"], "query_only(1)")}

	s := &Store{path: abs}
	if s.w, err = sql.Open("sqlite", name+"?"+writer.Encode()); err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", abs, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	if err := s.setUp(ctx, name, reader); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("sqlite %s: %w", abs, err)
	}
	return s, nil
}

// setUp checks the writer's settings, opens the readers (after the writer
// made the file WAL), checks theirs, and migrates.
func (s *Store) setUp(ctx context.Context, name string, reader url.Values) error {
	want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "secure_delete": "1",
		"busy_timeout": strconv.FormatInt(BusyTimeout.Milliseconds(), 10), "query_only": "0"}
	if err := checkPragmas(ctx, s.w, want); err != nil {
		return fmt.Errorf("writer: %w", err)
	}
	var err error
	if s.r, err = sql.Open("sqlite", name+"?"+reader.Encode()); err != nil {
		return err
	}
	s.r.SetMaxOpenConns(Readers)
	s.r.SetMaxIdleConns(Readers)
	want["query_only"] = "1"
	if err := checkPragmas(ctx, s.r, want); err != nil {
		return fmt.Errorf("reader: %w", err)
	}
	s.Store, err = sqlstore.New(ctx, sqlstore.Config{Dialect: Dialect(), Writer: s.w, Reader: s.r})
	return err
}

// checkPragmas reads settings back on one connection of db.
func checkPragmas(ctx context.Context, db *sql.DB, want map[string]string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, name := range []string{"journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout", "query_only"} {
		var got string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got); err != nil {
			return fmt.Errorf("PRAGMA %s: %w", name, err)
		}
		if !strings.EqualFold(got, want[name]) {
			return fmt.Errorf("PRAGMA %s is %s, not %s: the database cannot be set up as armband needs", name, got, want[name])
		}
	}
	return nil
}

// Stores returns the store as every contract.
func (s *Store) Stores() watch.Stores {
	st := s.Store.Stores()
	st.Volunteers = s
	return st
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// DBs returns the writer and the reader pools, for inspection and
// maintenance (backups, statistics). A write through them bypasses the
// store's checks, though not the database's triggers.
func (s *Store) DBs() (writer, reader *sql.DB) { return s.w, s.r }

// EraseVolunteer implements watch.VolunteerStore: the store's erasure,
// then a checkpoint (see Checkpoint) so the erased bytes leave the disk.
// A checkpoint that cannot finish is not an error: the bytes leave at the
// next one.
func (s *Store) EraseVolunteer(ctx context.Context, program, id string) error {
	if err := s.Store.EraseVolunteer(ctx, program, id); err != nil {
		return err
	}
	_, err := s.Checkpoint(ctx)
	return err
}

// Checkpoint copies the write-ahead log into the database file and
// truncates the log (wal_checkpoint(TRUNCATE)). It reports whether the
// checkpoint finished: false when a reader's snapshot kept part of the
// log.
func (s *Store) Checkpoint(ctx context.Context) (bool, error) {
	var busy, logged, moved int
	if err := s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil {
		return false, fmt.Errorf("sqlite checkpoint: %w", err)
	}
	return busy == 0, nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its findings as
// an error, or nil when the file is sound.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check(100)")
	if err != nil {
		return err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(found) > 0 {
		return fmt.Errorf("sqlite %s: integrity check: %s", s.path, strings.Join(found, "; "))
	}
	return nil
}

// Close closes the readers and the writer.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect returns the SQLite dialect of sqlstore.
func Dialect() sqlstore.Dialect { return dialect{} }

type dialect struct{}

func (dialect) Name() string           { return "sqlite" }
func (dialect) Rebind(q string) string { return q }
func (dialect) InJSON(column string) string {
	return column + " IN (SELECT value FROM json_each(?))"
}
func (dialect) ReadTx() *sql.TxOptions { return nil }

// LockMigrations does nothing: the writer's transactions begin IMMEDIATE,
// which already excludes every other writer, in this process or another.
func (dialect) LockMigrations(*sql.Tx) error { return nil }

// LockProgram does nothing, for the same reason.
func (dialect) LockProgram(context.Context, *sql.Tx, string) error { return nil }

func (dialect) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded folder is part of the build
	}
	return sub
}

// Classify reads SQLite's extended result codes.
func (dialect) Classify(err error) sqlstore.Class {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.Other
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.Conflict
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		return sqlstore.Refused
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return sqlstore.Busy
	}
	return sqlstore.Other
}
