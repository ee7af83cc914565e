package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for a scratch database
	"github.com/stretchr/testify/require"
)

// TestStore: the commands keep state in a SQLite file with --store:
// incidents import creates, appends and leaves alone; sixnos and escalate
// read the stored incidents as they would the file; rota generate saves
// versions.
func TestStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nanhuan.db")
	code, out, errs := runJSON(t, "", "incidents", "import", "--store", db, examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, `{"created": 6, "appended": 0, "unchanged": 0}`, out)

	code, out, errs = runCLI(t, "", "incidents", "import", "--store", db, "--format", "text", "--lang", "en",
		examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "new 0, with events appended 0, unchanged 6\n", out)

	// The same scoring from the store as from the file.
	score := []string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai"}
	code, fromFile, errs := runJSON(t, "", append(score, examples+"incidents.json")...)
	require.Equal(t, exitOK, code, errs)
	code, fromStore, errs := runJSON(t, "", append(score, "--store", db, "nanhuan-2")...)
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, fromFile, fromStore)

	esc := []string{"escalate", "--policy", examples + "policy.json", "--until", "2026-04-18T00:30:00+08:00"}
	code, fromFile, _ = runJSON(t, "", append(esc, examples+"incidents.json")...)
	require.Equal(t, exitOK, code)
	code, fromStore, errs = runJSON(t, "", append(esc, "--store", db, "nanhuan-2")...)
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
	code, out, errs = runJSON(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "more.json", string(more)))
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
	code, _, errs = runJSON(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "changed.json", string(changed)))
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, db+`: incidents[6]: "`)
	require.Contains(t, errs, "is stored otherwise than the file says")
	var again []map[string]any
	require.NoError(t, json.Unmarshal(more, &again))
	withNew, err := json.Marshal(append([]map[string]any{fresh}, again...))
	require.NoError(t, err)
	code, out, errs = runJSON(t, "", "incidents", "import", "--store", db, examples+"program.json", writeFile(t, "new.json", string(withNew)))
	require.Equal(t, exitOK, code, errs)
	require.JSONEq(t, `{"created": 1, "appended": 0, "unchanged": 6}`, out)

	for want := 1; want <= 2; want++ {
		code, _, errs = runJSON(t, "", "rota", "generate", "--store", db, "--lang", "en", examples+"program-tiny.json")
		require.Equal(t, exitOK, code, errs)
		require.Equal(t, "saved as rota version "+string(rune('0'+want))+": "+db+"\n", errs)
	}

	code, _, errs = runJSON(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", "--store", db, "no-such-programme")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, "no-such-programme")

	code, _, errs = runJSON(t, "", "incidents", "import", examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.True(t, strings.Contains(errs, "--store is required"), errs)
}

// TestStoreCopy: store copy moves a programme from one SQLite file to
// another, and through PostgreSQL when a server is there; the copies
// score as the original does, and a second run writes nothing.
func TestStoreCopy(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	code, _, errs := runJSON(t, "", "incidents", "import", "--store", a, examples+"program.json", examples+"incidents.json")
	require.Equal(t, exitOK, code, errs)

	score := func(store string) string {
		t.Helper()
		code, out, errs := runJSON(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", "--store", store, "nanhuan-2")
		require.Equal(t, exitOK, code, errs)
		return out
	}
	copyTo := func(from, to, want string) {
		t.Helper()
		code, out, errs := runJSON(t, "", "store", "copy", "--from", from, "--to", to, "--program", "nanhuan-2")
		require.Equal(t, exitOK, code, errs)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		for _, field := range strings.Fields(want) {
			name, n, _ := strings.Cut(field, "=")
			require.Equal(t, n, fmt.Sprint(got[name]), "%s in %s", name, out)
		}
	}
	copyTo(a, b, "incidents=6 volunteers=12 events=7 kept=0")
	require.JSONEq(t, score(a), score(b))
	copyTo(a, b, "incidents=0 volunteers=0")

	code, out, errs := runCLI(t, "", "store", "copy", "--from", a, "--to", b, "--program", "nanhuan-2", "--format", "text", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "copied programme \"nanhuan-2\"\n  volunteers 0\n")

	t.Run("PostgreSQL", func(t *testing.T) {
		url := scratchPostgres(t)
		c := filepath.Join(t.TempDir(), "c.db")
		copyTo(b, url, "incidents=6 kept=0")
		copyTo(url, c, "incidents=6 kept=0")
		require.JSONEq(t, score(a), score(url))
		require.JSONEq(t, score(a), score(c))
	})

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", a, "--to", b}, "--program is required"},
		{[]string{"--from", filepath.Join(dir, "missing.db"), "--to", b, "--program", "nanhuan-2"}, "missing.db"},
		{[]string{"--from", a, "--to", a, "--program", "nanhuan-2"}, "name the same store"},
		{[]string{"--from", a, "--to", b, "--program", "no-such"}, "not found"},
		{[]string{"--from", a, "--to", "postgres://armband:s3cret@127.0.0.1:1/armband", "--program", "nanhuan-2"}, "armband:xxxxx@127.0.0.1:1"},
	} {
		code, _, errs := runJSON(t, "", append([]string{"store", "copy"}, bad.args...)...)
		require.Equal(t, exitUsage, code, errs)
		require.Contains(t, errs, bad.want)
		require.NotContains(t, errs, "s3cret")
	}
	_, err := os.Stat(filepath.Join(dir, "missing.db"))
	require.ErrorIs(t, err, os.ErrNotExist, "a missing source is not made")
}

// scratchPostgres returns the URL of a new, empty database on the server
// ARMBAND_POSTGRES_URL names, dropped after the test. Without the
// variable the test is skipped, unless CI is set.
func scratchPostgres(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ARMBAND_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ARMBAND_POSTGRES_URL is not set: in CI the PostgreSQL tests must run (.ci/pre.d/postgres.sh starts a server)")
		}
		t.Skip("ARMBAND_POSTGRES_URL is not set: start a server with . .ci/pre.d/postgres.sh")
	}
	db, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	name := "armband_cmd_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	_, err = db.Exec("CREATE DATABASE " + name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := db.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		require.NoError(t, err)
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String()
}
