package rota

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"sort"
)

// window is how many feasible candidates a choice looks at on a large
// problem; on a problem with fewer volunteers every one is looked at.
const window = 64

// heuristic is the construction and local search for problems too large
// to solve exactly.
type heuristic struct {
	*solver
	rng   *rand.Rand
	order [][]int32 // per class, the eligible volunteers in a seeded order
	next  []int     // per class, where the next scan starts
	// shuffle makes candidates come in a fresh random order, to recreate
	// differently from how the construction built.
	shuffle bool
	// plain makes fill the plain greedy (fillPlain): the first
	// construction, least loaded first over every eligible volunteer.
	plain bool
	// byLoad is every volunteer by hours, then file order, and eligSets
	// a few classes' eligible volunteers as bit sets: fillPlain's index.
	byLoad   []int32
	eligSets map[int][]uint64
	steps    int
	limit    int
	ctx      context.Context
}

func newHeuristic(s *solver, rng *rand.Rand) *heuristic {
	h := &heuristic{solver: s, rng: rng, next: make([]int, len(s.elig))}
	for _, list := range s.elig {
		o := slices.Clone(list)
		rng.Shuffle(len(o), func(a, b int) { o[a], o[b] = o[b], o[a] })
		h.order = append(h.order, o)
	}
	return h
}

// candidates returns the class's volunteers starting at its rotating
// position, and moves the position on, so that large classes share the
// work out in turn.
func (h *heuristic) candidates(class int) []int32 {
	o := h.order[class]
	if h.shuffle {
		o = slices.Clone(o)
		h.rng.Shuffle(len(o), func(a, b int) { o[a], o[b] = o[b], o[a] })
		return o
	}
	if len(o) <= 4*window {
		return o
	}
	start := h.next[class] % len(o)
	h.next[class] = start + window
	return append(slices.Clone(o[start:]), o[:start]...)
}

// step counts one move examined and reports whether the budget or the
// context says stop.
func (h *heuristic) step() bool {
	h.steps++
	if h.steps%256 == 0 && h.ctx.Err() != nil {
		return true
	}
	return h.limit > 0 && h.steps >= h.limit
}

// construct fills the instances in start order: a team where one can be
// made, then more volunteers up to the need, least loaded first.
func (h *heuristic) construct(ctx context.Context, order []int32) error {
	h.ctx = ctx
	if h.plain {
		h.byLoad = make([]int32, len(h.vols))
		for v := range h.byLoad {
			h.byLoad[v] = int32(v)
		}
		slices.SortStableFunc(h.byLoad, h.loadOrder)
		h.eligSets = map[int][]uint64{}
		defer func() { h.byLoad, h.eligSets = nil, nil }()
	}
	for k, i := range order {
		if k%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		h.fill(i)
	}
	return nil
}

// constructionOrder is the order start k fills the instances in: start
// order first (the plain greedy), then shortest first (seats cost hours,
// and weekly caps ration them), then shortest first with seeded ties.
func (h *heuristic) constructionOrder(k int) []int32 {
	order := make([]int32, h.n)
	for i := range order {
		order[i] = int32(i)
	}
	if k == 0 {
		return order
	}
	if k >= 2 {
		h.rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	}
	h.shortestFirst(order)
	return order
}

// shortestFirst sorts instances by length, stably.
func (h *heuristic) shortestFirst(order []int32) {
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(h.insts[a].dur, h.insts[b].dur) })
}

// fill makes or tops up instance i's team from feasible volunteers; it
// reports whether it added anyone.
func (h *heuristic) fill(i int32) bool {
	in := &h.insts[i]
	k := len(h.teams[i])
	if k >= in.need {
		return false
	}
	if h.plain {
		return h.fillPlain(i)
	}
	cands := h.candidates(in.class)
	feasible := h.feasible(i, cands, window)
	if k == 0 || !h.teamOK(i, h.teams[i]) {
		whole := len(feasible) < window // every candidate was looked at
		if !h.completeWith(i, slices.Clone(feasible)) {
			return false
		}
		// Joining i changes nothing for the others: the list stays good
		// without those who joined, unless the window cut it short.
		if whole {
			feasible = slices.DeleteFunc(feasible, func(v int32) bool { return slices.Contains(h.teams[i], v) })
		} else {
			feasible = h.feasible(i, cands, window)
		}
	}
	for _, v := range feasible {
		if len(h.teams[i]) >= in.need {
			break
		}
		if h.blocks(v, i) == 0 {
			h.add(v, i)
		}
	}
	return len(h.teams[i]) > k
}

