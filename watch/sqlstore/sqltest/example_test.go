package sqltest_test

import (
	"fmt"
	"io/fs"

	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/sqlstore/sqltest"
)

// A dialect with one more migration, to see how a database meets a
// schema newer than the build.
func ExampleWithMigration() {
	d, err := sqltest.WithMigration(sqlite.Dialect(), "0004_newer.sql", "CREATE TABLE newer (x INTEGER);")
	if err != nil {
		panic(err)
	}
	names, err := fs.Glob(d.Migrations(), "*.sql")
	if err != nil {
		panic(err)
	}
	fmt.Println(names)

	_, err = sqltest.WithMigration(d, "0004_newer.sql", "")
	fmt.Println(err)
	// Output:
	// [0001_schema.sql 0002_leases.sql 0003_sessions.sql 0004_newer.sql]
	// sqltest: the sqlite migrations already hold "0004_newer.sql"
}
