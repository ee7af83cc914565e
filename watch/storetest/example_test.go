package storetest_test

import (
	"testing"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/storetest"
)

// A store's own test runs the suite. This example is compiled, not run:
// the suite needs the *testing.T of a test.
func Example() {
	var t *testing.T // in a test: func TestConformance(t *testing.T)
	if t == nil {
		return
	}
	storetest.Run(t, func(t *testing.T) watch.Stores { return memstore.New().Stores() }, storetest.Options{Scale: 0.5})
}
