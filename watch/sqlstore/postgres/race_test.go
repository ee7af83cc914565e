//go:build race

package postgres_test

// suiteScale shrinks the conformance suite under the race detector.
const suiteScale = 0.1
