package watch

import (
	"github.com/armband/armband/internal/strict"

	"encoding/json"
	"io"
	"maps"
	"slices"
	"time"
)

// Rota is the rota file of docs/formats.md section 2.1 (排班表): who patrols when
// over a horizon, what could not be filled, and the figures.
type Rota struct {
	// FormatTag is the optional "format": "armband/v1" of the file.
	FormatTag   string       `json:"format,omitempty"`
	Program     string       `json:"program" armband:"required"`
	Horizon     DateRange    `json:"horizon" armband:"required"`
	Assignments []Assignment `json:"assignments" armband:"emptyok"`
	Gaps        []Gap        `json:"gaps" armband:"emptyok"`
	Stats       RotaStats    `json:"stats"`
	// Incomplete marks a rota that generation stopped before finishing
	// (a cancelled context); it is left out when false.
	Incomplete bool `json:"incomplete,omitempty"`
}

// Assignment is one shift instance with the volunteers on it. Start and End
// are written in the programme's zone.
type Assignment struct {
	Shift      string    `json:"shift" armband:"required"`
	Date       Date      `json:"date" armband:"required"`
	Beat       string    `json:"beat,omitempty"`
	Start      time.Time `json:"start" armband:"required"`
	End        time.Time `json:"end" armband:"required"`
	Volunteers []string  `json:"volunteers" armband:"required"`
}

// MarshalJSON writes Start and End with a numeric offset.
func (a Assignment) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Shift      string   `json:"shift"`
		Date       Date     `json:"date"`
		Beat       string   `json:"beat,omitempty"`
		Start      instant  `json:"start"`
		End        instant  `json:"end"`
		Volunteers []string `json:"volunteers"`
	}{a.Shift, a.Date, a.Beat, instant(a.Start), instant(a.End), a.Volunteers})
}

// Gap is a shift instance with fewer volunteers than it needs, with, for
// each rule code, how many volunteers that rule keeps out of it.
type Gap struct {
	Shift    string         `json:"shift" armband:"required"`
	Date     Date           `json:"date" armband:"required"`
	Need     int            `json:"need"`
	Assigned int            `json:"assigned"`
	Reasons  map[string]int `json:"reasons"`
}

// RotaStats are a rota's figures. Coverage is Filled / Need, not rounded;
// Hours lists every active volunteer, 0 included, and MaxHours and
// MinHours are over those.
//
// Bound and Gap are written by generation (docs/formats.md section 2.3)
// and absent from rotas made otherwise: Bound is a number of seats no
// rota of the programme can exceed, and Gap is (Bound - Filled) / Bound,
// 0 when the rota is proven to fill the most seats.
type RotaStats struct {
	Instances int                `json:"instances"`
	Need      int                `json:"need"`
	Filled    int                `json:"filled"`
	Coverage  float64            `json:"coverage"`
	MaxHours  float64            `json:"max_hours"`
	MinHours  float64            `json:"min_hours"`
	Hours     map[string]float64 `json:"hours"`
	Bound     *int               `json:"bound,omitempty"`
	Gap       *float64           `json:"gap,omitempty"`
}

// LoadRota reads a rota file as strict JSON and checks its shape: a
// horizon in order, assignments with volunteers and an end after the
// start, gaps with need above assigned. Whether it fits a programme is for
// the rota package to judge. Unlike input files, a rota may have empty
// assignments and gaps lists, as generation writes them.
func LoadRota(r io.Reader) (*Rota, error) { return Loader{}.Rota(r) }

// Rota is LoadRota within the loader's limits. Absent assignments, gaps
// and hours read as empty, so the rota writes back in a form it reads.
func (l Loader) Rota(r io.Reader) (*Rota, error) {
	var rota Rota
	if err := l.decode(r, &rota, func(p *strict.Problems, _ InputLimits) { rota.validate(p) }); err != nil {
		return nil, err
	}
	if rota.Assignments == nil {
		rota.Assignments = []Assignment{}
	}
	if rota.Gaps == nil {
		rota.Gaps = []Gap{}
	}
	if rota.Stats.Hours == nil {
		rota.Stats.Hours = map[string]float64{}
	}
	return &rota, nil
}

func (r *Rota) validate(p *strict.Problems) {
	strict.CheckFormat(p, r.FormatTag)
	nonEmpty(p, "program", r.Program)
	r.Horizon.validate(p, "horizon")
	for i, a := range r.Assignments {
		ap := index("assignments", i)
		nonEmpty(p, ap+".shift", a.Shift)
		if !a.End.After(a.Start) {
			p.Add(ap+".end", FormatInstant(a.End), "is not after start")
		}
	}
	for i, g := range r.Gaps {
		gp := index("gaps", i)
		if g.Assigned < 0 || g.Assigned >= g.Need {
			p.Add(gp+".assigned", g.Assigned, "must be at least 0 and below need")
		}
		for _, code := range slices.Sorted(maps.Keys(g.Reasons)) {
			if n := g.Reasons[code]; n < 0 {
				p.Add(gp+".reasons."+code, n, "must not be negative")
			}
		}
	}
}
