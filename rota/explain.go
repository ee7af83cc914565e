package rota

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// Explanation says why one shift instance of a rota is staffed as it is
// (docs/formats.md section 11.1): for every volunteer not on it, the rules
// that keep them out given the rest of the rota; who could take it; and,
// for a gap, the smallest relaxation of a rule that would let one more
// volunteer in.
type Explanation struct {
	Shift      string     `json:"shift"`
	Date       watch.Date `json:"date"`
	Need       int        `json:"need"`
	Volunteers []string   `json:"volunteers"`
	// Gap is true when the instance has fewer volunteers than it needs.
	Gap bool `json:"gap"`
	// Kept lists every other active or inactive volunteer with the rules
	// that keep them out, by id; those with no rule could take it.
	Kept []Kept `json:"kept"`
	// CouldTake lists the volunteers no rule keeps out, by id.
	CouldTake []string `json:"could_take"`
	// Relaxations are, for a gap, every single relaxation that lets one
	// more volunteer in, best first; Relaxation is the first, or nil.
	Relaxations []Relaxation `json:"relaxations,omitempty"`
	Relaxation  *Relaxation  `json:"relaxation,omitempty"`
}

// Kept is one volunteer and the rules that keep them off the instance.
type Kept struct {
	Volunteer string     `json:"volunteer"`
	Rules     []RuleCode `json:"rules"`
}

// Relaxation is one change that would let a volunteer onto an instance:
// one rule, for one volunteer, by an amount (hours for weekly_hours and
// rest, a count for per_day and consecutive_days, none for unavailable,
// which asks the volunteer). Fills is true when that volunteer would
// complete a team (min_team) with those who could already come.
type Relaxation struct {
	Volunteer string   `json:"volunteer"`
	Rule      RuleCode `json:"rule"`
	Amount    float64  `json:"amount,omitempty"`
	// To is the relaxed limit: the weekly cap or the rest in hours, the
	// shifts per day or consecutive days.
	To    float64 `json:"to,omitempty"`
	Fills bool    `json:"fills"`
}

// Relaxable lists the rules Explain may suggest relaxing, in order of
// preference. Age, age bands, shift length, band hours, night, team and
// inactive are never relaxed, whatever they would gain, and rest is never
// taken below MinRelaxedRest.
var Relaxable = []RuleCode{RuleWeeklyHours, RulePerDay, RuleConsecutiveDays, RuleRest, RuleUnavailable}

// MinRelaxedRest is the least rest Explain will ever suggest.
const MinRelaxedRest = 8 * time.Hour

// Explain explains one instance of a rota. An instance that does not take
// place, or a rota that does not fit its programme, is an input error.
func Explain(p *Problem, r watch.Rota, shift string, date watch.Date) (Explanation, error) {
	a, err := p.assignment(r)
	if err != nil {
		return Explanation{}, err
	}
	idx, ok := p.byKey[instanceKey{shift, date}]
	if !ok {
		return Explanation{}, fmt.Errorf("%w: %s on %s: no such instance in the horizon", watch.ErrInvalid, shift, date)
	}
	in := &p.instances[idx]
	on := distinct(a[idx])
	ex := Explanation{Shift: shift, Date: date, Need: in.Need, Volunteers: slices.Clone(a[idx]), Gap: len(on) < in.Need,
		Kept: []Kept{}, CouldTake: []string{}}
	if ex.Volunteers == nil {
		ex.Volunteers = []string{}
	}
	timelines := p.timelinesOf(a)
	for vi := range p.file.Volunteers {
		v := &p.file.Volunteers[vi]
		if slices.Contains(on, v.ID) {
			continue
		}
		rules, relax := p.keptOut(v, in, timelines[v.ID])
		ex.Kept = append(ex.Kept, Kept{Volunteer: v.ID, Rules: rules})
		if len(rules) == 0 {
			ex.CouldTake = append(ex.CouldTake, v.ID)
		} else if ex.Gap && relax != nil {
			ex.Relaxations = append(ex.Relaxations, *relax)
		}
	}
	slices.SortFunc(ex.Kept, func(x, y Kept) int { return strings.Compare(x.Volunteer, y.Volunteer) })
	slices.Sort(ex.CouldTake)
	team := p.file.Policy.Team()
	for i := range ex.Relaxations {
		ex.Relaxations[i].Fills = len(on)+len(ex.CouldTake)+1 >= team
	}
	slices.SortFunc(ex.Relaxations, func(x, y Relaxation) int {
		return cmp.Or(cmp.Compare(slices.Index(Relaxable, x.Rule), slices.Index(Relaxable, y.Rule)),
			cmp.Compare(x.Amount, y.Amount), strings.Compare(x.Volunteer, y.Volunteer))
	})
	if len(ex.Relaxations) > 0 {
		best := ex.Relaxations[0]
		ex.Relaxation = &best
	}
	return ex, nil
}