// improve runs passes of gap filling, freeing places and balancing until
// a pass changes nothing or the budget is spent; it returns the steps
// taken.
func (h *heuristic) improve(ctx context.Context, limit int) int {
	h.ctx, h.limit, h.steps = ctx, limit, 0
	for {
		changed := false
		for i := int32(0); i < int32(h.n); i++ {
			if h.step() {
				return h.steps
			}
			if len(h.teams[i]) < h.insts[i].need && (h.fill(i) || h.free(i)) {
				changed = true
			}
		}
		stop, balanced := h.balance()
		if stop {
			return h.steps
		}
		if !changed && !balanced {
			return h.steps
		}
	}
}

// free tries to add one volunteer to instance i, which has a team below
// its need (or none, short of one member), by moving a volunteer v off
// another instance j where a replacement w can take v's place: headcount
// grows by one.
func (h *heuristic) free(i int32) bool {
	in := &h.insts[i]
	k := len(h.teams[i])
	if k > 0 && !h.teamOK(i, h.teams[i]) {
		return false
	}
	if k == 0 && (h.team > 1 || in.night) {
		return false // making a whole team this way is left to fill
	}
	for _, v := range h.candidates(in.class) {
		if h.step() {
			return false
		}
		if slices.Contains(h.teams[i], v) || h.blocks(v, i) == 0 {
			continue
		}
		for _, j := range slices.Clone(h.vols[v].entries) {
			if !h.insts[j].inside || j == i || h.isFixed(v, j) {
				continue
			}
			h.remove(v, j)
			if h.blocks(v, i) == 0 {
				for _, w := range h.candidates(h.insts[j].class) {
					if h.step() {
						break
					}
					if w == v || slices.Contains(h.teams[j], w) || h.blocks(w, j) != 0 {
						continue
					}
					h.add(w, j)
					if h.teamOK(j, h.teams[j]) {
						h.add(v, i)
						if h.teamOK(i, h.teams[i]) {
							return true
						}
						h.remove(v, i)
					}
					h.remove(w, j)
				}
			}
			h.add(v, j)
		}
	}
	return false
}

// balance hands instances from the busiest volunteers to others: v's
// place on an instance goes to w when w's hours plus the instance's stay
// below v's hours, which lowers the sum of squares and never raises the
// maximum. It reports whether to stop and whether anything moved.
func (h *heuristic) balance() (stop, moved bool) {
	vs := make([]int32, 0, len(h.vols))
	for v := range h.vols {
		if h.vols[v].hours > 0 {
			vs = append(vs, int32(v))
		}
	}
	slices.SortStableFunc(vs, func(a, b int32) int { return cmp.Compare(h.vols[b].hours, h.vols[a].hours) })
	for _, v := range vs {
		for _, i := range slices.Clone(h.vols[v].entries) {
			in := &h.insts[i]
			if !in.inside || h.isFixed(v, i) {
				continue
			}
			for _, w := range h.candidates(in.class) {
				if h.step() {
					return true, moved
				}
				if h.vols[w].hours+in.dur >= h.vols[v].hours || slices.Contains(h.teams[i], w) {
					continue
				}
				h.remove(v, i)
				if h.blocks(w, i) == 0 {
					h.add(w, i)
					if h.teamOK(i, h.teams[i]) {
						moved = true
						break
					}
					h.remove(w, i)
				}
				h.add(v, i)
			}
			if !slices.Contains(h.teams[i], v) {
				continue // v gave this one away; its other entries are still worth a look
			}
		}
	}
	return false, moved
}

// recreations is the number of ruin-and-recreate rounds Generate spends on
// each start of a problem of n instances: many on small problems, a few on
// large ones.
func recreations(n int) int { return min(1000, 50_000/max(1, n)) }

// recreate ruins and recreates: it empties the instances of a few
// consecutive days (fixed volunteers stay), fills them again in a shuffled
// order (half the rounds shortest first) with shuffled tie-breaks, and
// keeps the result unless it is worse.
// It returns whether the rota improved.
func (h *heuristic) recreate(rounds int) bool {
	if h.n == 0 {
		return false
	}
	firstDay, lastDay := h.insts[0].day, h.insts[0].day
	for i := range h.n {
		firstDay, lastDay = min(firstDay, h.insts[i].day), max(lastDay, h.insts[i].day)
	}
	improved := false
	h.shuffle = true
	defer func() { h.shuffle = false }()
	for range rounds {
		if h.step() {
			break
		}
		before := h.score()
		from := firstDay + h.rng.IntN(lastDay-firstDay+1)
		to := from + 1 + h.rng.IntN(3)
		type placed struct{ i, v int32 }
		var removed []placed
		var window []int32
		for i := int32(0); i < int32(h.n); i++ {
			if d := h.insts[i].day; d < from || d >= to {
				continue
			}
			window = append(window, i)
			for _, v := range slices.Clone(h.teams[i]) {
				if !h.isFixed(v, i) {
					h.remove(v, i)
					removed = append(removed, placed{i, v})
				}
			}
		}
		h.rng.Shuffle(len(window), func(a, b int) { window[a], window[b] = window[b], window[a] })
		if h.rng.IntN(2) == 0 {
			h.shortestFirst(window)
		}
		for _, i := range window {
			h.fill(i)
		}
		h.steps += len(window) // each refill counts against the budget
		after := h.score()
		// A refill that leaves a fixed volunteer without a team (or the
		// night without a younger member) is undone like a worse one.
		kept := !slices.ContainsFunc(window, func(i int32) bool { return !h.teamOK(i, h.teams[i]) })
		if kept && !before.better(after) {
			improved = improved || after.better(before)
			continue
		}
		for _, i := range window { // worse: put everything back as it was
			for _, v := range slices.Clone(h.teams[i]) {
				if !h.isFixed(v, i) {
					h.remove(v, i)
				}
			}
		}
		for _, p := range removed {
			h.add(p.v, p.i)
		}
	}
	return improved
}

