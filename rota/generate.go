package rota

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Options steer Generate. The zero Options is ready to use.
type Options struct {
	// Seed breaks ties among equally good choices; the same problem and
	// seed give the same rota, byte for byte, on any machine.
	Seed uint64
	// MaxSteps bounds the local search of each construction, counted in
	// candidate moves examined; 0 means 200 per instance plus 20,000.
	MaxSteps int
	// TimeLimit, when above 0, lets the search go on improving the best
	// rota for that long after the work above (more constructions, and
	// rounds of ruin and recreate on the best). The result then depends
	// on the machine's speed; without it, it depends only on the problem
	// and Options.
	TimeLimit time.Duration
	// ExactNodes bounds the exact search, counted in search nodes; 0 means
	// 1,000,000, and a negative value skips the exact search. The exact
	// search is tried on problems of at most 40 instances and 20
	// volunteers.
	ExactNodes int
}

// Sizes of the exact search: it is tried on problems of at most
// exactInstances instances and exactVolunteers volunteers, and is exact
// when it finishes within the node budget.
const (
	exactInstances    = 40
	exactVolunteers   = 20
	defaultExactNodes = 1_000_000
)

// defaultSteps is the local-search budget for a problem of n instances.
func defaultSteps(n int) int { return 200*n + 20_000 }

// Outcome says how a rota was made.
type Outcome struct {
	// Exact is true when the exact search finished: the rota is optimal.
	Exact bool
	// Nodes and Steps are the work done by the exact and local searches.
	Nodes, Steps int
	// Incomplete is true when the context was cancelled first.
	Incomplete bool
	// Guarded counts the instances whose teams the final guard had to
	// take apart because Check faulted them. The searches keep every rule
	// by construction, so it is 0 unless armband has a bug; the tests fail
	// when it is not.
	Guarded int
}

// Generate makes a rota for the problem that breaks no hard rule (Check
// finds nothing), aiming, in this order, at the largest total filled
// headcount, then the smallest maximum of any volunteer's total hours in
// the horizon, then the smallest sum of squared total hours (docs/formats.md
// section 1.4).
//
// Small problems are solved exactly by branch and bound when the search
// finishes within Options.ExactNodes nodes; larger ones by seeded
// constructions improved by local search, within Options.MaxSteps moves.
// The first construction is the plain greedy (instances in start order,
// each given the least loaded volunteers who may take it), and no rota
// fills fewer seats than it. Without Options.TimeLimit the result
// depends only on the problem and Options, never on time or machine.
// Every rota's stats carry Bound(p) and the gap to it.
//
// The rota lists every instance with volunteers as an assignment, every
// instance below its need as a gap with the reason counts of
// docs/formats.md section 2, and the figures. Whatever path made it, the
// rota passes a final guard: Check runs on it, and any instance it faults
// loses the volunteers not fixed on it (reported as a gap) before the
// rota is returned, so Generate never returns a rota that Check faults.
// When ctx is cancelled, Generate returns the best rota so far, which
// keeps every rule, marked Incomplete, with ctx.Err(). NewProblem refuses
// the problems no rota can serve (a fixed assignment that cannot be
// completed into a team that keeps the rules is an input error naming
// fixed[i]), so any other error is a bug.
func Generate(ctx context.Context, p *Problem, opt Options) (watch.Rota, error) {
	r, _, err := GenerateOutcome(ctx, p, opt)
	return r, err
}

// GenerateOutcome is Generate, also saying how the rota was made.
func GenerateOutcome(ctx context.Context, p *Problem, opt Options) (watch.Rota, Outcome, error) {
	bound := Bound(p)
	best, out, err := search(ctx, p, opt, bound)
	out.Guarded = best.guard()
	r := best.rota()
	gap := 0.0
	if bound > 0 {
		gap = float64(bound-r.Stats.Filled) / float64(bound)
	}
	r.Stats.Bound, r.Stats.Gap = &bound, &gap
	if err != nil {
		out.Incomplete = true
		r.Incomplete = true
	}
	return r, out, err
}

