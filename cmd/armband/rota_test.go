package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func TestRotaCheck(t *testing.T) {
	code, out, errs := runJSON(t, "", "rota", "check", examples+"program-tiny.json", examples+"rota-tiny.json")
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "[]\n", out)

	data, err := os.ReadFile(examples + "rota-tiny.json")
	require.NoError(t, err)
	// b is 71: the evening ends after the band's latest_end.
	broken := writeFile(t, "rota.json", strings.Replace(string(data), `"a",
        "c"`, `"b",
        "c"`, 1))
	code, out, errs = runJSON(t, "", "rota", "check", examples+"program-tiny.json", broken)
	require.Equal(t, exitFound, code, errs)
	var vs []map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &vs))
	require.Equal(t, []map[string]string{{"rule": "band_hours", "shift": "evening", "date": "2026-12-01", "volunteer": "b"}}, vs)

	code, out, _ = runCLI(t, "", "rota", "check", "--format", "text", "--lang", "en", examples+"program-tiny.json", broken)
	require.Equal(t, exitFound, code)
	require.Contains(t, out, "2026-12-01  Tuesday  evening  B (b)  outside the age band's hours (band_hours)")
	code, out, _ = runCLI(t, "", "rota", "check", "--format", "text", "--lang", "zh", examples+"program-tiny.json", broken)
	require.Equal(t, exitFound, code)
	require.Contains(t, out, "2026-12-01  星期二  evening  B (b)  超出年龄段时段 (band_hours)")

	misfit := writeFile(t, "rota.json", strings.Replace(string(data), `"2026-12-01T18:30:00+08:00"`, `"2026-12-01T18:00:00+08:00"`, 1))
	code, _, errs = runJSON(t, "", "rota", "check", examples+"program-tiny.json", misfit)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `rota.json: assignments[0].start: "2026-12-01T18:00:00+08:00" is not the instance's start 2026-12-01T18:30:00+08:00`)

	code, _, errs = runJSON(t, "", "rota", "check", examples+"program.json", examples+"rota-tiny.json")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, `program: "tiny" is not the programme nanhuan-2`)
}

func TestRotaGenerate(t *testing.T) {
	code, out, errs := runJSON(t, "", "rota", "generate", examples+"program-tiny.json")
	require.Equal(t, exitOK, code, errs)
	var r struct {
		Stats struct {
			Filled   int     `json:"filled"`
			MaxHours float64 `json:"max_hours"`
		} `json:"stats"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, 6, r.Stats.Filled)
	require.Equal(t, 5.0, r.Stats.MaxHours)

	// The seed community: a rota that check accepts, the same every time.
	code, first, errs := runJSON(t, "", "rota", "generate", "--seed", "7", examples+"program.json")
	require.Equal(t, exitOK, code, errs)
	code, second, _ := runJSON(t, "", "rota", "generate", "--seed", "7", examples+"program.json")
	require.Equal(t, exitOK, code)
	require.Equal(t, first, second)
	generated := writeFile(t, "rota.json", first)
	code, out, errs = runJSON(t, "", "rota", "check", examples+"program.json", generated)
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "[]\n", out)
	require.Contains(t, first, `"reasons": {`)

	code, out, errs = runCLI(t, "", "rota", "generate", "--format", "text", "--lang", "en", examples+"program.json")
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "Why the gaps are open")
	require.Contains(t, out, "hours per volunteer")
}

func TestRotaExplainAndRepair(t *testing.T) {
	program, rotaFile := reportData+"program.json", reportData+"rota.json"
	// The fixture is a generated rota: the gap and the volunteer to drop
	// are read from it, so a better generator does not break the test.
	data, err := os.ReadFile(rotaFile)
	require.NoError(t, err)
	var r watch.Rota
	require.NoError(t, json.Unmarshal(data, &r))
	require.NotEmpty(t, r.Gaps)
	gap := r.Gaps[0]
	code, out, errs := runCLI(t, "", "rota", "explain", "--format", "text", "--lang", "en", "--shift", gap.Shift, "--date", gap.Date.String(), program, rotaFile)
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, fmt.Sprintf("%s %s: %d/%d, short", gap.Shift, gap.Date, gap.Assigned, gap.Need))
	require.Contains(t, out, "smallest relaxation: ")
	code, out, errs = runJSON(t, "", "rota", "explain", "--shift", gap.Shift, "--date", gap.Date.String(), program, rotaFile)
	require.Equal(t, 0, code, errs)
	var ex map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ex))
	require.Equal(t, true, ex["gap"])

	// a volunteer on two instances from 3 to 5 December
	on := map[string]int{}
	for _, a := range r.Assignments {
		if a.Date.String() >= "2026-12-03" && a.Date.String() <= "2026-12-05" {
			for _, v := range a.Volunteers {
				on[v]++
			}
		}
	}
	drop := ""
	for _, v := range slices.Sorted(maps.Keys(on)) {
		if on[v] == 2 && drop == "" {
			drop = v
		}
	}
	require.NotEmpty(t, drop)
	change := writeFile(t, "drop.json", `{"drop": {"volunteer": "`+drop+`", "from": "2026-12-03", "to": "2026-12-05"}}`)
	changed := filepath.Join(t.TempDir(), "program.json")
	code, out, errs = runJSON(t, "", "rota", "repair", "--change", change, "--now", "2026-12-01T00:00:00+08:00", "--program-out", changed, program, rotaFile)
	require.Equal(t, 0, code, errs)
	var doc struct {
		Rota    json.RawMessage `json:"rota"`
		Changed int             `json:"changed"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Equal(t, 2, doc.Changed)
	repaired := writeFile(t, "rota.json", string(doc.Rota))
	code, out, errs = runJSON(t, "", "rota", "check", changed, repaired)
	require.Equal(t, 0, code, "the repaired rota keeps every rule of the changed programme: %s %s", out, errs)

	code, _, errs = runJSON(t, "", "rota", "repair", "--change", change, "--now", "2026-12-04T09:00:00+08:00", program, rotaFile)
	require.Equal(t, 0, code, "an instance that started stays as it is: %s", errs)
	bad := writeFile(t, "bad.json", `{"drop": {"volunteer": "v03"}}`)
	code, _, errs = runJSON(t, "", "rota", "repair", "--change", bad, program, rotaFile)
	require.Equal(t, 2, code)
	require.Contains(t, errs, "drop.from")
}
