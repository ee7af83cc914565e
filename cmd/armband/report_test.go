package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const reportData = "../../report/testdata/"

// TestReportFilesAndStoreAgree builds the daily report and the monthly
// brief once from files and once from a SQLite store that took the same
// files, and gets the same documents, history heads included.
func TestReportFilesAndStoreAgree(t *testing.T) {
	store := filepath.Join(t.TempDir(), "armband.db")
	program := reportData + "program.json"
	for _, args := range [][]string{
		{"rota", "generate", "--store", store, program},
		{"incidents", "import", "--store", store, program, reportData + "incidents.json"},
		{"patrols", "import", "--store", store, program, reportData + "patrols.json"},
		{"patrols", "import", "--store", store, program, reportData + "patrols.json"},
	} {
		code, _, errs := runCLI(t, "", args...)
		require.Equal(t, 0, code, "%v: %s", args, errs)
	}
	files := []string{"--program", program, "--rota", reportData + "rota.json", "--patrols", reportData + "patrols.json",
		"--incidents", reportData + "incidents.json"}
	stored := []string{"--store", store, "--program", "nanhuan-2"}
	for _, kind := range [][]string{{"daily", "--date", "2026-12-04"}, {"monthly", "--month", "2026-12"}} {
		for _, aud := range []string{"public", "office"} {
			args := append([]string{"report", kind[0], kind[1], kind[2], "--format", "json", "--audience", aud}, files...)
			code, fromFiles, errs := runCLI(t, "", args...)
			require.Equal(t, 0, code, errs)
			args = append([]string{"report", kind[0], kind[1], kind[2], "--format", "json", "--audience", aud}, stored...)
			code, fromStore, errs := runCLI(t, "", args...)
			require.Equal(t, 0, code, errs)
			require.JSONEq(t, fromFiles, fromStore, "%s for %s", kind[0], aud)
		}
	}
	code, out, errs := runCLI(t, "", append([]string{"report", "daily", "--date", "2026-12-04", "--format", "text", "--audience", "public", "--lang", "zh"}, stored...)...)
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "钱*")
	require.NotContains(t, out, "钱七")
}

func TestReportTemplateAndTable(t *testing.T) {
	tmpl := writeFile(t, "board.tmpl", `{{date .Date}} {{day .State}}{{range .OnDuty}} {{person .}}{{end}}`+"\n")
	args := []string{"report", "daily", "--date", "2026-12-04", "--program", reportData + "program.json",
		"--rota", reportData + "rota.json", "--patrols", reportData + "patrols.json", "--audience", "public", "--lang", "zh"}
	code, out, errs := runCLI(t, "", append(args, "--template", tmpl)...)
	require.Equal(t, 0, code, errs)
	require.Equal(t, "2026年12月4日 今天有情况 王* 钱* 吴* 冯*\n", out)

	code, out, errs = runCLI(t, "", append(args, "--format", "csv", "--table", "patrols", "--lang", "en")...)
	require.Equal(t, 0, code, errs)
	require.True(t, strings.HasPrefix(out, "Shift,Beat,Start,End,Volunteers,Planned,Logged,All normal\n"), out)

	bad := writeFile(t, "bad.tmpl", `{{.NoSuchField}}`)
	code, _, errs = runCLI(t, "", append(args, "--template", bad)...)
	require.Equal(t, 2, code)
	require.Contains(t, errs, "bad.tmpl")
}

