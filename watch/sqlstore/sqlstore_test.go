package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/armband/armband/watch/sqlstore"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/stretchr/testify/require"
)

func TestMigrationsAreNamedAndNumbered(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for name, tc := range map[string]struct {
		fs   fstest.MapFS
		want string
	}{
		"none":          {fstest.MapFS{"README": file("x")}, "no migrations"},
		"a bad name":    {fstest.MapFS{"init.sql": file("x")}, `migration "init.sql": is not named NNNN_name.sql`},
		"no name":       {fstest.MapFS{"0001_.sql": file("x")}, "is not named"},
		"a gap":         {fstest.MapFS{"0001_a.sql": file("x"), "0003_c.sql": file("x")}, `migration "0003_c.sql": version 3 follows 1`},
		"starting at 2": {fstest.MapFS{"0002_b.sql": file("x")}, "version 2 follows 0"},
	} {
		_, err := sqlstore.Migrations(tc.fs)
		require.ErrorContains(t, err, tc.want, name)
	}
	ms, err := sqlstore.Migrations(fstest.MapFS{"0002_b.sql": file("B"), "0001_a.sql": file("A"), "notes.txt": file("")})
	require.NoError(t, err)
	require.Len(t, ms, 2)
	require.Equal(t, []string{"a", "b"}, []string{ms[0].Name, ms[1].Name})
}

func TestConfigIsValidated(t *testing.T) {
	_, err := sqlstore.New(context.Background(), sqlstore.Config{})
	require.ErrorContains(t, err, "Dialect: is required")
	_, err = sqlstore.New(context.Background(), sqlstore.Config{Dialect: sqlite.Dialect()})
	require.ErrorContains(t, err, "Writer: is required")
}

// A store over a database/sql handle of one's own: here SQLite with the
// set-up package sqlite would make (which Open does, and checks).
func ExampleNew() {
	dir, err := os.MkdirTemp("", "armband-sqlstore")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "x.db")+"?_txlock=immediate&_pragma=foreign_keys(1)")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	s, err := sqlstore.New(ctx, sqlstore.Config{Dialect: sqlite.Dialect(), Writer: db})
	if err != nil {
		panic(err)
	}
	v, err := s.SchemaVersion(ctx)
	fmt.Println(v, err)
	// Output:
	// 3 <nil>
}
