package rota

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// RuleCode names a hard rule, as Violation.Rule and a gap's reasons do.
type RuleCode string

// The rule codes of docs/formats.md section 1.4, and fixed for a missing
// volunteer of a fixed assignment (section 2.2).
const (
	RuleMinAge          RuleCode = "min_age"
	RuleAgeBand         RuleCode = "age_band"
	RuleShiftLength     RuleCode = "shift_length"
	RuleBandHours       RuleCode = "band_hours"
	RuleWeeklyHours     RuleCode = "weekly_hours"
	RuleRest            RuleCode = "rest"
	RulePerDay          RuleCode = "per_day"
	RuleConsecutiveDays RuleCode = "consecutive_days"
	RuleTeam            RuleCode = "team"
	RuleNight           RuleCode = "night"
	RuleUnavailable     RuleCode = "unavailable"
	RuleInactive        RuleCode = "inactive"
	RuleFixed           RuleCode = "fixed"
)

// Violation is one broken rule: not an error but a value. Volunteer is
// empty for team and night, which blame the instance.
type Violation struct {
	Rule      RuleCode   `json:"rule"`
	Shift     string     `json:"shift"`
	Date      watch.Date `json:"date"`
	Volunteer string     `json:"volunteer"`
}

// Check judges a rota against its problem by docs/formats.md section 2.2: it
// returns every broken rule with the blame that section fixes, sorted by
// date, shift, volunteer and rule, without duplicates; an empty (non-nil)
// slice when nothing is broken. A rota that does not fit its programme
// (another programme or horizon, an unknown shift or volunteer, an instance
// that does not take place or is listed twice, a beat, start or end that
// differs from the programme's) is an input error, every problem a
// *watch.FieldError.
//
// Check is written for clarity rather than speed: it is the judge the
// generator is tested against.
func Check(p *Problem, r watch.Rota) ([]Violation, error) {
	a, err := p.assignment(r)
	if err != nil {
		return nil, err
	}
	return p.check(a), nil
}

