package rota

import (
	"context"
	"slices"
)

// exact searches every rota by branch and bound: instances in start order,
// for each a team (none, or from min_team to need, fixed volunteers
// always on) of volunteers the rules let on, larger teams first. A branch
// is cut when even filling every remaining instance to its need could not
// beat the best rota found, or could only tie it on headcount while its
// maximum hours or sum of squares are already no better (both only grow).
// It returns the best teams, the nodes visited and whether it finished
// within the budget.
func (s *solver) exact(ctx context.Context, budget int) ([][]int32, int, bool) {
	// room[i]: the most headcount instances i.. can still add.
	room := make([]int, s.n+1)
	for i := s.n - 1; i >= 0; i-- {
		in := &s.insts[i]
		free := len(s.elig[in.class])
		for _, v := range in.fixed {
			if slices.Contains(s.elig[in.class], v) {
				free--
			}
		}
		room[i] = room[i+1] + max(0, min(in.need-len(in.fixed), free))
	}
	var best [][]int32
	var bestScore score
	nodes := 0
	aborted := false
	var visit func(i int)
	visit = func(i int) {
		if aborted {
			return
		}
		nodes++
		if nodes > budget || ((nodes == 1 || nodes%4096 == 0) && ctx.Err() != nil) {
			aborted = true
			return
		}
		if best != nil {
			ub := s.filled + room[i]
			if ub < bestScore.filled {
				return
			}
			if ub == bestScore.filled {
				m := s.maxHours()
				if m > bestScore.max || (m == bestScore.max && s.sumSq >= bestScore.sumSq-1e-6) {
					return
				}
			}
		}
		if i == s.n {
			if sc := s.score(); best == nil || sc.better(bestScore) {
				best, bestScore = s.snapshot(), sc
			}
			return
		}
		ii := int32(i)
		var cands []int32
		for _, v := range s.elig[s.insts[i].class] {
			if !s.isFixed(v, ii) {
				cands = append(cands, v)
			}
		}
		var pick func(c int)
		pick = func(c int) {
			k := len(s.teams[i])
			if c == len(cands) || k == s.insts[i].need {
				if s.teamOK(ii, s.teams[i]) {
					visit(i + 1)
				}
				return
			}
			v := cands[c]
			if s.blocks(v, ii) == 0 {
				s.add(v, ii)
				pick(c + 1)
				s.remove(v, ii)
			}
			// Leaving v out: the team must still be able to reach min_team,
			// unless it stays empty.
			if k == 0 || k+len(cands)-c-1 >= s.team {
				pick(c + 1)
			}
		}
		pick(0)
	}
	visit(0)
	return best, nodes, !aborted
}