func TestReportErrors(t *testing.T) {
	program := reportData + "program.json"
	patrols := writeFile(t, "patrols.json", `[{"id": "p1", "date": "2026-12-32", "volunteers": ["v01"]}]`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "daily", "--program", program}, "--date is required"},
		{[]string{"report", "daily", "--date", "2026-12-04"}, "--program is required"},
		{[]string{"report", "daily", "--date", "2026-12-04", "--program", program, "--audience", "everyone"}, `--audience "everyone"`},
		{[]string{"report", "monthly", "--month", "2026-13", "--program", program}, `"2026-13" is not a month`},
		{[]string{"report", "daily", "--date", "2026-12-04", "--program", program, "--patrols", patrols}, `[0].date: "2026-12-32"`},
		{[]string{"report", "daily", "--date", "2026-12-04", "--store", "x.db", "--program", "p", "--rota", "r.json"}, "--rota is read from --store"},
		{[]string{"report", "daily", "--date", "2026-12-04", "--program", program, "--format", "csv", "--table", "nope"}, `table: "nope"`},
		{[]string{"report", "daily", "--date", "2026-12-04", "--program", program, "--table", "patrols"}, "--table goes with --format csv"},
	} {
		code, _, errs := runCLI(t, "", c.args...)
		require.Equal(t, 2, code, "%v", c.args)
		require.Contains(t, errs, c.want, "%v", c.args)
	}
}

func TestReportMonthlyHTML(t *testing.T) {
	args := []string{"report", "monthly", "--month", "2026-12", "--format", "html", "--audience", "public", "--lang", "zh",
		"--program", reportData + "program.json", "--incidents", reportData + "incidents.json"}
	code, out, errs := runCLI(t, "", args...)
	require.Equal(t, 0, code, errs)
	require.True(t, strings.HasPrefix(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">"), out[:80])
	require.Contains(t, out, `<figure id="by_week">`)
	code, _, errs = runCLI(t, "", "report", "daily", "--date", "2026-12-04", "--format", "html", "--program", reportData+"program.json")
	require.Equal(t, 2, code)
	require.Contains(t, errs, `--format "html" is not one of`)
}

func TestPatrolCommands(t *testing.T) {
	store := filepath.Join(t.TempDir(), "armband.db")
	program := reportData + "program.json"
	code, _, errs := runCLI(t, "", "rota", "generate", "--store", store, program)
	require.Equal(t, 0, code, errs)
	base := []string{"--store", store, "--program", "nanhuan-2"}
	run := func(args ...string) (int, string, string) { return runCLI(t, "", append(args, base...)...) }

	code, out, errs := run("patrol", "start", "--format", "text", "--lang", "en", "--shift", "evening", "--date", "2026-12-03", "--by", "v04", "--at", "2026-12-03T18:30:00+08:00")
	require.Equal(t, 0, code, errs)
	require.Equal(t, "evening-2026-12-03 due back by 2026-12-03T21:00:00+08:00 (the overdue alarm at 2026-12-03T21:15:00+08:00)\n",
		out, "the rota's end and the default grace")
	code, _, errs = run("patrol", "checkin", "--id", "evening-2026-12-03", "--by", "v12", "--place", "cp-north", "--at", "2026-12-03T19:30:00+08:00")
	require.Equal(t, 0, code, errs)
	code, out, errs = run("patrol", "status", "--format", "text", "--lang", "en", "--at", "2026-12-03T21:20:00+08:00")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "OVERDUE")

	// The escalator raises the alarm; the patrol's late end settles it.
	code, out, errs = runCLI(t, "", "escalate", "--run", "--store", store, "--policy", "../../examples/nanhuan/policy.json",
		"--now", "2026-12-03T21:20:00+08:00", "nanhuan-2")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "-> duty leader")
	code, _, errs = run("patrol", "end", "--id", "evening-2026-12-03", "--by", "v04", "--all-normal", "--at", "2026-12-03T21:25:00+08:00")
	require.Equal(t, 0, code, errs)
	code, out, errs = run("patrol", "status", "--format", "json")
	require.Equal(t, 0, code, errs)
	require.Equal(t, "[]\n", out, "nobody is out")
	code, out, errs = run("report", "daily", "--date", "2026-12-03", "--format", "json")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, `"kind": "patrol_overdue"`)
	require.Contains(t, out, `"state": "resolved"`)
	require.Contains(t, out, `"patrols_logged": 1`)

	code, _, errs = run("patrol", "end", "--id", "nope")
	require.Equal(t, 2, code)
	require.Contains(t, errs, "not found")
	code, _, errs = runCLI(t, "", "patrol", "start", "--program", "nanhuan-2", "--date", "2026-12-03")
	require.Equal(t, 2, code)
	require.Contains(t, errs, "--store is required")
}
