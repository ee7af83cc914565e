package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/armband/armband/internal/golden"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

const (
	reportFiles  = "../../report/testdata/"
	commandFiles = "../../testdata/commands/"
)

// goldenCases are command lines whose whole output (standard output,
// standard error and the exit status) the golden files keep, once in each
// language: every subcommand at least once, in text where it has text.
// They run in order, sharing one store ($STORE, and $STORE2 for a copy).
var goldenCases = []struct {
	name string
	args []string
}{
	{"validate-program", []string{"validate", "program", examples + "program.json"}},
	{"validate-rota", []string{"validate", "rota", examples + "program-tiny.json", examples + "rota-tiny.json"}},
	{"validate-incidents", []string{"validate", "incidents", examples + "incidents.json"}},
	{"validate-program-broken", []string{"validate", "program", commandFiles + "program-broken.yaml"}},
	{"rota-generate", []string{"rota", "generate", examples + "program.json"}},
	{"rota-generate-public", []string{"rota", "generate", "--audience", "public", examples + "program-tiny.json"}},
	{"rota-check", []string{"rota", "check", examples + "program-tiny.json", examples + "rota-tiny.json"}},
	{"rota-check-broken", []string{"rota", "check", examples + "program-tiny.json", commandFiles + "rota-tiny-broken.json"}},
	{"rota-check-other-programme", []string{"rota", "check", examples + "program.json", examples + "rota-tiny.json"}},
	{"rota-explain", []string{"rota", "explain", "--shift", "market-am", "--date", "2026-12-01", reportFiles + "program.json", reportFiles + "rota.json"}},
	{"rota-repair", []string{"rota", "repair", "--change", commandFiles + "change-drop.json", "--now", "2026-12-01T00:00:00+08:00", reportFiles + "program.json", reportFiles + "rota.json"}},
	{"rota-export", []string{"rota", "export", reportFiles + "program.json", reportFiles + "rota.json"}},
	{"escalate", []string{"escalate", "--policy", examples + "policy.json", "--until", "2026-04-18", examples + "incidents.json"}},
	{"rules-lint", []string{"rules", "lint", examples + "policy.json"}},
	{"rules-lint-sloppy", []string{"rules", "lint", commandFiles + "policy-sloppy.json"}},
	{"rules-test", []string{"rules", "test", "../../examples/policytest/suite.json"}},
	{"sixnos", []string{"sixnos", "--month", "2026-04", "--program", examples + "program.json", "--run", "--as-of", "2026-04-20", examples + "incidents.json"}},
	{"sixnos-scheme", []string{"sixnos", examples + "incidents.json", "--month", "2026-04", "--program", examples + "program.json", "--goals", commandFiles + "goals.yaml"}},
	{"report-series", []string{"report", "series", "--from", "2026-02", "--to", "2026-04", "--program", examples + "program.json", examples + "incidents.json"}},
	{"report-compare", []string{"report", "compare", "--month", "2026-04", "--timezone", "Asia/Shanghai", "nanhuan-2=" + examples + "incidents.json", "beihuan=" + reportFiles + "incidents.json"}},
	{"report-daily", []string{"report", "daily", "--date", "2026-12-04", "--program", reportFiles + "program.json", "--rota", reportFiles + "rota.json",
		"--patrols", reportFiles + "patrols.json", "--incidents", reportFiles + "incidents.json"}},
	{"report-monthly", []string{"report", "monthly", "--month", "2026-12", "--program", reportFiles + "program.json", "--rota", reportFiles + "rota.json",
		"--patrols", reportFiles + "patrols.json", "--incidents", reportFiles + "incidents.json"}},
	{"program-import", []string{"program", "import", "--volunteers", commandFiles + "volunteers.csv", examples + "program-tiny.json"}},
	{"program-export", []string{"program", "export", "--no-bom", examples + "program-tiny.json"}},
	{"incidents-import", []string{"incidents", "import", "--store", "$STORE", examples + "program.json", examples + "incidents.json"}},
	{"sixnos-store", []string{"sixnos", "--month", "2026-04", "--store", "$STORE", "nanhuan-2"}},
	{"escalate-run", []string{"escalate", "--run", "--store", "$STORE", "--policy", examples + "policy.json", "--now", "2026-04-17T23:00:00+08:00", "nanhuan-2"}},
	{"rota-generate-store", []string{"rota", "generate", "--store", "$STORE", reportFiles + "program.json"}},
	{"patrols-import", []string{"patrols", "import", "--store", "$STORE", reportFiles + "program.json", reportFiles + "patrols.json"}},
	{"patrol-start", []string{"patrol", "start", "--store", "$STORE", "--program", "nanhuan-2", "--shift", "evening", "--date", "2026-12-03", "--by", "v04", "--at", "2026-12-03T18:30:00+08:00"}},
	{"patrol-checkin", []string{"patrol", "checkin", "--store", "$STORE", "--program", "nanhuan-2", "--id", "evening-2026-12-03", "--by", "v12", "--place", "cp-north", "--at", "2026-12-03T19:30:00+08:00"}},
	{"patrol-status", []string{"patrol", "status", "--store", "$STORE", "--program", "nanhuan-2", "--at", "2026-12-03T21:20:00+08:00"}},
	{"patrol-end", []string{"patrol", "end", "--store", "$STORE", "--program", "nanhuan-2", "--id", "evening-2026-12-03", "--by", "v04", "--all-normal", "--at", "2026-12-03T21:25:00+08:00"}},
	{"store-copy", []string{"store", "copy", "--from", "$STORE", "--to", "$STORE2", "--program", "nanhuan-2"}},
	{"version", []string{"version"}},
	{"completion-bash", []string{"completion", "bash"}},
	{"completion-zsh", []string{"completion", "zsh"}},
	{"unknown-flag", []string{"validate", "program", "--bogus", examples + "program.json"}},
	{"wrong-arguments", []string{"rota", "check", examples + "program.json"}},
	{"bad-flag-values", []string{"rota", "generate", "--time-limit", "5", examples + "program-tiny.json"}},
	{"bad-date", []string{"sixnos", "--from", "2026-13-01", "--to", "2026-04-30", examples + "incidents.json"}},
}

