package rota

import (
	"cmp"
	"slices"

	"github.com/armband/armband/watch"
)

// Bound returns an upper bound on the filled headcount of any rota of the
// problem that keeps every rule: no rota, however it is found, fills
// more. It is the maximum flow of a relaxation (docs/formats.md section
// 2.3):
//
//	source → volunteer v → (v, ISO week) → (v, day) → the instances of one
//	class on that day → sink
//
// where a volunteer takes at most one seat of an instance; a day at most
// max_shifts_per_day seats, and no more than a set of its eligible
// instances that keep min_rest_hours apart; a week at most the most
// instances that fit in the loosest weekly cap that can be in force for v
// that week, shortest first; the whole horizon at most
// max_consecutive_days days in every run of one more; and an instance at
// most its need, or nothing when fewer volunteers than min_team may take
// it or none of them is young enough for its night. Every rota that keeps
// the rules is a flow of this network, so its filled headcount is at most
// the bound. The bound ignores the rules between volunteers of one team
// beyond these and fixed assignments outside the horizon, so it may be
// above the best rota; when a rota reaches it, that rota is proven to fill
// the most seats.
func Bound(p *Problem) int {
	s := newSolver(p)
	g := &flowGraph{}
	src, sink := g.node(), g.node()
	byDay := map[int][]boundClass{}
	seen := map[int]int{} // class -> position in byDay[day]
	for i := range s.n {
		in := &s.insts[i]
		elig := s.elig[in.class]
		need := in.need
		if len(elig) < s.team || (in.night && !slices.ContainsFunc(elig, func(v int32) bool { return s.isYoung(v, int32(i)) })) {
			need = 0
		}
		need = min(need, len(elig))
		if k, ok := seen[in.class]; ok {
			byDay[in.day][k].need += need
			continue
		}
		seen[in.class] = len(byDay[in.day])
		byDay[in.day] = append(byDay[in.day], boundClass{id: in.class, need: need, in: in})
	}
	classNode := map[int]int{}
	days := make([]int, 0, len(byDay))
	for d, cs := range byDay {
		days = append(days, d)
		for _, c := range cs {
			classNode[c.id] = g.node()
			g.edge(classNode[c.id], sink, c.need)
		}
	}
	slices.Sort(days)
	pol := p.file.Policy
	for v := range s.vols {
		vi := int32(v)
		vol := &p.file.Volunteers[v]
		// The days v may work, each with its classes and its cap.
		type vday struct {
			day, cap int
			week     int
			classes  []boundClass
		}
		var mine []vday
		weekItems := map[int][]weekItem{}
		for _, d := range days {
			var cs []boundClass
			for _, c := range byDay[d] {
				if c.need > 0 && s.eligible(vi, c.id) {
					cs = append(cs, c)
				}
			}
			if len(cs) == 0 {
				continue
			}
			dayCap := restCompatible(cs, s.restSec)
			if s.perDay > 0 {
				dayCap = min(dayCap, s.perDay)
			}
			wk := cs[0].in.week
			durs := make([]int64, 0, len(cs))
			for _, c := range cs {
				durs = append(durs, c.in.dur) // one seat a class: its instances overlap
			}
			slices.Sort(durs)
			weekItems[wk] = append(weekItems[wk], weekItem{date: cs[0].in.date, durs: durs[:dayCap]})
			mine = append(mine, vday{day: d, cap: dayCap, week: wk, classes: cs})
		}
		if len(mine) == 0 {
			continue
		}
		always := tighter(int64(pol.MaxHoursPerWeek*3600), int64(vol.MaxHoursPerWeek*3600))
		vNode := g.node()
		weekNode := map[int]int{}
		vCap, dayMost := 0, 0
		workDays := make([]int, len(mine))
		for k, md := range mine {
			wn, ok := weekNode[md.week]
			if !ok {
				wn = g.node()
				weekNode[md.week] = wn
				c := weekSeats(weekItems[md.week], always, func(d watch.Date) int64 { return s.bandCap(vi, d) })
				g.edge(vNode, wn, c)
				vCap += c
			}
			dn := g.node()
			g.edge(wn, dn, md.cap)
			for _, c := range md.classes {
				g.edge(dn, classNode[c.id], 1)
			}
			workDays[k] = md.day
			dayMost = max(dayMost, md.cap)
		}
		if s.consec > 0 {
			vCap = min(vCap, consecutiveDays(workDays, s.consec)*dayMost)
		}
		g.edge(src, vNode, vCap)
	}
	return g.maxFlow(src, sink)
}

// boundClass is the instances of one class (one date, one span) in the
// bound: their summed need, and the first of them.
type boundClass struct {
	id, need int
	in       *sinst
}

