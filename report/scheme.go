package report

import (
	"math/big"
	"slices"
	"strconv"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// Scheme is a locality's way of scoring, chosen by a goal set. Each part
// is optional; each adds its outcome to the scoring's scheme object and
// leaves the keys of docs/formats.md section 5.2 as they are.
type Scheme struct {
	// Deduction takes points off a base for every counted incident that
	// breaks a goal.
	Deduction *Deduction `json:"deduction,omitempty"`
	// Rate compares counted incidents per Per residents with a threshold.
	Rate *Rate `json:"rate,omitempty"`
	// Tiers map the scheme's score to star levels.
	Tiers []Tier `json:"tiers,omitempty"`
}

// MaxPoints bounds every figure of a deduction (base, points,
// resolved_points, cap), so that any number of deductions adds up to a
// finite score (docs/formats.md section 0.7).
const MaxPoints = 1_000_000

// Deduction is points deducted per counted incident, with a smaller
// deduction once the incident is resolved, and a cap.
type Deduction struct {
	// Base is the score before deductions; zero means 100.
	Base float64 `json:"base,omitempty"`
	// Points are deducted for each (goal, incident) pair: an incident that
	// breaks two goals costs twice.
	Points float64 `json:"points" armband:"required"`
	// ResolvedPoints, when set, are deducted instead once the incident is
	// resolved (a solved case costs less).
	ResolvedPoints *float64 `json:"resolved_points,omitempty"`
	// Cap is the most that is deducted in all; zero does not cap.
	Cap float64 `json:"cap,omitempty"`
}

// Rate compares the counted incidents per Per residents of the community
// with a threshold.
type Rate struct {
	// Per is the number of residents the rate is per; zero means 1,000.
	Per int `json:"per,omitempty"`
	// Threshold is the highest rate that is within the scheme.
	Threshold float64 `json:"threshold" armband:"required"`
	// Count says which incidents count: "goals" (the default: counted
	// incidents that break a goal), "police_cases" (counted police cases)
	// or "all" (every counted incident).
	Count string `json:"count,omitempty"`
	// Veto makes a rate above the threshold set the scheme's score to 0.
	Veto bool `json:"veto,omitempty"`
}

// Tier is a score band: a scheme score of MinScore or more earns Stars.
type Tier struct {
	MinScore float64 `json:"min_score"`
	Stars    int     `json:"stars"`
	Name     string  `json:"name,omitempty"`
	NameEn   string  `json:"name_en,omitempty"`
}

// SchemeResult is the outcome of a scheme. Score is the scheme's own score:
// the deduction score when there is a deduction, the section 5 score
// otherwise, and 0 when a veto goal failed or a vetoing rate is exceeded.
type SchemeResult struct {
	Score     float64          `json:"score"`
	Deduction *DeductionResult `json:"deduction,omitempty"`
	Rate      *RateResult      `json:"rate,omitempty"`
	Tier      *TierResult      `json:"tier,omitempty"`
}

// DeductionResult lists every deduction: which incident broke which goal
// and how many points it cost.
type DeductionResult struct {
	Base     float64         `json:"base"`
	Deducted float64         `json:"deducted"`
	Capped   bool            `json:"capped"`
	Score    float64         `json:"score"`
	Items    []DeductionItem `json:"items"`
}

// DeductionItem is the cost of one incident to one goal.
type DeductionItem struct {
	Goal     string  `json:"goal"`
	Incident string  `json:"incident"`
	Resolved bool    `json:"resolved"`
	Points   float64 `json:"points"`
}

// RateResult is the outcome of a rate: the incidents counted, the rate per
// Per residents rounded half away from zero to two decimals, and whether
// it is within the threshold (compared exactly, before rounding).
type RateResult struct {
	Residents int      `json:"residents"`
	Per       int      `json:"per"`
	Count     string   `json:"count"`
	Incidents []string `json:"incidents"`
	Rate      float64  `json:"rate"`
	Threshold float64  `json:"threshold"`
	Within    bool     `json:"within"`
}

// TierResult is the tier the scheme's score reached; Stars is 0 and the
// rest empty when it reached none.
type TierResult struct {
	Stars    int     `json:"stars"`
	MinScore float64 `json:"min_score"`
	Name     string  `json:"name,omitempty"`
	NameEn   string  `json:"name_en,omitempty"`
}

// The values of Rate.Count.
const (
	CountGoals       = "goals"
	CountPoliceCases = "police_cases"
	CountAll         = "all"
)

func (s *Scheme) validate(p *strict.Problems, path string) {
	if d := s.Deduction; d != nil {
		dp := path + ".deduction"
		if d.Base < 0 || d.Base > MaxPoints {
			p.Add(dp+".base", d.Base, "must be from 0 to "+itoa(MaxPoints))
		}
		if d.Points <= 0 || d.Points > MaxPoints {
			p.Add(dp+".points", d.Points, "must be above 0 and at most "+itoa(MaxPoints))
		}
		if d.ResolvedPoints != nil && (*d.ResolvedPoints < 0 || *d.ResolvedPoints > d.Points) {
			p.Add(dp+".resolved_points", *d.ResolvedPoints, "must be from 0 to points")
		}
		if d.Cap < 0 || d.Cap > MaxPoints {
			p.Add(dp+".cap", d.Cap, "must be from 0 to "+itoa(MaxPoints))
		}
	}
	if r := s.Rate; r != nil {
		rp := path + ".rate"
		if r.Per < 0 || r.Per > watch.MaxCount {
			p.Add(rp+".per", r.Per, "must be from 0 to "+itoa(watch.MaxCount))
		}
		if r.Threshold < 0 || r.Threshold > watch.MaxCount {
			p.Add(rp+".threshold", r.Threshold, "must be from 0 to "+itoa(watch.MaxCount))
		}
		switch r.Count {
		case "", CountGoals, CountPoliceCases, CountAll:
		default:
			p.Add(rp+".count", r.Count, "is not goals, police_cases or all")
		}
	}
	seen := map[float64]int{}
	for i, t := range s.Tiers {
		tp := strict.IndexPath(path+".tiers", i)
		if t.MinScore < 0 || t.MinScore > 100 {
			p.Add(tp+".min_score", t.MinScore, "must be from 0 to 100")
		}
		if j, dup := seen[t.MinScore]; dup {
			p.Add(tp+".min_score", t.MinScore, "is the min_score of tiers["+strconv.Itoa(j)+"] too")
		}
		seen[t.MinScore] = i
		if t.Stars < 0 {
			p.Add(tp+".stars", t.Stars, "must not be negative")
		}
	}
}

// apply works out the scheme for a scoring.
func (s *Scheme) apply(g GoalSet, counted []watch.Incident, sc Scoring, opt Options) *SchemeResult {
	out := &SchemeResult{Score: sc.Score}
	vetoed := false
	for i, goal := range g.Goals {
		if goal.Veto && !sc.Goals[i].Achieved {
			vetoed = true
		}
	}
	if d := s.Deduction; d != nil {
		out.Deduction = d.apply(g, counted, vetoed)
		out.Score = out.Deduction.Score
	}
	if r := s.Rate; r != nil {
		out.Rate = r.apply(g, counted, opt.Residents)
		if r.Veto && !out.Rate.Within {
			out.Score = 0
		}
	}
	if len(s.Tiers) > 0 {
		out.Tier = pickTier(s.Tiers, out.Score)
	}
	return out
}

func (d *Deduction) apply(g GoalSet, counted []watch.Incident, vetoed bool) *DeductionResult {
	base := 100.0
	if d.Base != 0 {
		base = d.Base
	}
	res := &DeductionResult{Base: base, Items: []DeductionItem{}}
	total := new(big.Rat)
	for _, goal := range g.Goals {
		for _, inc := range counted {
			if !goal.Breaks(inc) {
				continue
			}
			item := DeductionItem{Goal: goal.ID, Incident: inc.ID, Points: d.Points}
			if inc.State() == watch.StateResolved {
				item.Resolved = true
				if d.ResolvedPoints != nil {
					item.Points = *d.ResolvedPoints
				}
			}
			total.Add(total, exact(item.Points))
			res.Items = append(res.Items, item)
		}
	}
	if d.Cap != 0 && total.Cmp(exact(d.Cap)) > 0 {
		total = exact(d.Cap)
		res.Capped = true
	}
	res.Deducted = roundTo(total, 2)
	score := new(big.Rat).Sub(exact(base), total)
	if score.Sign() < 0 || vetoed {
		score.SetInt64(0)
	}
	res.Score = roundTenth(score)
	return res
}

func (r *Rate) apply(g GoalSet, counted []watch.Incident, residents int) *RateResult {
	per := r.Per
	if per == 0 {
		per = 1000
	}
	count := r.Count
	if count == "" {
		count = CountGoals
	}
	res := &RateResult{Residents: residents, Per: per, Count: count, Threshold: r.Threshold, Incidents: []string{}}
	for _, inc := range counted {
		in := false
		switch count {
		case CountAll:
			in = true
		case CountPoliceCases:
			in = inc.PoliceCase
		default:
			in = slices.ContainsFunc(g.Goals, func(goal Goal) bool { return goal.Breaks(inc) })
		}
		if in {
			res.Incidents = append(res.Incidents, inc.ID)
		}
	}
	// Exact, whatever the sizes: count x per is a product of big integers.
	n := new(big.Int).Mul(big.NewInt(int64(len(res.Incidents))), big.NewInt(int64(per)))
	rate := new(big.Rat).SetFrac(n, big.NewInt(int64(residents)))
	res.Rate = roundTo(rate, 2)
	res.Within = rate.Cmp(exact(r.Threshold)) <= 0
	return res
}

func pickTier(tiers []Tier, score float64) *TierResult {
	best := -1
	for i, t := range tiers {
		if score >= t.MinScore && (best < 0 || t.MinScore > tiers[best].MinScore) {
			best = i
		}
	}
	if best < 0 {
		return &TierResult{}
	}
	t := tiers[best]
	return &TierResult{Stars: t.Stars, MinScore: t.MinScore, Name: t.Name, NameEn: t.NameEn}
}

func itoa(n int) string { return strconv.Itoa(n) }
