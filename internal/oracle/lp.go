package oracle

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// model is a programme's rota problem as the variables and constraints of
// the package comment. Hours are in minutes, so every coefficient is an
// integer.
type model struct {
	vols    []watch.Volunteer
	inside  []rota.Instance
	x       [][]int // per instance, the volunteers with a variable x
	fixedOn []map[int]bool
	rows    []row
	wDays   map[[2]int]bool // (volunteer, day) pairs with a variable w
}

// term is coef·name.
type term struct {
	coef int
	name string
}

// row is Σ terms op rhs.
type row struct {
	terms []term
	op    string
	rhs   int
}

func xName(v, i int) string { return fmt.Sprintf("x%d_%d", v, i) }
func yName(i int) string    { return fmt.Sprintf("y%d", i) }
func wName(v, d int) string { return fmt.Sprintf("w%d_%d", v, d) }

// item is one instance in a volunteer's timeline: a variable, or a fixed
// assignment outside the horizon (a constant).
type item struct {
	start, end int64 // Unix seconds
	mins       int   // length in minutes
	date       watch.Date
	day        int
	week       int
	x          string // "" for a fact
}

var epoch = watch.Date{Year: 1970, Month: 1, Day: 1}

func newItem(in rota.Instance, x string) item {
	y, w := in.Date.ISOWeek()
	return item{start: in.Start.Unix(), end: in.End.Unix(), mins: int(in.End.Sub(in.Start).Minutes()), date: in.Date,
		day: epoch.DaysUntil(in.Date), week: y*100 + w, x: x}
}

