package rota_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/armband/armband/internal/ladder"
	"github.com/armband/armband/rota"
	"github.com/stretchr/testify/require"
)

// TestNeverBelowNaiveGreedy: on random programmes of 20 to 1,000
// volunteers (estates of the ladder's kind, with random sizes, and random
// programmes with every hard corner), Generate fills at least the seats
// the naive greedy a community office would write fills, and its bound
// is at least both.
func TestNeverBelowNaiveGreedy(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 1000))
	for i := range 16 / raceDivisor {
		var p *rota.Problem
		if i%2 == 0 {
			vols := 20 + r.IntN(981/raceDivisor)
			rung := ladder.Rung{Name: "g", Volunteers: vols, Beats: 1 + vols/(10+r.IntN(15)), Shifts: 3 + r.IntN(2), Days: 7 + r.IntN(8)}
			var err error
			p, err = rota.NewProblem(rung.Program())
			require.NoError(t, err)
		} else {
			p = randomProblemFixed(r, 14, 20+r.IntN(60), 6, 8)
		}
		start := time.Now()
		g, err := rota.Generate(context.Background(), p, rota.Options{Seed: uint64(i)})
		took := time.Since(start)
		require.NoError(t, err)
		greedy := rota.NaiveGreedy(p)
		require.GreaterOrEqual(t, g.Stats.Filled, greedy, "programme %d: Generate fills fewer seats than the naive greedy", i)
		require.GreaterOrEqual(t, *g.Stats.Bound, g.Stats.Filled, "programme %d: the bound is below a rota", i)
		t.Logf("programme %d: %d volunteers, %d instances: greedy %d, generate %d in %v, bound %d", i, len(p.Program().Volunteers), len(p.Instances()), greedy, g.Stats.Filled, took.Round(time.Millisecond), *g.Stats.Bound)
	}
}