// search runs the exact search where it is worth trying, then the
// constructions with local search, and returns the best state found; on
// cancellation, the best state so far with ctx.Err().
//
// The exact search is tried on problems of at most exactInstances
// instances and exactVolunteers volunteers. Otherwise starts(n)
// constructions (the plain greedy, then shortest instances first, then
// shortest first with seeded ties), least-loaded volunteers first, are
// improved by local search (filling gaps, moving a volunteer to free a
// place, handing instances from the busiest volunteers to the least busy)
// and by recreations(n) rounds of ruin and recreate (emptying a few days
// and filling them again in a new order, kept unless worse), for at most
// Options.MaxSteps moves each. Then up to rounds(n) rounds, until
// patience of them in a row find nothing better, alternate between work
// on the best rota (ruin and recreate, drift unless it fills bound seats,
// lowerMax) and new starts; a time limit adds rounds until it ends. The
// best rota found, the unfinished exact search's included, is kept.
func search(ctx context.Context, p *Problem, opt Options, bound int) (*solver, Outcome, error) {
	var out Outcome
	nodes := opt.ExactNodes
	if nodes == 0 {
		nodes = defaultExactNodes
	}
	var best *solver
	if nodes > 0 && len(p.instances) <= exactInstances && len(p.file.Volunteers) <= exactVolunteers {
		s := newSolver(p)
		s.placeFixed()
		teams, n, complete := s.exact(ctx, nodes)
		out.Nodes = n
		if teams != nil {
			s.load(teams)
			best = s
			if complete {
				out.Exact = true
				return s, out, nil
			}
		}
	}
	steps := opt.MaxSteps
	if steps <= 0 {
		steps = defaultSteps(len(p.instances))
	}
	rngFor := func(k int) *rand.Rand { return newRNG(opt.Seed + uint64(k)*0x9e3779b97f4a7c15) }
	// one builds start k and improves it; it returns the state, or the
	// best so far with the context's error.
	one := func(ctx context.Context, k int) (*solver, error) {
		// Each start completes the fixed teams first, as NewProblem did,
		// then builds and improves a rota with its own tie-breaks.
		s := newSolver(p)
		s.placeFixed()
		if err := s.completeFixedTeams(); err != nil {
			return nil, err
		}
		h := newHeuristic(s, rngFor(k))
		// The first start is the plain greedy: instances in start order,
		// each filled by the least loaded volunteers who may take it
		// (ties in file order). Nothing after it fills fewer seats.
		h.plain = k == 0
		err := h.construct(ctx, h.constructionOrder(k))
		h.plain = false
		if err == nil {
			out.Steps += h.improve(ctx, steps)
			if h.recreate(recreations(s.n)) {
				out.Steps += h.improve(ctx, steps)
			}
			err = ctx.Err()
		}
		return s, err
	}
	keep := func(s *solver) {
		if best == nil || s.score().better(best.score()) {
			best = s
		}
	}
	k := 0
	for ; k < starts(len(p.instances)); k++ {
		s, err := one(ctx, k)
		if err != nil {
			if best == nil {
				best = s // every state the search passes through keeps the rules
			}
			return best, out, err
		}
		keep(s)
	}
	// Then rounds(n) more, each either ruin and recreate on the best or a
	// new start kept when better; with a time limit, more until it ends.
	timed := ctx
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		timed, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	stale := 0 // rounds in a row that found nothing better
	for extra := rounds(len(p.instances)); ((extra > 0 && stale < patience) || (opt.TimeLimit > 0 && timed.Err() == nil)) && ctx.Err() == nil; k++ {
		extra--
		before := best.score()
		if k%2 == 0 {
			h := newHeuristic(best, rngFor(k))
			h.ctx, h.limit = timed, steps
			h.recreate(recreations(best.n))
			out.Steps += h.steps + h.improve(timed, steps)
			if best.filled < bound { // drifting looks for seats: none are left at the bound
				teams, sc := best.snapshot(), best.score()
				h.steps = 0
				h.drift(steps/8, &teams, &sc)
				out.Steps += h.steps
				best.load(teams)
				out.Steps += h.improve(timed, steps) // balance the hours of the best
			}
			h.steps = 0
			h.lowerMax(min(32, max(4, 20_000/max(1, best.n))))
			out.Steps += h.steps
		} else if s, err := one(timed, k); err == nil {
			keep(s)
		}
		stale++
		if best.score().better(before) {
			stale = 0
		}
	}
	if err := ctx.Err(); err != nil {
		return best, out, err
	}
	return best, out, nil
}

