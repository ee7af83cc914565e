package incident_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
)

const seedPolicy = `{"timezone": "Asia/Shanghai",
 "rules": [
  {"name": "danger-now", "match": {"kinds": ["suspicious_person", "fire"]},
   "steps": [{"after": "0s", "notify": ["police_110", "community_office"]},
             {"after": "10m", "notify": ["police_liaison"]},
             {"after": "30m", "notify": ["police_station"]}]},
  {"name": "everything-else", "match": {},
   "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`

// A patroller sees a suspicious person and calls at once; nobody
// acknowledges for 20 minutes, so the report climbs from the community
// office to the police liaison (驻社区民警), and stops there.
func ExampleSimulate() {
	p, err := incident.LoadPolicy(strings.NewReader(seedPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := p.Location()
	seen := time.Date(2026, 12, 3, 22, 15, 0, 0, loc)
	inc := watch.Incident{ID: "inc-1203", Kind: watch.KindSuspiciousPerson, Severity: watch.SeverityMinor,
		OccurredAt: seen, Events: []watch.Event{{Type: watch.EventAcknowledged, At: seen.Add(20 * time.Minute), By: "police_liaison"}}}
	for _, n := range incident.Simulate(p, []watch.Incident{inc}, seen.Add(24*time.Hour)) {
		fmt.Println(n.At.Format("15:04"), n.Rule, n.Step, n.Target)
	}
	// Output:
	// 22:15 danger-now 0 community_office
	// 22:15 danger-now 0 police_110
	// 22:25 danger-now 1 police_liaison
}

func ExamplePolicy_Explain() {
	p, _ := incident.LoadPolicy(strings.NewReader(seedPolicy))
	inc := watch.Incident{ID: "inc-1204", Kind: watch.KindCivilDispute, Severity: watch.SeverityMinor,
		OccurredAt: time.Date(2026, 12, 4, 9, 0, 0, 0, p.Location())}
	fmt.Print(p.Explain(inc))
	// Output:
	// incident inc-1204
	//   danger-now: no match, kinds: kind "civil_dispute" is not one of [suspicious_person, fire]
	//   everything-else: matched, applied, stops
	//     step 0 at 2026-12-04T09:00:00+08:00 -> community_office: fires
}

func ExamplePolicy_Lint() {
	p, _ := incident.LoadPolicy(strings.NewReader(`{"rules": [
	  {"name": "fire", "match": {"kinds": ["fire"]}, "steps": [{"after": "5m", "notify": ["comunity_office"]}]},
	  {"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`))
	for _, w := range p.Lint() {
		fmt.Println(w)
	}
	// Output:
	// danger_not_called: rule "fire": a fire incident (minor, at 00:00) does not notify police_110 or community_office at 0s
	// target_typo: targets "community_office" and "comunity_office" are one edit apart: is one a typo?
}
