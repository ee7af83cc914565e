package incident_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// naiveSimulate is a second, deliberately plain reading of docs/formats.md
// section 4, written without the package's helpers: every candidate
// notification first, then settling, then de-duplication by a quadratic
// scan, then an insertion sort.
func naiveSimulate(p *incident.Policy, incs []watch.Incident, until time.Time, loc *time.Location) []incident.Notification {
	type cand struct {
		n        incident.Notification
		rulePos  int
		settled  bool
		incIndex int
	}
	var cands []cand
	for ii, inc := range incs {
		reported := inc.ReportedAt
		if reported.IsZero() {
			reported = inc.OccurredAt
		}
		for ri, r := range p.Rules {
			m := r.Match
			ok := true
			if len(m.Kinds) > 0 {
				found := false
				for _, k := range m.Kinds {
					if k == inc.Kind {
						found = true
					}
				}
				ok = ok && found
			}
			if m.MinSeverity != 0 && inc.Severity < m.MinSeverity {
				ok = false
			}
			if len(m.Beats) > 0 {
				found := false
				for _, b := range m.Beats {
					found = found || b == inc.Beat
				}
				ok = ok && found
			}
			if len(m.ContactPoints) > 0 {
				found := false
				for _, c := range m.ContactPoints {
					found = found || c == inc.ContactPoint
				}
				ok = ok && found
			}
			for _, t := range m.Tags {
				found := false
				for _, have := range inc.Tags {
					found = found || have == t
				}
				ok = ok && found
			}
			if m.Time != nil {
				local := inc.OccurredAt.In(loc)
				secs := local.Hour()*3600 + local.Minute()*60 + local.Second()
				from, to := m.Time.From.Hour*3600+m.Time.From.Minute*60, m.Time.To.Hour*3600+m.Time.To.Minute*60
				if from < to {
					ok = ok && secs >= from && secs < to
				} else {
					ok = ok && (secs >= from || secs < to)
				}
			}
			if m.PoliceCase != nil && *m.PoliceCase != inc.PoliceCase {
				ok = false
			}
			if !ok {
				continue
			}
			for si, s := range r.Steps {
				due := reported.Add(time.Duration(s.After))
				settled := false
				for _, e := range inc.Events {
					if e.At.After(due) {
						continue
					}
					if e.Type == watch.EventVoided || e.Type == watch.EventResolved ||
						(e.Type == watch.EventAcknowledged && s.Unless != "resolved") {
						settled = true
					}
				}
				for _, target := range s.Notify {
					cands = append(cands, cand{incident.Notification{Incident: inc.ID, Rule: r.Name, Step: si, Target: target, At: due.In(loc)}, ri, settled, ii})
				}
			}
			if !r.Continue {
				break
			}
		}
	}
	var kept []cand
	for _, c := range cands {
		if c.settled || c.n.At.After(until) {
			continue
		}
		dup := false
		for _, k := range kept {
			if k.incIndex == c.incIndex && k.n.Target == c.n.Target && k.n.At.Equal(c.n.At) {
				dup = true
			}
		}
		if !dup {
			kept = append(kept, c)
		}
	}
	less := func(a, b cand) bool {
		if !a.n.At.Equal(b.n.At) {
			return a.n.At.Before(b.n.At)
		}
		if a.n.Incident != b.n.Incident {
			return a.n.Incident < b.n.Incident
		}
		if a.rulePos != b.rulePos {
			return a.rulePos < b.rulePos
		}
		if a.n.Step != b.n.Step {
			return a.n.Step < b.n.Step
		}
		return a.n.Target < b.n.Target
	}
	sort.SliceStable(kept, func(i, j int) bool { return less(kept[i], kept[j]) })
	out := []incident.Notification{}
	for _, k := range kept {
		out = append(out, k.n)
	}
	return out
}

