//go:build !race

package postgres_test

// suiteScale: see race_test.go.
const suiteScale = 1
