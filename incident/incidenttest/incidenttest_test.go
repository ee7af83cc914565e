package incidenttest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/incident/incidenttest"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

const sample = "../../examples/nanhuan/policy_test.json"

// TestNanhuanSuite runs the sample suite of the Nanhuan programme: every
// case passes and every rule is exercised.
func TestNanhuanSuite(t *testing.T) {
	res := incidenttest.Run(t, sample)
	require.Zero(t, res.Failed)
	require.Empty(t, res.Uncovered)
	require.Equal(t, 1.0, res.Coverage)
}

// TestWrongExpectationFails: a suite whose expectation is wrong fails
// with a readable diff and the trace.
func TestWrongExpectationFails(t *testing.T) {
	s, p, err := incidenttest.Load(sample)
	require.NoError(t, err)
	s.Cases = s.Cases[1:2]
	s.Cases[0].Expect[2].After = watch.Duration(5 * time.Minute)
	res := incident.RunSuite(s, p)
	require.Equal(t, 1, res.Failed)
	msg := incidenttest.Report(res.Cases[0])
	for _, want := range []string{
		"notifications (- expected, + actual):",
		"    +0s community_office (danger-now step 0)",
		"  - +5m0s police_liaison (danger-now step 1)",
		"  + +10m0s police_liaison (danger-now step 1)",
		"policy trace:",
		"danger-now: matched, applied, stops",
	} {
		require.Contains(t, msg, want)
	}
}

func TestAssertions(t *testing.T) {
	s, p, err := incidenttest.Load(sample)
	require.NoError(t, err)
	inc, err := s.CaseIncident(s.Cases[1], p.Kinds)
	require.NoError(t, err)
	ns := incident.Simulate(p, []watch.Incident{inc}, inc.Reported().Add(time.Hour))
	incidenttest.Notified(t, inc, ns, "police_110", 0)
	incidenttest.Notified(t, inc, ns, "police_liaison", 10*time.Minute)
	incidenttest.NotNotified(t, ns, "duty_leader")
	require.True(t, strings.HasSuffix(ns[2].String(), "danger-now step 1 -> police_liaison at 2026-04-13T23:20:00+08:00"))

	// The assertions fail where they should.
	rec := &recorder{TB: t}
	incidenttest.Notified(rec, inc, ns, "police_110", time.Minute)
	incidenttest.NotNotified(rec, ns, "police_110")
	require.Equal(t, 2, rec.failures)
}

type recorder struct {
	testing.TB
	failures int
}

func (r *recorder) Errorf(string, ...any) { r.failures++ }
func (r *recorder) Helper()               {}

// TestLoadErrors: a suite that does not load fails with the field named.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(doc string) string {
		path := filepath.Join(dir, "suite.json")
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o600))
		return path
	}
	for doc, want := range map[string]string{
		`{"policy": "p.json", "cases": []}`: `cases: [] is an empty list`,
		`{"policy": "p.json", "cases": [{"name": "a", "fixture": "nope", "until": "+1h", "expect": []}]}`:                               `cases[0].fixture: "nope" is not one of the suite's fixtures`,
		`{"policy": "p.json", "cases": [{"name": "a", "incident": {}, "timeline": ["5m acknowledged"], "until": "+1h", "expect": []}]}`: `cases[0].timeline[0]: "5m acknowledged" starts with "5m", not an offset`,
		`{"policy": "p.json", "cases": [{"name": "a", "incident": {}, "until": "soon", "expect": []}]}`:                                 `cases[0].until: "soon" is not an instant or an offset`,
		`{"policy": "missing.json", "cases": [{"name": "a", "incident": {}, "until": "+1h", "expect": []}]}`:                            `policy:`,
	} {
		_, _, err := incidenttest.Load(write(doc))
		require.ErrorContains(t, err, want, doc)
	}
}
