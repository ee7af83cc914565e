package watch

import (
	"github.com/armband/armband/internal/strict"

	"io"
	"slices"
	"time"
)

// Program identifies a watch patrol team (治安巡逻队) and the zone of every
// date and clock time in its file.
type Program struct {
	ID   string `json:"id" armband:"required"`
	Name string `json:"name,omitempty"`
	// Timezone is an IANA zone name, such as Asia/Shanghai.
	Timezone  string     `json:"timezone" armband:"required"`
	Community *Community `json:"community,omitempty"`
}

// Community describes the estate (社区 / 小区) a programme watches.
type Community struct {
	Name      string  `json:"name,omitempty"`
	AreaKM2   float64 `json:"area_km2,omitempty"`
	Buildings int     `json:"buildings,omitempty"`
	Residents int     `json:"residents,omitempty"`
}

// Beat is an area a patrol walks (片区).
type Beat struct {
	ID   string `json:"id" armband:"required"`
	Name string `json:"name,omitempty"`
}

// ContactPoint is a security contact point (治安信息联系点): a fixed place
// where residents and patrols report.
type ContactPoint struct {
	ID    string `json:"id" armband:"required"`
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Fixed pins volunteers to one shift instance. Outside the horizon it is a
// fact that counts for the rules of the instances inside; inside, a
// generated rota keeps it and may add volunteers up to the shift's need.
type Fixed struct {
	Shift      string   `json:"shift" armband:"required"`
	Date       Date     `json:"date" armband:"required"`
	Volunteers []string `json:"volunteers" armband:"required"`
}

// ProgramFile is the programme file of docs/formats.md section 1.1: the input of
// rota generation and of reports.
type ProgramFile struct {
	// FormatTag is the optional "format": "armband/v1" of the file.
	FormatTag     string         `json:"format,omitempty"`
	Program       Program        `json:"program" armband:"required"`
	ContactPoints []ContactPoint `json:"contact_points,omitempty"`
	Beats         []Beat         `json:"beats,omitempty"`
	Volunteers    []Volunteer    `json:"volunteers,omitempty"`
	Shifts        []Shift        `json:"shifts,omitempty"`
	Policy        RotaRules      `json:"policy,omitzero"`
	// Horizon is the inclusive range of dates a rota covers. It is
	// optional here; rota generation and checking require it.
	Horizon DateRange `json:"horizon,omitzero"`
	Fixed   []Fixed   `json:"fixed,omitempty"`
	// Kinds declares the programme's own incident kinds.
	Kinds []KindDef `json:"kinds,omitempty"`
}

// LoadProgramFile reads a programme file as strict JSON and validates it.
// On failure the error joins one *FieldError per problem (see FieldErrors),
// all of them rather than the first, and nothing is returned.
func LoadProgramFile(r io.Reader) (*ProgramFile, error) { return Loader{}.ProgramFile(r) }

// ProgramFile is LoadProgramFile within the loader's limits.
func (l Loader) ProgramFile(r io.Reader) (*ProgramFile, error) {
	var pf ProgramFile
	if err := l.decode(r, &pf, pf.validate); err != nil {
		return nil, err
	}
	return &pf, nil
}

// Clone returns a deep copy of the programme file: no list, map or
// pointer of the copy is shared with pf.
func (pf *ProgramFile) Clone() *ProgramFile {
	c := *pf
	if pf.Program.Community != nil {
		com := *pf.Program.Community
		c.Program.Community = &com
	}
	c.ContactPoints = slices.Clone(pf.ContactPoints)
	c.Beats = slices.Clone(pf.Beats)
	c.Volunteers = slices.Clone(pf.Volunteers)
	for i := range c.Volunteers {
		c.Volunteers[i] = c.Volunteers[i].Clone()
	}
	c.Shifts = slices.Clone(pf.Shifts)
	for i := range c.Shifts {
		c.Shifts[i].Days = slices.Clone(c.Shifts[i].Days)
	}
	c.Policy = pf.Policy.Clone()
	c.Fixed = slices.Clone(pf.Fixed)
	for i := range c.Fixed {
		c.Fixed[i].Volunteers = slices.Clone(c.Fixed[i].Volunteers)
	}
	c.Kinds = slices.Clone(pf.Kinds)
	return &c
}

// Location loads the programme's time zone.
func (pf *ProgramFile) Location() (*time.Location, error) {
	return LoadLocation(pf.Program.Timezone)
}

// LoadLocation loads an IANA time zone by name. The empty name and "Local"
// are refused: a file's meaning must not depend on the machine reading it.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, &FieldError{Value: quoteValue(name), Reason: "is not an IANA time zone name"}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &FieldError{Value: quoteValue(name), Reason: "is not a known IANA time zone"}
	}
	return loc, nil
}

