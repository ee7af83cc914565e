package watch

import (
	"github.com/armband/armband/internal/strict"

	"fmt"
	"slices"
)

// Volunteer is a red-armband volunteer (红袖标志愿者) as written in a
// programme file. Name, Phone and BirthDate are personal data: String,
// GoString, Format and LogValue mask them, so neither a log nor any fmt
// verb carries them (see mask.go).
type Volunteer struct {
	ID string `json:"id" armband:"required"`
	// Name is the volunteer's name; personal data.
	Name string `json:"name,omitempty"`
	// BirthDate is required on input; ages are counted from it (AgeOn).
	// Personal data; zero after erasure.
	BirthDate Date `json:"birth_date,omitzero" armband:"required"`
	// Phone is personal data.
	Phone string `json:"phone,omitempty"`
	// Active defaults to true when nil; an inactive volunteer is never
	// assigned.
	Active *bool `json:"active,omitempty"`
	// Availability lists the windows the volunteer can patrol in; nil means
	// at any time. A shift instance fits only inside one instance of one
	// window: windows are not joined together.
	Availability []Window `json:"availability,omitempty"`
	// Unavailable lists inclusive date ranges with no shift at all.
	Unavailable []DateRange `json:"unavailable,omitempty"`
	// MaxHoursPerWeek is a personal weekly cap; 0 does not limit.
	MaxHoursPerWeek float64 `json:"max_hours_per_week,omitempty"`
}

// Clone returns a deep copy of the volunteer.
func (v Volunteer) Clone() Volunteer {
	v.Active = clonePtr(v.Active)
	v.Availability = slices.Clone(v.Availability)
	for i := range v.Availability {
		v.Availability[i].Days = slices.Clone(v.Availability[i].Days)
	}
	v.Unavailable = slices.Clone(v.Unavailable)
	return v
}

// IsActive reports whether the volunteer may be assigned (Active nil or
// true).
func (v Volunteer) IsActive() bool { return v.Active == nil || *v.Active }

// AgeOn returns the volunteer's age in completed years on date d.
func (v Volunteer) AgeOn(d Date) int { return AgeOn(v.BirthDate, d) }

// UnavailableOn reports whether d lies in one of the volunteer's
// unavailable ranges.
func (v Volunteer) UnavailableOn(d Date) bool {
	for _, r := range v.Unavailable {
		if r.Contains(d) {
			return true
		}
	}
	return false
}

func (v Volunteer) validate(p *strict.Problems, path string) {
	for i, w := range v.Availability {
		w.validate(p, index(path+".availability", i))
	}
	for i, r := range v.Unavailable {
		r.validate(p, index(path+".unavailable", i))
	}
	within(p, path+".max_hours_per_week", v.MaxHoursPerWeek, MaxHours)
}

// within records a problem when v is negative or above max, the limit of
// docs/formats.md section 0.7 that keeps every sum and product of such
// values exact.
func within[T int | float64](p *strict.Problems, path string, v T, max T) {
	if v < 0 || v > max {
		p.Add(path, v, "must be from 0 to "+fmt.Sprint(max))
	}
}
