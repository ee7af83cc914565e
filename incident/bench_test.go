package incident_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
)

// twentyRules is a 20-rule policy: kinds, severities, beats, tags and
// night windows, with continue on some, and a catch-all last.
func twentyRules() *incident.Policy {
	r := rand.New(rand.NewPCG(3, 5))
	p := randomPolicy(r, "Asia/Shanghai")
	p.Rules = nil
	for i := range 19 {
		rule := randomPolicy(r, "Asia/Shanghai").Rules[0]
		rule.Name = fmt.Sprintf("rule-%02d", i)
		if len(rule.Match.Kinds) == 0 {
			rule.Match.Kinds = []watch.Kind{kindPool[i%len(kindPool)]}
		}
		p.Rules = append(p.Rules, rule)
	}
	p.Rules = append(p.Rules, incident.Rule{Name: "rest", Steps: []incident.Step{{Notify: []string{"community_office"}},
		{After: watch.Duration(2 * time.Hour), Notify: []string{"community_office"}, Unless: "resolved"}}})
	if err := p.Validate(); err != nil {
		panic(err)
	}
	return p
}

// BenchmarkSimulate simulates 1,000,000 incidents over a year against a
// 20-rule policy. The figures are in BENCHMARKS.md.
func BenchmarkSimulate(b *testing.B) {
	p := twentyRules()
	loc := mustZone("Asia/Shanghai")
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	incs := randomIncidents(r, loc, []time.Time{start})[:0]
	for len(incs) < 1_000_000 {
		incs = append(incs, randomIncidents(r, loc, []time.Time{start.Add(time.Duration(r.IntN(365)) * 24 * time.Hour)})...)
	}
	incs = incs[:1_000_000]
	for i := range incs {
		incs[i].ID = fmt.Sprintf("inc-%07d", i)
	}
	until := start.AddDate(1, 0, 1)
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(incident.Simulate(p, incs, until))
	}
	b.ReportMetric(float64(n), "notifications")
}