// Volunteer returns the volunteer with the given id.
func (pf *ProgramFile) Volunteer(id string) (Volunteer, bool) {
	for _, v := range pf.Volunteers {
		if v.ID == id {
			return v, true
		}
	}
	return Volunteer{}, false
}

// Beat returns the beat with the given id.
func (pf *ProgramFile) Beat(id string) (Beat, bool) {
	for _, b := range pf.Beats {
		if b.ID == id {
			return b, true
		}
	}
	return Beat{}, false
}

// ContactPoint returns the security contact point with the given id.
func (pf *ProgramFile) ContactPoint(id string) (ContactPoint, bool) {
	for _, c := range pf.ContactPoints {
		if c.ID == id {
			return c, true
		}
	}
	return ContactPoint{}, false
}

// Shift returns the shift template with the given id.
func (pf *ProgramFile) Shift(id string) (Shift, bool) {
	for _, s := range pf.Shifts {
		if s.ID == id {
			return s, true
		}
	}
	return Shift{}, false
}

// Validate checks everything docs/formats.md section 1 fixes that does
// not need a rota engine: zone, ids, references, windows, limits, bands,
// the team size of every shift, fixed assignments that name a missing
// shift or volunteer, a date the shift does not run, someone twice, or
// more people than the shift needs, and the size limits of section 0.7
// (horizon days, volunteers, instances) at their defaults. The rules a
// fixed assignment may break are checked by the rota package.
func (pf *ProgramFile) Validate() error { return pf.ValidateWithin(InputLimits{}) }

// ValidateWithin is Validate with the size limits of lim (zero fields
// take the defaults).
func (pf *ProgramFile) ValidateWithin(lim InputLimits) error {
	p := strict.NewProblems(lim.Problems)
	pf.validate(p, lim.withDefaults())
	return p.Err()
}

func (pf *ProgramFile) validate(p *strict.Problems, lim InputLimits) { pf.check(p, lim, true) }

