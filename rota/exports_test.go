package rota_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/internal/golden"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// dstProgram is a small New York estate over the night the clocks go
// forward (8 March 2026), with a shift that runs across the change.
const dstProgram = `{
 "program": {"id": "ny", "name": "Elm Street watch", "timezone": "America/New_York"},
 "beats": [{"id": "elm", "name": "Elm Street"}, {"id": "park", "name": "公园"}],
 "volunteers": [
  {"id": "a", "name": "张三", "birth_date": "1980-01-01"},
  {"id": "b", "name": "李四", "birth_date": "1985-01-01"},
  {"id": "c", "name": "Wang, \"Five\"; Jr", "birth_date": "1990-01-01"},
  {"id": "d", "name": "赵六", "birth_date": "1975-05-05"}],
 "shifts": [
  {"id": "night", "beat": "elm", "start": "23:00", "end": "04:00", "need": 2},
  {"id": "day", "beat": "park", "start": "09:00", "end": "12:00", "need": 2}],
 "policy": {"max_shifts_per_day": 1},
 "horizon": {"from": "2026-03-07", "to": "2026-03-09"}}`

func dstRota(t *testing.T) (*watch.ProgramFile, watch.Rota) {
	t.Helper()
	pf, err := watch.LoadProgramFile(strings.NewReader(dstProgram))
	require.NoError(t, err)
	p, err := rota.NewProblem(pf)
	require.NoError(t, err)
	r, err := rota.Generate(context.Background(), p, rota.Options{})
	require.NoError(t, err)
	return pf, r
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), got, *update)
}

func TestExportGolden(t *testing.T) {
	pf, r := dstRota(t)
	stamp := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	exports := map[string]func(*bytes.Buffer, rota.ExportOptions) error{
		"text": func(b *bytes.Buffer, o rota.ExportOptions) error { return rota.ExportText(b, pf, r, o) },
		"csv":  func(b *bytes.Buffer, o rota.ExportOptions) error { return rota.ExportCSV(b, pf, r, o) },
		"ics":  func(b *bytes.Buffer, o rota.ExportOptions) error { return rota.ExportICS(b, pf, r, o) },
	}
	for name, export := range exports {
		for _, lang := range []string{"zh", "en"} {
			var buf bytes.Buffer
			require.NoError(t, export(&buf, rota.ExportOptions{Lang: lang, Stamp: stamp}))
			goldenFile(t, "export."+lang+"."+name, buf.Bytes())
		}
	}
	var buf bytes.Buffer
	require.NoError(t, rota.ExportText(&buf, pf, r, rota.ExportOptions{Volunteer: "a"}))
	goldenFile(t, "export.a.text", buf.Bytes())
}

func TestExportCSV(t *testing.T) {
	pf, r := dstRota(t)
	var buf bytes.Buffer
	require.NoError(t, rota.ExportCSV(&buf, pf, r, rota.ExportOptions{}))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")), "a byte-order mark for Excel and WPS")
	require.Contains(t, buf.String(), "\r\n")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff"))))
	rows, err := cr.ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+len(r.Assignments), "a header and a row per assignment")
	for i, a := range r.Assignments {
		require.Equal(t, a.Date.String(), rows[i+1][0])
		require.Equal(t, watch.FormatInstant(a.Start), rows[i+1][4])
		require.Equal(t, strings.Join(a.Volunteers, " "), rows[i+1][6])
	}
	buf.Reset()
	require.NoError(t, rota.ExportCSV(&buf, pf, r, rota.ExportOptions{NoBOM: true, Lang: "en"}))
	require.True(t, strings.HasPrefix(buf.String(), "date,weekday,shift,beat,start,end,volunteer_ids,volunteers\r\n"))
}

// icsEvent is an event as the test's reader sees it.
type icsEvent map[string]string

// readICS unfolds and splits an iCalendar into its events, checking that
// no line is longer than 75 octets and every line ends with CRLF.
func readICS(t *testing.T, data []byte) []icsEvent {
	t.Helper()
	require.True(t, bytes.HasSuffix(data, []byte("\r\n")))
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
			return i + 2, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			t.Fatalf("a line without CRLF: %q", data)
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		l := sc.Text()
		require.LessOrEqual(t, len(l), 75, "folded at 75 octets: %q", l)
		require.True(t, utf8.ValidString(l), "folded inside a character: %q", l)
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	require.Equal(t, "BEGIN:VCALENDAR", lines[0])
	require.Equal(t, "END:VCALENDAR", lines[len(lines)-1])
	var out []icsEvent
	var ev icsEvent
	for _, l := range lines {
		switch l {
		case "BEGIN:VEVENT":
			ev = icsEvent{}
		case "END:VEVENT":
			out = append(out, ev)
			ev = nil
		default:
			if ev != nil {
				k, v, ok := strings.Cut(l, ":")
				require.True(t, ok, l)
				ev[k] = v
			}
		}
	}
	return out
}

