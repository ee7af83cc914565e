package rota

// EligiblePairs exposes eligiblePairs to the benchmarks.
var EligiblePairs = eligiblePairs

// NaiveGreedy exposes the test yardstick naiveGreedy.
var NaiveGreedy = naiveGreedy
