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
// of its own (random UUIDs), so a store backed by a shared database may
// hand out the same database each time, and Options.Parallel may run the
// checks side by side. The checks are grouped by area, a file each
// (programs, rotas, incidents, erasure, escalation, patrols, aliasing,
// hostile input, concurrency, the leases of escalators); docs/stores.md says what each contract
// must do.
package storetest

import (
	"testing"

	"github.com/armband/armband/watch"
	"github.com/google/uuid"
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
	// Parallel runs the checks side by side (t.Parallel), for a store that
	// is safe for concurrent use across its instances (memstore; a SQL
	// store whose checks share one database). Each check uses programmes
	// of its own, so they never see each other's records.
	Parallel bool
}

func (o Options) scaled(n int) int {
	s := o.Scale
	if s <= 0 {
		s = 1
	}
	return max(4, int(float64(n)*s))
}

// newProgramID makes a programme id no other check, run or process
// sharing the database can make: a random UUID behind the check's name.
func newProgramID(name string) string { return "st-" + name + "-" + uuid.NewString() }

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
		{"TextHashes", testTextHashes},
		{"Import", testImport},
		{"ListFilters", testListFilters},
		{"Paging", testPaging},
		{"PagingWhileWriting", testPagingWhileWriting},
		{"ProgramIsolation", testIsolation},
		{"Erasure", testErasure},
		{"ErasureIsolation", testErasureIsolation},
		{"Aliasing", testAliasing},
		{"Policies", testPolicies},
		{"Outbox", testOutbox},
		{"Planning", testPlanning},
		{"Leases", testLeases},
		{"ClaimRace", testClaimRace},
		{"Patrols", testPatrols},
		{"Sessions", testSessions},
		{"SessionRace", testSessionRace},
		{"Injection", testInjection},
		{"Cancelled", testCancelled},
		{"Concurrency", testConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if opt.Parallel {
				t.Parallel()
			}
			tc.fn(t, newStores(t), opt)
		})
	}
}