// drift walks the plateau: iters times it replaces a random member v of a
// random team with another volunteer who may take the place, then tries
// to fill the unfilled instances within three days of it, where v's freed
// hours and day may now fit. Seats never go down (the replacement keeps
// the team and fill only adds), so the rota drifts among equally full
// rotas towards ones with room; the best state seen is kept in best, with
// its score.
func (h *heuristic) drift(iters int, best *[][]int32, bestScore *score) {
	if h.n == 0 {
		return
	}
	for range iters {
		if h.step() {
			return
		}
		i := int32(h.rng.IntN(h.n))
		t := h.teams[i]
		if len(t) == 0 {
			continue
		}
		v := t[h.rng.IntN(len(t))]
		if h.isFixed(v, i) {
			continue
		}
		cands := h.order[h.insts[i].class]
		if len(cands) == 0 {
			continue
		}
		h.remove(v, i)
		var w int32 = -1
		for range 8 {
			c := cands[h.rng.IntN(len(cands))]
			if c != v && !slices.Contains(h.teams[i], c) && h.blocks(c, i) == 0 {
				h.add(c, i)
				if h.teamOK(i, h.teams[i]) {
					w = c
					break
				}
				h.remove(c, i)
			}
		}
		if w < 0 {
			h.add(v, i)
			continue
		}
		// instances are in start order, so their days never go down
		day := h.insts[i].day
		lo := sort.Search(h.n, func(j int) bool { return h.insts[j].day >= day-3 })
		for j := lo; j < h.n && h.insts[j].day <= day+3; j++ {
			// Only v has more room than before: a gap v cannot join
			// would fill no better than it did.
			jj := int32(j)
			if len(h.teams[j]) < h.insts[j].need && h.blocks(v, jj) == 0 && h.eligible(v, h.insts[j].class) {
				h.fill(jj)
			}
		}
		if sc := h.score(); sc.better(*bestScore) {
			*best, *bestScore = h.snapshot(), sc
		}
	}
}

// lowerMax tries, up to tries times, to lower the largest hours of any
// volunteer without losing a seat: with a cap just below the largest
// hours, every volunteer above it sheds random seats (a team left too
// small or without its younger member on a night is taken apart, and a
// fixed volunteer's team made whole again), then refill fills the gaps
// under the cap. A try that ends with fewer seats is undone.
func (h *heuristic) lowerMax(tries int) {
	defer func() { h.hoursCap = 0 }()
	for range tries {
		if h.step() {
			return
		}
		before := h.score()
		if before.max == 0 {
			return
		}
		saved := h.snapshot()
		h.hoursCap = before.max - 1
		ok := true
		for v := range h.vols {
			vi := int32(v)
			for ok && h.vols[v].hours > h.hoursCap {
				var own []int32
				for _, i := range h.vols[v].entries {
					if h.insts[i].inside && !h.isFixed(vi, i) {
						own = append(own, i)
					}
				}
				if len(own) == 0 {
					ok = false
					break
				}
				ok = h.shed(vi, own[h.rng.IntN(len(own))])
			}
		}
		if ok {
			h.refill()
		}
		if !ok || h.filled < before.filled {
			h.hoursCap = 0
			h.load(saved)
		}
	}
}

// shed takes v off instance i and puts someone else in v's place when it
// can (replace); otherwise a team that no longer keeps the team and night
// rules loses its other members not fixed there, and is made whole again
// when fixed members stay. It reports false when that fails.
func (h *heuristic) shed(v, i int32) bool {
	h.remove(v, i)
	if h.replace(i, v) || h.teamOK(i, h.teams[i]) {
		return true
	}
	for _, w := range slices.Clone(h.teams[i]) {
		if !h.isFixed(w, i) {
			h.remove(w, i)
		}
	}
	if len(h.teams[i]) == 0 {
		return true
	}
	return h.completeFromAll(i)
}

