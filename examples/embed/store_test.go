package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storetest"
)

// TestConformance: the service's store keeps every promise of the
// contracts, checked by the same suite memstore, SQLite and PostgreSQL
// pass.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) watch.Stores { return newAuditStore().Stores() }, storetest.Options{})
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Equal(t, "patrol demo/am-2026-12-08 set out with v1, v2\nincident demo/i1 created (attempted_theft)\n", out.String())
}
