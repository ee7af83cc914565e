package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// Bench runs the shared benchmarks against the stores newStores makes:
// creating an incident, appending an event, listing a page, listing a
// month of one beat and reading a year of incidents (what a year of six
// nos reads) out of a year of 4,380 incidents, and asking the outbox what
// is due among 10,000 deliveries. When the stores' IncidentStore has a
// method Analyze(context.Context) error (the SQL stores do), it runs after
// each fill, as a database in service would have gathered its statistics
// (Settle, for a baseline benchmark of one's own).
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
		Settle(b, s)
		for b.Loop() {
			page, err := s.Incidents.ListIncidents(bg, q)
			ok(b, err)
			if len(page.Incidents) != 50 {
				b.Fatalf("page of %d", len(page.Incidents))
			}
		}
	})
	b.Run("ListMonthByBeat", func(b *testing.B) {
		s := newStores(b)
		p := BenchYear(b, s)
		q := watch.IncidentQuery{Program: p, Beats: []string{"north"}, From: benchStart.AddDate(0, 5, 0), To: benchStart.AddDate(0, 6, 0)}
		for b.Loop() {
			if n := count(b, s, q); n != 180 {
				b.Fatalf("%d incidents in June on one beat", n)
			}
		}
	})
	b.Run("YearOfIncidents", func(b *testing.B) {
		s := newStores(b)
		p := BenchYear(b, s)
		q := watch.IncidentQuery{Program: p, Limit: watch.MaxPageSize, From: benchStart, To: benchStart.AddDate(1, 0, 0)}
		for b.Loop() {
			if n := count(b, s, q); n != benchIncidents {
				b.Fatalf("%d incidents in the year", n)
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
		Settle(b, s)
		for b.Loop() {
			due, err := s.Escalations.Due(bg, p, base.Add(10*time.Minute), 100)
			ok(b, err)
			if len(due) != 11 {
				b.Fatalf("%d due", len(due))
			}
		}
	})
}

// benchStart is 1 January 2026 in Suzhou.
var benchStart = time.Date(2026, 1, 1, 0, 0, 0, 0, zones[0])

// benchIncidents is the size of BenchYear: twelve a day for 365 days.
const benchIncidents = 12 * 365

// BenchYear fills a new programme with the year BenchYear's benchmarks
// read, and returns its id: twelve incidents a day through 2026, every two
// hours, on the beats market and north in turn, every third with an
// acknowledgement and a note. Another store's benchmarks (a baseline of
// plain SQL) can read the same year.
func BenchYear(b testing.TB, s watch.Stores) string {
	p := program(b, s, "bench-year")
	for i := range benchIncidents {
		inc := incident(p, fmt.Sprintf("y-%05d", i), watch.KindOther, 0)
		inc.OccurredAt = benchStart.Add(time.Duration(i) * 2 * time.Hour)
		inc.Beat = []string{"market", "north"}[i%2]
		if i%3 == 0 {
			inc.Events = []watch.Event{
				{Type: watch.EventAcknowledged, At: inc.OccurredAt.Add(5 * time.Minute), By: "community_office"},
				note(inc.OccurredAt.Add(10*time.Minute), "v01", "巡逻正常"),
			}
		}
		_, err := s.Incidents.CreateIncident(bg, inc)
		ok(b, err)
	}
	Settle(b, s)
	return p
}

// Settle has a store gather its database's statistics after a fill, when
// its IncidentStore has a method Analyze(context.Context) error.
func Settle(b testing.TB, s watch.Stores) {
	if a, has := s.Incidents.(interface{ Analyze(context.Context) error }); has {
		ok(b, a.Analyze(bg))
	}
}

// count lists every page of a query and counts the incidents.
func count(b testing.TB, s watch.Stores, q watch.IncidentQuery) int {
	n := 0
	for _, err := range watch.AllIncidents(bg, s.Incidents, q) {
		ok(b, err)
		n++
	}
	return n
}
