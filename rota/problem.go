package rota

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Instance is a shift template on one date: the unit a rota fills.
type Instance struct {
	Shift string
	Date  watch.Date
	Beat  string
	// Start and End are instants in the programme's zone; End - Start is
	// the instance's length in absolute time.
	Start, End time.Time
	Need       int
	// Fixed lists the volunteers a fixed assignment puts on the instance.
	Fixed []string
	// template is the shift's position in the programme file.
	template int
}

// Hours returns the instance's length in hours of absolute time.
func (in Instance) Hours() float64 { return in.End.Sub(in.Start).Hours() }

func (in Instance) key() instanceKey { return instanceKey{in.Shift, in.Date} }

type instanceKey struct {
	shift string
	date  watch.Date
}

// Problem is a programme file made ready for rota work: the shift
// instances of the horizon with their instants, the fixed assignments
// checked, and the facts (fixed assignments outside the horizon) that
// count for the rules of the instances inside it. A Problem is read-only
// once made and safe for concurrent use.
type Problem struct {
	file      *watch.ProgramFile
	loc       *time.Location
	instances []Instance
	byKey     map[instanceKey]int
	// facts are fixed assignments outside the horizon, never judged.
	facts    []Instance
	volIndex map[string]int

	classOf []int     // per instance, its eligibility class
	elig    [][]int32 // per class, the volunteers who may work it
}

// NewProblem expands a programme file into a Problem. It validates the
// file, requires a horizon, expands each shift template over the horizon
// (dates and instants by docs/formats.md section 0.2; an instance a clock change
// swallows does not take place), and refuses, naming fixed[i], a fixed
// assignment that names an instance that does not take place or one that
// another fixed assignment names too, or that together with the other
// fixed assignments breaks a rule other than team and night.
func NewProblem(f *watch.ProgramFile) (*Problem, error) {
	return NewProblemWithin(f, watch.InputLimits{})
}

