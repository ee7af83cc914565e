package rota_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func loadProblem(t testing.TB, name string) *rota.Problem {
	t.Helper()
	data, err := os.ReadFile("../testdata/examples/" + name)
	require.NoError(t, err)
	pf, err := watch.LoadProgramFile(bytes.NewReader(data))
	require.NoError(t, err)
	p, err := rota.NewProblem(pf)
	require.NoError(t, err)
	return p
}

// requireValid asserts that Check accepts the rota and that its figures
// add up.
func requireValid(t testing.TB, p *rota.Problem, r watch.Rota) {
	t.Helper()
	vs, err := rota.Check(p, r)
	require.NoError(t, err)
	require.Empty(t, vs)
	filled := 0
	for _, a := range r.Assignments {
		filled += len(a.Volunteers)
	}
	require.Equal(t, filled, r.Stats.Filled)
	for _, g := range r.Gaps {
		require.Less(t, g.Assigned, g.Need)
	}
}

func TestGenerateTiny(t *testing.T) {
	p := loadProblem(t, "program-tiny.json")
	r, rep, err := rota.GenerateOutcome(context.Background(), p, rota.Options{})
	require.NoError(t, err)
	require.True(t, rep.Exact)
	requireValid(t, p, r)
	data, err := os.ReadFile("../testdata/examples/rota-tiny.json")
	require.NoError(t, err)
	var want watch.Rota
	require.NoError(t, json.Unmarshal(data, &want))
	require.Equal(t, want.Stats.Filled, r.Stats.Filled)
	require.Equal(t, want.Stats.MaxHours, r.Stats.MaxHours)
	require.Equal(t, want.Stats, r.Stats)
	require.Empty(t, r.Gaps)
}

func TestGenerateNanhuan(t *testing.T) {
	p := loadProblem(t, "program.json")
	r, rep, err := rota.GenerateOutcome(context.Background(), p, rota.Options{})
	require.NoError(t, err)
	requireValid(t, p, r)
	t.Logf("report %+v; filled %d of %d, max hours %g, gaps %d", rep, r.Stats.Filled, r.Stats.Need, r.Stats.MaxHours, len(r.Gaps))
	for _, g := range r.Gaps {
		require.NotEmpty(t, g.Reasons, "gap %s %s", g.Shift, g.Date)
	}
}