// weekItem is one day of a volunteer's week in the bound: its date and
// the shortest lengths of the seats the day could hold.
type weekItem struct {
	date watch.Date
	durs []int64
}

// weekSeats is the most seats of the week's days that fit in the loosest
// weekly cap that can be in force: the policy's and the volunteer's cap
// (always) and, when every date has one, the largest of the band caps in
// force on the week's dates. It takes the shortest seats first.
func weekSeats(items []weekItem, always int64, bandCap func(watch.Date) int64) int {
	var band int64
	for _, it := range items {
		c := bandCap(it.date)
		if c == 0 {
			band = 0
			break
		}
		band = max(band, c)
	}
	limit := tighter(always, band)
	var all []int64
	for _, it := range items {
		all = append(all, it.durs...)
	}
	if limit == 0 {
		return len(all)
	}
	slices.Sort(all)
	n := 0
	var sum int64
	for _, d := range all {
		if sum+d > limit {
			break
		}
		sum += d
		n++
	}
	return n
}

// restCompatible is the most of a day's classes that keep rest seconds
// between each other (one ends rest before the next starts): the
// earliest-ending choice, which is optimal for intervals.
func restCompatible(cs []boundClass, rest int64) int {
	byEnd := slices.SortedFunc(slices.Values(cs), func(a, b boundClass) int { return cmp.Compare(a.in.end, b.in.end) })
	n := 0
	var free int64
	for k, c := range byEnd {
		if k == 0 || c.in.start >= free {
			n++
			free = c.in.end + rest
		}
	}
	return n
}

// consecutiveDays is the most of the given days (sorted day numbers) a
// volunteer can work with no run longer than c: in each run of days
// available back to back, c of every c+1.
func consecutiveDays(days []int, c int) int {
	n := 0
	for k := 0; k < len(days); {
		j := k
		for j+1 < len(days) && days[j+1] == days[j]+1 {
			j++
		}
		run := j - k + 1
		n += run/(c+1)*c + min(run%(c+1), c)
		k = j + 1
	}
	return n
}

// flowGraph is a directed graph with integer capacities for Dinic's
// maximum flow.
type flowGraph struct {
	head  []int
	next  []int
	to    []int
	cap   []int
	level []int
	iter  []int
}

func (g *flowGraph) node() int {
	g.head = append(g.head, -1)
	return len(g.head) - 1
}

// edge adds an edge a→b of capacity c (and its residual twin).
func (g *flowGraph) edge(a, b, c int) {
	g.to, g.cap, g.next = append(g.to, b), append(g.cap, c), append(g.next, g.head[a])
	g.head[a] = len(g.to) - 1
	g.to, g.cap, g.next = append(g.to, a), append(g.cap, 0), append(g.next, g.head[b])
	g.head[b] = len(g.to) - 1
}

func (g *flowGraph) maxFlow(s, t int) int {
	total := 0
	g.level = make([]int, len(g.head))
	g.iter = make([]int, len(g.head))
	queue := make([]int, 0, len(g.head))
	for {
		for k := range g.level {
			g.level[k] = -1
		}
		g.level[s] = 0
		queue = append(queue[:0], s)
		for q := 0; q < len(queue); q++ {
			a := queue[q]
			for e := g.head[a]; e >= 0; e = g.next[e] {
				if g.cap[e] > 0 && g.level[g.to[e]] < 0 {
					g.level[g.to[e]] = g.level[a] + 1
					queue = append(queue, g.to[e])
				}
			}
		}
		if g.level[t] < 0 {
			return total
		}
		copy(g.iter, g.head)
		for {
			f := g.push(s, t, int(^uint(0)>>1))
			if f == 0 {
				break
			}
			total += f
		}
	}
}

// push sends flow along one path of the level graph (iteratively, so a
// long path cannot exhaust the stack) and returns the amount.
func (g *flowGraph) push(s, t, limit int) int {
	path := []int{} // edges
	a := s
	for a != t {
		advanced := false
		for ; g.iter[a] >= 0; g.iter[a] = g.next[g.iter[a]] {
			e := g.iter[a]
			if g.cap[e] > 0 && g.level[g.to[e]] == g.level[a]+1 {
				path = append(path, e)
				a = g.to[e]
				advanced = true
				break
			}
		}
		if advanced {
			continue
		}
		if a == s {
			return 0
		}
		g.level[a] = -1 // dead end: never again this phase
		e := path[len(path)-1]
		path = path[:len(path)-1]
		a = g.to[e^1]
		g.iter[a] = g.next[g.iter[a]]
	}
	f := limit
	for _, e := range path {
		f = min(f, g.cap[e])
	}
	for _, e := range path {
		g.cap[e] -= f
		g.cap[e^1] += f
	}
	return f
}
