//go:build race

package incident_test

// raceEnabled shrinks the property tests under -race, which runs them
// several times slower.
const raceEnabled = true
