package strict

import "testing"

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":           0,
		"v01":        3,
		"张三":         4,
		"北片 1-24 幢":  12,
		"（默认）":       8,
		"ｖ":          2,
		"한글":         4,
		"✓ ✗":        3,
		"\xff":       1,
		"南环菜场 07:30": 14,
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}
