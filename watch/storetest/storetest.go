// Package storetest is the conformance suite every implementation of the
// storage contracts of package watch passes, in the manner of
// testing/fstest.TestFS: memstore, the SQL stores and a user's own store
// run the same checks.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) watch.Stores { return memstore.New().Stores() }, storetest.Options{})
//	}
//
// Every subtest makes its own stores with newStores and uses programme ids
// of its own, so a store backed by a shared database may hand out the same
// database each time.
package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// Options tune the suite.
type Options struct {
	// Scale shrinks the sizes of the concurrency and paging tests for slow
	// back ends under -race; 0 means 1 (16 writers appending 500 events
	// each). Sizes never fall below a few records.
	Scale float64
	// Tamper, when set, changes the text of link seq of an incident's
	// history (0: the description; n: the n-th event's text) behind the
	// contracts' back, as someone with database access could; the suite
	// then checks that VerifyHistory finds the broken link. A store with
	// no way to do that leaves it nil, and that check is reported as
	// skipped.
	Tamper func(s watch.Stores, program, id string, seq int, text string) error
}

func (o Options) scaled(n int) int {
	s := o.Scale
	if s <= 0 {
		s = 1
	}
	return max(4, int(float64(n)*s))
}

// programSeq makes programme ids unique across subtests and runs, so a
// shared database never mixes them.
var programSeq atomic.Int64

func newProgramID(name string) string {
	return fmt.Sprintf("st-%s-%d-%d", name, time.Now().UnixNano()%1_000_000, programSeq.Add(1))
}

// Run runs every check against the stores newStores makes.
func Run(t *testing.T, newStores func(t *testing.T) watch.Stores, opt Options) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s watch.Stores, opt Options)
	}{
		{"Programs", testPrograms},
		{"ProgramRoundTrip", testProgramRoundTrip},
		{"Volunteers", testVolunteers},
		{"Rotas", testRotas},
		{"RotaVersions", testRotaVersions},
		{"IncidentRoundTrip", testIncidentRoundTrip},
		{"AppendEvent", testAppendEvent},
		{"AppendOnlyHistory", testAppendOnly},
		{"Tamper", testTamper},
		{"ListFilters", testListFilters},
		{"Paging", testPaging},
		{"PagingWhileWriting", testPagingWhileWriting},
		{"ProgramIsolation", testIsolation},
		{"Erasure", testErasure},
		{"ErasureIsolation", testErasureIsolation},
		{"Aliasing", testAliasing},
		{"Policies", testPolicies},
		{"Outbox", testOutbox},
		{"Patrols", testPatrols},
		{"Injection", testInjection},
		{"Cancelled", testCancelled},
		{"Concurrency", testConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStores(t), opt)
		})
	}
}