func unescapeICS(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

// TestExportICS reads the calendar back and checks it event by event
// against the rota, as instants, across the night the clocks go forward.
func TestExportICS(t *testing.T) {
	pf, r := dstRota(t)
	stamp := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	require.NoError(t, rota.ExportICS(&buf, pf, r, rota.ExportOptions{Stamp: stamp, Lang: "en"}))
	events := readICS(t, buf.Bytes())
	var want []icsEvent
	crossesChange := false
	for _, a := range r.Assignments {
		if a.End.Sub(a.Start) == 4*time.Hour {
			crossesChange = true // 23:00 to 04:00 is four hours on 7-8 March
		}
		for _, v := range a.Volunteers {
			want = append(want, icsEvent{"UID": "ny/" + a.Shift + "/" + a.Date.String() + "/" + v + "@armband",
				"DTSTART": a.Start.UTC().Format("20060102T150405Z"), "DTEND": a.End.UTC().Format("20060102T150405Z")})
		}
	}
	require.True(t, crossesChange, "the rota has the shift across the change")
	require.Len(t, events, len(want))
	for i, ev := range events {
		for k, v := range want[i] {
			require.Equal(t, v, ev[k], "event %d %s", i, k)
		}
		require.Equal(t, "20260301T120000Z", ev["DTSTAMP"])
		require.Equal(t, "0", ev["SEQUENCE"])
		start, err := time.Parse("20060102T150405Z", ev["DTSTART"])
		require.NoError(t, err)
		end, err := time.Parse("20060102T150405Z", ev["DTEND"])
		require.NoError(t, err)
		require.True(t, end.After(start))
	}
	// A name with a comma, a quote and a semicolon is escaped and read back.
	found := false
	for _, ev := range events {
		if strings.Contains(unescapeICS(ev["DESCRIPTION"]), `Wang, "Five"; Jr`) {
			found = true
		}
	}
	require.True(t, found, "escaped text reads back")
	require.Contains(t, buf.String(), `Wang\, "Five"\; Jr`)

	// A repair took volunteer a off the first instance: a's event is
	// cancelled with a higher SEQUENCE, and only a's calendar is written.
	prev := r
	next := r
	next.Assignments = append([]watch.Assignment(nil), r.Assignments...)
	first := next.Assignments[0]
	gone := first.Volunteers[0]
	next.Assignments = next.Assignments[1:]
	buf.Reset()
	require.NoError(t, rota.ExportICS(&buf, pf, next, rota.ExportOptions{Stamp: stamp, Previous: &prev, Volunteer: gone}))
	events = readICS(t, buf.Bytes())
	cancelled := 0
	for _, ev := range events {
		require.True(t, strings.HasSuffix(ev["UID"], "/"+gone+"@armband"), "only %s's calendar", gone)
		require.Equal(t, "1", ev["SEQUENCE"])
		if ev["STATUS"] == "CANCELLED" {
			cancelled++
			require.Equal(t, "ny/"+first.Shift+"/"+first.Date.String()+"/"+gone+"@armband", ev["UID"])
		}
	}
	require.Equal(t, 1, cancelled)

	require.ErrorContains(t, rota.ExportICS(&buf, pf, r, rota.ExportOptions{}), "stamp")
	require.ErrorContains(t, rota.ExportText(&buf, pf, r, rota.ExportOptions{Volunteer: "zz"}), `"zz"`)
	require.ErrorContains(t, rota.ExportText(&buf, pf, r, rota.ExportOptions{Lang: "fr"}), `"fr"`)
}

func TestICSFolding(t *testing.T) {
	pf, r := dstRota(t)
	pf.Beats[0].Name = strings.Repeat("长", 60) // 180 octets
	var buf bytes.Buffer
	require.NoError(t, rota.ExportICS(&buf, pf, r, rota.ExportOptions{Stamp: time.Unix(0, 0)}))
	for _, ev := range readICS(t, buf.Bytes()) {
		if strings.Contains(ev["UID"], "/night/") {
			require.Equal(t, strings.Repeat("长", 60), ev["LOCATION"], "a long line folds and unfolds whole")
		}
	}
}