// guard runs Check on the state and takes apart the teams of the
// instances it faults: the volunteers not fixed there leave, and a fixed
// volunteer left without a team gets one again as NewProblem made it. If
// that still leaves a fault, the state falls back to the fixed teams
// alone, which NewProblem proved keep every rule. It returns the number
// of instances it changed.
func (s *solver) guard() int {
	vs := s.p.check(s.assignment())
	if len(vs) == 0 {
		return 0
	}
	faulted := map[instanceKey]bool{}
	for _, v := range vs {
		faulted[instanceKey{v.Shift, v.Date}] = true
	}
	changed := 0
	for i := range s.n {
		if !faulted[s.p.instances[i].key()] {
			continue
		}
		changed++
		for _, v := range slices.Clone(s.teams[i]) {
			if !s.isFixed(v, int32(i)) {
				s.remove(v, int32(i))
			}
		}
		if len(s.teams[i]) > 0 && !s.teamOK(int32(i), s.teams[i]) {
			s.completeFromAll(int32(i))
		}
	}
	if len(s.p.check(s.assignment())) > 0 {
		fresh := newSolver(s.p)
		fresh.placeFixed()
		_ = fresh.completeFixedTeams() // NewProblem made it succeed
		*s = *fresh
	}
	return changed
}

// assignment is the state as volunteer ids per instance, the form Check
// judges.
func (s *solver) assignment() [][]string {
	a := make([][]string, s.n)
	for i, t := range s.teams {
		for _, v := range t {
			a[i] = append(a[i], s.p.file.Volunteers[v].ID)
		}
	}
	return a
}

// rounds is the most rounds Generate adds after the starts on a problem
// of n instances, without a time limit: 32 on small problems, none from
// 8,000 instances up; it stops sooner after patience rounds in a row that
// found nothing better.
func rounds(n int) int { return min(32, 8_000/max(1, n)) }

const patience = 4

// starts is the number of constructions, each improved by local search,
// that Generate makes for a problem of n instances beyond the exact
// search, keeping the best: up to 4 on small problems, where they are
// cheap and the landscape is rugged; two from 500 instances up: the plain
// greedy and shortest first.
func starts(n int) int { return max(2, min(4, 1000/max(1, n))) }

// placeFixed puts the volunteers of the fixed assignments inside the
// horizon on their instances.
func (s *solver) placeFixed() {
	for i := 0; i < s.n; i++ {
		for _, v := range s.insts[i].fixed {
			s.add(v, int32(i))
		}
	}
}

// completeFixedTeams completes the teams of the fixed assignments, least
// loaded volunteers first, and refuses, naming fixed[i], those it cannot
// complete: too few volunteers could join, or none young enough for the
// night. Generation completes them the same way, so a problem that passes
// can always be given a rota.
func (s *solver) completeFixedTeams() error {
	var pr strict.Problems
	fixedIndex := map[instanceKey]int{}
	for i, f := range s.p.file.Fixed {
		fixedIndex[instanceKey{f.Shift, f.Date}] = i
	}
	for i := 0; i < s.n; i++ {
		t := s.teams[i]
		if len(t) == 0 || s.teamOK(int32(i), t) {
			continue
		}
		if !s.completeFromAll(int32(i)) {
			in := s.p.instances[i]
			pr.Add(strict.IndexPath("fixed", fixedIndex[in.key()]), nil,
				fmt.Sprintf("cannot be completed into a team of %d that keeps the rules on %s on %s", s.team, in.Shift, in.Date))
		}
	}
	return pr.Err()
}

// completeFromAll is completeTeam over every volunteer who may work
// instance i.
func (s *solver) completeFromAll(i int32) bool {
	all := s.elig[s.insts[i].class]
	return s.completeTeam(i, all, len(all))
}

// completeTeam adds volunteers from cands to instance i until its team
// keeps the team and night rules, least loaded first, looking at up to
// window feasible candidates; it reports whether it could. On failure
// the instance is left as it was.
func (s *solver) completeTeam(i int32, cands []int32, window int) bool {
	return s.completeWith(i, s.feasible(i, cands, window))
}

// completeWith is completeTeam choosing from a list feasible made, which
// it may reorder.
func (s *solver) completeWith(i int32, feasible []int32) bool {
	before := len(s.teams[i])
	if s.insts[i].night && !slices.ContainsFunc(s.teams[i], func(v int32) bool { return s.isYoung(v, i) }) {
		k := slices.IndexFunc(feasible, func(v int32) bool { return s.isYoung(v, i) })
		if k < 0 {
			return false
		}
		s.add(feasible[k], i)
		feasible = slices.Delete(feasible, k, k+1)
	}
	for _, v := range feasible {
		if len(s.teams[i]) >= s.team {
			break
		}
		if s.blocks(v, i) == 0 {
			s.add(v, i)
		}
	}
	if s.teamOK(i, s.teams[i]) {
		return true
	}
	for len(s.teams[i]) > before {
		t := s.teams[i]
		s.remove(t[len(t)-1], i)
	}
	return false
}

