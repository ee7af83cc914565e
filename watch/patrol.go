package watch

import (
	"io"
	"time"

	"github.com/armband/armband/internal/strict"
)

// PatrolLog is the record of one patrol (值勤) as filed for the daily
// safety report (平安日汇报): who walked which beat when, and whether all
// was normal.
type PatrolLog struct {
	Program    string    `json:"program"`
	ID         string    `json:"id"`
	Date       Date      `json:"date"`
	Shift      string    `json:"shift,omitempty"`
	Beat       string    `json:"beat,omitempty"`
	Volunteers []string  `json:"volunteers"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	// AllNormal is the "今天小区安全值勤一切正常" of the daily report.
	AllNormal bool `json:"all_normal"`
	// Incidents lists the ids of incidents reported on the patrol.
	Incidents []string `json:"incidents,omitempty"`
	// Notes is free text; possibly personal data.
	Notes string `json:"notes,omitempty"`
}

// LoadPatrols reads a patrols file (docs/formats.md section 8): a JSON
// array of patrol logs. The programme may be left out of each log; the
// caller fills it in.
func LoadPatrols(r io.Reader) ([]PatrolLog, error) {
	return Loader{}.Patrols(r)
}

// Patrols is LoadPatrols within the loader's limits.
func (l Loader) Patrols(r io.Reader) ([]PatrolLog, error) {
	var list []PatrolLog
	err := l.decode(r, &list, func(p *strict.Problems, _ InputLimits) {
		uniqueIDs(p, "", list, func(x PatrolLog) string { return x.ID })
		for i, x := range list {
			x.validate(p, index("", i), false)
		}
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
