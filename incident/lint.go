package incident

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/armband/armband/watch"
)

// Warning is something in a valid policy that is likely a mistake. Lint
// returns warnings, never refusals.
type Warning struct {
	// Code names the check: no_catch_all, unreachable, danger_not_called
	// or target_typo.
	Code WarningCode `json:"code"`
	// Rule is the rule the warning is about, when there is one.
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

// String renders the warning on one line.
func (w Warning) String() string {
	if w.Rule != "" {
		return fmt.Sprintf("%s: rule %q: %s", w.Code, w.Rule, w.Message)
	}
	return string(w.Code) + ": " + w.Message
}

// WarningCode names a check of Lint.
type WarningCode string

// The codes of Warning.
const (
	WarnNoCatchAll      WarningCode = "no_catch_all"
	WarnUnreachable     WarningCode = "unreachable"
	WarnDangerNotCalled WarningCode = "danger_not_called"
	WarnTargetTypo      WarningCode = "target_typo"
)

// The targets a dangerous kind must reach at once.
const (
	firstResponseTargetA = "police_110"
	firstResponseTargetB = "community_office"
)

// dangerousKinds are the kinds a patroller reports at once.
var dangerousKinds = []watch.Kind{watch.KindSuspiciousPerson, watch.KindHazard, watch.KindFire,
	watch.KindHomeRobbery, watch.KindBurglary, watch.KindViolentCrime, watch.KindHomicide}

// DangerousKinds returns the kinds a patroller reports at once: whoever
// sees one calls 110 or the community office and never confronts anyone.
// The slice is a fresh copy each call.
func DangerousKinds() []watch.Kind { return slices.Clone(dangerousKinds) }

// Lint returns warnings about a valid policy, in this order:
//
//   - no_catch_all: the last rule does not match every incident, so some
//     incident may notify nobody;
//   - unreachable: a rule can never apply, because an earlier rule without
//     continue matches every incident it matches;
//   - danger_not_called: for a dangerous kind (DangerousKinds()), some
//     incident of that kind gets no 0s step that notifies police_110 or
//     community_office from the rules that apply to it (checked on one
//     incident of each severity, each beat, contact point and tag set the
//     policy names, police case or not, at every clock time where a time
//     match changes);
//   - target_typo: two targets' names are one edit apart (an insertion,
//     deletion, substitution or swap of neighbours).
func (p *Policy) Lint() []Warning {
	var ws []Warning
	if n := len(p.Rules); n > 0 && !p.Rules[n-1].Match.IsEmpty() {
		ws = append(ws, Warning{Code: WarnNoCatchAll, Rule: p.Rules[n-1].Name,
			Message: "the last rule is not a catch-all (\"match\": {}): an incident that matches no rule notifies nobody"})
	}
	for j := range p.Rules {
		for i := 0; i < j; i++ {
			if !p.Rules[i].Continue && covers(p.Rules[i].Match, p.Rules[j].Match) {
				ws = append(ws, Warning{Code: WarnUnreachable, Rule: p.Rules[j].Name,
					Message: fmt.Sprintf("never applies: rule %q, earlier and without continue, matches every incident it matches", p.Rules[i].Name)})
				break
			}
		}
	}
	ws = append(ws, p.lintDanger()...)
	ws = append(ws, p.lintTargets()...)
	return ws
}

// covers reports whether every incident that b matches is matched by a.
func covers(a, b Match) bool {
	if len(a.Kinds) > 0 && (len(b.Kinds) == 0 || !subset(b.Kinds, a.Kinds)) {
		return false
	}
	if a.MinSeverity > max(b.MinSeverity, watch.SeverityMinor) {
		return false
	}
	if len(a.Beats) > 0 && (len(b.Beats) == 0 || !subset(b.Beats, a.Beats)) {
		return false
	}
	if len(a.ContactPoints) > 0 && (len(b.ContactPoints) == 0 || !subset(b.ContactPoints, a.ContactPoints)) {
		return false
	}
	if !subset(a.Tags, b.Tags) {
		return false
	}
	if a.Time != nil {
		if b.Time == nil {
			return false
		}
		for m := 0; m < 24*60; m++ {
			if b.Time.contains(m*60) && !a.Time.contains(m*60) {
				return false
			}
		}
	}
	if a.PoliceCase != nil && (b.PoliceCase == nil || *a.PoliceCase != *b.PoliceCase) {
		return false
	}
	return true
}

func subset[T comparable](small, big []T) bool {
	for _, x := range small {
		if !slices.Contains(big, x) {
			return false
		}
	}
	return true
}

func (p *Policy) lintDanger() []Warning {
	// The values an incident's fields can take that make a difference to
	// some rule, and one value that makes a difference to none.
	beats, points, tagSets := []string{""}, []string{""}, [][]string{nil}
	clocks := map[int]bool{0: true}
	for _, r := range p.Rules {
		beats = appendNew(beats, r.Match.Beats...)
		points = appendNew(points, r.Match.ContactPoints...)
		if len(r.Match.Tags) > 0 {
			tagSets = append(tagSets, r.Match.Tags)
		}
		if t := r.Match.Time; t != nil {
			clocks[t.From.Minutes()*60] = true
			clocks[t.To.Minutes()*60] = true
		}
	}
	times := make([]int, 0, len(clocks))
	for c := range clocks {
		times = append(times, c)
	}
	sort.Ints(times)
	loc := p.Location()
	if loc == nil {
		loc = time.UTC
	}
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)

	var ws []Warning
	kinds := p.kindSet()
	for _, kind := range dangerousKinds {
		if !kinds.Has(kind) {
			continue
		}
	search:
		for sev := watch.SeverityMinor; sev <= watch.SeverityCritical; sev++ {
			for _, beat := range beats {
				for _, cp := range points {
					for _, tags := range tagSets {
						for _, pc := range []bool{false, true} {
							for _, secs := range times {
								inc := watch.Incident{ID: "lint", Kind: kind, Severity: sev, Beat: beat, ContactPoint: cp,
									Tags: tags, PoliceCase: pc, OccurredAt: day.Add(time.Duration(secs) * time.Second)}
								if p.callsAtOnce(inc) {
									continue
								}
								ws = append(ws, Warning{Code: WarnDangerNotCalled, Rule: firstRuleName(p.Match(inc)),
									Message: fmt.Sprintf("a %s incident (%s%s, at %02d:%02d) does not notify %s or %s at 0s",
										kind, sev, describe(beat, cp, tags, pc), secs/3600, secs%3600/60, firstResponseTargetA, firstResponseTargetB)})
								break search
							}
						}
					}
				}
			}
		}
	}
	return ws
}

