package incident

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Policy is an escalation policy (docs/formats.md section 4): rules tried
// in order against an incident, each with steps that notify targets after
// a delay unless the incident is settled by then.
//
// LoadPolicy and NewPolicy return a compiled policy: its own copy of
// every list, checked, with its zone loaded once. Nothing in it changes
// afterwards (no method computes and stores lazily), so one compiled
// policy serves any number of goroutines. A Policy built by hand is
// evaluated correctly too, but loads its zone on every call: pass it
// through NewPolicy.
type Policy struct {
	// FormatTag is the optional "format": "armband/v1" of the file.
	FormatTag string `json:"format,omitempty"`
	// Timezone is the zone of time matches and of output instants.
	Timezone string `json:"timezone,omitempty"`
	// Targets, when listed, are the only targets a step may name.
	Targets []Target `json:"targets,omitempty"`
	// Kinds declares kinds beyond the built-in ones.
	Kinds []watch.KindDef `json:"kinds,omitempty"`
	Rules []Rule          `json:"rules" armband:"required"`

	// compiled is set by NewPolicy: the zone of Timezone, loaded once.
	compiled struct {
		timezone string
		loc      *time.Location
	}
}

// Target is someone a step notifies: police_110, community_office,
// police_liaison, a duty leader.
type Target struct {
	ID   string `json:"id" armband:"required"`
	Name string `json:"name,omitempty"`
}

// Rule matches incidents and escalates them step by step.
type Rule struct {
	Name string `json:"name" armband:"required"`
	// Continue lets later matching rules apply too, up to and including
	// the first matching rule without it.
	Continue bool   `json:"continue,omitempty"`
	Match    Match  `json:"match"`
	Steps    []Step `json:"steps" armband:"required"`
}

// Match holds when every field that is set holds; the empty Match holds
// for every incident.
type Match struct {
	// Kinds: the incident's kind is any of these.
	Kinds []watch.Kind `json:"kinds,omitempty"`
	// MinSeverity: the incident's severity is at least this.
	MinSeverity watch.Severity `json:"min_severity,omitempty"`
	// Beats: the incident's beat is any of these.
	Beats []string `json:"beats,omitempty"`
	// ContactPoints: the incident's contact point is any of these.
	ContactPoints []string `json:"contact_points,omitempty"`
	// Tags: the incident has all of these.
	Tags []string `json:"tags,omitempty"`
	// Time: the local clock time of occurred_at, to the second, lies in
	// the window [from, to), which wraps past midnight when to is before
	// from.
	Time *TimeWindow `json:"time,omitempty"`
	// PoliceCase: the incident's police_case equals this.
	PoliceCase *bool `json:"police_case,omitempty"`
}

// IsEmpty reports whether the match sets no field: a catch-all.
func (m Match) IsEmpty() bool {
	return len(m.Kinds) == 0 && m.MinSeverity == 0 && len(m.Beats) == 0 && len(m.ContactPoints) == 0 &&
		len(m.Tags) == 0 && m.Time == nil && m.PoliceCase == nil
}

// TimeWindow is a window of the day, {"from": "22:00", "to": "06:00"}.
type TimeWindow struct {
	From watch.Clock `json:"from" armband:"required"`
	To   watch.Clock `json:"to" armband:"required"`
}

// contains reports whether a clock reading, in seconds since midnight,
// lies in [From, To).
func (w TimeWindow) contains(secs int) bool {
	return watch.Window{From: w.From, To: w.To}.ContainsClock(secs)
}

// Step notifies targets at reported_at + After, unless the incident is
// settled at or before that instant.
type Step struct {
	After  watch.Duration `json:"after" armband:"required"`
	Notify []string       `json:"notify" armband:"required"`
	// Unless is "acknowledged" (the default: an acknowledged or resolved
	// event settles the step) or "resolved" (only resolved does). A voided
	// event settles every step.
	Unless Unless `json:"unless,omitempty"`
}

