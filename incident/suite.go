package incident

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Suite is a file of unit tests for an escalation policy
// (docs/formats.md section 7), in the manner of promtool's rule tests:
// named cases, each an incident with a timeline of events given as
// offsets from its report, an instant to simulate up to, and the
// notifications expected.
type Suite struct {
	// FormatTag is the optional "format": "armband/v1" of the file.
	FormatTag string `json:"format,omitempty"`
	// Policy is the path of the policy file the suite tests, relative to
	// the suite file.
	Policy string `json:"policy" armband:"required"`
	// Timezone overrides the policy's zone, as the command's --timezone.
	Timezone string `json:"timezone,omitempty"`
	// Fixtures are incidents that cases start from, by name.
	Fixtures map[string]json.RawMessage `json:"fixtures,omitempty"`
	Cases    []Case                     `json:"cases" armband:"required"`
}

// Case is one test: an incident (Incident, or Fixture with the keys of
// Incident laid over it), its Timeline, the instant to simulate Until,
// and what must come out.
type Case struct {
	Name     string          `json:"name" armband:"required"`
	Fixture  string          `json:"fixture,omitempty"`
	Incident json.RawMessage `json:"incident,omitempty"`
	// Timeline lists events as offsets from the report:
	// "+5m acknowledged", "+9m acknowledged by police_liaison",
	// "+1h resolved", "+2m note by v03".
	Timeline []string `json:"timeline,omitempty"`
	// Until is an instant, or an offset from the report ("+2h").
	Until string `json:"until" armband:"required"`
	// Expect lists every notification, in the order a simulation gives
	// them; an empty list ("expect": []) expects none.
	Expect []Expected `json:"expect" armband:"required,emptyok"`
	// Rules, when set, are the rules that must apply, in policy order.
	Rules []string `json:"rules,omitempty"`
	// MustNotNotify lists targets that no notification may reach.
	MustNotNotify []string `json:"must_not_notify,omitempty"`
}

// Expected is one notification a case expects: After the report, to
// Target, by the step Step of Rule.
type Expected struct {
	After  watch.Duration `json:"after"`
	Target string         `json:"target" armband:"required"`
	Rule   string         `json:"rule" armband:"required"`
	Step   int            `json:"step"`
}

// String renders the expectation as a timeline line: +10m police_liaison
// (danger-now step 1).
func (e Expected) String() string {
	return fmt.Sprintf("+%s %s (%s step %d)", e.After, e.Target, e.Rule, e.Step)
}

// LoadSuite reads a suite as strict JSON and checks it: every case has a
// unique name, an incident or a known fixture, a timeline, an until and
// expectations that parse; a suite with no cases is an error. Whether the
// incidents are valid is checked when the suite runs, against the
// policy's kinds.
func LoadSuite(r io.Reader) (*Suite, error) {
	var s Suite
	err := strict.Decode(r, &s, s.validate, strict.Limits{})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Suite) validate(p *strict.Problems) {
	strict.CheckFormat(p, s.FormatTag)
	names := map[string]int{}
	for i, c := range s.Cases {
		cp := strict.IndexPath("cases", i)
		if c.Name == "" {
			p.Add(cp+".name", c.Name, "is empty")
		} else if j, dup := names[c.Name]; dup {
			p.Add(cp+".name", c.Name, fmt.Sprintf("is the name of cases[%d] too", j))
		}
		names[c.Name] = i
		switch {
		case c.Fixture == "" && len(c.Incident) == 0:
			p.Add(cp, nil, "needs an incident or a fixture")
		case c.Fixture != "" && s.Fixtures[c.Fixture] == nil:
			p.Add(cp+".fixture", c.Fixture, "is not one of the suite's fixtures")
		}
		for j, line := range c.Timeline {
			if _, err := parseTimeline(line); err != nil {
				p.Add(strict.IndexPath(cp+".timeline", j), line, err.Error())
			}
		}
		if _, _, err := parseUntil(c.Until); err != nil {
			p.Add(cp+".until", c.Until, err.Error())
		}
		for j, e := range c.Expect {
			if e.After < 0 || e.Step < 0 {
				p.Add(strict.IndexPath(cp+".expect", j), e.String(), "has a negative after or step")
			}
		}
	}
}

