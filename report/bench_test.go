package report_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// manyIncidents makes n incidents over 2026, deterministically.
func manyIncidents(n int) []watch.Incident {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := watch.BuiltinKinds()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	incs := make([]watch.Incident, n)
	for i := range incs {
		occurred := start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		incs[i] = watch.Incident{ID: "inc-" + strconv.Itoa(i), Kind: kinds[rng.IntN(len(kinds))].ID,
			Severity: watch.Severity(1 + rng.IntN(3)), OccurredAt: occurred, PoliceCase: rng.IntN(50) == 0}
		if rng.IntN(20) == 0 {
			incs[i].Events = []watch.Event{{Type: watch.EventVoided, At: occurred.Add(time.Hour)}}
		}
	}
	return incs
}

// BenchmarkScore scores 1,000,000 incidents over one month with the six
// nos. The figures are in BENCHMARKS.md.
func BenchmarkScore(b *testing.B) {
	incs := manyIncidents(1_000_000)
	g := report.SixNos()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Score(g, incs, april(), shanghai, report.Options{Run: true}); err != nil {
			b.Fatal(err)
		}
	}
}
