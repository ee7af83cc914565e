//go:build !race

package sqlite_test

// suiteScale: see race_test.go.
const suiteScale = 1