// feasible lists up to window candidates that may join instance i, least
// loaded first (ties by position in cands).
func (s *solver) feasible(i int32, cands []int32, window int) []int32 {
	var out []int32
	for _, v := range cands {
		if len(out) >= window {
			break
		}
		if !slices.Contains(s.teams[i], v) && s.blocks(v, i) == 0 {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b int32) int { return cmp.Compare(s.vols[a].hours, s.vols[b].hours) })
	return out
}

// load replaces the teams with a saved state.
func (s *solver) load(teams [][]int32) {
	for i := 0; i < s.n; i++ {
		for len(s.teams[i]) > 0 {
			s.remove(s.teams[i][0], int32(i))
		}
	}
	for i, t := range teams {
		for _, v := range t {
			s.add(v, int32(i))
		}
	}
}

// rota writes the state as a rota file: assignments, gaps with their
// reasons, and the figures.
func (s *solver) rota() watch.Rota {
	p := s.p
	r := watch.Rota{Program: p.file.Program.ID, Horizon: p.file.Horizon, Assignments: []watch.Assignment{}, Gaps: []watch.Gap{}}
	st := watch.RotaStats{Instances: s.n, Hours: map[string]float64{}}
	cache := map[int][][]RuleCode{}
	for i := 0; i < s.n; i++ {
		in := p.instances[i]
		ids := make([]string, len(s.teams[i]))
		for k, v := range s.teams[i] {
			ids[k] = p.file.Volunteers[v].ID
		}
		slices.Sort(ids)
		st.Need += in.Need
		st.Filled += len(ids)
		if len(ids) > 0 {
			r.Assignments = append(r.Assignments, watch.Assignment{Shift: in.Shift, Date: in.Date, Beat: in.Beat,
				Start: in.Start, End: in.End, Volunteers: ids})
		}
		if len(ids) < in.Need {
			r.Gaps = append(r.Gaps, watch.Gap{Shift: in.Shift, Date: in.Date, Need: in.Need, Assigned: len(ids), Reasons: s.reasons(int32(i), cache)})
		}
	}
	st.Coverage = 1
	if st.Need > 0 {
		st.Coverage = float64(st.Filled) / float64(st.Need)
	}
	first := true
	for v, vol := range s.vols {
		if !vol.active {
			continue
		}
		h := float64(vol.hours) / 3600
		st.Hours[p.file.Volunteers[v].ID] = h
		if first || h > st.MaxHours {
			st.MaxHours = h
		}
		if first || h < st.MinHours {
			st.MinHours = h
		}
		first = false
	}
	r.Stats = st
	return r
}

// reasons counts, for each rule, the volunteers it keeps out of instance
// i given the rest of the rota; team (or night) counts the volunteers who
// could come when they are too few to make a team (or none of them is
// young enough for the night).
func (s *solver) reasons(i int32, cache map[int][][]RuleCode) map[string]int {
	out := map[string]int{}
	in := &s.p.instances[i]
	// The rules of one volunteer on one instance are the same across a
	// class: work them out once per class.
	class := s.insts[i].class
	byVol, ok := cache[class]
	if !ok {
		byVol = make([][]RuleCode, len(s.vols))
		for v := range s.vols {
			byVol[v] = s.p.eligibility(&s.p.file.Volunteers[v], in)
		}
		cache[class] = byVol
	}
	could, young := 0, 0
	for v := range s.vols {
		vi := int32(v)
		if slices.Contains(s.teams[i], vi) {
			continue
		}
		rules := slices.Clone(byVol[v])
		bits := s.blocks(vi, i)
		for _, br := range bitRules {
			if bits&br.bit != 0 {
				rules = append(rules, br.rule)
			}
		}
		for _, r := range rules {
			out[string(r)]++
		}
		if len(rules) == 0 {
			could++
			if s.isYoung(vi, i) {
				young++
			}
		}
	}
	if len(s.teams[i]) == 0 && could > 0 {
		switch {
		case could < s.team:
			out[string(RuleTeam)] = could
		case s.insts[i].night && young == 0:
			out[string(RuleNight)] = could
		}
	}
	return out
}

// newRNG is the seeded source of every tie-break ("armband" in the second
// word).
func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x61726d62616e64)) }
