package rota

// EligiblePairs exposes eligiblePairs to the benchmarks.
var EligiblePairs = eligiblePairs