// timelineEvent is one parsed line of a case's timeline.
type timelineEvent struct {
	after time.Duration
	typ   watch.EventType
	by    string
}

// parseTimeline reads "+5m acknowledged" or "+5m note by v03".
func parseTimeline(line string) (timelineEvent, error) {
	f := strings.Fields(line)
	if len(f) != 2 && !(len(f) == 4 && f[2] == "by") {
		return timelineEvent{}, fmt.Errorf("is not an event (want +OFFSET TYPE [by WHO], as +5m acknowledged)")
	}
	off, ok := strings.CutPrefix(f[0], "+")
	d, err := time.ParseDuration(off)
	if !ok || err != nil || d < 0 {
		return timelineEvent{}, fmt.Errorf("starts with %q, not an offset such as +5m", f[0])
	}
	t := watch.EventType(f[1])
	switch t {
	case watch.EventAcknowledged, watch.EventResolved, watch.EventVoided, watch.EventNote:
	default:
		return timelineEvent{}, fmt.Errorf("has the event type %q (want acknowledged, resolved, voided or note)", f[1])
	}
	ev := timelineEvent{after: d, typ: t}
	if len(f) == 4 {
		ev.by = f[3]
	}
	return ev, nil
}

// parseUntil reads an instant or an offset from the report ("+2h"): it
// returns the instant, or the offset with rel true.
func parseUntil(s string) (time.Time, time.Duration, error) {
	if off, ok := strings.CutPrefix(s, "+"); ok {
		d, err := time.ParseDuration(off)
		if err != nil || d < 0 {
			return time.Time{}, 0, fmt.Errorf("is not an offset such as +2h")
		}
		return time.Time{}, d, nil
	}
	t, err := watch.ParseInstant(s)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("is not an instant or an offset such as +2h")
	}
	return t, 0, nil
}

// CaseResult is the outcome of one case.
type CaseResult struct {
	Name   string
	Passed bool
	// Err is set when the case could not run: its incident is invalid
	// for the policy, or a timeline event is not legal in its state.
	Err error
	// Want and Got are the expected and actual timelines, a line each
	// (Expected.String); Diff shows them side by side when they differ,
	// with the rules and forbidden targets checks.
	Want, Got []string
	Diff      string
	// Trace is the policy's Explain of the incident, for a failure.
	Trace Trace
	// Applied are the rules that applied.
	Applied []string
}

// SuiteResult is the outcome of a suite.
type SuiteResult struct {
	Cases []CaseResult
	// Failed counts the cases that did not pass.
	Failed int
	// Uncovered lists the policy's rules that no case applied, in policy
	// order; Coverage is the share of rules some case applied, 0 to 1.
	Uncovered []string
	Coverage  float64
}

// RunSuite runs every case of s against the policy and returns the
// outcome. It is pure: the same suite and policy give the same result.
// The policy must be valid (LoadPolicy or NewPolicy).
func RunSuite(s *Suite, p *Policy) SuiteResult {
	var out SuiteResult
	applied := map[string]bool{}
	for _, c := range s.Cases {
		r := runCase(s, c, p)
		for _, name := range r.Applied {
			applied[name] = true
		}
		if !r.Passed {
			out.Failed++
		}
		out.Cases = append(out.Cases, r)
	}
	for _, r := range p.Rules {
		if !applied[r.Name] {
			out.Uncovered = append(out.Uncovered, r.Name)
		}
	}
	if n := len(p.Rules); n > 0 {
		out.Coverage = float64(n-len(out.Uncovered)) / float64(n)
	}
	return out
}

