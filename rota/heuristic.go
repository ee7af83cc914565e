package rota

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
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
	steps   int
	limit   int
	ctx     context.Context
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
func (h *heuristic) construct(ctx context.Context) error {
	h.ctx = ctx
	for i := 0; i < h.n; i++ {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		h.fill(int32(i))
	}
	return nil
}

// fill makes or tops up instance i's team from feasible volunteers; it
// reports whether it added anyone.
func (h *heuristic) fill(i int32) bool {
	in := &h.insts[i]
	k := len(h.teams[i])
	if k >= in.need {
		return false
	}
	cands := h.candidates(in.class)
	if k == 0 || !h.teamOK(i, h.teams[i]) {
		if !h.completeTeam(i, cands, window) {
			return false
		}
	}
	for _, v := range h.feasible(i, cands, window) {
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
// order with shuffled tie-breaks, and keeps the result unless it is worse.
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
