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

// TestDemo runs the demo and compares its output with the golden file;
// go test ./examples/nanhuan -update refreshes it.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	path := filepath.Join(t.TempDir(), "nanhuan.db")
	require.NoError(t, run(&out, path))
	got := strings.Replace(out.String(), path, "$STORE", 1)
	const golden = "testdata/demo.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
	for _, secret := range []string{"张三", "13900000001", "1954-03-14"} {
		require.NotContains(t, out.String(), secret, "the demo prints no personal data")
	}

	// A second run on the same file finds everything kept, and adds a
	// rota version.
	var again bytes.Buffer
	require.NoError(t, run(&again, path))
	require.Contains(t, again.String(), "Rota version 2:")
	require.Equal(t, strings.Replace(got, "Rota version 1:", "Rota version 2:", 1), strings.Replace(again.String(), path, "$STORE", 1))
}
