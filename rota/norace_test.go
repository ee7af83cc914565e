//go:build !race

package rota_test

// raceDivisor: see race_test.go.
const raceDivisor = 1
