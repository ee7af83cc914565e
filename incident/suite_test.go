package incident_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// FuzzLoadSuite: the suite loader never panics, and every case of a suite
// it accepts builds or refuses its incident cleanly and runs.
func FuzzLoadSuite(f *testing.F) {
	sample, err := os.ReadFile("../examples/nanhuan/policy_test.json")
	require.NoError(f, err)
	f.Add(sample)
	f.Add([]byte(`{"policy": "p.json", "cases": [{"name": "a", "incident": {"kind": "fire"}, "timeline": ["+1m note by v1"], "until": "+1h", "expect": []}]}`))
	f.Add([]byte(`{"policy": "p.json", "fixtures": {"x": {"kind": "fire", "severity": "minor", "occurred_at": "2026-01-01T00:00:00Z"}}, "cases": [{"name": "a", "fixture": "x", "incident": {"id": 1}, "until": "2026-01-02T00:00:00Z", "expect": [{"after": "0s", "target": "t", "rule": "r", "step": 0}]}]}`))
	f.Add([]byte(`{"policy": "p.json", "cases": []}`))
	policy := examplePolicy(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := incident.LoadSuite(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, s)
			return
		}
		require.NotEmpty(t, s.Cases)
		res := incident.RunSuite(s, policy)
		require.Len(t, res.Cases, len(s.Cases))
		for i, c := range res.Cases {
			if c.Err == nil {
				_, err := s.CaseIncident(s.Cases[i], policy.Kinds)
				require.NoError(t, err)
			}
		}
	})
}

// TestSuiteCaseIncident: a fixture with the case's keys laid over it, the
// case's name as id, and the timeline after the report.
func TestSuiteCaseIncident(t *testing.T) {
	s, err := incident.LoadSuite(bytes.NewReader([]byte(`{"policy": "p.json",
	 "fixtures": {"x": {"kind": "fire", "severity": "minor", "occurred_at": "2026-01-01T00:00:00+08:00", "reported_at": "2026-01-01T00:02:00+08:00", "beat": "north"}},
	 "cases": [{"name": "case one", "fixture": "x", "incident": {"severity": "major"}, "timeline": ["+5m acknowledged by v1", "+1h resolved"], "until": "+2h", "expect": []}]}`)))
	require.NoError(t, err)
	inc, err := s.CaseIncident(s.Cases[0], nil)
	require.NoError(t, err)
	require.Equal(t, "case one", inc.ID)
	require.Equal(t, watch.SeverityMajor, inc.Severity)
	require.Equal(t, "north", inc.Beat)
	require.Len(t, inc.Events, 2)
	require.Equal(t, "2026-01-01T00:07:00+08:00", watch.FormatInstant(inc.Events[0].At))
	require.Equal(t, "v1", inc.Events[0].By)
	require.Equal(t, watch.StateResolved, inc.State())
}
