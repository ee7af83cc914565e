//go:build race

package rota_test

// raceDivisor shrinks the random-problem tests under the race detector,
// which makes the search about ten times slower (a fifth of the programmes,
// and smaller ones, run under it); the full counts run
// without it.
const raceDivisor = 5
