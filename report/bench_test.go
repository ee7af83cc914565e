package report_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// manyIncidents makes n incidents over 2026, deterministically.
func manyIncidents(n int) []watch.Incident {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := watch.BuiltinKinds()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	incs := make([]watch.Incident, n)
	for i := range incs {
		occurred := start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		incs[i] = watch.Incident{ID: "inc-" + strconv.Itoa(i), Kind: kinds[rng.IntN(len(kinds))].ID,
			Severity: watch.Severity(1 + rng.IntN(3)), OccurredAt: occurred, PoliceCase: rng.IntN(50) == 0}
		if rng.IntN(20) == 0 {
			incs[i].Events = []watch.Event{{Type: watch.EventVoided, At: occurred.Add(time.Hour)}}
		}
	}
	return incs
}

// BenchmarkScore scores 1,000,000 incidents over one month with the six
// nos. The figures are in BENCHMARKS.md.
func BenchmarkScore(b *testing.B) {
	incs := manyIncidents(1_000_000)
	g := report.SixNos()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Score(g, incs, april(), shanghai, report.Options{Run: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMonthly builds the monthly brief of December from a year of
// 1,000,000 incidents, nine in ten acknowledged and 49 in 50 resolved
// (the rest are carried over), with the Nanhuan programme, rota and patrols. The figures are
// in BENCHMARKS.md.
func BenchmarkMonthly(b *testing.B) {
	incs := manyIncidents(1_000_000)
	for i := range incs {
		if len(incs[i].Events) > 0 {
			continue
		}
		at := incs[i].OccurredAt
		if i%10 != 0 {
			incs[i].Events = append(incs[i].Events, watch.Event{Type: watch.EventAcknowledged, At: at.Add(time.Duration(i%97) * time.Minute)})
		}
		if i%50 != 0 {
			incs[i].Events = append(incs[i].Events, watch.Event{Type: watch.EventResolved, At: at.Add(time.Duration(97+i%501) * time.Minute)})
		}
	}
	pf, rota, logs := benchEstate(b)
	in := report.MonthlyInput{Program: pf, Year: 2026, Month: time.December, Assignments: rota.Assignments, Gaps: rota.Gaps,
		Patrols: logs, Incidents: incs}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		brief, err := report.Monthly(in)
		if err != nil {
			b.Fatal(err)
		}
		if brief.Current.Incidents == 0 {
			b.Fatal("no incident in December")
		}
	}
}

func benchEstate(b *testing.B) (*watch.ProgramFile, *watch.Rota, []watch.PatrolLog) {
	b.Helper()
	read := func(name string) *os.File {
		f, err := os.Open("testdata/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		return f
	}
	pf, err := watch.LoadProgramFile(read("program.json"))
	if err != nil {
		b.Fatal(err)
	}
	rota, err := watch.LoadRota(read("rota.json"))
	if err != nil {
		b.Fatal(err)
	}
	logs, err := watch.LoadPatrols(read("patrols.json"))
	if err != nil {
		b.Fatal(err)
	}
	return pf, rota, logs
}