// NewProblemWithin is NewProblem with the size limits of lim (horizon
// days, volunteers, instances; zero fields take the defaults of
// docs/formats.md section 0.7).
func NewProblemWithin(f *watch.ProgramFile, lim watch.InputLimits) (*Problem, error) {
	if err := f.ValidateWithin(lim); err != nil {
		return nil, err
	}
	f = f.Clone() // the Problem keeps its own copy: the caller may change theirs
	if f.Horizon.IsZero() {
		return nil, &watch.FieldError{Path: "horizon", Reason: "is required to make a rota"}
	}
	loc, err := f.Location()
	if err != nil {
		return nil, err
	}
	p := &Problem{file: f, loc: loc, byKey: map[instanceKey]int{}, volIndex: map[string]int{}}
	for i, v := range f.Volunteers {
		p.volIndex[v.ID] = i
	}
	for d := f.Horizon.From; !d.After(f.Horizon.To); d = d.AddDays(1) {
		for si := range f.Shifts {
			if in, ok := p.instance(si, d); ok {
				p.instances = append(p.instances, in)
			}
		}
	}
	slices.SortStableFunc(p.instances, func(a, b Instance) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Shift, b.Shift))
	})
	for i, in := range p.instances {
		p.byKey[in.key()] = i
	}

	var pr strict.Problems
	fixedAt := map[instanceKey]int{}
	for i, fx := range f.Fixed {
		path := strict.IndexPath("fixed", i)
		key := instanceKey{fx.Shift, fx.Date}
		if j, dup := fixedAt[key]; dup {
			pr.Add(path, nil, fmt.Sprintf("names the instance of %q on %s that fixed[%d] names too", fx.Shift, fx.Date, j))
			continue
		}
		fixedAt[key] = i
		if !f.Horizon.Contains(fx.Date) {
			in, ok := p.instance(p.templateOf(fx.Shift), fx.Date)
			if !ok {
				pr.Add(path+".date", fx.Date.String(), "is a date the clock change leaves shift "+fx.Shift+" no time on")
				continue
			}
			in.Fixed = slices.Clone(fx.Volunteers)
			p.facts = append(p.facts, in)
			continue
		}
		idx, ok := p.byKey[key]
		if !ok {
			pr.Add(path+".date", fx.Date.String(), "is a date the clock change leaves shift "+fx.Shift+" no time on")
			continue
		}
		p.instances[idx].Fixed = slices.Clone(fx.Volunteers)
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	// The fixed assignments alone must keep every rule but team and night.
	for _, v := range p.check(p.fixedAssignment()) {
		if v.Rule == RuleTeam || v.Rule == RuleNight {
			continue
		}
		i := fixedAt[instanceKey{v.Shift, v.Date}]
		pr.Add(strict.IndexPath("fixed", i), nil, fmt.Sprintf("puts %s on %s on %s, which breaks the rule %s", v.Volunteer, v.Shift, v.Date, v.Rule))
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	p.makeClasses()
	s := newSolver(p)
	s.placeFixed()
	if err := s.completeFixedTeams(); err != nil {
		return nil, err
	}
	return p, nil
}

// instance builds the instance of template si on date d, if it takes place.
func (p *Problem) instance(si int, d watch.Date) (Instance, bool) {
	s := p.file.Shifts[si]
	start, end, ok := s.Instance(d, p.loc)
	if !ok {
		return Instance{}, false
	}
	return Instance{Shift: s.ID, Date: d, Beat: s.Beat, Start: start, End: end, Need: s.Need, template: si}, true
}

func (p *Problem) templateOf(shift string) int {
	return slices.IndexFunc(p.file.Shifts, func(s watch.Shift) bool { return s.ID == shift })
}

// fixedAssignment is the assignment the fixed assignments alone make.
func (p *Problem) fixedAssignment() [][]string {
	a := make([][]string, len(p.instances))
	for i, in := range p.instances {
		a[i] = in.Fixed
	}
	return a
}

// Program returns a copy of the programme file the problem was made from.
func (p *Problem) Program() *watch.ProgramFile { return p.file.Clone() }

// Location returns the programme's zone.
func (p *Problem) Location() *time.Location { return p.loc }

// Horizon returns the horizon.
func (p *Problem) Horizon() watch.DateRange { return p.file.Horizon }

// Instances returns the instances of the horizon that take place, sorted
// by start, then shift. The slice is a copy.
func (p *Problem) Instances() []Instance { return slices.Clone(p.instances) }

// Facts returns the fixed assignments outside the horizon as instances
// with their volunteers in Fixed. The slice is a copy.
func (p *Problem) Facts() []Instance { return slices.Clone(p.facts) }

// InstanceIndex returns the position in Instances of the instance of
// shift on date.
func (p *Problem) InstanceIndex(shift string, date watch.Date) (int, bool) {
	i, ok := p.byKey[instanceKey{shift, date}]
	return i, ok
}

// limits returns the band limits in force for volunteer v on date d.
func (p *Problem) limits(v *watch.Volunteer, d watch.Date) watch.Limits {
	return p.file.Policy.Limits(v.AgeOn(d))
}

// eligiblePairs counts the (instance, volunteer) pairs that no rule of one
// volunteer on one instance keeps apart: the size that generation's cost
// grows with.
func eligiblePairs(p *Problem) int {
	n := 0
	for _, c := range p.classOf {
		n += len(p.elig[c])
	}
	return n
}

// Eligible returns the ids, in file order, of the volunteers whom no rule
// of one volunteer on one instance keeps off instance i of Instances
// (inactive, min_age, age_band, shift_length, band_hours, unavailable):
// the volunteers a rota may put there as far as the instance alone goes.
// It panics when i is out of range, like a slice index.
func (p *Problem) Eligible(i int) []string {
	list := p.elig[p.classOf[i]]
	ids := make([]string, len(list))
	for k, v := range list {
		ids[k] = p.file.Volunteers[v].ID
	}
	return ids
}

// AtNight reports whether instance i of Instances needs a team member
// younger than night.require_member_under: it shares time with the
// policy's night window and that age is set.
func (p *Problem) AtNight(i int) bool {
	n := p.file.Policy.Night
	return n != nil && n.RequireMemberUnder > 0 && p.atNight(&p.instances[i])
}
