package sqlite_test

import (
	"testing"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/sqlstore/sqltest"
	"github.com/armband/armband/watch/storetest"
)

// BenchmarkStore runs the shared store benchmarks on a SQLite file.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) watch.Stores { return open(b).Stores() })
}

// BenchmarkPlain is the baseline of BenchmarkStore: the same statements
// through plain database/sql on the same set-up (sqltest.Plain).
// BENCHMARKS.md records the ratio of the two.
func BenchmarkPlain(b *testing.B) {
	sqltest.Plain(b, sqlite.Dialect(), func(b *testing.B) sqltest.Target {
		s := open(b)
		w, r := s.DBs()
		return sqltest.Target{Stores: s.Stores(), Write: w, Read: r}
	})
}