// goldenRun runs one command line and returns what a user sees: standard
// output, then standard error and the exit status when there are any, with
// the temporary folder written as $TMP.
func goldenRun(t *testing.T, tmp string, args []string) string {
	t.Helper()
	code, out, errs := runCLI(t, "", args...)
	var b strings.Builder
	b.WriteString(out)
	if errs != "" {
		b.WriteString("--- stderr\n" + errs)
	}
	if code != exitOK {
		fmt.Fprintf(&b, "--- exit %d\n", code)
	}
	if tmp == "" {
		return b.String()
	}
	return strings.ReplaceAll(b.String(), tmp, "$TMP")
}

// TestGolden compares the output of every goldenCases line, in Chinese
// and in English, with testdata/golden; go test -update rewrites them.
func TestGolden(t *testing.T) {
	names := map[string]bool{}
	for _, lang := range []string{"zh", "en"} {
		tmp := t.TempDir()
		for _, c := range goldenCases {
			require.False(t, names[c.name+lang], "two cases named %s", c.name)
			names[c.name+lang] = true
			args := slices.Clone(c.args)
			for i, a := range args {
				a = strings.ReplaceAll(a, "$STORE2", filepath.Join(tmp, "copy.db"))
				args[i] = strings.ReplaceAll(a, "$STORE", filepath.Join(tmp, "armband.db"))
			}
			got := goldenRun(t, tmp, append(args, "--lang", lang))
			golden.Check(t, filepath.Join("testdata", "golden", c.name+"."+lang+".txt"), []byte(got), *update)
		}
	}
}

// TestEveryCommandHasGoldenText: each command of the registry has a
// golden case, so a new command without one fails here.
func TestEveryCommandHasGoldenText(t *testing.T) {
	for _, c := range registry {
		found := false
		for _, g := range goldenCases {
			if lookup(g.args) == c {
				found = true
			}
		}
		require.True(t, found, "armband %s has no golden case", c.name)
	}
}

