package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/incident/incidenttest"
)

// TestPolicy runs every case of the suite as a subtest.
func TestPolicy(t *testing.T) {
	incidenttest.Run(t, "suite.json")
}

func TestMain1(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, "suite.json"))
	require.Contains(t, out.String(), "2 cases, 0 failed")
}
