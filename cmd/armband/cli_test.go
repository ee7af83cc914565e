package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLangFromLocale: --lang defaults from LC_ALL, else LANG; the flag
// wins over both.
func TestLangFromLocale(t *testing.T) {
	args := []string{"validate", "program", examples + "program-tiny.json"}
	for _, c := range []struct{ lcAll, lang, flag, want string }{
		{"", "zh_CN.UTF-8", "", "有效"},
		{"", "zh_TW.UTF-8", "", "有效"},
		{"", "C.UTF-8", "", "valid"},
		{"", "", "", "valid"},
		{"en_GB.UTF-8", "zh_CN.UTF-8", "", "valid"},
		{"zh_CN.UTF-8", "en_US.UTF-8", "", "有效"},
		{"zh_CN.UTF-8", "", "en", "valid"},
		{"", "en_US.UTF-8", "zh", "有效"},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LANG", c.lang)
		a := args
		if c.flag != "" {
			a = append([]string{"validate", "program", "--lang=" + c.flag}, args[2:]...)
		}
		code, out, errs := runCLI(t, "", a...)
		require.Equal(t, exitOK, code, errs)
		require.Contains(t, out, c.want, "LC_ALL=%q LANG=%q --lang %q", c.lcAll, c.lang, c.flag)
	}
}

// TestFlagsAnywhere: flags before, between and after the file arguments
// mean the same; after "--" everything is a file.
func TestFlagsAnywhere(t *testing.T) {
	program, rota := examples+"program-tiny.json", examples+"rota-tiny.json"
	_, want, _ := runCLI(t, "", "rota", "check", "--format", "json", "--lang", "en", program, rota)
	for _, args := range [][]string{
		{"rota", "check", program, rota, "--format", "json", "--lang", "en"},
		{"rota", "check", program, "--format", "json", rota, "--lang=en"},
		{"rota", "check", "--format=json", program, rota, "-lang", "en"},
	} {
		code, out, errs := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, "%v: %s", args, errs)
		require.Equal(t, want, out, "%v", args)
	}
	code, _, errs := runCLI(t, "", "validate", "program", "--lang", "en", "--", "--format")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "--format: no such file or directory", "after -- a flag's name is a file")
}

// TestDatesForInstants: --until takes a date, the start of that day in
// the policy's zone; sixnos --month is --from and --to of the month.
func TestDatesForInstants(t *testing.T) {
	_, atMidnight, _ := runJSON(t, "", "escalate", "--policy", examples+"policy.json", "--until", "2026-04-18T00:00:00+08:00", examples+"incidents.json")
	code, byDate, errs := runJSON(t, "", "escalate", "--policy", examples+"policy.json", "--until", "2026-04-18", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, atMidnight, byDate)

	code, _, errs = runCLI(t, "", "escalate", "--policy", examples+"policy.json", "--until", "18 April", examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `--until: "18 April" is not an instant or a date`)

	_, fromTo, _ := runJSON(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", examples+"incidents.json")
	code, month, errs := runJSON(t, "", "sixnos", "--month", "2026-04", "--program", examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, fromTo, month, "--month and the programme's zone")
	code, _, errs = runCLI(t, "", "sixnos", "--month", "2026-13", "--timezone", "UTC", examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `--month: "2026-13" is not a month (want YYYY-MM)`)
}

// TestVersion: --version and version print the same line.
func TestVersion(t *testing.T) {
	code, a, errs := runCLI(t, "", "--version")
	require.Equal(t, exitOK, code, errs)
	require.Regexp(t, `^armband \S+`, a)
	_, b, _ := runCLI(t, "", "version")
	require.Equal(t, a, b)
}

// TestBashCompletion loads the script of armband completion bash into
// bash and completes a few command lines.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	code, script, errs := runCLI(t, "", "completion", "bash")
	require.Equal(t, exitOK, code, errs)
	path := writeFile(t, "armband.bash", script)
	probe := `source "$1"
complete_line() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _armband; echo "${COMPREPLY[*]}"; }
complete_line armband ro
complete_line armband rota ""
complete_line armband rota generate --ti
complete_line armband sixnos incidents.json --mo
complete_line armband report d
`
	out, err := exec.Command(bash, "-c", probe, "probe", path).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "rota\ncheck explain export generate repair\n--time-limit --timezone\n--month\ndaily\n", string(out))

	code, zsh, _ := runCLI(t, "", "completion", "zsh")
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(zsh, "#compdef armband\n"))
	require.Contains(t, zsh, script)
	code, _, errs = runCLI(t, "", "completion", "fish")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `"fish" is not bash or zsh`)
}