func appendNew(list []string, xs ...string) []string {
	for _, x := range xs {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	return list
}

func describe(beat, cp string, tags []string, pc bool) string {
	s := ""
	if beat != "" {
		s += ", beat " + beat
	}
	if cp != "" {
		s += ", contact point " + cp
	}
	if len(tags) > 0 {
		s += ", tags " + list(tags)
	}
	if pc {
		s += ", police case"
	}
	return s
}

func firstRuleName(rs []Rule) string {
	if len(rs) == 0 {
		return ""
	}
	return rs[0].Name
}

// callsAtOnce reports whether the rules that apply to inc have a 0s step
// that notifies police_110 or community_office.
func (p *Policy) callsAtOnce(inc watch.Incident) bool {
	for _, r := range p.Match(inc) {
		for _, s := range r.Steps {
			if s.After == 0 && (slices.Contains(s.Notify, firstResponseTargetA) || slices.Contains(s.Notify, firstResponseTargetB)) {
				return true
			}
		}
	}
	return false
}

func (p *Policy) lintTargets() []Warning {
	var names []string
	for _, t := range p.Targets {
		names = appendNew(names, t.ID)
	}
	for _, r := range p.Rules {
		for _, s := range r.Steps {
			names = appendNew(names, s.Notify...)
		}
	}
	sort.Strings(names)
	var ws []Warning
	for i, a := range names {
		for _, b := range names[i+1:] {
			if oneEditApart(a, b) {
				ws = append(ws, Warning{Code: WarnTargetTypo,
					Message: fmt.Sprintf("targets %q and %q are one edit apart: is one a typo?", a, b)})
			}
		}
	}
	return ws
}

// oneEditApart reports whether a and b differ by exactly one insertion,
// deletion, substitution or swap of two neighbouring characters.
func oneEditApart(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && x[i] == y[j] && x[j] == y[i]
		}
		return false
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return slices.Equal(x[i:], y[i+1:])
	}
	return false
}
