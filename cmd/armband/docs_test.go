package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// docExample is one command of a console block of docs/commands.md and
// the output written under it.
type docExample struct {
	line int
	args []string
	want string
}

// docExamples reads the console blocks of a Markdown file: each line
// "$ armband ARGS" is a command, the lines up to the next command or the
// end of the block its output (standard output, then standard error).
func docExamples(t *testing.T, path string) []docExample {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []docExample
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "```console":
			in = true
		case in && line == "```":
			in = false
		case in && strings.HasPrefix(line, "$ "):
			words := strings.Fields(strings.TrimPrefix(line, "$ "))
			require.Equal(t, "armband", words[0], "%s:%d: an example runs armband", path, n)
			out = append(out, docExample{line: n, args: words[1:]})
		case in:
			require.NotEmpty(t, out, "%s:%d: output before any command", path, n)
			out[len(out)-1].want += line + "\n"
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestDocExamples runs every example of docs/commands.md literally, as a
// user would from the root of the repository (in English, unless the
// example says --lang), and compares its output with the page. Files an
// example writes (a --store) go to a temporary folder that sees the
// repository's testdata, report and examples folders.
func TestDocExamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	examples := docExamples(t, filepath.Join(root, "docs", "commands.md"))
	require.GreaterOrEqual(t, len(examples), 20)
	dir := t.TempDir()
	for _, name := range []string{"testdata", "report", "examples"} {
		require.NoError(t, os.Symlink(filepath.Join(root, name), filepath.Join(dir, name)))
	}
	t.Chdir(dir)
	for _, ex := range examples {
		_, out, errs := runCLI(t, "", ex.args...)
		got := strings.ReplaceAll(out+errs, "\r\n", "\n") // CSV ends its lines with CRLF; the page cannot
		require.Equal(t, ex.want, got, "docs/commands.md:%d: armband %s", ex.line, strings.Join(ex.args, " "))
	}
}
