package rota

import (
	"cmp"
	"slices"
	"time"

	"github.com/armband/armband/watch"
)

// This file is the bookkeeping that generation works on: every instance
// and volunteer as small integers, each volunteer's timeline in start
// order, and the checks of the timeline rules for one more instance, so
// that a move costs the length of one volunteer's timeline rather than a
// whole Check.

// rule bits, for the timeline rules a move would break.
const (
	bitRest = 1 << iota
	bitPerDay
	bitConsecutive
	bitWeekly
	// bitCap is the search's own cap on a volunteer's hours (solver.hoursCap),
	// not a rule: it never shows in a rota's reasons.
	bitCap
)

var bitRules = []struct {
	bit  int
	rule RuleCode
}{{bitRest, RuleRest}, {bitPerDay, RulePerDay}, {bitConsecutive, RuleConsecutiveDays}, {bitWeekly, RuleWeeklyHours}}

type sinst struct {
	start, end int64 // Unix seconds
	dur        int64 // seconds
	day        int   // day number of the instance's date
	week       int   // ISO year * 100 + ISO week of the date
	date       watch.Date
	need       int
	night      bool // shares time with the night window, which requires a younger member
	fixed      []int32
	class      int // instances of one class have the same eligible volunteers
	inside     bool
}

type svol struct {
	birth   watch.Date
	ownCap  int64   // seconds; 0 = none
	entries []int32 // instances, in start order
	hours   int64   // seconds inside the horizon
	active  bool
}

// makeClasses groups the instances by what decides who may work them on
// their own (the date, the instants and the template's clock times) and
// lists, per class, the volunteers no rule of one volunteer on one
// instance keeps out. NewProblem calls it once; the Problem is read-only
// afterwards.
func (p *Problem) makeClasses() {
	type classKey struct {
		date       watch.Date
		start, end int64
		from, to   watch.Clock
	}
	index := map[classKey]int{}
	for i := range p.instances {
		in := &p.instances[i]
		t := p.file.Shifts[in.template]
		k := classKey{in.Date, in.Start.Unix(), in.End.Unix(), t.Start, t.End}
		c, ok := index[k]
		if !ok {
			c = len(p.elig)
			index[k] = c
			list := []int32{}
			for v := range p.file.Volunteers {
				if len(p.eligibility(&p.file.Volunteers[v], in)) == 0 {
					list = append(list, int32(v))
				}
			}
			p.elig = append(p.elig, list)
		}
		p.classOf = append(p.classOf, c)
	}
}

type solver struct {
	p       *Problem
	team    int   // minimum team
	restSec int64 // min rest in seconds
	perDay  int
	consec  int
	weekCap int64   // policy's weekly cap in seconds; 0 = none
	capAge  []int64 // band weekly cap by age, seconds; 0 = none
	young   int     // require_member_under; 0 = no night rule
	insts   []sinst // the n instances of the horizon, then the facts
	n       int
	vols    []svol
	teams   [][]int32
	elig    [][]int32 // per class, the volunteers no per-instance rule keeps out
	filled  int
	sumSq   float64 // sum over volunteers of squared hours (in hours)
	// hoursCap, when above 0, keeps every volunteer's hours in the
	// horizon at or below it, in seconds: the search sets it while it
	// tries to lower the largest hours.
	hoursCap int64
	// span is how far apart, in seconds, the starts of two instances of
	// one volunteer can be and one still matter to blocks on the other.
	span int64
}

