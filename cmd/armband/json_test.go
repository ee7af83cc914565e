package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSONUnchanged: the --format json documents of the example files are
// byte for byte what armband wrote before the command learned text,
// languages and forgiving flags. testdata/json/cases.txt lists the
// command lines (NAME|ARGS); testdata/json/NAME.json holds what the
// command wrote then. They are never rewritten by -update.
func TestJSONUnchanged(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "json", "cases.txt"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.GreaterOrEqual(t, len(lines), 20)
	for _, line := range lines {
		name, args, ok := strings.Cut(line, "|")
		require.True(t, ok, line)
		want, err := os.ReadFile(filepath.Join("testdata", "json", name+".json"))
		require.NoError(t, err)
		for _, lang := range []string{"zh", "en"} {
			code, out, errs := runCLI(t, "", append(strings.Fields(args), "--lang", lang)...)
			require.LessOrEqual(t, code, exitFound, "%s: %s", name, errs)
			require.Equal(t, string(want), out, "%s (--lang %s)", name, lang)
		}
	}
	// and they are the examples of docs/formats.md, where the examples
	// have a document of their own
	for name, example := range map[string]string{"sixnos": "sixnos-april.json", "rota-generate-tiny": "rota-tiny.json"} {
		got, err := os.ReadFile(filepath.Join("testdata", "json", name+".json"))
		require.NoError(t, err)
		want, err := os.ReadFile(examples + example)
		require.NoError(t, err)
		require.Equal(t, string(bytes.TrimSpace(want)), string(bytes.TrimSpace(got)), name)
	}
}
