package rota

import (
	"cmp"
	"slices"
)

// naiveGreedy is the yardstick Generate must never fall below: the rota a
// community office would write by hand. Instances in start order; each
// gets the least loaded volunteers (ties in file order) who may take it,
// a younger one first on a night, up to its need, if a team can be made;
// otherwise it stays empty. It returns the seats filled.
func naiveGreedy(p *Problem) int {
	s := newSolver(p)
	s.placeFixed()
	if err := s.completeFixedTeams(); err != nil {
		panic(err) // NewProblem made it succeed
	}
	for i := range s.n {
		ii := int32(i)
		var free []int32
		for _, v := range s.elig[s.insts[i].class] {
			if !slices.Contains(s.teams[i], v) && s.blocks(v, ii) == 0 {
				free = append(free, v)
			}
		}
		slices.SortStableFunc(free, func(a, b int32) int { return cmp.Compare(s.vols[a].hours, s.vols[b].hours) })
		if !s.nightOK(ii, append(slices.Clone(s.teams[i]), free[:min(len(free), s.insts[i].need-len(s.teams[i]))]...)) {
			// a night team needs its younger member first
			k := slices.IndexFunc(free, func(v int32) bool { return s.isYoung(v, ii) })
			if k < 0 {
				continue
			}
			free = append([]int32{free[k]}, slices.Delete(free, k, k+1)...)
		}
		before := len(s.teams[i])
		for _, v := range free {
			if len(s.teams[i]) == s.insts[i].need {
				break
			}
			s.add(v, ii)
		}
		if !s.teamOK(ii, s.teams[i]) {
			for len(s.teams[i]) > before {
				s.remove(s.teams[i][len(s.teams[i])-1], ii)
			}
		}
	}
	return s.filled
}