// Unless names the event that settles a step (Step.Unless).
type Unless string

// The values of Step.Unless.
const (
	// UnlessAcknowledged, the default: an acknowledged or resolved event
	// settles the step.
	UnlessAcknowledged Unless = "acknowledged"
	// UnlessResolved: only a resolved event settles the step.
	UnlessResolved Unless = "resolved"
)

// LoadOptions are the choices of LoadPolicyWith.
type LoadOptions struct {
	// Timezone, when set, overrides the policy's timezone (the command's
	// --timezone).
	Timezone string
}

// LoadPolicy reads a policy as strict JSON, validates it, refusing
// everything docs/formats.md section 4.5 lists with an error that names
// the rule, and compiles it (see NewPolicy).
func LoadPolicy(r io.Reader) (*Policy, error) { return LoadPolicyWith(r, LoadOptions{}) }

// LoadPolicyWith is LoadPolicy with options.
func LoadPolicyWith(r io.Reader, opt LoadOptions) (*Policy, error) {
	var p Policy
	err := strict.Decode(r, &p, func(pr *strict.Problems) {
		if opt.Timezone != "" {
			p.Timezone = opt.Timezone
		}
		p.validate(pr)
	}, strict.Limits{})
	if err != nil {
		return nil, nameRules(err, p.Rules)
	}
	return p.compile(), nil
}

// NewPolicy checks a policy built in Go as LoadPolicy does and returns it
// compiled: a deep copy, so later changes to p or its lists do not reach
// it, with its zone loaded once. The result is safe for concurrent use.
func NewPolicy(p Policy) (*Policy, error) {
	c := p.clone()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c.compile(), nil
}

// compile loads the zone of a valid policy, once.
func (p Policy) compile() *Policy {
	p.compiled.timezone = p.Timezone
	p.compiled.loc, _ = watch.LoadLocation(p.Timezone) // nil for no zone; validation checked the name
	return &p
}

// clone copies the policy and every list in it.
func (p Policy) clone() Policy {
	p.Targets = slices.Clone(p.Targets)
	p.Kinds = slices.Clone(p.Kinds)
	p.Rules = slices.Clone(p.Rules)
	for i := range p.Rules {
		r := &p.Rules[i]
		m := &r.Match
		m.Kinds, m.Beats, m.ContactPoints, m.Tags = slices.Clone(m.Kinds), slices.Clone(m.Beats), slices.Clone(m.ContactPoints), slices.Clone(m.Tags)
		if m.Time != nil {
			t := *m.Time
			m.Time = &t
		}
		if m.PoliceCase != nil {
			b := *m.PoliceCase
			m.PoliceCase = &b
		}
		r.Steps = slices.Clone(r.Steps)
		for j := range r.Steps {
			r.Steps[j].Notify = slices.Clone(r.Steps[j].Notify)
		}
	}
	p.compiled.timezone, p.compiled.loc = "", nil
	return p
}

// nameRules adds the rule's name to every problem under rules[i], so that
// an error names the rule and not only its position.
func nameRules(err error, rules []Rule) error {
	var out strict.Problems
	for _, fe := range watch.FieldErrors(err) {
		c := *fe
		var i int
		var rest string
		if n, _ := fmt.Sscanf(c.Path, "rules[%d]%s", &i, &rest); n >= 1 && i >= 0 && i < len(rules) && rules[i].Name != "" {
			c.Reason += fmt.Sprintf(" (rule %q)", rules[i].Name)
		}
		out.AddErr("", &c)
	}
	return out.Err()
}

// Location returns the policy's zone, or nil when it names none (or an
// unknown one). A compiled policy returns the zone it loaded; otherwise
// the zone is loaded on each call, never stored.
func (p *Policy) Location() *time.Location {
	if p.Timezone == "" {
		return nil
	}
	if p.compiled.loc != nil && p.compiled.timezone == p.Timezone {
		return p.compiled.loc
	}
	loc, _ := watch.LoadLocation(p.Timezone)
	return loc
}

