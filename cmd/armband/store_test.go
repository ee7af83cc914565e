package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStore: the commands keep state in a SQLite file with --store:
// incidents import creates, appends and leaves alone; sixnos and escalate
// read the stored incidents as they would the file; rota generate saves
// versions.
func TestStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nanhuan.db")
	code, out, errs := runCLI(t, "", "incidents", "import", "--store", db, examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, `{"created": 6, "appended": 0, "unchanged": 0}`, out)

	code, out, errs = runCLI(t, "", "incidents", "import", "--store", db, "--format", "text", "--lang", "en",
		examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "new 0, with events appended 0, unchanged 6\n", out)

	// The same scoring from the store as from the file.
	score := []string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai"}
	code, fromFile, errs := runCLI(t, "", append(score, examples+"incidents.json")...)
	require.Equal(t, exitOK, code, errs)
	code, fromStore, errs := runCLI(t, "", append(score, "--store", db, "nanhuan-2")...)
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, fromFile, fromStore)

	esc := []string{"escalate", "--policy", examples + "policy.json", "--until", "2026-04-18T00:30:00+08:00"}
	code, fromFile, _ = runCLI(t, "", append(esc, examples+"incidents.json")...)
	require.Equal(t, exitOK, code)
	code, fromStore, errs = runCLI(t, "", append(esc, "--store", db, "nanhuan-2")...)
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, fromFile, fromStore)

	// An event added to the file is appended; a changed history is refused.
	data, err := os.ReadFile(examples + "incidents.json")
	require.NoError(t, err)
	var incs []map[string]any
	require.NoError(t, json.Unmarshal(data, &incs))
	last := incs[len(incs)-1]
	events, _ := last["events"].([]any)
	last["events"] = append(events, map[string]any{"type": "note", "at": "2026-04-30T10:00:00+08:00", "by": "community_office", "text": "已回访"})
	more, err := json.Marshal(incs)
	require.NoError(t, err)
	code, out, errs = runCLI(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "more.json", string(more)))
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, `{"created": 0, "appended": 1, "unchanged": 5}`, out)

	// A new incident first and a changed one last: refused, and nothing
	// is written, not even the new one.
	fresh := map[string]any{}
	for k, v := range incs[0] {
		fresh[k] = v
	}
	fresh["id"] = "inc-new"
	incs[len(incs)-1]["severity"] = "critical"
	changed, err := json.Marshal(append([]map[string]any{fresh}, incs...))
	require.NoError(t, err)
	code, _, errs = runCLI(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "changed.json", string(changed)))
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, db+`: incidents[6]: "`)
	require.Contains(t, errs, "is stored otherwise than the file says")
	var again []map[string]any
	require.NoError(t, json.Unmarshal(more, &again))
	withNew, err := json.Marshal(append([]map[string]any{fresh}, again...))
	require.NoError(t, err)
	code, out, errs = runCLI(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "new.json", string(withNew)))
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, `{"created": 1, "appended": 0, "unchanged": 6}`, out)

	for want := 1; want <= 2; want++ {
		code, _, errs = runCLI(t, "", "rota", "generate", "--store", db, "--lang", "en", examples+"program-tiny.json")
		require.Equal(t, exitOK, code, errs)
		require.Equal(t, "saved as rota version "+string(rune('0'+want))+": "+db+"\n", errs)
	}

	code, _, errs = runCLI(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", "--store", db, "no-such-programme")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "no-such-programme")

	code, _, errs = runCLI(t, "", "incidents", "import", examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.True(t, strings.Contains(errs, "--store is required"), errs)
}
