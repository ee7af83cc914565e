// Package storekit is for people writing a store: an implementation of the
// storage contracts of package watch (watch.Stores). It holds the rules
// every store applies the same way, so that each implementation calls them
// rather than writing them again:
//
//   - text a store can keep byte for byte (CheckText, CheckIncidentText,
//     CheckEventText);
//   - instants as stores keep them, to the microsecond in UTC
//     (StoredInstant, StoredIncident);
//   - keyset paging of incidents (IncidentCursor, DecodeIncidentCursor,
//     PageLimit);
//   - the hash chain of an incident's history (History, NewHistory, the
//     hashes), which erasure can blank text in without moving its head.
//
// What each contract must do, which stores depend on which, and how to
// check a new store with storetest.Run are in docs/stores.md. Users of
// armband who only read and write through a store never need this
// package.
package storekit
