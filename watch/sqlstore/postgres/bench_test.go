package postgres_test

import (
	"testing"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/postgres"
	"github.com/armband/armband/watch/sqlstore/sqltest"
	"github.com/armband/armband/watch/storetest"
)

// BenchmarkStore runs the shared store benchmarks on the test server.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) watch.Stores { return open(b).Stores() })
}

// BenchmarkPlain is the baseline of BenchmarkStore: the same statements,
// with the same programme lock, through plain database/sql on the same
// server (sqltest.Plain). BENCHMARKS.md records the ratio of the two.
func BenchmarkPlain(b *testing.B) {
	sqltest.Plain(b, postgres.Dialect(), func(b *testing.B) sqltest.Target {
		s := open(b)
		return sqltest.Target{Stores: s.Stores(), Write: s.DB(), Read: s.DB()}
	})
}
