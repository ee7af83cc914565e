package watch

import "time"

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
