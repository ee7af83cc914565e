package incident

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// Notification is one target notified about one incident by one step of
// one rule, at an instant: the output of a simulation (docs/formats.md
// section 4.4).
type Notification struct {
	Incident string    `json:"incident"`
	Rule     string    `json:"rule"`
	Step     int       `json:"step"`
	Target   string    `json:"target"`
	At       time.Time `json:"at"`
}

// String renders the notification on one line:
// inc-0413 danger-now step 1 -> police_liaison at 2026-04-13T22:26:00+08:00.
func (n Notification) String() string {
	return fmt.Sprintf("%s %s step %d -> %s at %s", n.Incident, n.Rule, n.Step, n.Target, watch.FormatInstant(n.At))
}

// MarshalJSON writes At with a numeric offset.
func (n Notification) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Incident string `json:"incident"`
		Rule     string `json:"rule"`
		Step     int    `json:"step"`
		Target   string `json:"target"`
		At       string `json:"at"`
	}{n.Incident, n.Rule, n.Step, n.Target, watch.FormatInstant(n.At)})
}

// Simulate returns every notification the policy sends for the incidents
// up to and including until, exactly as docs/formats.md section 4.4 says: a step
// of an applied rule fires at reported_at + after unless an event at or
// before that instant settles it; among the steps that fire, one incident
// notifies one target at one instant once, named by the earliest rule in
// the policy and then the lowest step; the result is sorted by instant,
// incident, rule position, step and target. Instants are written in the
// policy's zone, or in the offset of the incident's reported_at when the
// policy has none.
//
// The policy must be valid (LoadPolicy or Validate). Simulate is pure: the
// same input gives the same output.
func Simulate(p *Policy, incs []watch.Incident, until time.Time) []Notification {
	loc := p.Location()
	// A row is a notification in compact form, sorted before the output
	// is built: sorting millions of full notifications moves too much.
	type row struct {
		at         instantKey
		inc        int32 // index into incs
		rule, step int32 // positions in the policy
		target     string
	}
	var rows []row
	seen := map[key]bool{}
	for ii, inc := range incs {
		clear(seen)
		p.steps(inc, loc, seen, func(ri, si int, target string, due time.Time, out watch.Outcome) {
			if out == watch.OutcomePending && !due.After(until) {
				rows = append(rows, row{instantOf(due), int32(ii), int32(ri), int32(si), target})
			}
		})
	}
	// The incidents' ids in order, once, so rows compare integers.
	byID := make([]int32, len(incs))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortStableFunc(byID, func(a, b int32) int { return strings.Compare(incs[a].ID, incs[b].ID) })
	rank := make([]int32, len(incs))
	for r, i := range byID {
		rank[i] = int32(r)
	}
	// After de-duplication no two rows of one incident share all of these,
	// so the order is total and an unstable sort is deterministic.
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.at.sec, b.at.sec), cmp.Compare(a.at.nsec, b.at.nsec), cmp.Compare(rank[a.inc], rank[b.inc]),
			cmp.Compare(a.rule, b.rule), cmp.Compare(a.step, b.step), strings.Compare(a.target, b.target))
	})
	out := make([]Notification, len(rows))
	for i, r := range rows {
		inc := &incs[r.inc]
		at := inc.Reported().Add(time.Duration(p.Rules[r.rule].Steps[r.step].After))
		out[i] = Notification{Incident: inc.ID, Rule: p.Rules[r.rule].Name, Step: int(r.step), Target: r.target, At: outputZone(at, loc)}
	}
	return out
}

// settledBy returns the type of the first event at or before due that
// settles the step, or "" when none does.
func settledBy(inc watch.Incident, s Step, due time.Time) watch.EventType {
	for _, e := range inc.Events {
		if e.At.After(due) {
			continue
		}
		switch e.Type {
		case watch.EventVoided, watch.EventResolved:
			return e.Type
		case watch.EventAcknowledged:
			if s.Unless != UnlessResolved {
				return e.Type
			}
		}
	}
	return ""
}

func outputZone(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		return t
	}
	return t.In(loc)
}