var (
	targetPool = []string{"police_110", "community_office", "police_liaison", "duty_leader", "station"}
	kindPool   = []watch.Kind{watch.KindSuspiciousPerson, watch.KindFire, watch.KindTheft, watch.KindCivilDispute, watch.KindOther}
	beatPool   = []string{"market", "north", "south"}
	tagPool    = []string{"e-bike", "night", "elderly"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func some[T comparable](r *rand.Rand, xs []T) []T {
	var out []T
	for _, x := range xs {
		if r.IntN(3) == 0 {
			out = append(out, x)
		}
	}
	return out
}

func randomPolicy(r *rand.Rand, zone string) *incident.Policy {
	p := &incident.Policy{Timezone: zone}
	for i := range 1 + r.IntN(5) {
		rule := incident.Rule{Name: fmt.Sprintf("r%d", i), Continue: r.IntN(3) == 0}
		if r.IntN(2) == 0 {
			rule.Match.Kinds = some(r, kindPool)
		}
		if r.IntN(3) == 0 {
			rule.Match.MinSeverity = watch.Severity(1 + r.IntN(3))
		}
		if r.IntN(4) == 0 {
			rule.Match.Beats = some(r, beatPool)
		}
		if r.IntN(4) == 0 {
			rule.Match.Tags = some(r, tagPool)
		}
		if r.IntN(3) == 0 {
			from := watch.Clock{Hour: r.IntN(24), Minute: 30 * r.IntN(2)}
			to := watch.Clock{Hour: r.IntN(24), Minute: 30 * r.IntN(2)}
			if from != to {
				rule.Match.Time = &incident.TimeWindow{From: from, To: to}
			}
		}
		if r.IntN(5) == 0 {
			pc := r.IntN(2) == 0
			rule.Match.PoliceCase = &pc
		}
		after := time.Duration(0)
		for range 1 + r.IntN(3) {
			after += time.Duration(r.IntN(4)) * 30 * time.Minute
			step := incident.Step{After: watch.Duration(after), Notify: some(r, targetPool)}
			if len(step.Notify) == 0 {
				step.Notify = []string{pick(r, targetPool)}
			}
			if r.IntN(3) == 0 {
				step.Unless = "resolved"
			}
			rule.Steps = append(rule.Steps, step)
		}
		p.Rules = append(p.Rules, rule)
	}
	return p
}

func randomIncidents(r *rand.Rand, loc *time.Location, days []time.Time) []watch.Incident {
	var incs []watch.Incident
	for i := range 1 + r.IntN(8) {
		day := pick(r, days)
		occurred := day.Add(time.Duration(r.IntN(48*60)) * time.Minute / 2).In(loc)
		inc := watch.Incident{ID: fmt.Sprintf("i%02d", i), Kind: pick(r, kindPool), Severity: watch.Severity(1 + r.IntN(3)),
			OccurredAt: occurred, Beat: pick(r, append(beatPool, "")), Tags: some(r, tagPool), PoliceCase: r.IntN(4) == 0}
		if r.IntN(2) == 0 {
			inc.ReportedAt = occurred.Add(time.Duration(r.IntN(20)) * time.Minute)
		}
		at := inc.Reported()
		state := watch.StateOpen
		for range r.IntN(4) {
			at = at.Add(time.Duration(r.IntN(90)) * time.Minute)
			et := pick(r, []watch.EventType{watch.EventAcknowledged, watch.EventResolved, watch.EventVoided, watch.EventNote})
			next, err := state.Apply(et)
			if err != nil {
				continue
			}
			state = next
			inc.Events = append(inc.Events, watch.Event{Type: et, At: at})
		}
		incs = append(incs, inc)
	}
	return incs
}

// TestSimulateAgreesWithNaive compares Simulate with naiveSimulate on
// random policies and incidents, including incidents in Europe/London on
// both of 2026's change days.
func TestSimulateAgreesWithNaive(t *testing.T) {
	zones := map[string][]time.Time{}
	london := mustZone("Europe/London")
	zones["Europe/London"] = []time.Time{
		time.Date(2026, 3, 28, 22, 0, 0, 0, london), time.Date(2026, 3, 29, 0, 0, 0, 0, london),
		time.Date(2026, 10, 24, 22, 0, 0, 0, london), time.Date(2026, 10, 25, 0, 0, 0, 0, london)}
	shanghai := mustZone("Asia/Shanghai")
	zones["Asia/Shanghai"] = []time.Time{time.Date(2026, 4, 12, 0, 0, 0, 0, shanghai)}
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 2000 {
		zone := "Europe/London"
		if i%4 == 3 {
			zone = "Asia/Shanghai"
		}
		loc := mustZone(zone)
		p := randomPolicy(r, zone)
		require.NoError(t, p.Validate(), "random policy %d", i)
		incs := randomIncidents(r, loc, zones[zone])
		until := zones[zone][0].Add(time.Duration(r.IntN(72)) * time.Hour)
		got := incident.Simulate(p, incs, until)
		if got == nil {
			got = []incident.Notification{}
		}
		want := naiveSimulate(p, incs, until, loc)
		require.Equal(t, len(want), len(got), "case %d", i)
		for j := range want {
			require.True(t, want[j].At.Equal(got[j].At), "case %d row %d", i, j)
			require.Equal(t, watch.FormatInstant(want[j].At), watch.FormatInstant(got[j].At))
			w, g := want[j], got[j]
			w.At, g.At = time.Time{}, time.Time{}
			require.Equal(t, w, g, "case %d row %d", i, j)
		}
	}
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// TestPlanAgreesWithSimulate: over the random policies of the property
// test, the pending rows of Plan, up to until, are exactly the
// notifications of Simulate, and every row has its own key.
func TestPlanAgreesWithSimulate(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	loc := mustZone("Europe/London")
	days := []time.Time{time.Date(2026, 3, 28, 22, 0, 0, 0, loc), time.Date(2026, 10, 25, 0, 0, 0, 0, loc)}
	for i := range 1000 {
		p, err := incident.NewPolicy(*randomPolicy(r, "Europe/London"))
		require.NoError(t, err, "random policy %d", i)
		incs := randomIncidents(r, loc, days)
		until := days[0].Add(time.Duration(r.IntN(24*220)) * time.Hour)
		var planned []incident.Notification
		for _, inc := range incs {
			keys := map[string]bool{}
			for _, d := range incident.Plan(p, inc) {
				require.False(t, keys[d.Key()], "case %d: key %s twice", i, d.Key())
				keys[d.Key()] = true
				require.Equal(t, d.Outcome == "", d.DoneAt.IsZero(), "case %d: a decided row has DoneAt", i)
				if d.Outcome == "" && !d.DueAt.After(until) {
					planned = append(planned, incident.Notification{Incident: d.Incident, Rule: d.Rule, Step: d.Step, Target: d.Target, At: d.DueAt})
				}
			}
		}
		simulated := incident.Simulate(p, incs, until)
		show := func(ns []incident.Notification) []string {
			out := []string{}
			for _, n := range ns {
				out = append(out, fmt.Sprintf("%s %s %d %s %s", n.Incident, n.Rule, n.Step, n.Target, watch.FormatInstant(n.At)))
			}
			sort.Strings(out)
			return out
		}
		require.Equal(t, show(simulated), show(planned), "case %d", i)
	}
}
