package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// Bench runs the shared benchmarks against the stores newStores makes:
// creating incidents, appending events, listing a page, and asking the
// outbox what is due among many deliveries.
func Bench(b *testing.B, newStores func(b *testing.B) watch.Stores) {
	b.Run("CreateIncident", func(b *testing.B) {
		s := newStores(b)
		p := program(b, s, "bench-create")
		i := 0
		for b.Loop() {
			_, err := s.Incidents.CreateIncident(bg, incident(p, fmt.Sprintf("c-%d", i), watch.KindOther, time.Duration(i)*time.Second))
			ok(b, err)
			i++
		}
	})
	b.Run("AppendEvent", func(b *testing.B) {
		s := newStores(b)
		p := program(b, s, "bench-append")
		// Many short histories, as a year of incidents has.
		const incidents = 64
		for i := range incidents {
			_, err := s.Incidents.CreateIncident(bg, incident(p, fmt.Sprintf("a-%d", i), watch.KindOther, 0))
			ok(b, err)
		}
		versions := make([]int, incidents)
		i := 0
		for b.Loop() {
			k := i % incidents
			_, err := s.Incidents.AppendEvent(bg, p, fmt.Sprintf("a-%d", k), versions[k], note(base.Add(time.Hour), "v01", "巡逻正常"))
			ok(b, err)
			versions[k]++
			i++
		}
	})
	b.Run("ListIncidentsPage", func(b *testing.B) {
		s := newStores(b)
		p := program(b, s, "bench-list")
		for i := range 2000 {
			_, err := s.Incidents.CreateIncident(bg, incident(p, fmt.Sprintf("l-%05d", i), watch.KindOther, time.Duration(i)*time.Minute))
			ok(b, err)
		}
		q := watch.IncidentQuery{Program: p, Limit: 50, From: base.Add(500 * time.Minute)}
		for b.Loop() {
			page, err := s.Incidents.ListIncidents(bg, q)
			ok(b, err)
			if len(page.Incidents) != 50 {
				b.Fatalf("page of %d", len(page.Incidents))
			}
		}
	})
	b.Run("Due", func(b *testing.B) {
		s := newStores(b)
		p := program(b, s, "bench-due")
		var ds []watch.Delivery
		for i := range 10000 {
			ds = append(ds, watch.Delivery{Program: p, Incident: fmt.Sprintf("i-%d", i), Rule: "r", Target: "community_office",
				DueAt: base.Add(time.Duration(i) * time.Minute)})
		}
		ok(b, s.Escalations.Enqueue(bg, ds))
		for b.Loop() {
			due, err := s.Escalations.Due(bg, p, base.Add(10*time.Minute), 100)
			ok(b, err)
			if len(due) != 11 {
				b.Fatalf("%d due", len(due))
			}
		}
	})
}