func newModel(p *rota.Problem) *model {
	pf := p.Program()
	pol := pf.Policy
	m := &model{vols: pf.Volunteers, inside: p.Instances(), wDays: map[[2]int]bool{}}
	index := map[string]int{}
	for v, vol := range pf.Volunteers {
		index[vol.ID] = v
	}
	timeline := make([][]item, len(m.vols))
	for _, f := range p.Facts() {
		for _, id := range f.Fixed {
			timeline[index[id]] = append(timeline[index[id]], newItem(f, ""))
		}
	}
	for i, in := range m.inside {
		fixed := map[int]bool{}
		for _, id := range in.Fixed {
			fixed[index[id]] = true
		}
		var vs []int
		for _, id := range p.Eligible(i) {
			vs = append(vs, index[id])
		}
		for v := range fixed {
			if !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
		slices.Sort(vs)
		m.x = append(m.x, vs)
		m.fixedOn = append(m.fixedOn, fixed)
		var sum []term
		for _, v := range vs {
			sum = append(sum, term{1, xName(v, i)})
			timeline[v] = append(timeline[v], newItem(in, xName(v, i)))
		}
		if len(vs) == 0 {
			continue
		}
		m.rows = append(m.rows,
			row{append(slices.Clone(sum), term{-pol.Team(), yName(i)}), ">=", 0},
			row{append(slices.Clone(sum), term{-in.Need, yName(i)}), "<=", 0})
		if p.AtNight(i) {
			var young []term
			for _, v := range vs {
				if m.vols[v].AgeOn(in.Date) < pol.Night.RequireMemberUnder {
					young = append(young, term{1, xName(v, i)})
				}
			}
			m.rows = append(m.rows, row{append(young, term{-1, yName(i)}), ">=", 0})
		}
	}
	for v := range m.vols {
		m.timelineRows(v, timeline[v], pol)
	}
	return m
}

// timelineRows adds volunteer v's rest, per-day, consecutive-day and
// weekly rows.
func (m *model) timelineRows(v int, tl []item, pol watch.RotaRules) {
	if !slices.ContainsFunc(tl, func(it item) bool { return it.x != "" }) {
		return
	}
	slices.SortFunc(tl, func(a, b item) int { return int(a.start - b.start) })
	rest := int64(pol.MinRestHours * 3600)
	// rest: the cliques at each start
	for _, t := range tl {
		var vars []term
		consts := 0
		for _, o := range tl {
			if o.start <= t.start && t.start < o.end+rest {
				if o.x == "" {
					consts++
				} else {
					vars = append(vars, term{1, o.x})
				}
			}
		}
		if len(vars) > 0 && len(vars)+consts > 1 {
			m.rows = append(m.rows, row{vars, "<=", 1 - consts})
		}
	}
	byDay, days := groupBy(tl, func(it item) int { return it.day })
	// w[v,d] ≥ x[v,i]; a day with a fact is worked for certain
	worked := func(d int) (term, bool) {
		for _, it := range byDay[d] {
			if it.x == "" {
				return term{}, false
			}
		}
		return term{1, wName(v, d)}, true
	}
	for _, d := range days {
		if w, ok := worked(d); ok {
			m.wDays[[2]int{v, d}] = true
			for _, it := range byDay[d] {
				m.rows = append(m.rows, row{[]term{{1, it.x}, {-1, w.name}}, "<=", 0})
			}
		}
		if pol.MaxShiftsPerDay > 0 && len(byDay[d]) > pol.MaxShiftsPerDay {
			vars, consts := split(byDay[d], func(it item) int { return 1 })
			m.rows = append(m.rows, row{vars, "<=", pol.MaxShiftsPerDay - consts})
		}
	}
	if c := pol.MaxConsecutiveDays; c > 0 {
		for start := days[0] - c; start <= days[len(days)-1]; start++ {
			var vars []term
			consts := 0
			for d := start; d <= start+c; d++ {
				if len(byDay[d]) == 0 {
					continue
				}
				if w, ok := worked(d); ok {
					vars = append(vars, w)
				} else {
					consts++
				}
			}
			if len(vars) > 0 && len(vars)+consts > c {
				m.rows = append(m.rows, row{vars, "<=", c - consts})
			}
		}
	}
	// weekly hours
	vol := m.vols[v]
	byWeek, weeks := groupBy(tl, func(it item) int { return it.week })
	tighter := func(a, b int) int {
		if a == 0 || (b > 0 && b < a) {
			return b
		}
		return a
	}
	always := tighter(int(pol.MaxHoursPerWeek*60), int(vol.MaxHoursPerWeek*60))
	for _, wk := range weeks {
		its := byWeek[wk]
		vars, consts := split(its, func(it item) int { return it.mins })
		total := consts
		for _, t := range vars {
			total += t.coef
		}
		if always > 0 && total > always {
			m.rows = append(m.rows, row{vars, "<=", always - consts})
		}
		seen := map[watch.Date]bool{}
		for _, it := range its {
			if seen[it.date] {
				continue
			}
			seen[it.date] = true
			band := int(pol.Limits(vol.AgeOn(it.date)).MaxHoursPerWeek * 60)
			if band == 0 || total <= band || (always > 0 && always <= band) {
				continue
			}
			w, ok := worked(it.day)
			if !ok { // a fact on that date: the band's cap holds
				m.rows = append(m.rows, row{vars, "<=", band - consts})
				continue
			}
			// Σ ≤ band - consts + big·(1 - w)
			big := total - band
			m.rows = append(m.rows, row{append(slices.Clone(vars), term{big, w.name}), "<=", band - consts + big})
		}
	}
}

// groupBy groups the items by key and returns the keys sorted.
func groupBy(tl []item, key func(item) int) (map[int][]item, []int) {
	groups := map[int][]item{}
	for _, it := range tl {
		groups[key(it)] = append(groups[key(it)], it)
	}
	return groups, slices.Sorted(maps.Keys(groups))
}

// split returns the terms of the variable items, weighted by weight, and
// the summed weight of the facts.
func split(its []item, weight func(item) int) ([]term, int) {
	var vars []term
	consts := 0
	for _, it := range its {
		if it.x == "" {
			consts += weight(it)
		} else {
			vars = append(vars, term{weight(it), it.x})
		}
	}
	return vars, consts
}

// hoursTerms are, per volunteer, the terms of their hours in minutes.
func (m *model) hoursTerms() [][]term {
	hours := make([][]term, len(m.vols))
	for i, vs := range m.x {
		mins := int(m.inside[i].End.Sub(m.inside[i].Start).Minutes())
		for _, v := range vs {
			hours[v] = append(hours[v], term{mins, xName(v, i)})
		}
	}
	return hours
}

// write writes the model in CPLEX LP format: with seats 0, maximise the
// filled seats, every volunteer's hours at most capMinutes when that is
// above 0; otherwise require at least seats and minimise the largest
// hours (in minutes) of any volunteer.
func (m *model) write(out io.Writer, seats, capMinutes int) error {
	w := bufio.NewWriter(out)
	var all []term
	for i, vs := range m.x {
		for _, v := range vs {
			all = append(all, term{1, xName(v, i)})
		}
	}
	rows := slices.Clone(m.rows)
	if seats == 0 {
		fmt.Fprintln(w, "Maximize")
		writeTerms(w, " seats:", all)
		for _, h := range m.hoursTerms() {
			if capMinutes > 0 && len(h) > 0 {
				rows = append(rows, row{h, "<=", capMinutes})
			}
		}
	} else {
		fmt.Fprintln(w, "Minimize")
		fmt.Fprintln(w, " most: M")
		rows = append(rows, row{all, ">=", seats})
		for _, h := range m.hoursTerms() {
			if len(h) > 0 {
				rows = append(rows, row{append(h, term{-1, "M"}), "<=", 0})
			}
		}
	}
	fmt.Fprintln(w, "Subject To")
	for k, r := range rows {
		writeTerms(w, fmt.Sprintf(" c%d:", k), r.terms)
		fmt.Fprintf(w, "   %s %d\n", r.op, r.rhs)
	}
	fmt.Fprintln(w, "Bounds")
	for i, fixed := range m.fixedOn {
		if len(fixed) > 0 {
			fmt.Fprintf(w, " %s = 1\n", yName(i))
		}
		for _, v := range m.x[i] {
			if fixed[v] {
				fmt.Fprintf(w, " %s = 1\n", xName(v, i))
			}
		}
	}
	if seats > 0 {
		fmt.Fprintln(w, " M >= 0")
	}
	fmt.Fprintln(w, "Binaries")
	var bins []string
	for i, vs := range m.x {
		if len(vs) > 0 {
			bins = append(bins, yName(i))
		}
		for _, v := range vs {
			bins = append(bins, xName(v, i))
		}
	}
	for k := range m.wDays {
		bins = append(bins, wName(k[0], k[1]))
	}
	slices.Sort(bins)
	for len(bins) > 0 {
		n := min(10, len(bins))
		fmt.Fprintf(w, " %s\n", strings.Join(bins[:n], " "))
		bins = bins[n:]
	}
	fmt.Fprintln(w, "End")
	return w.Flush()
}

// writeTerms writes a linear expression, ten terms to a line.
func writeTerms(w *bufio.Writer, label string, ts []term) {
	w.WriteString(label)
	for k, t := range ts {
		if k > 0 && k%10 == 0 {
			w.WriteString("\n  ")
		}
		sign := "+"
		c := t.coef
		if c < 0 {
			sign, c = "-", -c
		}
		fmt.Fprintf(w, " %s %d %s", sign, c, t.name)
	}
	w.WriteString("\n")
}
