package ladder_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/armband/armband/internal/ladder"
	"github.com/armband/armband/rota"
)

func Example() {
	for _, r := range ladder.Rungs[:2] {
		f := r.Program()
		fmt.Println(r.Name, len(f.Volunteers), len(f.Beats), len(f.Shifts), f.Horizon)
	}
	// Output:
	// L1 40 3 12 2026-11-30..2026-12-27
	// L2 200 10 40 2026-11-30..2026-12-27
}

// TestRungsAreValid: every rung is a valid programme, the same each time.
func TestRungsAreValid(t *testing.T) {
	for _, r := range ladder.Rungs[:3] {
		f := r.Program()
		if err := f.Validate(); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if _, err := rota.NewProblem(f); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if !reflect.DeepEqual(r.Program(), f) {
			t.Fatalf("%s is not deterministic", r.Name)
		}
	}
}
