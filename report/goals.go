package report

import (
	"io"
	"slices"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Goal is one "no" goal: it is achieved over a period when no counted
// incident of one of its kinds, at MinSeverity or above, occurred.
type Goal struct {
	ID     string       `json:"id" armband:"required"`
	Name   string       `json:"name,omitempty"`
	NameEn string       `json:"name_en,omitempty"`
	Kinds  []watch.Kind `json:"kinds" armband:"required"`
	// MinSeverity is the least severity that breaks the goal; zero means
	// any.
	MinSeverity watch.Severity `json:"min_severity,omitempty"`
	// Weight is the goal's share of the score, above 0; zero means 1.
	Weight float64 `json:"weight,omitempty"`
	// Veto makes a failed goal fail the whole score (一票否决).
	Veto bool `json:"veto,omitempty"`
}

// weight returns the goal's weight with its default.
func (g Goal) weight() float64 {
	if g.Weight == 0 {
		return 1
	}
	return g.Weight
}

// Breaks reports whether inc matches the goal: its kind is one of the
// goal's and its severity at least MinSeverity. Whether it counts in a
// period is for Score to decide.
func (g Goal) Breaks(inc watch.Incident) bool {
	return slices.Contains(g.Kinds, inc.Kind) && inc.Severity >= g.MinSeverity
}

// GoalSet is a list of goals, the kinds they may use beyond the built-in
// ones, and an optional scoring scheme: the goals file of docs/formats.md
// section 5.1.
type GoalSet struct {
	// FormatTag is the optional "format": "armband/v1" of the file.
	FormatTag string          `json:"format,omitempty"`
	Goals     []Goal          `json:"goals" armband:"required"`
	Kinds     []watch.KindDef `json:"kinds,omitempty"`
	// Scheme adds a locality's way of scoring to the output; nil keeps
	// docs/formats.md section 5.1 alone.
	Scheme *Scheme `json:"scheme,omitempty"`
}

// SixNos returns the built-in default: the six nos (六无) of the Nanhuan
// No. 2 community.
func SixNos() GoalSet {
	return GoalSet{Goals: []Goal{
		{ID: "no_home_robbery", Name: "无入室抢劫", NameEn: "No home robbery", Kinds: []watch.Kind{watch.KindHomeRobbery}},
		{ID: "no_major_dispute", Name: "无重大民事纠纷", NameEn: "No major civil dispute", Kinds: []watch.Kind{watch.KindCivilDispute}, MinSeverity: watch.SeverityMajor},
		{ID: "no_major_accident", Name: "无重大安全事故", NameEn: "No major safety accident", Kinds: []watch.Kind{watch.KindSafetyAccident}, MinSeverity: watch.SeverityMajor},
		{ID: "no_collective_petition", Name: "无集访事件", NameEn: "No collective petition", Kinds: []watch.Kind{watch.KindCollectivePetition}},
		{ID: "no_vicious_case", Name: "无恶性案件", NameEn: "No serious violent crime", Kinds: []watch.Kind{watch.KindViolentCrime}},
		{ID: "no_fire", Name: "无火灾事故", NameEn: "No fire", Kinds: []watch.Kind{watch.KindFire}},
	}}
}

// SichuanSixNos returns the Sichuan "six nos": no gang crime, no drugs, no
// cult, no homicide, no major safety accident, no mass incident
// (无黑恶、无毒害、无邪教、无命案、无重大安全事故、无群体性事件).
func SichuanSixNos() GoalSet {
	return GoalSet{Goals: []Goal{
		{ID: "no_gang_crime", Name: "无黑恶", NameEn: "No gang crime", Kinds: []watch.Kind{watch.KindGangCrime}},
		{ID: "no_drugs", Name: "无毒害", NameEn: "No drugs", Kinds: []watch.Kind{watch.KindDrugs}},
		{ID: "no_cult", Name: "无邪教", NameEn: "No cult", Kinds: []watch.Kind{watch.KindCult}},
		{ID: "no_homicide", Name: "无命案", NameEn: "No homicide", Kinds: []watch.Kind{watch.KindHomicide}},
		{ID: "no_major_accident", Name: "无重大安全事故", NameEn: "No major safety accident", Kinds: []watch.Kind{watch.KindSafetyAccident}, MinSeverity: watch.SeverityMajor},
		{ID: "no_mass_incident", Name: "无群体性事件", NameEn: "No mass incident", Kinds: []watch.Kind{watch.KindMassIncident}},
	}}
}

// LoadGoals reads a goals file as strict JSON and validates it.
func LoadGoals(r io.Reader) (*GoalSet, error) {
	var g GoalSet
	if err := strict.Decode(r, &g, g.validate, strict.Limits{}); err != nil {
		return nil, err
	}
	return &g, nil
}

// Validate checks the goal set: at least one goal, unique non-empty ids,
// each goal with at least one built-in or declared kind and a weight above
// 0 when set, and a valid scheme.
func (g GoalSet) Validate() error {
	var p strict.Problems
	g.validate(&p)
	return p.Err()
}

func (g *GoalSet) validate(p *strict.Problems) {
	strict.CheckFormat(p, g.FormatTag)
	kinds, err := watch.NewKinds(g.Kinds)
	if err != nil {
		p.AddErr("", err)
	}
	if len(g.Goals) == 0 {
		p.Add("goals", nil, "must list at least one goal")
	}
	seen := map[string]bool{}
	for i, goal := range g.Goals {
		gp := strict.IndexPath("goals", i)
		switch {
		case goal.ID == "":
			p.Add(gp+".id", goal.ID, "is empty")
		case seen[goal.ID]:
			p.Add(gp+".id", goal.ID, "is used twice")
		}
		seen[goal.ID] = true
		if len(goal.Kinds) == 0 {
			p.Add(gp+".kinds", nil, "must list at least one kind")
		}
		for j, k := range goal.Kinds {
			if !kinds.Has(k) {
				p.Add(strict.IndexPath(gp+".kinds", j), string(k), "is not a built-in or declared kind")
			}
		}
		if goal.Weight < 0 {
			p.Add(gp+".weight", goal.Weight, "must be above 0")
		}
		if goal.MinSeverity < 0 || goal.MinSeverity > watch.SeverityCritical {
			p.Add(gp+".min_severity", goal.MinSeverity.String(), "is not a severity")
		}
	}
	if g.Scheme != nil {
		g.Scheme.validate(p, "scheme")
	}
}
