package rota_test

import (
	"fmt"
	"os"

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