// refill fills the instances below their need, and frees places for
// them, in passes until one adds nothing (at most four).
func (h *heuristic) refill() {
	for range 4 {
		changed := false
		for i := int32(0); i < int32(h.n); i++ {
			if len(h.teams[i]) < h.insts[i].need && (h.fill(i) || h.free(i)) {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// replace fills the place v left on instance i: with a volunteer who may
// take it, or else with one who can once moved off another instance j,
// where a third volunteer takes their place (looking at up to window
// candidates each time). It reports whether it did;
// otherwise nothing changed.
func (h *heuristic) replace(i, v int32) bool {
	cands := h.candidates(h.insts[i].class)
	cands = cands[:min(len(cands), window)]
	free := func(w, i int32, not ...int32) bool {
		return !slices.Contains(not, w) && !slices.Contains(h.teams[i], w) && h.blocks(w, i) == 0
	}
	try := func(w, i int32) bool {
		h.add(w, i)
		if h.teamOK(i, h.teams[i]) {
			return true
		}
		h.remove(w, i)
		return false
	}
	for _, w := range cands {
		if h.step() {
			return false
		}
		if free(w, i, v) && try(w, i) {
			return true
		}
	}
	for _, w := range cands {
		if w == v || slices.Contains(h.teams[i], w) {
			continue
		}
		for _, j := range slices.Clone(h.vols[w].entries) {
			if h.step() {
				return false
			}
			if !h.insts[j].inside || h.isFixed(w, j) {
				continue
			}
			h.remove(w, j)
			if free(w, i, v) && try(w, i) {
				others := h.candidates(h.insts[j].class)
				for _, x := range others[:min(len(others), window)] {
					if free(x, j, v, w) && try(x, j) {
						return true
					}
				}
				h.remove(w, i)
			}
			h.add(w, j)
		}
	}
	return false
}

// loadOrder orders volunteers by hours, then file order.
func (h *heuristic) loadOrder(a, b int32) int {
	return cmp.Or(cmp.Compare(h.vols[a].hours, h.vols[b].hours), cmp.Compare(a, b))
}

// fillPlain is the plain greedy's fill of instance i: the least loaded
// volunteers who may take it (ties in file order), the least loaded
// younger one first on a night whose team has none, up to the need, if
// they make a team with those already on it. It walks byLoad, where the
// volunteers it adds move back by their new hours, so an instance looks
// at little more than the volunteers it takes. It picks what completeTeam
// and the top-up of fill would pick from every eligible volunteer.
func (h *heuristic) fillPlain(i int32) bool {
	in := &h.insts[i]
	k := len(h.teams[i])
	set, ok := h.eligSets[in.class]
	if !ok {
		if len(h.eligSets) >= 64 {
			clear(h.eligSets)
		}
		set = make([]uint64, (len(h.vols)+63)/64)
		for _, v := range h.elig[in.class] {
			set[v/64] |= 1 << (v % 64)
		}
		h.eligSets[in.class] = set
	}
	want := in.need - k
	needYoung := in.night && !slices.ContainsFunc(h.teams[i], func(v int32) bool { return h.isYoung(v, i) })
	picked := make([]int32, 0, want)
	hasYoung := false
	for _, v := range h.byLoad {
		if len(picked) == want && (!needYoung || hasYoung) {
			break
		}
		if set[v/64]&(1<<(v%64)) == 0 || slices.Contains(h.teams[i], v) || h.blocks(v, i) != 0 {
			continue
		}
		young := needYoung && h.isYoung(v, i)
		switch {
		case len(picked) < want:
			picked = append(picked, v)
			hasYoung = hasYoung || young
		case young && !hasYoung: // the younger member takes the last place
			picked[want-1] = v
			hasYoung = true
		}
	}
	if (needYoung && !hasYoung) || (k == 0 && len(picked) < h.team) || len(picked) == 0 {
		return false
	}
	for _, v := range picked {
		h.add(v, i)
	}
	if !h.teamOK(i, h.teams[i]) {
		for _, v := range picked {
			h.remove(v, i)
		}
		return false
	}
	for _, v := range picked {
		h.reload(v)
	}
	return true
}

// reload moves v to its place in byLoad after its hours grew.
func (h *heuristic) reload(v int32) {
	at := slices.Index(h.byLoad, v)
	h.byLoad = slices.Delete(h.byLoad, at, at+1)
	to, _ := slices.BinarySearchFunc(h.byLoad, v, h.loadOrder)
	h.byLoad = slices.Insert(h.byLoad, to, v)
}
