package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// TestDemo runs the demo on a SQLite file and compares its output with
// the golden file; go test ./examples/nanhuan -update refreshes it.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	path, files := filepath.Join(dir, "nanhuan.db"), filepath.Join(dir, "out")
	require.NoError(t, run(&out, path, false, files))
	got := strings.NewReplacer(path, "$STORE", files, "$OUT").Replace(out.String())
	const golden = "testdata/demo.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
	for _, secret := range []string{"张甲", "13900000001", "一男子蹲在电瓶车旁"} {
		require.NotContains(t, out.String(), secret, "the demo prints no personal data")
	}
	for _, want := range []string{"六无 2026-12-01..2026-12-31: 6/6", "今天有情况", "patrol-overdue", "Wrote monthly-2026-12.html"} {
		require.Contains(t, got, want)
	}
	page, err := os.ReadFile(filepath.Join(files, "monthly-2026-12.html"))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(page, []byte("<!DOCTYPE html>")))
	cals, err := filepath.Glob(filepath.Join(files, "calendars", "*.ics"))
	require.NoError(t, err)
	require.NotEmpty(t, cals)

	// The same story in memory prints the same, but for the store line.
	var mem bytes.Buffer
	require.NoError(t, run(&mem, "", true, filepath.Join(dir, "out2")))
	require.Equal(t, strings.SplitN(got, "\n", 3)[2], strings.SplitN(strings.ReplaceAll(mem.String(), filepath.Join(dir, "out2"), "$OUT"), "\n", 3)[2])

	// A store that already holds the community is refused.
	require.ErrorContains(t, run(&bytes.Buffer{}, path, false, files), "already holds nanhuan-2")
}
