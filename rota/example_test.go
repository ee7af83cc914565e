package rota_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

func ExampleCheck() {
	f, _ := os.Open("../testdata/examples/program-tiny.json")
	defer f.Close()
	pf, err := watch.LoadProgramFile(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := rota.NewProblem(pf)
	if err != nil {
		fmt.Println(err)
		return
	}
	// B is 71 on 1 December: the 70+ band ends shifts by 18:00, and the
	// evening shift runs 18:30-21:00. A sends nobody with them.
	r := watch.Rota{Program: "tiny", Horizon: p.Horizon()}
	for _, in := range p.Instances()[:2] {
		r.Assignments = append(r.Assignments, watch.Assignment{Shift: in.Shift, Date: in.Date, Beat: in.Beat,
			Start: in.Start, End: in.End, Volunteers: []string{"b"}})
	}
	vs, err := rota.Check(p, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		who := v.Volunteer
		if who == "" {
			who = "(the instance)"
		}
		fmt.Println(v.Date, v.Shift, who, v.Rule)
	}
	// Output:
	// 2026-12-01 evening (the instance) team
	// 2026-12-01 evening b band_hours
	// 2026-12-02 evening (the instance) team
	// 2026-12-02 evening b band_hours
}

func ExampleExportCSV() {
	pf, err := watch.LoadProgramFile(strings.NewReader(`{
	 "program": {"id": "demo", "timezone": "Asia/Shanghai"},
	 "beats": [{"id": "market", "name": "菜场"}],
	 "volunteers": [{"id": "v1", "name": "张三", "birth_date": "1960-01-01"},
	                {"id": "v2", "name": "李四", "birth_date": "1962-01-01"}],
	 "shifts": [{"id": "am", "beat": "market", "start": "08:00", "end": "10:00", "need": 2}],
	 "horizon": {"from": "2026-12-01", "to": "2026-12-01"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := rota.NewProblem(pf)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := rota.Generate(context.Background(), p, rota.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf strings.Builder
	if err := rota.ExportCSV(&buf, pf, r, rota.ExportOptions{NoBOM: true, Lang: "en"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// date,weekday,shift,beat,start,end,volunteer_ids,volunteers
	// 2026-12-01,Tuesday,am,菜场,2026-12-01T08:00:00+08:00,2026-12-01T10:00:00+08:00,v1 v2,"张三, 李四"
}

// ExampleGenerate makes the rota of the seed community's programme and
// says how far it can be from the best: no rota fills more than the
// bound.
func ExampleGenerate() {
	f, _ := os.Open("../testdata/examples/program.json")
	defer f.Close()
	pf, err := watch.LoadProgramFile(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := rota.NewProblem(pf)
	if err == nil {
		var r watch.Rota
		if r, err = rota.Generate(context.Background(), p, rota.Options{}); err == nil {
			st := r.Stats
			fmt.Printf("%d of %d seats; no rota can fill more than %d: within %.1f%%\n", st.Filled, st.Need, *st.Bound, 100**st.Gap)
			fmt.Println("largest hours:", st.MaxHours)
		}
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 56 of 92 seats; no rota can fill more than 63: within 11.1%
	// largest hours: 17.5
}