// check validates the file; withVolunteers says whether the volunteers
// named by fixed assignments must be in the file (a stored programme
// record keeps its volunteers elsewhere).
func (pf *ProgramFile) check(p *strict.Problems, lim InputLimits, withVolunteers bool) {
	strict.CheckFormat(p, pf.FormatTag)
	nonEmpty(p, "program.id", pf.Program.ID)
	if _, err := pf.Location(); err != nil {
		p.AddErr("program.timezone", err)
	}
	if c := pf.Program.Community; c != nil {
		within(p, "program.community.area_km2", c.AreaKM2, MaxCount)
		within(p, "program.community.buildings", c.Buildings, MaxCount)
		within(p, "program.community.residents", c.Residents, MaxCount)
	}
	if n := len(pf.Volunteers); n > lim.Volunteers {
		p.Add("volunteers", nil, "lists "+itoa(n)+" volunteers, "+overLimit("volunteers", int64(lim.Volunteers)))
	}
	uniqueIDs(p, "contact_points", pf.ContactPoints, func(c ContactPoint) string { return c.ID })
	beats := uniqueIDs(p, "beats", pf.Beats, func(b Beat) string { return b.ID })
	vols := uniqueIDs(p, "volunteers", pf.Volunteers, func(v Volunteer) string { return v.ID })
	shifts := uniqueIDs(p, "shifts", pf.Shifts, func(s Shift) string { return s.ID })
	pf.Policy.validate(p, "policy")
	for i, v := range pf.Volunteers {
		v.validate(p, index("volunteers", i))
	}
	for i, s := range pf.Shifts {
		sp := index("shifts", i)
		if s.Beat != "" && !beats[s.Beat] {
			p.Add(sp+".beat", s.Beat, "is not the id of a beat")
		}
		s.validate(p, sp, pf.Policy.Team())
	}
	if !pf.Horizon.IsZero() {
		pf.validateHorizon(p, lim)
	}
	for i, f := range pf.Fixed {
		fp := index("fixed", i)
		s, _ := pf.Shift(f.Shift)
		switch {
		case !shifts[f.Shift]:
			p.Add(fp+".shift", f.Shift, "is not the id of a shift")
		case !f.Date.IsZero() && !s.RunsOn(f.Date):
			p.Add(fp+".date", f.Date.String(), "is a "+Weekday(f.Date.Weekday()).String()+", a day shift "+quoteValue(s.ID)+" does not run")
		case s.Need >= 1 && len(f.Volunteers) > s.Need:
			p.Add(fp+".volunteers", nil, "names "+itoa(len(f.Volunteers))+" volunteers, more than the shift's need of "+itoa(s.Need))
		}
		named := map[string]bool{}
		for j, v := range f.Volunteers {
			vp := index(fp+".volunteers", j)
			if withVolunteers && !vols[v] {
				p.Add(vp, v, "is not the id of a volunteer")
			}
			if named[v] {
				p.Add(vp, v, "is named twice")
			}
			named[v] = true
		}
	}
	validateKindDefs(p, "kinds", pf.Kinds)
}

// validateHorizon checks the horizon's order and size: at most
// lim.HorizonDays days, at most lim.Instances shift instances, and dates
// that leave every instance, which may end on the next date, inside the
// years 0001 to 9999.
func (pf *ProgramFile) validateHorizon(p *strict.Problems, lim InputLimits) {
	h := pf.Horizon
	h.validate(p, "horizon")
	if h.From.Before(FirstDate.AddDays(1)) {
		p.Add("horizon.from", h.From.String(), "is before 0001-01-02, the first date a horizon may start")
	}
	if h.To.After(LastDate.AddDays(-1)) {
		p.Add("horizon.to", h.To.String(), "is after 9999-12-30, the last date a horizon may end")
	}
	days := h.From.DaysUntil(h.To) + 1
	if days > lim.HorizonDays {
		p.Add("horizon", h.String(), "covers "+itoa(days)+" days, "+overLimit("horizon_days", int64(lim.HorizonDays)))
		return
	}
	if days < 1 {
		return
	}
	// Instances, without making them: the dates of each weekday, then
	// each shift's days.
	var perWeekday [7]int
	for d := 0; d < days; d++ {
		perWeekday[(int(h.From.Weekday())+d)%7]++
	}
	n := 0
	for _, s := range pf.Shifts {
		for wd := range 7 {
			if s.Days.Has(time.Weekday(wd)) {
				n += perWeekday[wd]
			}
		}
	}
	if n > lim.Instances {
		p.Add("horizon", h.String(), "makes "+itoa(n)+" shift instances, "+overLimit("instances", int64(lim.Instances)))
	}
}

func nonEmpty(p *strict.Problems, path, v string) {
	if v == "" {
		p.Add(path, v, "is empty")
	}
}

// uniqueIDs checks that every id of a list is non-empty and unique, and
// returns the set of ids.
func uniqueIDs[T any](p *strict.Problems, path string, list []T, id func(T) string) map[string]bool {
	first := map[string]int{}
	set := map[string]bool{}
	for i, x := range list {
		ip := index(path, i) + ".id"
		v := id(x)
		if v == "" {
			p.Add(ip, v, "is empty")
			continue
		}
		if j, dup := first[v]; dup {
			p.Add(ip, v, "is used twice (first at "+index(path, j)+")")
			continue
		}
		first[v] = i
		set[v] = true
	}
	return set
}
