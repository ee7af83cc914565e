package incident

import (
	"time"

	"github.com/armband/armband/watch"
)

// instantKey is an instant as Unix seconds and nanoseconds: exact and
// comparable for every year armband reads, where UnixNano overflows past
// 2262.
type instantKey struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instantKey { return instantKey{t.Unix(), int32(t.Nanosecond())} }

// key is one target at one instant: what one incident notifies once.
type key struct {
	target string
	at     instantKey
}

// steps walks every (rule, step, target) the policy applies to inc, in
// policy order (rule, then step, then target), and gives each its due
// instant and what becomes of it given the incident's events:
//
//   - OutcomeSuppressed: an event at or before the due instant settles
//     the step (docs/formats.md section 4.3);
//   - OutcomeSkipped: an earlier rule or step of this incident already
//     notifies the same target at the same instant;
//   - OutcomePending: it fires at the due instant.
//
// Simulate and Plan both read the policy through it, so the outbox and
// the simulation cannot disagree. seen is scratch space, cleared by the
// caller for each incident.
func (p *Policy) steps(inc watch.Incident, loc *time.Location, seen map[key]bool, emit func(ri, si int, target string, due time.Time, out watch.Outcome)) {
	reported := inc.Reported()
	for _, ri := range p.applied(inc, loc) {
		r := &p.Rules[ri]
		for si, s := range r.Steps {
			due := reported.Add(time.Duration(s.After))
			settled := settledBy(inc, s, due) != ""
			for _, target := range s.Notify {
				out := watch.OutcomePending
				k := key{target, instantOf(due)}
				switch {
				case settled:
					out = watch.OutcomeSuppressed
				case seen[k]:
					out = watch.OutcomeSkipped
				default:
					seen[k] = true
				}
				emit(ri, si, target, due, out)
			}
		}
	}
}

// Plan returns the outbox rows of one incident under the policy: one
// watch.Delivery for every (rule, step, target) the policy applies to it,
// in policy order, due at reported_at + after (written in the policy's
// zone), with the outcome its events already decide (Outcome empty, that
// is pending, for a step that fires; OutcomeSuppressed for one an event
// settles; OutcomeSkipped for a repeat of a target at an instant) and
// DoneAt set for those two. An escalator enqueues the rows (the store
// keeps the first copy of each key) and settles the pending ones as they
// fall due.
//
// The pending rows are exactly the notifications Simulate gives for the
// incident, at any until: both walk the policy the same way.
func Plan(p *Policy, inc watch.Incident) []watch.Delivery {
	var out []watch.Delivery
	loc := p.Location()
	p.steps(inc, loc, map[key]bool{}, func(ri, si int, target string, due time.Time, o watch.Outcome) {
		d := watch.Delivery{Program: inc.Program, Incident: inc.ID, Rule: p.Rules[ri].Name, Step: si, Target: target,
			DueAt: outputZone(due, loc)}
		if o != watch.OutcomePending {
			d.Outcome, d.DoneAt = o, d.DueAt
		}
		out = append(out, d)
	})
	return out
}