// timelinesOf builds every volunteer's timeline of an assignment: the
// facts and the instances they work, in start order.
func (p *Problem) timelinesOf(a [][]string) map[string][]entry {
	tls := map[string][]entry{}
	for i := range p.facts {
		f := &p.facts[i]
		for _, v := range distinct(f.Fixed) {
			tls[v] = append(tls[v], entry{f, false})
		}
	}
	for i := range p.instances {
		for _, v := range distinct(a[i]) {
			tls[v] = append(tls[v], entry{&p.instances[i], true})
		}
	}
	for _, tl := range tls {
		sortTimeline(tl)
	}
	return tls
}

func sortTimeline(tl []entry) {
	slices.SortStableFunc(tl, func(x, y entry) int {
		return cmp.Or(x.in.Start.Compare(y.in.Start), strings.Compare(x.in.Shift, y.in.Shift))
	})
}

// keptOut returns the rules that keep v off in, given v's timeline
// without it: the rules of one volunteer on one instance, and those of
// the timeline that adding the instance breaks (on it or on another of
// v's instances). When exactly one rule keeps v out and it may be
// relaxed, it also returns the relaxation.
func (p *Problem) keptOut(v *watch.Volunteer, in *Instance, tl []entry) ([]RuleCode, *Relaxation) {
	rules := p.eligibility(v, in)
	before := map[breach]bool{}
	for _, b := range p.timelineBreaks(v, tl) {
		before[b] = true
	}
	with := append(slices.Clone(tl), entry{in, true})
	sortTimeline(with)
	for _, b := range p.timelineBreaks(v, with) {
		if !before[b] && !slices.Contains(rules, b.rule) {
			rules = append(rules, b.rule)
		}
	}
	if rules == nil {
		rules = []RuleCode{}
	}
	if len(rules) != 1 || !slices.Contains(Relaxable, rules[0]) {
		return rules, nil
	}
	relax := p.relaxation(v, in, with, rules[0])
	return rules, relax
}

// relaxation works out the least change of one rule that lets v onto in
// (with is v's timeline with in), or nil when the rule may not be
// relaxed here: a weekly cap the age band sets, or rest below
// MinRelaxedRest.
func (p *Problem) relaxation(v *watch.Volunteer, in *Instance, with []entry, rule RuleCode) *Relaxation {
	pol := p.file.Policy
	r := &Relaxation{Volunteer: v.ID, Rule: rule}
	switch rule {
	case RuleWeeklyHours:
		y, w := in.Date.ISOWeek()
		var total time.Duration
		band := 0.0
		for _, e := range with {
			if ey, ew := e.in.Date.ISOWeek(); ey == y && ew == w {
				total += e.in.End.Sub(e.in.Start)
				band = tighter(band, p.limits(v, e.in.Date).MaxHoursPerWeek)
			}
		}
		hoursNeeded := total.Hours()
		if band > 0 && hoursNeeded > band {
			return nil // the age band's cap: never relaxed
		}
		capNow := tighter(pol.MaxHoursPerWeek, v.MaxHoursPerWeek)
		r.Amount, r.To = round2(hoursNeeded-capNow), round2(hoursNeeded)
	case RulePerDay:
		n := 0
		for _, e := range with {
			if e.in.Date == in.Date {
				n++
			}
		}
		r.Amount, r.To = float64(n-pol.MaxShiftsPerDay), float64(n)
	case RuleConsecutiveDays:
		run := consecutiveRun(with, in.Date)
		r.Amount, r.To = float64(run-pol.MaxConsecutiveDays), float64(run)
	case RuleRest:
		rest := time.Duration(math.MaxInt64)
		for _, e := range with {
			if e.in == in {
				continue
			}
			switch {
			case !e.in.Start.After(in.Start):
				rest = min(rest, in.Start.Sub(e.in.End))
			default:
				rest = min(rest, e.in.Start.Sub(in.End))
			}
		}
		if rest < MinRelaxedRest {
			return nil
		}
		r.Amount, r.To = round2(pol.MinRestHours-rest.Hours()), round2(rest.Hours())
	case RuleUnavailable:
		if v.Active != nil && !*v.Active {
			return nil
		}
	}
	return r
}

// consecutiveRun is the length of the run of consecutive dates with an
// instance that holds d.
func consecutiveRun(tl []entry, d watch.Date) int {
	dates := map[watch.Date]bool{}
	for _, e := range tl {
		dates[e.in.Date] = true
	}
	run := 1
	for x := d.AddDays(-1); dates[x]; x = x.AddDays(-1) {
		run++
	}
	for x := d.AddDays(1); dates[x]; x = x.AddDays(1) {
		run++
	}
	return run
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
