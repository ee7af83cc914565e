package storetest

import (
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

func testRotas(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "rota")
	dec := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-14")}
	start := time.Date(2026, 12, 1, 7, 30, 0, 999, zones[0])
	r := watch.Rota{Program: p, Horizon: dec, Assignments: []watch.Assignment{{Shift: "market-am", Date: dec.From, Beat: "market",
		Start: start, End: start.Add(3 * time.Hour), Volunteers: []string{"v01", "v07"}}},
		Gaps:  []watch.Gap{{Shift: "late", Date: dec.From, Need: 2, Reasons: map[string]int{"age_band": 3}}},
		Stats: watch.RotaStats{Instances: 2, Need: 4, Filled: 2, Coverage: 0.5, MaxHours: 3, Hours: map[string]float64{"v01": 3, "v07": 3}}}
	v1, err := s.Rotas.SaveRota(bg, r)
	ok(t, err)
	r2 := r
	r2.Stats.Filled = 4
	v2, err := s.Rotas.SaveRota(bg, r2)
	ok(t, err)
	equal(t, []int{v1, v2}, []int{1, 2}, "versions")
	got, v, err := s.Rotas.CurrentRota(bg, p, watch.DateRange{From: watch.MustParseDate("2026-12-14"), To: watch.MustParseDate("2026-12-20")})
	ok(t, err)
	equal(t, v, 2, "newest version")
	equal(t, got.Stats.Filled, 4, "newest rota")
	if !got.Assignments[0].Start.Equal(stored(start)) {
		t.Fatalf("start %v, want %v", got.Assignments[0].Start, stored(start))
	}
	equal(t, got.Gaps[0].Reasons, map[string]int{"age_band": 3}, "reasons")
	_, _, err = s.Rotas.CurrentRota(bg, p, watch.DateRange{From: watch.MustParseDate("2027-01-01"), To: watch.MustParseDate("2027-01-31")})
	wantErr(t, err, watch.ErrNotFound, "no rota for the period")
	_, err = s.Rotas.SaveRota(bg, watch.Rota{Program: "st-no-such-programme", Horizon: dec})
	wantErr(t, err, watch.ErrNotFound, "missing programme")
}

// testRotaVersions: two rotas that cover a month between them are both
// listed for it, each readable by version, and Cover takes each one's
// assignments on its own dates (the newer on dates both cover).
func testRotaVersions(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "rota-month")
	shanghai := zones[0]
	rotaOf := func(from, to string, who string, days ...int) watch.Rota {
		h := watch.DateRange{From: watch.MustParseDate(from), To: watch.MustParseDate(to)}
		r := watch.Rota{Program: p, Horizon: h, Assignments: []watch.Assignment{}, Gaps: []watch.Gap{}, Stats: watch.RotaStats{Hours: map[string]float64{}}}
		for _, d := range days {
			start := time.Date(2026, 12, d, 8, 0, 0, 0, shanghai)
			r.Assignments = append(r.Assignments, watch.Assignment{Shift: "am", Date: watch.DateOf(start), Beat: "market",
				Start: start, End: start.Add(2 * time.Hour), Volunteers: []string{who, "v09"}})
		}
		return r
	}
	first, second := rotaOf("2026-12-01", "2026-12-14", "v01", 1, 14), rotaOf("2026-12-15", "2026-12-28", "v02", 15, 28)
	fix := rotaOf("2026-12-14", "2026-12-15", "v03", 14, 15) // a later correction of two days
	for i, r := range []watch.Rota{first, second, fix} {
		v, err := s.Rotas.SaveRota(bg, r)
		ok(t, err)
		equal(t, v, i+1, "versions count from 1")
	}
	december := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-31")}
	list, err := s.Rotas.ListRotas(bg, p, december)
	ok(t, err)
	var versions []int
	for _, v := range list {
		versions = append(versions, v.Version)
	}
	equal(t, versions, []int{1, 2, 3}, "every rota overlapping December, oldest first")
	equal(t, list[0].Rota.Horizon, first.Horizon, "version 1")
	got, err := s.Rotas.GetRota(bg, p, 2)
	ok(t, err)
	equal(t, got.Horizon, second.Horizon, "read by version")
	_, err = s.Rotas.GetRota(bg, p, 4)
	wantErr(t, err, watch.ErrNotFound, "a version not saved")

	var covered []string
	for _, a := range watch.Cover(list, december) {
		covered = append(covered, a.Date.String()+" "+a.Volunteers[0])
	}
	equal(t, covered, []string{"2026-12-01 v01", "2026-12-14 v03", "2026-12-15 v03", "2026-12-28 v02"},
		"December from both rotas, the correction in force on its two days")

	january := watch.DateRange{From: watch.MustParseDate("2027-01-01"), To: watch.MustParseDate("2027-01-31")}
	list, err = s.Rotas.ListRotas(bg, p, january)
	ok(t, err)
	equal(t, len(list), 0, "no rota covers January")
}