// assignment maps a rota onto the problem's instances: the volunteers of
// each instance, in the order of Instances.
func (p *Problem) assignment(r watch.Rota) ([][]string, error) {
	var pr strict.Problems
	if r.Program != p.file.Program.ID {
		// The rota of another programme: what follows would only repeat it.
		pr.Add("program", r.Program, "is not the programme "+p.file.Program.ID)
		return nil, pr.Err()
	}
	if r.Horizon != p.file.Horizon {
		pr.Add("horizon", r.Horizon.String(), "is not the programme's horizon "+p.file.Horizon.String())
	}
	// An unknown shift or volunteer is one problem, said where it is first
	// named, with the count of the other places that name it.
	unknownShift, unknownVol := map[string]int{}, map[string]int{}
	for _, as := range r.Assignments {
		if p.templateOf(as.Shift) < 0 {
			unknownShift[as.Shift]++
			continue
		}
		for _, v := range as.Volunteers {
			if _, ok := p.volIndex[v]; !ok {
				unknownVol[v]++
			}
		}
	}
	once := func(seen map[string]int, id, reason string) string {
		n := seen[id]
		seen[id] = -1
		switch {
		case n < 0:
			return ""
		case n > 1:
			return fmt.Sprintf("%s (named %d times in all)", reason, n)
		}
		return reason
	}
	a := make([][]string, len(p.instances))
	listed := make([]bool, len(p.instances))
	for i, as := range r.Assignments {
		path := strict.IndexPath("assignments", i)
		idx, ok := p.byKey[instanceKey{as.Shift, as.Date}]
		switch {
		case p.templateOf(as.Shift) < 0:
			if reason := once(unknownShift, as.Shift, "is not a shift of the programme"); reason != "" {
				pr.Add(path+".shift", as.Shift, reason)
			}
			continue
		case !ok:
			pr.Add(path+".date", as.Date.String(), "has no instance of shift "+as.Shift+" in the horizon")
			continue
		case listed[idx]:
			pr.Add(path, nil, "lists the instance of "+as.Shift+" on "+as.Date.String()+" a second time")
			continue
		}
		listed[idx] = true
		in := p.instances[idx]
		if as.Beat != "" && as.Beat != in.Beat {
			pr.Add(path+".beat", as.Beat, "is not the shift's beat "+in.Beat)
		}
		if !as.Start.Equal(in.Start) {
			pr.Add(path+".start", watch.FormatInstant(as.Start), "is not the instance's start "+watch.FormatInstant(in.Start))
		}
		if !as.End.Equal(in.End) {
			pr.Add(path+".end", watch.FormatInstant(as.End), "is not the instance's end "+watch.FormatInstant(in.End))
		}
		for j, v := range as.Volunteers {
			if _, ok := p.volIndex[v]; !ok {
				if reason := once(unknownVol, v, "is not a volunteer of the programme"); reason != "" {
					pr.Add(strict.IndexPath(path+".volunteers", j), v, reason)
				}
			}
		}
		a[idx] = as.Volunteers
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// entry is one instance in a volunteer's timeline.
type entry struct {
	in     *Instance
	inside bool // inside the horizon, and so judged
}

// check judges an assignment (volunteer ids known to exist).
func (p *Problem) check(a [][]string) []Violation {
	pol := p.file.Policy
	var out []Violation
	blame := func(rule RuleCode, in *Instance, vol string) {
		out = append(out, Violation{Rule: rule, Shift: in.Shift, Date: in.Date, Volunteer: vol})
	}
	for i := range p.instances {
		in := &p.instances[i]
		vols := a[i]
		team := distinct(vols)
		if len(team) != len(vols) || (len(vols) > 0 && (len(vols) < pol.Team() || len(vols) > in.Need)) {
			blame(RuleTeam, in, "")
		}
		if len(team) > 0 && !p.nightKept(in, team) {
			blame(RuleNight, in, "")
		}
		for _, v := range in.Fixed {
			if !slices.Contains(vols, v) {
				blame(RuleFixed, in, v)
			}
		}
		for _, v := range team {
			for _, rule := range p.eligibility(&p.file.Volunteers[p.volIndex[v]], in) {
				blame(rule, in, v)
			}
		}
	}
	for v, tl := range p.timelinesOf(a) {
		vol := &p.file.Volunteers[p.volIndex[v]]
		for _, b := range p.timelineBreaks(vol, tl) {
			blame(b.rule, b.in, v)
		}
	}
	return sortViolations(out)
}

// eligibility returns the rules that keep volunteer v off instance in on
// their own, whoever else works: inactive, min_age, age_band,
// shift_length, band_hours and unavailable, in that order.
func (p *Problem) eligibility(v *watch.Volunteer, in *Instance) []RuleCode {
	var rules []RuleCode
	pol := p.file.Policy
	if !v.IsActive() {
		rules = append(rules, RuleInactive)
	}
	age := v.AgeOn(in.Date)
	if pol.MinAge > 0 && age < pol.MinAge {
		rules = append(rules, RuleMinAge)
	}
	l := pol.Limits(age)
	if !l.Eligible {
		rules = append(rules, RuleAgeBand)
	}
	if l.MaxShiftHours > 0 && in.End.Sub(in.Start) > hours(l.MaxShiftHours) {
		rules = append(rules, RuleShiftLength)
	}
	s := p.file.Shifts[in.template]
	if (l.EarliestStart != nil && s.Start.Compare(*l.EarliestStart) < 0) ||
		(l.LatestEnd != nil && (s.Window().Overnight() || s.End.Compare(*l.LatestEnd) > 0)) {
		rules = append(rules, RuleBandHours)
	}
	if v.UnavailableOn(in.Date) || !p.withinAvailability(v, in) {
		rules = append(rules, RuleUnavailable)
	}
	return rules
}

// withinAvailability reports whether the instance lies wholly inside one
// instance of one of the volunteer's windows (always, with no windows).
func (p *Problem) withinAvailability(v *watch.Volunteer, in *Instance) bool {
	if len(v.Availability) == 0 {
		return true
	}
	for _, w := range v.Availability {
		for _, d := range []watch.Date{in.Date.AddDays(-1), in.Date, in.Date.AddDays(1)} {
			if !w.Days.Has(d.Weekday()) {
				continue
			}
			ws, we := w.On(d, p.loc)
			if !ws.After(in.Start) && !in.End.After(we) {
				return true
			}
		}
	}
	return false
}

// nightKept reports whether the night rule holds for a non-empty team on
// the instance: it does not touch the night window, or someone on it is
// younger than require_member_under.
func (p *Problem) nightKept(in *Instance, team []string) bool {
	n := p.file.Policy.Night
	if n == nil || n.RequireMemberUnder == 0 || !p.atNight(in) {
		return true
	}
	for _, v := range team {
		if p.file.Volunteers[p.volIndex[v]].AgeOn(in.Date) < n.RequireMemberUnder {
			return true
		}
	}
	return false
}

// atNight reports whether the instance shares time of non-zero length with
// an instance of the night window.
func (p *Problem) atNight(in *Instance) bool {
	n := p.file.Policy.Night
	if n == nil {
		return false
	}
	for _, d := range []watch.Date{in.Date.AddDays(-1), in.Date, in.Date.AddDays(1)} {
		ns, ne := n.Window().On(d, p.loc)
		if ns.Before(in.End) && in.Start.Before(ne) {
			return true
		}
	}
	return false
}

type breach struct {
	rule RuleCode
	in   *Instance
}

// timelineBreaks judges the rules across one volunteer's instances, in
// start order: rest, per_day, consecutive_days and weekly_hours. Only
// instances inside the horizon are blamed.
func (p *Problem) timelineBreaks(v *watch.Volunteer, tl []entry) []breach {
	pol := p.file.Policy
	var out []breach
	add := func(rule RuleCode, e entry) {
		if e.inside {
			out = append(out, breach{rule, e.in})
		}
	}
	// rest: an instance clashes with an earlier-starting one when it
	// starts before that one's end plus the rest; the latest such end is
	// all that matters, so one pass in start order does.
	rest := hours(pol.MinRestHours)
	var latestEnd time.Time
	for j, e := range tl {
		if j > 0 && e.in.Start.Before(latestEnd.Add(rest)) {
			add(RuleRest, e)
		}
		if j == 0 || e.in.End.After(latestEnd) {
			latestEnd = e.in.End
		}
	}
	perDate := map[watch.Date]int{}
	var dates []watch.Date
	for _, e := range tl {
		if perDate[e.in.Date] == 0 {
			dates = append(dates, e.in.Date)
		}
		perDate[e.in.Date]++
		if pol.MaxShiftsPerDay > 0 && perDate[e.in.Date] > pol.MaxShiftsPerDay {
			add(RulePerDay, e)
		}
	}
	if pol.MaxConsecutiveDays > 0 {
		slices.SortFunc(dates, watch.Date.Compare)
		run := 0
		tooLong := map[watch.Date]bool{}
		for i, d := range dates {
			if i > 0 && dates[i-1].AddDays(1) == d {
				run++
			} else {
				run = 1
			}
			if run > pol.MaxConsecutiveDays {
				tooLong[d] = true
			}
		}
		for _, e := range tl {
			if tooLong[e.in.Date] {
				add(RuleConsecutiveDays, e)
			}
		}
	}
	type week struct{ year, week int }
	caps := map[week]float64{}
	for _, e := range tl {
		y, w := e.in.Date.ISOWeek()
		k := week{y, w}
		c, seen := caps[k]
		if !seen {
			c = tighter(pol.MaxHoursPerWeek, v.MaxHoursPerWeek)
		}
		caps[k] = tighter(c, p.limits(v, e.in.Date).MaxHoursPerWeek)
	}
	totals := map[week]time.Duration{}
	over := map[week]bool{}
	for _, e := range tl {
		y, w := e.in.Date.ISOWeek()
		k := week{y, w}
		totals[k] += e.in.End.Sub(e.in.Start)
		if caps[k] > 0 && (over[k] || totals[k] > hours(caps[k])) {
			over[k] = true
			add(RuleWeeklyHours, e)
		}
	}
	return out
}

// tighter returns the stricter of two caps, where 0 means none.
func tighter[T int64 | float64](a, b T) T {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// distinct returns the ids in order with repeats left out.
func distinct(ids []string) []string {
	var out []string
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func sortViolations(vs []Violation) []Violation {
	slices.SortFunc(vs, func(a, b Violation) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Shift, b.Shift),
			strings.Compare(a.Volunteer, b.Volunteer), strings.Compare(string(a.Rule), string(b.Rule)))
	})
	vs = slices.Compact(vs)
	if vs == nil {
		vs = []Violation{}
	}
	return vs
}
