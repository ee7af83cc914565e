package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// TestDemo runs the demo and compares its output with the golden file;
// go test ./examples/nanhuan -update refreshes it.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	const golden = "testdata/demo.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
	for _, secret := range []string{"张三", "13900000001", "1954-03-14"} {
		require.NotContains(t, out.String(), secret, "the demo prints no personal data")
	}
}
