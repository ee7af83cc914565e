// Package sqltest helps test a dialect of package sqlstore: a dialect
// with one more migration, to check how a database meets a failing or a
// newer schema, and the baseline benchmarks (Plain) that measure the
// store's overhead against the same statements through plain
// database/sql.
package sqltest

import (
	"fmt"
	"io/fs"
	"testing/fstest"

	"github.com/armband/armband/watch/sqlstore"
)

// WithMigration returns d with one more migration file, name (such as
// "0004_broken.sql") holding text, beside d's own.
func WithMigration(d sqlstore.Dialect, name, text string) (sqlstore.Dialect, error) {
	out := fstest.MapFS{name: {Data: []byte(text)}}
	base := d.Migrations()
	entries, err := fs.ReadDir(base, ".")
	if err != nil {
		return nil, fmt.Errorf("sqltest: the %s migrations: %w", d.Name(), err)
	}
	for _, e := range entries {
		if e.Name() == name {
			return nil, fmt.Errorf("sqltest: the %s migrations already hold %q", d.Name(), name)
		}
		b, err := fs.ReadFile(base, e.Name())
		if err != nil {
			return nil, fmt.Errorf("sqltest: the %s migration %q: %w", d.Name(), e.Name(), err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b}
	}
	return withMigration{d, out}, nil
}

type withMigration struct {
	sqlstore.Dialect
	files fs.FS
}

func (d withMigration) Migrations() fs.FS { return d.files }

// Latest returns the schema version d's own migrations reach.
func Latest(d sqlstore.Dialect) (int, error) {
	ms, err := sqlstore.Migrations(d.Migrations())
	return len(ms), err
}
