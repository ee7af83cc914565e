package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSettingsAreReadBack: a connection set up otherwise than Open sets
// it up is refused, naming the setting.
func TestSettingsAreReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "secure_delete": "1",
		"busy_timeout": "10000", "query_only": "0"}
	for name, dsn := range map[string]string{
		"synchronous":  "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_pragma=busy_timeout(10000)",
		"journal_mode": "?_pragma=journal_mode(DELETE)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_pragma=busy_timeout(10000)",
		"foreign_keys": "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)&_pragma=busy_timeout(10000)",
	} {
		db, err := sql.Open("sqlite", "file:"+path+dsn)
		require.NoError(t, err)
		err = checkPragmas(t.Context(), db, want)
		require.ErrorContains(t, err, "PRAGMA "+name+" is", name)
		require.NoError(t, db.Close())
	}
}
