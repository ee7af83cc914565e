package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// Match returns the rules that apply to inc, in policy order: rules are
// tried in order, and the first matching rule applies and stops the
// evaluation unless it has continue, in which case later matching rules
// apply too, up to and including the first one without continue.
func (p *Policy) Match(inc watch.Incident) []Rule {
	var out []Rule
	for _, i := range p.applied(inc, p.Location()) {
		out = append(out, p.Rules[i])
	}
	return out
}

// applied returns the positions of the rules that apply to inc, with time
// matches read in loc (the policy's zone).
func (p *Policy) applied(inc watch.Incident, loc *time.Location) []int {
	var out []int
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Match.check(inc, loc) != "" {
			continue
		}
		out = append(out, i)
		if !r.Continue {
			break
		}
	}
	return out
}

// The fields of a match, in the order they are checked.
const (
	FieldKinds         = "kinds"
	FieldMinSeverity   = "min_severity"
	FieldBeats         = "beats"
	FieldContactPoints = "contact_points"
	FieldTags          = "tags"
	FieldTime          = "time"
	FieldPoliceCase    = "police_case"
)

// check returns the first field of m that does not hold for inc, or ""
// when every field holds. It allocates nothing: it runs for every rule and
// incident of a simulation.
func (m *Match) check(inc watch.Incident, loc *time.Location) string {
	if len(m.Kinds) > 0 && !slices.Contains(m.Kinds, inc.Kind) {
		return FieldKinds
	}
	if inc.Severity < m.MinSeverity {
		return FieldMinSeverity
	}
	if len(m.Beats) > 0 && !slices.Contains(m.Beats, inc.Beat) {
		return FieldBeats
	}
	if len(m.ContactPoints) > 0 && !slices.Contains(m.ContactPoints, inc.ContactPoint) {
		return FieldContactPoints
	}
	for _, t := range m.Tags {
		if !slices.Contains(inc.Tags, t) {
			return FieldTags
		}
	}
	if m.Time != nil && !m.Time.contains(localSeconds(inc.OccurredAt, loc)) {
		return FieldTime
	}
	if m.PoliceCase != nil && inc.PoliceCase != *m.PoliceCase {
		return FieldPoliceCase
	}
	return ""
}

// localSeconds is the clock reading of t in loc (t's own zone when loc is
// nil), in seconds since midnight.
func localSeconds(t time.Time, loc *time.Location) int {
	if loc != nil {
		t = t.In(loc)
	}
	h, mi, s := t.Clock()
	return h*3600 + mi*60 + s
}

// reason says why field of m does not hold for inc.
func (m *Match) reason(field string, inc watch.Incident, loc *time.Location) string {
	switch field {
	case FieldKinds:
		return fmt.Sprintf("kind %q is not one of %s", inc.Kind, list(m.Kinds))
	case FieldMinSeverity:
		return fmt.Sprintf("severity %s is below %s", inc.Severity, m.MinSeverity)
	case FieldBeats:
		return fmt.Sprintf("beat %q is not one of %s", inc.Beat, list(m.Beats))
	case FieldContactPoints:
		return fmt.Sprintf("contact point %q is not one of %s", inc.ContactPoint, list(m.ContactPoints))
	case FieldTags:
		for _, t := range m.Tags {
			if !slices.Contains(inc.Tags, t) {
				return fmt.Sprintf("tag %q is missing", t)
			}
		}
	case FieldTime:
		secs := localSeconds(inc.OccurredAt, loc)
		return fmt.Sprintf("occurred at %02d:%02d:%02d, outside %s-%s", secs/3600, secs%3600/60, secs%60, m.Time.From, m.Time.To)
	case FieldPoliceCase:
		return fmt.Sprintf("police_case is %t", inc.PoliceCase)
	}
	return ""
}

func list[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// Trace explains, rule by rule, what a policy does with one incident.
type Trace struct {
	Incident string      `json:"incident"`
	Rules    []RuleTrace `json:"rules"`
}

// RuleTrace is one rule's part in a Trace.
type RuleTrace struct {
	Rule string `json:"rule"`
	// Tried is false for the rules after the evaluation stopped.
	Tried bool `json:"tried"`
	// Matched reports whether every field of the match held; when not,
	// Field is the first that did not (kinds, min_severity, beats,
	// contact_points, tags, time, police_case) and Reason says why.
	Matched bool   `json:"matched"`
	Field   string `json:"field,omitempty"`
	Reason  string `json:"reason,omitempty"`
	// Applied rules escalate; Stops marks the rule after which the
	// evaluation stopped.
	Applied bool        `json:"applied"`
	Stops   bool        `json:"stops,omitempty"`
	Steps   []StepTrace `json:"steps,omitempty"`
}

// StepTrace is when an applied rule's step falls due and what, if
// anything, settled it by then.
type StepTrace struct {
	Step    int       `json:"step"`
	Due     time.Time `json:"due"`
	Notify  []string  `json:"notify"`
	Settled bool      `json:"settled"`
	// SettledBy is the type of the event that settled the step.
	SettledBy watch.EventType `json:"settled_by,omitempty"`
}

// Explain traces the evaluation of inc: for every rule whether it was
// tried, matched (or which field decided it did not), applied and stopped
// the evaluation, and for applied rules when each step falls due and
// whether it was settled.
func (p *Policy) Explain(inc watch.Incident) Trace {
	t := Trace{Incident: inc.ID}
	loc := p.Location()
	stopped := false
	for i := range p.Rules {
		r := &p.Rules[i]
		rt := RuleTrace{Rule: r.Name, Tried: !stopped}
		if !stopped {
			rt.Field = r.Match.check(inc, loc)
			rt.Reason = r.Match.reason(rt.Field, inc, loc)
			rt.Matched = rt.Field == ""
			if rt.Matched {
				rt.Applied = true
				rt.Stops = !r.Continue
				stopped = rt.Stops
				for j, s := range r.Steps {
					due := inc.Reported().Add(time.Duration(s.After))
					by := settledBy(inc, s, due)
					rt.Steps = append(rt.Steps, StepTrace{Step: j, Due: outputZone(due, loc), Notify: s.Notify, Settled: by != "", SettledBy: by})
				}
			}
		}
		t.Rules = append(t.Rules, rt)
	}
	return t
}

// String renders the trace for people, a line per rule.
func (t Trace) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "incident %s\n", t.Incident)
	for _, r := range t.Rules {
		switch {
		case !r.Tried:
			fmt.Fprintf(&b, "  %s: not tried (evaluation stopped)\n", r.Rule)
		case !r.Matched:
			fmt.Fprintf(&b, "  %s: no match, %s: %s\n", r.Rule, r.Field, r.Reason)
		default:
			stop := "continues"
			if r.Stops {
				stop = "stops"
			}
			fmt.Fprintf(&b, "  %s: matched, applied, %s\n", r.Rule, stop)
			for _, s := range r.Steps {
				state := "fires"
				if s.Settled {
					state = "settled by " + string(s.SettledBy)
				}
				fmt.Fprintf(&b, "    step %d at %s -> %s: %s\n", s.Step, watch.FormatInstant(s.Due), strings.Join(s.Notify, ", "), state)
			}
		}
	}
	return b.String()
}
