package oracle_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/armband/armband/internal/oracle"
	"github.com/armband/armband/rota"
	"github.com/stretchr/testify/require"
)

// needCBC skips without cbc, or fails when CI is set: .ci/pre.d/cbc.sh
// installs it.
func needCBC(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, oracle.ErrNoCBC) {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	require.NoError(t, err)
}

// TestModelAgreesWithExact solves small programmes of the oracle's kind
// (clock changes, bands crossed, fixed assignments) both ways: the exact
// search and CBC on the model of the package comment are independent,
// and must agree on the seats and on the largest hours.
func TestModelAgreesWithExact(t *testing.T) {
	compared := 0
	for k := range 16 {
		p := oracle.Small(k, 5+k%4, 2+k%2)
		if len(p.Instances()) > 40 {
			continue
		}
		g, out, err := rota.GenerateOutcome(context.Background(), p, rota.Options{})
		require.NoError(t, err)
		if !out.Exact {
			continue
		}
		res, err := oracle.Solve(context.Background(), p, t.TempDir(), 30*time.Second, true)
		needCBC(t, err)
		require.True(t, res.SeatsProven && res.HoursProven, "programme %d: cbc did not prove a small programme", k)
		require.Equal(t, res.Seats, g.Stats.Filled, "programme %d: seats", k)
		require.InDelta(t, res.MaxHours, g.Stats.MaxHours, 1e-6, "programme %d: largest hours", k)
		require.GreaterOrEqual(t, *g.Stats.Bound, res.Seats, "programme %d: the bound is below CBC's optimum", k)
		t.Logf("programme %d: %d instances, %d seats, largest %g h, bound %d", k, len(p.Instances()), res.Seats, res.MaxHours, *g.Stats.Bound)
		compared++
	}
	require.GreaterOrEqual(t, compared, 6, "too few programmes were small enough to compare")
}

// TestOracle runs the comparison of BenchmarkOracle on two of the ten
// programmes (CI's share; the benchmark has them all): CBC proves the
// most seats, and Generate fills them.
func TestOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("cbc takes seconds")
	}
	ps := oracle.Programs()
	for _, k := range []int{0, 1} {
		c := compare(t, k, ps[k], 30*time.Second, false)
		require.True(t, c.cbc.SeatsProven, "programme %d: cbc proved no optimum in its time", k)
		require.Equal(t, c.cbc.Seats, c.seats, "programme %d: Generate is behind CBC's proven optimum", k)
	}
}

// comparison is one programme solved both ways.
type comparison struct {
	instances, need int
	cbc             oracle.Result
	// seats, hours and took are Generate's (default options); bound is its
	// stats.bound.
	seats int
	hours float64
	took  time.Duration
	bound int
	// hoursProven: CBC proved that no rota filling cbc.Seats keeps every
	// volunteer below hours.
	hoursProven bool
}

// compare solves programme k both ways, cbc for at most limit a solve,
// and checks what must hold whatever either finds: the bound is at or
// above both rotas, and Generate never beats a proven optimum. With
// hours, cbc also searches for the smallest largest hours and tries to
// prove Generate's optimal (oracle.ProveHours).
func compare(t testing.TB, k int, p *rota.Problem, limit time.Duration, hours bool) comparison {
	t.Helper()
	res, err := oracle.Solve(context.Background(), p, t.TempDir(), limit, hours)
	needCBC(t, err)
	start := time.Now()
	g, err := rota.Generate(context.Background(), p, rota.Options{})
	c := comparison{instances: len(p.Instances()), need: g.Stats.Need, cbc: res, seats: g.Stats.Filled,
		hours: g.Stats.MaxHours, took: time.Since(start), bound: *g.Stats.Bound}
	require.NoError(t, err)
	require.GreaterOrEqual(t, c.bound, res.Seats, "programme %d: the bound is below a rota CBC found", k)
	require.GreaterOrEqual(t, c.bound, c.seats)
	if res.SeatsProven {
		require.LessOrEqual(t, c.seats, res.Seats, "programme %d: more seats than CBC proves possible", k)
		if res.HoursProven && c.seats == res.Seats {
			require.GreaterOrEqual(t, c.hours, res.MaxHours-1e-6, "programme %d: fewer hours than CBC proves possible", k)
		}
	}
	if hours && c.seats == res.Seats && c.seats > 0 {
		// cbc 2.10 has been seen to abort (std::bad_alloc) on a capped
		// model: that leaves the hours unproven, and is logged.
		c.hoursProven, err = oracle.ProveHours(context.Background(), p, t.TempDir(), c.seats, c.hours, limit)
		if err != nil {
			t.Logf("programme %d: the hours proof failed: %v", k, err)
		}
	}
	t.Logf("programme %d: %d instances, need %d: cbc %d seats (proven %v), largest %.2f h (proven %v) in %v; generate %d seats, largest %.2f h (proven by cbc %v) in %v; bound %d",
		k, c.instances, c.need, res.Seats, res.SeatsProven, res.MaxHours, res.HoursProven, res.Time.Round(time.Millisecond),
		c.seats, c.hours, c.hoursProven, c.took.Round(time.Millisecond), c.bound)
	return c
}

// BenchmarkOracle compares Generate (default options) with CBC on the
// ten programmes and logs both side by side (the table in BENCHMARKS.md);
// it reports the seats Generate is behind CBC in all, and Generate's
// longest time on one programme (issue 20 wants at most 1 s).
// CI runs the first two, seats only, with CBC at 10 s a solve;
// ARMBAND_ORACLE=full runs all ten at 30 s a solve, with the hours.
func BenchmarkOracle(b *testing.B) {
	ps := oracle.Programs()
	limit, full := 10*time.Second, os.Getenv("ARMBAND_ORACLE") == "full"
	if full {
		limit = 30 * time.Second
	} else {
		ps = ps[:2]
	}
	for b.Loop() {
		behind, unproven, slowest := 0, 0, time.Duration(0)
		for k, p := range ps {
			c := compare(b, k, p, limit, full)
			behind += c.cbc.Seats - c.seats
			slowest = max(slowest, c.took)
			if !c.hoursProven {
				unproven++
			}
		}
		b.ReportMetric(float64(behind), "seats-behind-cbc")
		b.ReportMetric(slowest.Seconds(), "slowest-generate-s")
		if full { // CI's run does not try the hours
			b.ReportMetric(float64(unproven), "hours-unproven")
		}
	}
}
