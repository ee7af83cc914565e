package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// Migration is one file of a dialect's schema.
type Migration struct {
	Version int
	Name    string
	SQL     string
	// Sum is the SHA-256 of SQL in hex, recorded when applied, so a
	// database migrated by a build whose files differ is refused.
	Sum string
}

// maxMigrationBytes caps the size of one migration file.
const maxMigrationBytes = 1 << 20

// Migrations reads a dialect's migrations, in order of version: files
// named NNNN_name.sql at the top of fsys, versions 1, 2, 3 ... without a
// gap.
func Migrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 || rest == "" {
			return nil, fmt.Errorf("migration %q: is not named NNNN_name.sql", name)
		}
		if v != len(out)+1 {
			return nil, fmt.Errorf("migration %q: version %d follows %d", name, v, len(out))
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		if info.Size() > maxMigrationBytes {
			return nil, fmt.Errorf("migration %q: larger than %d bytes", name, maxMigrationBytes)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		out = append(out, Migration{Version: v, Name: rest, SQL: string(b), Sum: hex.EncodeToString(sum[:])})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no migrations")
	}
	return out, nil
}

const (
	createMigrations = `CREATE TABLE IF NOT EXISTS armband_migrations (
	version INTEGER NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	sum TEXT NOT NULL,
	applied_at BIGINT NOT NULL)`
	appliedMigrations = `SELECT version, name, sum FROM armband_migrations ORDER BY version`
	recordMigration   = `INSERT INTO armband_migrations (version, name, sum, applied_at) VALUES (?, ?, ?, ?)`
)

// migrate brings the schema to this build's newest version in one
// transaction: after the dialect's lock, it reads the versions applied,
// refuses a database that differs from this build's migrations, and
// applies the missing ones in order. Two processes starting at once take
// turns; the second finds nothing to do. A failure, or a process killed
// half-way, rolls every step back.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := Migrations(s.d.Migrations())
	if err != nil {
		return fmt.Errorf("%s schema: %w", s.d.Name(), err)
	}
	err = s.write(ctx, "", func(tx *sql.Tx) error {
		if err := s.d.LockMigrations(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, createMigrations); err != nil {
			return err
		}
		applied, err := readApplied(ctx, tx, len(ms))
		if err != nil {
			return err
		}
		for i, m := range applied {
			if i >= len(ms) {
				return fmt.Errorf("the database has migrations beyond this build's %d: use a newer armband", len(ms))
			}
			if m.Version != ms[i].Version || m.Sum != ms[i].Sum {
				return fmt.Errorf("the database's migration %d (%s) differs from this build's (%s)", m.Version, m.Name, ms[i].Name)
			}
		}
		for _, m := range ms[len(applied):] {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, s.q(recordMigration), m.Version, m.Name, m.Sum, time.Now().UnixMicro()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s schema: %w", s.d.Name(), err)
	}
	return nil
}

// readApplied reads the migrations a database records, refusing more than
// known+1 rows (a newer schema is reported by its first unknown version).
func readApplied(ctx context.Context, tx *sql.Tx, known int) ([]Migration, error) {
	rows, err := tx.QueryContext(ctx, appliedMigrations)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Migration
	for rows.Next() && len(out) <= known {
		var m Migration
		if err := rows.Scan(&m.Version, &m.Name, &m.Sum); err != nil {
			return nil, err
		}
		if m.Version != len(out)+1 {
			return nil, fmt.Errorf("the database records migration %d after %d", m.Version, len(out))
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SchemaVersion returns the newest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM armband_migrations`).Scan(&v)
	return int(v.Int64), s.wrap(err)
}
