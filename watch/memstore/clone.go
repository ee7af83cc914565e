package memstore

import (
	"maps"
	"slices"

	"github.com/armband/armband/watch"
)

// Values go in and out of the store as deep copies, so callers never
// alias stored data.

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
