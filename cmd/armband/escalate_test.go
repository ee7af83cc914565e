package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEscalateExample(t *testing.T) {
	code, out, errs := runCLI(t, "", "escalate", "--policy", examples+"policy.json", "--until", "2026-04-18T00:30:00+08:00",
		"--format", "json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	var want struct{ Notifications json.RawMessage }
	data, err := os.ReadFile(examples + "notifications.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &want))
	require.JSONEq(t, string(want.Notifications), out)
}

func TestEscalateOptions(t *testing.T) {
	policy := writeFile(t, "policy.yaml", `
rules:
  - name: night
    continue: true
    match: {time: {from: 22:00, to: 06:00}}
    steps: [{after: 0s, notify: [duty_leader]}]
  - name: rest
    match: {}
    steps: [{after: 0s, notify: [community_office]}]
`)
	args := []string{"escalate", "--policy", policy, "--until", "2026-04-18T00:30:00Z"}
	code, _, errs := runCLI(t, "", append(args, examples+"incidents.json")...)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "rules[0].match.time: needs a zone")

	code, out, errs := runCLI(t, "", append(args, "--timezone", "Europe/London", "--format", "text", examples+"incidents.json")...)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "+01:00", "output instants are in --timezone")
	require.Contains(t, out, "inc-0415")

	code, out, errs = runJSON(t, "", "escalate", "--policy", examples+"policy.json", "--until", "2026-04-01T00:00:00+08:00", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "[]\n", out)

	code, _, errs = runCLI(t, "", "escalate", "--policy", examples+"policy.json", examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "--policy and --until are required")
}

func TestRulesLint(t *testing.T) {
	code, out, errs := runCLI(t, "", "rules", "lint", "--strict", examples+"policy.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, examples+"policy.json: no warnings\n", out)

	sloppy := writeFile(t, "policy.json", `{"rules": [{"name": "fire", "match": {"kinds": ["fire"]}, "steps": [{"after": "5m", "notify": ["comunity_office"]}]}]}`)
	code, out, _ = runCLI(t, "", "rules", "lint", "--lang", "en", sloppy)
	require.Equal(t, exitOK, code, "warnings are not refusals")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.GreaterOrEqual(t, len(lines), 2)
	require.Contains(t, out, sloppy+`: warning: no catch-all rule: no_catch_all: rule "fire"`)
	code, out, _ = runCLI(t, "", "rules", "lint", "--lang", "zh", sloppy)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, sloppy+`: 警告: 没有兜底规则: no_catch_all: 规则 "fire"`)
	require.Contains(t, out, "danger_not_called: 7 种事件")
	code, _, _ = runCLI(t, "", "rules", "lint", "--strict", sloppy)
	require.Equal(t, exitFound, code)
	code, out, _ = runCLI(t, "", "rules", "lint", "--format", "json", sloppy)
	require.Equal(t, exitOK, code)
	var ws []map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &ws))
	require.Equal(t, "no_catch_all", ws[0]["code"])

	broken := writeFile(t, "policy.json", `{"rules": [{"name": "x", "match": {}, "steps": [{"after": "1h", "notify": ["a"]}, {"after": "1m", "notify": ["a"]}]}]}`)
	code, _, errs = runCLI(t, "", "rules", "lint", broken)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `rules[0].steps[1].after: "1m0s" comes before the step before it (1h0m0s): steps go in non-decreasing order (rule "x")`)
}

// TestEscalateRun: escalate --run ticks an escalator on a store with a
// notifier that writes each notification to standard output; incidents
// first seen long after their steps fell due are skipped as stale, and
// nothing is sent twice.
func TestEscalateRun(t *testing.T) {
	db := t.TempDir() + "/armband.db"
	code, _, errs := runCLI(t, "", "incidents", "import", "--store", db, examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	tick := func(now string) (string, string) {
		t.Helper()
		code, out, errs := runJSON(t, "", "escalate", "--run", "--store", db, "--policy", examples+"policy.json", "--lang", "en", "--now", now, "nanhuan-2")
		require.Equal(t, exitOK, code, errs)
		return out, errs
	}
	out, errs := tick("2026-04-17T23:00:00+08:00")
	var targets []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var got sent
		require.NoError(t, json.Unmarshal([]byte(line), &got), line)
		require.Equal(t, "inc-0417", got.Incident)
		require.Equal(t, 1, got.Attempt)
		require.Len(t, got.Key, 36)
		targets = append(targets, got.Target)
	}
	require.ElementsMatch(t, []string{"community_office", "duty_leader"}, targets, "the night watch and the office, at once")
	require.Contains(t, errs, "planned 6, due 2, sent 2")
	out, errs = tick("2026-04-17T23:00:00+08:00")
	require.Empty(t, out, "nothing is sent twice")
	require.Empty(t, errs)
	out, _ = tick("2026-04-18T01:00:00+08:00")
	require.Contains(t, out, `"due_at":"2026-04-18T01:00:00+08:00"`)

	code, _, errs = runCLI(t, "", "escalate", "--run", "--policy", examples+"policy.json", "nanhuan-2")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "--run needs --policy and --store")
	code, _, errs = runCLI(t, "", "escalate", "--run", "--store", db, "--policy", examples+"policy.json", "--now", "2026-04-18T01:00:00+08:00", "no-such")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "no-such")
}
