package incident_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/sqlstore/sqlite"
)

// BenchmarkEscalatorTick measures Tick with many open incidents in the
// store, every one planned and waiting for a step due a day later:
//
//   - idle: nothing new and nothing due, the tick a service runs every
//     few seconds;
//   - 100 new: 100 incidents reported since the last tick, each planned
//     and its first step sent.
//
// memstore holds 100,000 open incidents; the SQLite file holds
// ARMBAND_TICK_INCIDENTS (default 2,000, to keep CI's single run short:
// the file is filled one durable transaction at a time; BENCHMARKS.md
// gives the figures at 10,000).
func BenchmarkEscalatorTick(b *testing.B) {
	sqliteSize := 2000
	if v, err := strconv.Atoi(os.Getenv("ARMBAND_TICK_INCIDENTS")); err == nil && v > 0 {
		sqliteSize = v
	}
	for _, c := range []struct {
		name  string
		size  int
		store func(b *testing.B) watch.Stores
	}{
		{"memstore", 100000, func(*testing.B) watch.Stores { return memstore.New().Stores() }},
		{"sqlite", sqliteSize, func(b *testing.B) watch.Stores {
			s, err := sqlite.Open(bg, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = s.Close() })
			return s.Stores()
		}},
	} {
		b.Run(fmt.Sprintf("%s/open=%d", c.name, c.size), func(b *testing.B) {
			s := c.store(b)
			e, now := openIncidents(b, s, c.size)
			batch := 0 // across runs of the sub-benchmarks (-count)
			b.Run("idle", func(b *testing.B) {
				for b.Loop() {
					now = now.Add(time.Second)
					if st := tick(b, e, now); st.Due != 0 {
						b.Fatalf("idle tick: %+v", st)
					}
				}
			})
			b.Run("100 new", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					now = now.Add(time.Second)
					for i := range 100 {
						report(b, s, "nanhuan", fmt.Sprintf("new-%06d-%03d", batch, i), watch.KindTheft, now)
					}
					batch++
					b.StartTimer()
					if st := tick(b, e, now); st.Sent != 100 || st.Admitted != 100 {
						b.Fatalf("tick: %+v", st)
					}
				}
			})
		})
	}
}

// openIncidents fills a store with n open incidents reported an hour ago,
// plans them and sends their first step, and returns the escalator and the
// instant it ticked at.
func openIncidents(b *testing.B, s watch.Stores, n int) (*incident.Escalator, time.Time) {
	b.Helper()
	if err := s.Programs.PutProgram(bg, watch.ProgramRecord{
		Program: watch.Program{ID: "nanhuan", Name: "南环第二社区", Timezone: "Asia/Shanghai"},
		Beats:   []watch.Beat{{ID: "market", Name: "南环菜场"}}}); err != nil {
		b.Fatal(err)
	}
	p, err := incident.LoadPolicy(strings.NewReader(`{"rules": [{"name": "all", "match": {},
  "steps": [{"after": "0s", "notify": ["community_office"]},
            {"after": "24h", "notify": ["station"], "unless": "resolved"}]}]}`))
	if err != nil {
		b.Fatal(err)
	}
	e, err := incident.NewEscalator(s, "nanhuan", p, incident.NotifierFunc(func(context.Context, incident.Notice) error { return nil }),
		incident.EscalatorOptions{Batch: watch.MaxPageSize})
	if err != nil {
		b.Fatal(err)
	}
	reported := night.Add(-time.Hour)
	for i := range n {
		report(b, s, "nanhuan", fmt.Sprintf("open-%06d", i), watch.KindTheft, reported)
	}
	if st := tick(b, e, night); st.Admitted != n || st.Sent != n {
		b.Fatalf("planning %d incidents: %+v", n, st)
	}
	return e, night
}
