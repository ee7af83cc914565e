package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

func testPatrols(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "patrol")
	day := watch.MustParseDate("2026-12-01")
	at := func(h int) time.Time { return time.Date(2026, 12, 1, h, 0, 0, 500, zones[0]) }
	logs := []watch.PatrolLog{
		{Program: p, ID: "b", Date: day, Shift: "evening", Beat: "north", Volunteers: []string{"v01", "v07"}, Start: at(18), End: at(21), AllNormal: true},
		{Program: p, ID: "a", Date: day, Shift: "market-am", Beat: "market", Volunteers: []string{"v02", "v03"}, Start: at(7), End: at(10), Incidents: []string{"inc-1"}, Notes: "一切正常"},
		{Program: p, ID: "c", Date: day.AddDays(1), Volunteers: []string{"v01", "v02"}, Start: at(31), End: at(34), AllNormal: true},
	}
	for _, l := range logs {
		ok(t, s.Patrols.RecordPatrol(bg, l))
	}
	wantErr(t, s.Patrols.RecordPatrol(bg, logs[0]), watch.ErrConflict, "duplicate id")
	wantErr(t, s.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "d", Date: day}), watch.ErrInvalid, "no volunteers")
	got, err := s.Patrols.ListPatrols(bg, p, watch.DateRange{From: day, To: day})
	ok(t, err)
	equal(t, ids2(got), []string{"a", "b"}, "one date, by start")
	want := logs[1]
	want.Start, want.End = stored(want.Start), stored(want.End)
	equal(t, got[0], want, "round trip")
	got, err = s.Patrols.ListPatrols(bg, p, watch.DateRange{From: day, To: day.AddDays(1)})
	ok(t, err)
	equal(t, ids2(got), []string{"a", "b", "c"}, "a range of dates")
}

func ids2(ls []watch.PatrolLog) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

// injection is text a store must keep byte for byte.
var injection = []string{
	`'`, `"`, `\`, `''`, `'; DROP TABLE incidents; --`, `" OR 1=1 --`, `$1`, `$$`, `/* comment */`, `-- comment`, `%s %d %%`,
	"\u202egnp.exe", "line\nbreak\r\ttab", "😀 emoji", "null", `{"json": true}`, "<script>alert(1)</script>",
	strings.Repeat("长文本", 64*1024/9) + "末", // about 64 KiB
}