// CaseIncident builds the incident of a case: the fixture with the case's
// incident keys laid over it, key by key, the case's name as id when none
// is given, checked with the declared kinds (a policy's Kinds), and the
// timeline's events after the report.
func (s *Suite) CaseIncident(c Case, declared []watch.KindDef) (watch.Incident, error) {
	merged := map[string]json.RawMessage{}
	for _, raw := range []json.RawMessage{s.Fixtures[c.Fixture], c.Incident} {
		if len(raw) == 0 {
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return watch.Incident{}, fmt.Errorf("incident is not an object: %w", err)
		}
		for k, v := range m {
			merged[k] = v
		}
	}
	if _, ok := merged["id"]; !ok {
		merged["id"], _ = json.Marshal(c.Name)
	}
	doc, err := json.Marshal([]map[string]json.RawMessage{merged})
	if err != nil {
		return watch.Incident{}, err
	}
	incs, err := watch.LoadIncidents(bytes.NewReader(doc), declared...)
	if err != nil {
		return watch.Incident{}, err
	}
	inc := incs[0]
	for _, line := range c.Timeline {
		ev, err := parseTimeline(line)
		if err != nil {
			return watch.Incident{}, err
		}
		e := watch.Event{Type: ev.typ, At: inc.Reported().Add(ev.after), By: ev.by}
		if err := inc.CheckAppend(e); err != nil {
			return watch.Incident{}, fmt.Errorf("timeline %q: %w", line, err)
		}
		inc.Events = append(inc.Events, e)
	}
	return inc, nil
}

func runCase(s *Suite, c Case, p *Policy) CaseResult {
	r := CaseResult{Name: c.Name}
	inc, err := s.CaseIncident(c, p.Kinds)
	if err != nil {
		r.Err = err
		return r
	}
	until, rel, _ := parseUntil(c.Until)
	if until.IsZero() {
		until = inc.Reported().Add(rel)
	}
	for _, rule := range p.Match(inc) {
		r.Applied = append(r.Applied, rule.Name)
	}
	r.Trace = p.Explain(inc)
	for _, e := range c.Expect {
		r.Want = append(r.Want, e.String())
	}
	var notified []string
	for _, n := range Simulate(p, []watch.Incident{inc}, until) {
		e := Expected{After: watch.Duration(n.At.Sub(inc.Reported())), Target: n.Target, Rule: n.Rule, Step: n.Step}
		r.Got = append(r.Got, e.String())
		notified = append(notified, n.Target)
	}
	var diff strings.Builder
	if !slices.Equal(r.Want, r.Got) {
		diff.WriteString(timelineDiff(r.Want, r.Got))
	}
	if len(c.Rules) > 0 && !slices.Equal(c.Rules, r.Applied) {
		fmt.Fprintf(&diff, "rules applied: want %s, got %s\n", listOrNone(c.Rules), listOrNone(r.Applied))
	}
	for _, t := range c.MustNotNotify {
		if slices.Contains(notified, t) {
			fmt.Fprintf(&diff, "%s was notified, and must not be\n", t)
		}
	}
	r.Diff = diff.String()
	r.Passed = r.Diff == ""
	return r
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// timelineDiff shows the expected and actual timelines line by line,
// marking with - an expected line that did not come and with + an actual
// line that was not expected (a longest-common-subsequence diff; suites
// are small).
func timelineDiff(want, got []string) string {
	n, m := len(want), len(got)
	if n*m > 1_000_000 { // too long to align: both in full
		return "notifications expected:\n  " + strings.Join(want, "\n  ") + "\nnotifications sent:\n  " + strings.Join(got, "\n  ") + "\n"
	}
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var b strings.Builder
	b.WriteString("notifications (- expected, + actual):\n")
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && want[i] == got[j]:
			fmt.Fprintf(&b, "    %s\n", want[i])
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&b, "  + %s\n", got[j])
			j++
		default:
			fmt.Fprintf(&b, "  - %s\n", want[i])
			i++
		}
	}
	return b.String()
}