func newSolver(p *Problem) *solver {
	pol := p.file.Policy
	s := &solver{p: p, team: pol.Team(), restSec: int64(pol.MinRestHours * 3600), perDay: pol.MaxShiftsPerDay,
		consec: pol.MaxConsecutiveDays, weekCap: int64(pol.MaxHoursPerWeek * 3600), n: len(p.instances)}
	if pol.Night != nil {
		s.young = pol.Night.RequireMemberUnder
	}
	for age := 0; age <= 150; age++ {
		s.capAge = append(s.capAge, int64(pol.Limits(age).MaxHoursPerWeek*3600))
	}
	for _, v := range p.file.Volunteers {
		s.vols = append(s.vols, svol{birth: v.BirthDate, ownCap: int64(v.MaxHoursPerWeek * 3600), active: v.IsActive()})
	}
	epoch := watch.Date{Year: 1970, Month: time.January, Day: 1}
	mk := func(in *Instance, inside bool) sinst {
		y, w := in.Date.ISOWeek()
		si := sinst{start: in.Start.Unix(), end: in.End.Unix(), day: epoch.DaysUntil(in.Date), week: y*100 + w,
			date: in.Date, need: in.Need, inside: inside}
		si.dur = si.end - si.start
		si.night = s.young > 0 && p.atNight(in)
		for _, id := range in.Fixed {
			si.fixed = append(si.fixed, int32(p.volIndex[id]))
		}
		return si
	}
	s.elig = p.elig
	for i := range p.instances {
		si := mk(&p.instances[i], true)
		si.class = p.classOf[i]
		s.insts = append(s.insts, si)
	}
	for i := range p.facts {
		s.insts = append(s.insts, mk(&p.facts[i], false))
	}
	// The weekly cap looks up to a week away, the consecutive days up to
	// consec+1 days (a day's instances start up to a day apart, and a
	// clock change moves them an hour), the rest up to the longest
	// instance and the rest after it.
	var longest int64
	for i := range s.insts {
		longest = max(longest, s.insts[i].dur)
	}
	s.span = int64(max(8, s.consec+3))*86400 + longest + s.restSec
	s.teams = make([][]int32, s.n)
	for i := s.n; i < len(s.insts); i++ {
		for _, v := range s.insts[i].fixed {
			s.insert(v, int32(i))
		}
	}
	return s
}

// bandCap is the weekly cap of the age band in force for v on date d.
func (s *solver) bandCap(v int32, d watch.Date) int64 {
	age := watch.AgeOn(s.vols[v].birth, d)
	if age < 0 {
		age = 0
	}
	if age >= len(s.capAge) {
		age = len(s.capAge) - 1
	}
	return s.capAge[age]
}

// blocks returns the timeline rules that putting v on instance i would
// break, given v's other instances.
func (s *solver) blocks(v int32, i int32) int {
	in := &s.insts[i]
	vol := &s.vols[v]
	bits := 0
	sameDay := 0
	weekTotal := in.dur
	weekCap := tighter(tighter(s.weekCap, vol.ownCap), s.bandCap(v, in.date))
	// near has bit d+32 set when v works on the day d days from in's
	// (-32 <= d < 32).
	var near uint64
	// The entries are in start order: only those within span of in's
	// start can matter. A long timeline is cut by binary search.
	entries := vol.entries
	if len(entries) > 32 {
		lo, _ := slices.BinarySearchFunc(entries, in.start-s.span, func(e int32, t int64) int {
			return cmp.Compare(s.insts[e].start, t)
		})
		entries = entries[lo:]
	}
	for _, e := range entries {
		o := &s.insts[e]
		if o.start > in.start+s.span {
			break
		}
		if e == i || o.start < in.start-s.span {
			continue
		}
		// rest: whichever starts first, the other starts at least rest after it ends
		if o.start < in.end+s.restSec && in.start < o.end+s.restSec {
			bits |= bitRest
		}
		if o.day == in.day {
			sameDay++
		}
		if o.week == in.week {
			weekTotal += o.dur
			weekCap = tighter(weekCap, s.bandCap(v, o.date))
		}
		if d := o.day - in.day; d >= -32 && d < 32 {
			near |= 1 << (d + 32)
		}
	}
	if s.hoursCap > 0 && in.inside && vol.hours+in.dur > s.hoursCap {
		bits |= bitCap
	}
	if s.perDay > 0 && sameDay >= s.perDay {
		bits |= bitPerDay
	}
	if weekCap > 0 && weekTotal > weekCap {
		bits |= bitWeekly
	}
	if s.consec > 0 && sameDay == 0 && s.run(vol, i, near) > s.consec {
		bits |= bitConsecutive
	}
	return bits
}

