package rota_test

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/armband/armband/internal/ladder"
	"github.com/armband/armband/rota"
)

// BenchmarkGenerate climbs the instance ladder. CI runs L1 and L2 once;
// ARMBAND_BENCH=full runs every rung. Per rung it reports the time, the
// peak heap, the filled headcount, the bound, the seats of the naive
// greedy (outside the timing), the largest hours and the seconds per
// (instance x eligible volunteer), in nanoseconds. The figures are in BENCHMARKS.md.
func BenchmarkGenerate(b *testing.B) {
	for _, r := range rungs() {
		b.Run(r.Name, func(b *testing.B) {
			pf := r.Program()
			p, err := rota.NewProblem(pf)
			if err != nil {
				b.Fatal(err)
			}
			pairs := rota.EligiblePairs(p)
			runtime.GC()
			peak := make(chan uint64)
			done := make(chan struct{})
			go func() { // sample the live heap every 5 ms while generating
				sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				tick := time.NewTicker(5 * time.Millisecond)
				defer tick.Stop()
				var most uint64
				for {
					metrics.Read(sample)
					most = max(most, sample[0].Value.Uint64())
					select {
					case <-done:
						peak <- most
						return
					case <-tick.C:
					}
				}
			}()
			var filled, bound int
			var maxHours float64
			b.ResetTimer()
			for b.Loop() {
				g, err := rota.Generate(context.Background(), p, rota.Options{})
				if err != nil {
					b.Fatal(err)
				}
				filled, maxHours, bound = g.Stats.Filled, g.Stats.MaxHours, *g.Stats.Bound
			}
			b.StopTimer()
			close(done)
			b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(filled), "filled")
			b.ReportMetric(float64(bound), "bound")
			b.ReportMetric(float64(rota.NaiveGreedy(p)), "greedy")
			b.ReportMetric(maxHours, "max-hours")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pairs), "ns/pair")
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}

// BenchmarkCheck judges the generated rota of each rung: the cost of the
// final guard Generate runs, and of armband rota check. It is linear in
// the assignments: the rest rule walks each volunteer's instances once.
func BenchmarkCheck(b *testing.B) {
	for _, r := range rungs() {
		b.Run(r.Name, func(b *testing.B) {
			p, err := rota.NewProblem(r.Program())
			if err != nil {
				b.Fatal(err)
			}
			g, err := rota.Generate(context.Background(), p, rota.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				vs, err := rota.Check(p, g)
				if err != nil || len(vs) > 0 {
					b.Fatal(err, vs)
				}
			}
			b.ReportMetric(float64(g.Stats.Filled), "filled")
		})
	}
}

// BenchmarkNewProblem measures making the problem: expanding the shifts,
// checking the fixed assignments and working out who may work what.
func BenchmarkNewProblem(b *testing.B) {
	for _, r := range rungs() {
		b.Run(r.Name, func(b *testing.B) {
			pf := r.Program()
			for b.Loop() {
				if _, err := rota.NewProblem(pf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// rungs are the rungs to climb: L1 and L2, or all with ARMBAND_BENCH=full.
func rungs() []ladder.Rung {
	if os.Getenv("ARMBAND_BENCH") == "full" {
		return ladder.Rungs
	}
	return ladder.Rungs[:2]
}

// BenchmarkBound measures the bound alone: the maximum flow Generate adds
// to every rota's stats.
func BenchmarkBound(b *testing.B) {
	for _, r := range rungs() {
		b.Run(r.Name, func(b *testing.B) {
			p, err := rota.NewProblem(r.Program())
			if err != nil {
				b.Fatal(err)
			}
			var bound int
			for b.Loop() {
				bound = rota.Bound(p)
			}
			b.ReportMetric(float64(bound), "bound")
		})
	}
}
