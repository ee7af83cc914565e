package memstore

import (
	"maps"
	"slices"

	"github.com/armband/armband/watch"
)

// Values go in and out of the store as deep copies, so callers never
// alias stored data.

func cloneProgram(p watch.ProgramRecord) watch.ProgramRecord {
	if p.Program.Community != nil {
		c := *p.Program.Community
		p.Program.Community = &c
	}
	p.Beats = slices.Clone(p.Beats)
	p.ContactPoints = slices.Clone(p.ContactPoints)
	p.Kinds = slices.Clone(p.Kinds)
	return p
}

func cloneVolunteer(v watch.Volunteer) watch.Volunteer {
	if v.Active != nil {
		a := *v.Active
		v.Active = &a
	}
	if v.Availability != nil {
		v.Availability = slices.Clone(v.Availability)
		for i := range v.Availability {
			v.Availability[i].Days = slices.Clone(v.Availability[i].Days)
		}
	}
	v.Unavailable = slices.Clone(v.Unavailable)
	return v
}

func cloneRota(r watch.Rota) watch.Rota {
	r.Assignments = slices.Clone(r.Assignments)
	for i := range r.Assignments {
		r.Assignments[i].Volunteers = slices.Clone(r.Assignments[i].Volunteers)
	}
	r.Gaps = slices.Clone(r.Gaps)
	for i := range r.Gaps {
		r.Gaps[i].Reasons = maps.Clone(r.Gaps[i].Reasons)
	}
	r.Stats.Hours = maps.Clone(r.Stats.Hours)
	return r
}

func clonePatrol(l watch.PatrolLog) watch.PatrolLog {
	l.Volunteers = slices.Clone(l.Volunteers)
	l.Incidents = slices.Clone(l.Incidents)
	return l
}
