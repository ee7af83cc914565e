package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSixnosExample(t *testing.T) {
	code, out, errs := runJSON(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai",
		"--format", "json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	want, err := os.ReadFile(examples + "sixnos-april.json")
	require.NoError(t, err)
	require.JSONEq(t, string(want), out)
}

func TestSixnosOptions(t *testing.T) {
	goals := writeFile(t, "goals.yaml", `
kinds: [{id: noise, name: 噪音扰民, name_en: Noise}]
goals:
  - {id: no_fire, name: 无火灾事故, kinds: [fire], veto: true}
  - {id: no_noise, name: 无噪音, name_en: No noise, kinds: [noise]}
scheme:
  deduction: {points: 10, resolved_points: 4}
  rate: {threshold: 1}
  tiers: [{min_score: 90, stars: 3}]
`)
	incidents := writeFile(t, "incidents.json", `[
	 {"id": "n1", "kind": "noise", "severity": "minor", "occurred_at": "2026-04-03T23:00:00+08:00"},
	 {"id": "f1", "kind": "fire", "severity": "minor", "police_case": true, "occurred_at": "2026-04-20T10:00:00+08:00",
	  "events": [{"type": "voided", "at": "2026-04-21T10:00:00+08:00"}]}]`)
	args := []string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", "--goals", goals,
		"--program", examples + "program.json", "--run"}

	code, out, errs := runJSON(t, "", append(args, incidents)...)
	require.Equal(t, exitOK, code, errs)
	var s map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	require.Equal(t, 50.0, s["score"], "the fire was voided; the noise broke one of two goals")
	require.Equal(t, 30.0, s["zero_report_days"])
	scheme := s["scheme"].(map[string]any)
	require.Equal(t, 90.0, scheme["score"])
	require.Equal(t, 5421.0, scheme["rate"].(map[string]any)["residents"], "residents come from --program")

	// As of 20 April noon the void had not happened: the veto goal failed.
	code, out, errs = runJSON(t, "", append(args, "--as-of", "2026-04-20T12:00:00+08:00", incidents)...)
	require.Equal(t, exitOK, code, errs)
	s = nil
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	require.Equal(t, 0.0, s["score"])
	require.Equal(t, 19.0, s["zero_report_days"], "1 to 19 April had ended")
	require.Equal(t, "2026-04-20T12:00:00+08:00", s["as_of"])
	require.Equal(t, 19.0, s["zero_report_run"], "the police case of 20 April is after the last safe day")
	require.NotContains(t, s, "last_police_case")

	code, out, errs = runCLI(t, "", append(args, "--format", "text", "--lang", "en", incidents)...)
	require.Equal(t, exitOK, code, errs)
	require.Regexp(t, `✗  No noise +not achieved: n1`, out)
}

func TestReportSeriesAndCompare(t *testing.T) {
	code, out, errs := runJSON(t, "", "report", "series", "--from", "2026-03", "--to", "2026-05", "--timezone", "Asia/Shanghai", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	var series struct {
		Months []struct {
			Month  string
			Streak int
		}
		LongestStreak int `json:"longest_streak"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &series))
	require.Len(t, series.Months, 3)
	require.Equal(t, "2026-04", series.Months[1].Month)
	require.Equal(t, []int{1, 0, 1}, []int{series.Months[0].Streak, series.Months[1].Streak, series.Months[2].Streak})

	quiet := writeFile(t, "quiet.json", `[{"id": "x", "kind": "other", "severity": "minor", "occurred_at": "2026-04-02T10:00:00+08:00"}]`)
	code, out, errs = runCLI(t, "", "report", "compare", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai",
		"--format", "text", "nanhuan-2="+examples+"incidents.json", "beihuan="+quiet)
	require.Equal(t, exitOK, code, errs)
	require.Regexp(t, `(?m)^1 +beihuan +6/6 +100\.0`, out)
	require.Regexp(t, `(?m)^2 +nanhuan-2 +4/6 +66\.7 +15 +No major civil dispute, No fire$`, out)
}

func TestSixnosErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", examples + "incidents.json"}, "a zone is needed: give --timezone, or a programme file with --program"},
		{[]string{"sixnos", "--from", "2026-04-31", "--to", "2026-04-30", "--timezone", "UTC", examples + "incidents.json"}, `"2026-04-31" is not a date`},
		{[]string{"sixnos", "--from", "2026-04-10", "--to", "2026-04-01", "--timezone", "UTC", examples + "incidents.json"}, "is before --from"},
		{[]string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Mars/Olympus", examples + "incidents.json"}, `--timezone: "Mars/Olympus" is not a known IANA time zone`},
		{[]string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "UTC", "--as-of", "yesterday", examples + "incidents.json"}, `"yesterday" is not an instant`},
		{[]string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "UTC", "--goals", examples + "incidents.json", examples + "incidents.json"}, `incidents.json: [...] is not an object`},
		{[]string{"report", "compare", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "UTC", examples + "incidents.json"}, "is not PROGRAM=INCIDENTS"},
	}
	for _, tc := range cases {
		code, _, errs := runJSON(t, "", tc.args...)
		require.Equal(t, exitUsage, code, "%v", tc.args)
		require.Contains(t, errs, tc.want, "%v", tc.args)
	}
}
