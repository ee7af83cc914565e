package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sampleSuite = "../../examples/nanhuan/policy_test.json"

func TestRulesTestSample(t *testing.T) {
	code, out, errs := runCLI(t, "", "rules", "test", "--lang", "en", "--coverage-min", "100", sampleSuite)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "11 cases passed, 0 failed; rule coverage 100%")

	code, out, errs = runCLI(t, "", "rules", "test", "--format", "json", sampleSuite)
	require.Equal(t, exitOK, code, errs)
	var docs []suiteDoc
	require.NoError(t, json.Unmarshal([]byte(out), &docs))
	require.Len(t, docs[0].Cases, 11)
	require.Equal(t, 1.0, docs[0].Coverage)
}

// suiteVariant writes the sample suite, changed by edit, beside a copy of
// its policy, as JSON or YAML.
func suiteVariant(t *testing.T, name string, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	policy, err := os.ReadFile("../../examples/nanhuan/policy.json")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.json"), policy, 0o600))
	suite, err := os.ReadFile(sampleSuite)
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(edit(string(suite))), 0o600))
	return path
}

// TestRulesTestWrongExpectation: a wrong expectation fails (exit 1) with
// the timelines as a diff and the policy's trace.
func TestRulesTestWrongExpectation(t *testing.T) {
	path := suiteVariant(t, "suite.json", func(s string) string {
		return strings.Replace(s, `{"after": "10m", "target": "police_liaison"`, `{"after": "15m", "target": "police_liaison"`, 1)
	})
	code, out, _ := runCLI(t, "", "rules", "test", "--lang", "en", path)
	require.Equal(t, exitFound, code)
	for _, want := range []string{
		"FAIL  " + path + ": an unacknowledged report reaches the police liaison after 10 minutes",
		"  - +15m0s police_liaison (danger-now step 1)",
		"  + +10m0s police_liaison (danger-now step 1)",
		"policy trace:",
		"10 cases passed, 1 failed",
	} {
		require.Contains(t, out, want)
	}
}

func TestRulesTestCoverageAndErrors(t *testing.T) {
	// Only the danger-now cases: three rules nobody exercised.
	path := suiteVariant(t, "suite.json", func(s string) string {
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &doc))
		doc["cases"] = doc["cases"].([]any)[:5]
		out, err := json.Marshal(doc)
		require.NoError(t, err)
		return string(out)
	})
	code, out, _ := runCLI(t, "", "rules", "test", "--lang", "en", path)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "rules no case exercised: patrol-overdue, night-watch, everything-else")
	code, _, _ = runCLI(t, "", "rules", "test", "--coverage-min", "50", path)
	require.Equal(t, exitFound, code)

	empty := suiteVariant(t, "empty.json", func(string) string { return `{"policy": "policy.json", "cases": []}` })
	code, _, errs := runCLI(t, "", "rules", "test", empty)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "cases: [] is an empty list")

	// A timeline that is not legal in the incident's state cannot run.
	bad := suiteVariant(t, "bad.json", func(s string) string {
		return strings.Replace(s, `"+9m acknowledged by community_office"`, `"+3m resolved", "+9m acknowledged"`, 1)
	})
	code, _, errs = runCLI(t, "", "rules", "test", bad)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `cases "an acknowledgement at 9 minutes stops the climb": timeline "+9m acknowledged"`)
}

// TestRulesTestYAML: the command reads a suite in YAML, with the same keys.
func TestRulesTestYAML(t *testing.T) {
	path := suiteVariant(t, "suite.yaml", func(string) string {
		return `policy: policy.json
cases:
  - name: night suspect
    incident: {kind: suspicious_person, severity: minor, occurred_at: "2026-04-13T23:10:00+08:00"}
    timeline: [+9m acknowledged]
    until: +1h
    expect:
      - {after: 0s, target: community_office, rule: danger-now, step: 0}
      - {after: 0s, target: police_110, rule: danger-now, step: 0}
    must_not_notify: [police_liaison]
`
	})
	code, out, errs := runCLI(t, "", "rules", "test", "--lang", "en", path)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "1 cases passed, 0 failed")
}
