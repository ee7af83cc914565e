package rota

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Change is what happened to a programme after its rota was made: the
// change file of docs/formats.md section 11.2. Exactly one field is set.
type Change struct {
	// FormatTag is the optional "format": "armband/v1".
	FormatTag string `json:"format,omitempty"`
	// Drop: a volunteer cannot come on the dates From to To (inclusive).
	Drop *Drop `json:"drop,omitempty"`
	// AddVolunteer: a new volunteer joins.
	AddVolunteer *watch.Volunteer `json:"add_volunteer,omitempty"`
	// Cancel: an instance will not take place.
	Cancel *InstanceRef `json:"cancel,omitempty"`
	// Add: an instance the rota leaves empty is to be staffed.
	Add *InstanceRef `json:"add,omitempty"`
}

// Drop is a volunteer's drop-out for some dates.
type Drop struct {
	Volunteer string     `json:"volunteer" armband:"required"`
	From      watch.Date `json:"from" armband:"required"`
	To        watch.Date `json:"to" armband:"required"`
}

// InstanceRef names a shift instance.
type InstanceRef struct {
	Shift string     `json:"shift" armband:"required"`
	Date  watch.Date `json:"date" armband:"required"`
}

// LoadChange reads a change file strictly: unknown keys, a missing
// required key or not exactly one change are errors naming the field.
func LoadChange(r io.Reader) (*Change, error) {
	var c Change
	err := strict.Decode(r, &c, func(p *strict.Problems) {
		strict.CheckFormat(p, c.FormatTag)
		n := 0
		for _, set := range []bool{c.Drop != nil, c.AddVolunteer != nil, c.Cancel != nil, c.Add != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			p.Add("", nil, "must hold exactly one of drop, add_volunteer, cancel and add")
		}
		if c.Drop != nil && c.Drop.To.Before(c.Drop.From) {
			p.Add("drop.to", c.Drop.To.String(), "is before drop.from "+c.Drop.From.String())
		}
	}, strict.Limits{})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// RepairReport says what Repair did: every instance whose team changed,
// and the programme the repaired rota belongs to (the change applied:
// the drop as unavailable dates, the new volunteer).
type RepairReport struct {
	Changes []RepairStep `json:"changes"`
	// Changed counts the assignments of the rota that changed.
	Changed int `json:"changed"`
	// Program is the programme with the change applied; check the
	// repaired rota against it.
	Program *watch.ProgramFile `json:"-"`
	// Released lists the fixed assignments the change undid: those the
	// dropped volunteer was on, and those no team could complete without
	// them.
	Released []watch.Fixed `json:"released,omitempty"`
}

// RepairStep is one instance whose team changed.
type RepairStep struct {
	Shift string     `json:"shift"`
	Date  watch.Date `json:"date"`
	// Action is removed (the volunteer left and the team still holds),
	// replaced, cancelled (no team could be made whole, so nobody is sent
	// out alone) or filled (volunteers added).
	Action  string   `json:"action"`
	Removed []string `json:"removed,omitempty"`
	Added   []string `json:"added,omitempty"`
}

// Repair changes a rota for a Change (docs/formats.md section 11.2). It
// keeps every assignment it can and changes as few as it must: only the
// instances the change touches, and no instance that started before now;
// a volunteer who drops out is replaced, fewest hours first, by someone
// no rule keeps out; a team that cannot be made whole again is cancelled
// and reported, never left with one volunteer. The repaired rota passes
// Check against RepairReport.Program.
func Repair(ctx context.Context, p *Problem, r watch.Rota, c Change, now time.Time) (watch.Rota, RepairReport, error) {
	if _, err := p.assignment(r); err != nil {
		return watch.Rota{}, RepairReport{}, err
	}
	f := p.Program()
	var touched []instanceKey
	var undone []watch.Fixed
	switch {
	case c.Drop != nil:
		vi := slices.IndexFunc(f.Volunteers, func(v watch.Volunteer) bool { return v.ID == c.Drop.Volunteer })
		if vi < 0 {
			return watch.Rota{}, RepairReport{}, fmt.Errorf("%w: drop.volunteer: %q is not a volunteer of the programme", watch.ErrInvalid, c.Drop.Volunteer)
		}
		// Instances that started before now stay as they are: their dates
		// are left out of the volunteer's new unavailable dates.
		period := watch.DateRange{From: c.Drop.From, To: c.Drop.To}
		started := map[watch.Date]bool{}
		for _, a := range r.Assignments {
			if !period.Contains(a.Date) || !slices.Contains(a.Volunteers, c.Drop.Volunteer) {
				continue
			}
			if p.instances[p.byKey[instanceKey{a.Shift, a.Date}]].Start.Before(now) {
				started[a.Date] = true
			} else {
				touched = append(touched, instanceKey{a.Shift, a.Date})
			}
		}
		away := splitRange(period, started)
		f.Volunteers[vi].Unavailable = append(f.Volunteers[vi].Unavailable, away...)
		// A fixed assignment the volunteer leaves no longer holds as agreed:
		// it goes, and its instance is repaired like any other.
		var keep []watch.Fixed
		for _, x := range f.Fixed {
			if inAny(away, x.Date) && slices.Contains(x.Volunteers, c.Drop.Volunteer) {
				undone = append(undone, x)
			} else {
				keep = append(keep, x)
			}
		}
		f.Fixed = keep
	case c.AddVolunteer != nil:
		f.Volunteers = append(f.Volunteers, *c.AddVolunteer)
	case c.Cancel != nil, c.Add != nil:
		ref := cmp.Or(c.Cancel, c.Add)
		if _, ok := p.byKey[instanceKey{ref.Shift, ref.Date}]; !ok {
			return watch.Rota{}, RepairReport{}, fmt.Errorf("%w: %s on %s: no such instance in the horizon", watch.ErrInvalid, ref.Shift, ref.Date)
		}
		touched = append(touched, instanceKey{ref.Shift, ref.Date})
	default:
		return watch.Rota{}, RepairReport{}, fmt.Errorf("%w: the change holds nothing", watch.ErrInvalid)
	}
	q, released, err := problemReleasing(f)
	if err != nil {
		return watch.Rota{}, RepairReport{}, fmt.Errorf("the programme with the change: %w", err)
	}
	a, err := q.assignment(r)
	if err != nil {
		return watch.Rota{}, RepairReport{}, err
	}
	rep := RepairReport{Changes: []RepairStep{}, Program: f, Released: append(undone, released...)}
	for _, k := range touched {
		idx := q.byKey[k]
		in := &q.instances[idx]
		if in.Start.Before(now) {
			return watch.Rota{}, RepairReport{}, fmt.Errorf("%w: %s on %s started at %s, before now (%s): a repair never touches it",
				watch.ErrInvalid, in.Shift, in.Date, watch.FormatInstant(in.Start), watch.FormatInstant(now))
		}
	}
	if err := ctx.Err(); err != nil {
		return watch.Rota{}, RepairReport{}, err
	}
	switch {
	case c.Drop != nil:
		for _, k := range touched {
			idx := q.byKey[k]
			before := slices.Clone(a[idx])
			a[idx] = slices.DeleteFunc(slices.Clone(a[idx]), func(v string) bool { return v == c.Drop.Volunteer })
			step := q.restaff(a, idx, len(before), c.Drop.Volunteer)
			step.Removed = append([]string{c.Drop.Volunteer}, step.Removed...)
			rep.Changes = append(rep.Changes, step)
		}
	case c.Cancel != nil:
		idx := q.byKey[touched[0]]
		rep.Changes = append(rep.Changes, RepairStep{Shift: c.Cancel.Shift, Date: c.Cancel.Date, Action: "cancelled", Removed: slices.Clone(a[idx])})
		a[idx] = nil
	case c.Add != nil:
		idx := q.byKey[touched[0]]
		if len(a[idx]) > 0 {
			return watch.Rota{}, RepairReport{}, fmt.Errorf("%w: add: %s on %s is already staffed", watch.ErrInvalid, c.Add.Shift, c.Add.Date)
		}
		step := q.restaff(a, idx, q.instances[idx].Need, "")
		rep.Changes = append(rep.Changes, step)
	case c.AddVolunteer != nil:
		// The newcomer fills what they can of the gaps that start after
		// now, with others where a team needs them: an added volunteer
		// changes no team but those it joins.
		v := &q.file.Volunteers[len(q.file.Volunteers)-1]
		var tl []entry
		for idx := range q.instances {
			in := &q.instances[idx]
			if in.Start.Before(now) || len(a[idx]) >= in.Need {
				continue
			}
			if rules, _ := q.keptOut(v, in, tl); len(rules) > 0 {
				continue
			}
			was := a[idx]
			a[idx] = append(slices.Clone(was), v.ID)
			step := RepairStep{Shift: in.Shift, Date: in.Date, Action: "filled", Added: []string{v.ID}}
			if len(a[idx]) < q.file.Policy.Team() || !q.nightKept(in, a[idx]) {
				// The newcomer needs others to make a team here.
				more := q.restaff(a, idx, q.file.Policy.Team(), "")
				if more.Action == "cancelled" {
					a[idx] = was
					continue
				}
				step.Added = append(step.Added, more.Added...)
			}
			slices.Sort(a[idx])
			tl = append(tl, entry{in, true})
			sortTimeline(tl)
			rep.Changes = append(rep.Changes, step)
		}
	}
	rep.Changed = len(rep.Changes)
	out := q.rotaOf(a)
	if vs := q.check(a); len(vs) > 0 {
		return watch.Rota{}, RepairReport{}, fmt.Errorf("repair broke a rule (%s on %s: %s): this is a defect of armband", vs[0].Shift, vs[0].Date, vs[0].Rule)
	}
	return out, rep, nil
}

// restaff brings an instance's team back towards want (at most its
// need) with volunteers no rule keeps out (never the one named never), fewest hours in the horizon
// first, then by id; when no team of min_team that keeps the night rule
// can be made, it cancels the instance rather than send anyone alone.
func (p *Problem) restaff(a [][]string, idx int, want int, never string) RepairStep {
	in := &p.instances[idx]
	step := RepairStep{Shift: in.Shift, Date: in.Date}
	want = min(want, in.Need)
	hoursOf := map[string]time.Duration{}
	for i := range p.instances {
		for _, v := range a[i] {
			hoursOf[v] += p.instances[i].End.Sub(p.instances[i].Start)
		}
	}
	for len(a[idx]) < want {
		tls := p.timelinesOf(a)
		var cands []string
		for vi := range p.file.Volunteers {
			v := &p.file.Volunteers[vi]
			if v.ID == never || slices.Contains(a[idx], v.ID) {
				continue
			}
			if rules, _ := p.keptOut(v, in, tls[v.ID]); len(rules) == 0 {
				cands = append(cands, v.ID)
			}
		}
		if len(cands) == 0 {
			break
		}
		slices.SortFunc(cands, func(x, y string) int { return cmp.Or(cmp.Compare(hoursOf[x], hoursOf[y]), strings.Compare(x, y)) })
		// Prefer someone who keeps the night rule for the team.
		pick := cands[0]
		for _, c := range cands {
			if p.nightKept(in, append(slices.Clone(a[idx]), c)) {
				pick = c
				break
			}
		}
		a[idx] = append(a[idx], pick)
		step.Added = append(step.Added, pick)
		hoursOf[pick] += in.End.Sub(in.Start)
	}
	team := a[idx]
	switch {
	case len(team) > 0 && (len(team) < p.file.Policy.Team() || !p.nightKept(in, team)):
		step.Action = "cancelled"
		step.Removed = slices.DeleteFunc(slices.Clone(team), func(v string) bool { return slices.Contains(step.Added, v) })
		step.Added = nil
		a[idx] = nil
	case len(team) == 0:
		step.Action = "cancelled"
	case len(step.Added) > 0:
		step.Action = "replaced"
	default:
		step.Action = "removed"
	}
	if len(team) > 0 {
		slices.Sort(a[idx])
	}
	return step
}

// rotaOf writes an assignment as a rota of the problem, with gaps and
// stats as generation writes them.
func (p *Problem) rotaOf(a [][]string) watch.Rota {
	s := newSolver(p)
	teams := make([][]int32, len(a))
	for i, vs := range a {
		for _, v := range vs {
			teams[i] = append(teams[i], int32(p.volIndex[v]))
		}
	}
	s.load(teams)
	return s.rota()
}

// splitRange returns the dates of period without those in skip, as
// ranges; it walks the skipped dates, not the period's.
func splitRange(period watch.DateRange, skip map[watch.Date]bool) []watch.DateRange {
	var out []watch.DateRange
	cur := period.From
	for _, d := range slices.SortedFunc(maps.Keys(skip), watch.Date.Compare) {
		if !period.Contains(d) {
			continue
		}
		if d.After(cur) {
			out = append(out, watch.DateRange{From: cur, To: d.AddDays(-1)})
		}
		cur = d.AddDays(1)
	}
	if !cur.After(period.To) {
		out = append(out, watch.DateRange{From: cur, To: period.To})
	}
	return out
}

func inAny(ranges []watch.DateRange, d watch.Date) bool {
	return slices.ContainsFunc(ranges, func(r watch.DateRange) bool { return r.Contains(d) })
}

// problemReleasing makes the problem of a changed programme, releasing
// (removing) each fixed assignment that can no longer be made a team.
func problemReleasing(f *watch.ProgramFile) (*Problem, []watch.Fixed, error) {
	var released []watch.Fixed
	for {
		q, err := NewProblem(f)
		if err == nil {
			return q, released, nil
		}
		drop := map[int]bool{}
		for _, fe := range watch.FieldErrors(err) {
			var i int
			if n, _ := fmt.Sscanf(fe.Path, "fixed[%d]", &i); n == 1 && i < len(f.Fixed) {
				drop[i] = true
			}
		}
		if len(drop) == 0 {
			return nil, nil, err
		}
		var kept []watch.Fixed
		for i, x := range f.Fixed {
			if drop[i] {
				released = append(released, x)
			} else {
				kept = append(kept, x)
			}
		}
		f.Fixed = kept
	}
}
