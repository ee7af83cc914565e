// Package golden compares rendered output with golden files, for the
// tests of report and rota; go test -update rewrites them.
package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with the file at path, or writes it there when
// update is set (the -update flag of the calling test).
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test with -update to write the golden files", err)
	}
	if string(want) != string(got) {
		t.Errorf("golden file %s differs; run go test with -update after checking the change\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