// Validate checks a policy: the zone, declared kinds and targets, and each
// rule as LoadPolicy does. It changes nothing.
func (p *Policy) Validate() error {
	var pr strict.Problems
	p.validate(&pr)
	return nameRules(pr.Err(), p.Rules)
}

// kindSet returns the built-in kinds and the policy's declared ones.
func (p *Policy) kindSet() watch.Kinds {
	ks, err := watch.NewKinds(p.Kinds)
	if err != nil {
		return watch.Kinds{}
	}
	return ks
}

func (p *Policy) validate(pr *strict.Problems) {
	strict.CheckFormat(pr, p.FormatTag)
	if p.Timezone != "" {
		if _, err := watch.LoadLocation(p.Timezone); err != nil {
			pr.AddErr("timezone", err)
		}
	}
	// With a bad declaration the built-in kinds still check the rules.
	kinds, err := watch.NewKinds(p.Kinds)
	for _, fe := range watch.FieldErrors(err) {
		pr.AddErr("", fe)
	}
	targets := map[string]bool{}
	for i, t := range p.Targets {
		tp := strict.IndexPath("targets", i) + ".id"
		switch {
		case t.ID == "":
			pr.Add(tp, t.ID, "is empty")
		case targets[t.ID]:
			pr.Add(tp, t.ID, "is listed twice")
		}
		targets[t.ID] = true
	}
	names := map[string]int{}
	for i, r := range p.Rules {
		rp := strict.IndexPath("rules", i)
		r.validate(pr, rp, kinds, targets)
		if j, dup := names[r.Name]; dup && r.Name != "" {
			pr.Add(rp+".name", r.Name, "is the name of rules["+strconv.Itoa(j)+"] too")
		} else {
			names[r.Name] = i
		}
		if r.Match.Time != nil && p.Timezone == "" {
			pr.Add(rp+".match.time", nil, "needs a zone: set the policy's timezone or give --timezone")
		}
	}
}

func (r Rule) validate(pr *strict.Problems, path string, kinds watch.Kinds, targets map[string]bool) {
	if r.Name == "" {
		pr.Add(path+".name", r.Name, "is empty")
	}
	for j, k := range r.Match.Kinds {
		if !kinds.Has(k) {
			pr.Add(strict.IndexPath(path+".match.kinds", j), string(k), "is not a built-in or declared kind")
		}
	}
	if s := r.Match.MinSeverity; s < 0 || s > watch.SeverityCritical {
		pr.Add(path+".match.min_severity", s.String(), "is not a severity")
	}
	if t := r.Match.Time; t != nil && t.From == t.To {
		pr.Add(path+".match.time.to", t.To.String(), "equals from: a window must not be empty")
	}
	for j, s := range r.Steps {
		sp := strict.IndexPath(path+".steps", j)
		if s.After < 0 {
			pr.Add(sp+".after", s.After.String(), "must not be negative")
		}
		if j > 0 && s.After < r.Steps[j-1].After {
			pr.Add(sp+".after", s.After.String(), "comes before the step before it ("+r.Steps[j-1].After.String()+"): steps go in non-decreasing order")
		}
		switch s.Unless {
		case "", UnlessAcknowledged, UnlessResolved:
		default:
			pr.Add(sp+".unless", string(s.Unless), "is not acknowledged or resolved")
		}
		for k, t := range s.Notify {
			tp := strict.IndexPath(sp+".notify", k)
			switch {
			case t == "":
				pr.Add(tp, t, "is empty")
			case slices.Contains(s.Notify[:k], t):
				pr.Add(tp, t, "is named twice in one step")
			case len(targets) > 0 && !targets[t]:
				pr.Add(tp, t, "is not one of the policy's targets")
			}
		}
	}
}