// TestGoldenHelp compares armband help and every command's --help, in
// each language, with testdata/golden/help.
func TestGoldenHelp(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		got := goldenRun(t, "", []string{"help", "--lang", lang})
		golden.Check(t, filepath.Join("testdata", "golden", "help", "armband."+lang+".txt"), []byte(got), *update)
		for _, c := range registry {
			got := goldenRun(t, "", append(strings.Fields(c.name), "--help", "--lang", lang))
			name := strings.ReplaceAll(c.name, " ", "-")
			golden.Check(t, filepath.Join("testdata", "golden", "help", name+"."+lang+".txt"), []byte(got), *update)
		}
	}
}

// englishWord is a run of Latin letters in text output.
var englishWord = regexp.MustCompile(`[A-Za-z][A-Za-z_'-]*[A-Za-z]`)

// allowedInChinese are the English words Chinese output may hold beyond
// the codes and ids the user typed: names of formats, programs and
// standards, the command's own name and its flags' names.
var allowedInChinese = strings.Fields(`armband CSV JSON YAML Excel WPS iCalendar SQLite PostgreSQL postgres IANA
	UTF BOM GB gb SEQUENCE DTSTAMP RFC YYYY-MM-DD YYYY-MM HH SHELL bash zsh devel zh en zh|en json text md csv html ics auto utf public office police
	Asia Shanghai UTC true false h min s m LC_ALL LANG`)

// TestNoEnglishInChinese: the Chinese text output of the golden cases and
// of help holds no English word but codes, ids and names the inputs hold
// (shift ids, rule codes, kinds, file names), flags, and the names of
// allowedInChinese.
func TestNoEnglishInChinese(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.zh.txt"))
	require.NoError(t, err)
	help, err := filepath.Glob(filepath.Join("testdata", "golden", "help", "*.zh.txt"))
	require.NoError(t, err)
	files = append(files, help...)
	require.NotEmpty(t, files)
	known := map[string]bool{}
	for _, w := range allowedInChinese {
		known[w] = true
	}
	// every word of every input file is a code, id or name the user typed
	var inputs []string
	for _, dir := range []string{examples, reportFiles, commandFiles, "../../examples/policytest/"} {
		matches, err := filepath.Glob(dir + "*")
		require.NoError(t, err)
		inputs = append(inputs, matches...)
	}
	comment := regexp.MustCompile(`(?m)^\s*#.*$`)
	for _, path := range inputs {
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			continue
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, w := range englishWord.FindAllString(comment.ReplaceAllString(string(data), ""), -1) {
			known[w] = true
		}
	}
	// the codes of the command's vocabularies and the names of commands
	for _, c := range registry {
		for _, w := range strings.Fields(c.name) {
			known[w] = true
		}
	}
	for _, c := range goldenCases {
		for _, a := range c.args {
			for _, w := range englishWord.FindAllString(a, -1) {
				known[w] = true
			}
		}
	}
	for _, k := range watch.BuiltinKinds() {
		known[string(k.ID)] = true
	}
	// flags, paths, files, $TMP, hashes and uuids, and codes with _ are not words
	flagOrPath := regexp.MustCompile(`(^|\s|\()--?[a-z][a-z-]*|\S*/\S*|\S+\.(json|yaml|csv|db|txt)\b|\$[A-Z0-9]+|\b[0-9a-f-]{8,}\b|[a-z0-9]+(_[a-z0-9]+)+`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		if strings.Contains(f, "completion-") { // a shell script
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "--- ") { // the markers of goldenRun
				continue
			}
			rest := flagOrPath.ReplaceAllString(line, " ")
			for _, w := range englishWord.FindAllString(rest, -1) {
				if !known[w] {
					t.Errorf("%s:%d: English word %q in Chinese output: %s", f, i+1, w, line)
				}
			}
		}
	}
}