// run is the number of consecutive days v would work, counting instance
// i's day, if v took i; near holds the days around i's that v works, as
// blocks gathers them. Runs longer than 31 days either side are counted
// from the entries themselves.
func (s *solver) run(vol *svol, i int32, near uint64) int {
	day := s.insts[i].day
	run := 1
	if s.consec < 31 {
		for d := 31; d > 0 && near&(1<<d) != 0; d-- {
			run++
		}
		for d := 33; d < 64 && near&(1<<d) != 0; d++ {
			run++
		}
		return run
	}
	for d := day - 1; s.hasDay(vol, d, i); d-- {
		run++
	}
	for d := day + 1; s.hasDay(vol, d, i); d++ {
		run++
	}
	return run
}

func (s *solver) hasDay(vol *svol, day int, except int32) bool {
	for _, e := range vol.entries {
		if e != except && s.insts[e].day == day {
			return true
		}
	}
	return false
}

// eligible reports whether no rule of one volunteer on one instance keeps
// v off the instances of class c (the class's list is in file order).
func (s *solver) eligible(v int32, c int) bool {
	_, ok := slices.BinarySearch(s.elig[c], v)
	return ok
}

// isYoung reports whether v is younger than require_member_under on
// instance i's date.
func (s *solver) isYoung(v int32, i int32) bool {
	return s.young > 0 && watch.AgeOn(s.vols[v].birth, s.insts[i].date) < s.young
}

// nightOK reports whether a team of instance i keeps the night rule.
func (s *solver) nightOK(i int32, team []int32) bool {
	if !s.insts[i].night || len(team) == 0 {
		return true
	}
	for _, v := range team {
		if s.isYoung(v, i) {
			return true
		}
	}
	return false
}

// teamOK reports whether a team of instance i keeps the team and night
// rules.
func (s *solver) teamOK(i int32, team []int32) bool {
	k := len(team)
	return (k == 0 || (k >= s.team && k <= s.insts[i].need)) && s.nightOK(i, team)
}

// insert adds instance i to v's timeline and hours.
func (s *solver) insert(v int32, i int32) {
	vol := &s.vols[v]
	pos, _ := slices.BinarySearchFunc(vol.entries, i, func(e, t int32) int {
		a, b := s.insts[e].start, s.insts[t].start
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
		return int(e - t)
	})
	vol.entries = slices.Insert(vol.entries, pos, i)
	if s.insts[i].inside {
		s.addHours(v, s.insts[i].dur)
	}
}

func (s *solver) addHours(v int32, secs int64) {
	vol := &s.vols[v]
	h0 := float64(vol.hours) / 3600
	vol.hours += secs
	h1 := float64(vol.hours) / 3600
	s.sumSq += h1*h1 - h0*h0
}

// add puts v on instance i (a horizon instance).
func (s *solver) add(v int32, i int32) {
	s.teams[i] = append(s.teams[i], v)
	s.filled++
	s.insert(v, i)
}

// remove takes v off instance i.
func (s *solver) remove(v int32, i int32) {
	t := s.teams[i]
	k := slices.Index(t, v)
	s.teams[i] = slices.Delete(t, k, k+1)
	s.filled--
	vol := &s.vols[v]
	vol.entries = slices.DeleteFunc(vol.entries, func(e int32) bool { return e == i })
	s.addHours(v, -s.insts[i].dur)
}

// isFixed reports whether v is fixed on instance i.
func (s *solver) isFixed(v int32, i int32) bool { return slices.Contains(s.insts[i].fixed, v) }

// maxHours returns the largest hours of an active volunteer, in seconds.
func (s *solver) maxHours() int64 {
	var m int64
	for _, v := range s.vols {
		if v.active && v.hours > m {
			m = v.hours
		}
	}
	return m
}

// score is the objective: more filled first, then a smaller maximum, then
// a smaller sum of squares.
type score struct {
	filled int
	max    int64
	sumSq  float64
}

func (s *solver) score() score { return score{s.filled, s.maxHours(), s.sumSq} }

// better reports whether a is strictly better than b. Sums of squares
// within a millionth of an hour² are equal, so float noise never decides.
func (a score) better(b score) bool {
	if a.filled != b.filled {
		return a.filled > b.filled
	}
	if a.max != b.max {
		return a.max < b.max
	}
	return a.sumSq < b.sumSq-1e-6
}

// snapshot copies the teams, to keep the best state found.
func (s *solver) snapshot() [][]int32 {
	out := make([][]int32, len(s.teams))
	for i, t := range s.teams {
		out[i] = slices.Clone(t)
	}
	return out
}
