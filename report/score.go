package report

import (
	"cmp"
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// Options are the choices of a scoring beyond docs/formats.md section 5.2. The
// zero Options scores exactly as section 5 says.
type Options struct {
	// AsOf, when not zero, scores the period as it stood at that instant:
	// incidents reported after it are not known, events after it are
	// ignored (a void after it does not void), and only dates that had
	// ended by it count as safe in zero_report_days. A month scored in the
	// middle, or a score filed and re-run later, means what it meant then.
	AsOf time.Time
	// Run adds zero_report_run and last_police_case to the scoring.
	Run bool
	// Residents of the community, needed by a rate scheme.
	Residents int
}

// Scoring is the outcome of Score: the document of docs/formats.md section 5.2,
// with the optional additions of Options and of the goal set's scheme.
type Scoring struct {
	Period         watch.DateRange `json:"period"`
	Goals          []GoalResult    `json:"goals"`
	Achieved       int             `json:"achieved"`
	Total          int             `json:"total"`
	Score          float64         `json:"score"`
	AllAchieved    bool            `json:"all_achieved"`
	ZeroReportDays int             `json:"zero_report_days"`
	// AsOf is Options.AsOf in the scoring's zone, zero when not set;
	// written as "as_of" when set.
	AsOf time.Time `json:"-"`
	// ZeroReportRun, with Options.Run, counts the days since the last
	// police case on or before the period's last counted date, looking
	// across the period's start; LastPoliceCase is that case's date, left
	// out when the incidents hold none (the run then covers the period
	// only, a lower bound).
	ZeroReportRun  *int        `json:"zero_report_run,omitempty"`
	LastPoliceCase *watch.Date `json:"last_police_case,omitempty"`
	// Scheme is the outcome of the goal set's scheme, when it has one.
	Scheme *SchemeResult `json:"scheme,omitempty"`
}

// MarshalJSON writes the scoring as docs/formats.md section 5.2 does,
// with as_of as an instant with a numeric offset when it is set.
func (s Scoring) MarshalJSON() ([]byte, error) {
	type plain Scoring // without this method
	var asOf string
	if !s.AsOf.IsZero() {
		asOf = watch.FormatInstant(s.AsOf)
	}
	return json.Marshal(struct {
		plain
		AsOf string `json:"as_of,omitempty"`
	}{plain(s), asOf})
}

// GoalResult is one goal of a scoring, with the ids of the counted
// incidents that broke it, by occurred_at then id (empty, not absent, when
// achieved).
type GoalResult struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Achieved  bool     `json:"achieved"`
	Incidents []string `json:"incidents"`
}

// Score scores incidents against the goal set over period, whose dates are
// read in loc, by docs/formats.md section 5.2: an incident counts when the date of
// its occurred_at in loc lies in the period and it is not voided; a goal is
// achieved when no counted incident breaks it; the score is 100 x the
// achieved weights over all weights, exact and rounded half away from zero
// to one decimal, 0 when a veto goal failed; zero_report_days counts the
// dates of the period after the last counted police case.
//
// It is pure: the same input gives the same scoring. It returns an error
// when the goal set is invalid, loc is nil, the period runs backwards, or a
// rate scheme has no residents.
func Score(g GoalSet, incs []watch.Incident, period watch.DateRange, loc *time.Location, opt Options) (Scoring, error) {
	if err := check(g, period, loc, opt); err != nil {
		return Scoring{}, err
	}
	return scoreCounted(g, countedIn(incs, period, loc, opt.AsOf), incs, period, loc, opt), nil
}

// scoreCounted is Score once the incidents that count are known (counted,
// from countedIn); incs are all the incidents, for the last police case.
// The arguments are checked already.
func scoreCounted(g GoalSet, counted, incs []watch.Incident, period watch.DateRange, loc *time.Location, opt Options) Scoring {
	s := Scoring{Period: period, Total: len(g.Goals)}
	if !opt.AsOf.IsZero() {
		s.AsOf = opt.AsOf.In(loc)
	}
	achievedWeight, allWeight := new(big.Rat), new(big.Rat)
	vetoed := false
	for _, goal := range g.Goals {
		r := GoalResult{ID: goal.ID, Name: goal.Name, Incidents: []string{}}
		for _, inc := range counted {
			if goal.Breaks(inc) {
				r.Incidents = append(r.Incidents, inc.ID)
			}
		}
		r.Achieved = len(r.Incidents) == 0
		w := exact(goal.weight())
		allWeight.Add(allWeight, w)
		if r.Achieved {
			s.Achieved++
			achievedWeight.Add(achievedWeight, w)
		} else if goal.Veto {
			vetoed = true
		}
		s.Goals = append(s.Goals, r)
	}
	s.AllAchieved = s.Achieved == s.Total
	if !vetoed {
		s.Score = percent(achievedWeight, allWeight)
	}

	last := lastSafeDate(period, loc, opt.AsOf)
	lastCase, found := lastPoliceCase(incs, loc, opt.AsOf, last)
	s.ZeroReportDays = safeDays(period.From, last, lastCase, found)
	if opt.Run {
		run := safeDays(watch.Date{Year: 1, Month: 1, Day: 1}, last, lastCase, found)
		if !found {
			run = s.ZeroReportDays
		} else {
			s.LastPoliceCase = &lastCase
		}
		s.ZeroReportRun = &run
	}
	if g.Scheme != nil {
		s.Scheme = g.Scheme.apply(g, counted, s, opt)
	}
	return s
}

func check(g GoalSet, period watch.DateRange, loc *time.Location, opt Options) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if loc == nil {
		return errors.New("report: no time zone")
	}
	if period.From.IsZero() || period.To.Before(period.From) {
		return &watch.FieldError{Path: "period", Value: `"` + period.String() + `"`, Reason: "is not a range of dates in order"}
	}
	if g.Scheme != nil && g.Scheme.Rate != nil && opt.Residents <= 0 {
		return &watch.FieldError{Path: "residents", Value: itoa(opt.Residents), Reason: "must be above 0 for a rate scheme"}
	}
	return nil
}

// known returns the incident as it stood at asOf (zero: as it is), and
// whether it was known then.
func known(inc watch.Incident, asOf time.Time) (watch.Incident, bool) {
	if asOf.IsZero() {
		return inc, true
	}
	if inc.Reported().After(asOf) {
		return inc, false
	}
	n := 0
	for n < len(inc.Events) && !inc.Events[n].At.After(asOf) {
		n++
	}
	inc.Events = inc.Events[:n:n]
	return inc, true
}

// countedIn returns the incidents that count in period, as they stood at
// asOf, sorted by occurred_at then id.
//
// It sorts the positions of the counted incidents, not the incidents, and
// copies each once, at the end: an incident is a large value.
func countedIn(incs []watch.Incident, period watch.DateRange, loc *time.Location, asOf time.Time) []watch.Incident {
	var keep []int
	for i := range incs {
		if _, ok := Counted(incs[i], period, loc, asOf); ok {
			keep = append(keep, i)
		}
	}
	slices.SortFunc(keep, func(a, b int) int {
		x, y := &incs[a], &incs[b]
		if c := x.OccurredAt.Compare(y.OccurredAt); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(x.ID, y.ID), cmp.Compare(a, b))
	})
	out := make([]watch.Incident, len(keep))
	for j, i := range keep {
		out[j], _ = known(incs[i], asOf)
	}
	return out
}

// Counted is the counting rule of a scoring (docs/formats.md section
// 5.2), for a custom report that must count exactly as Score does: an
// incident counts for period, whose dates are read in loc, when the date
// of its occurred_at in loc lies in the period and it is not voided. With
// a non-zero asOf, an incident reported after it was not known and does
// not count, and its events after asOf are left out (a void after asOf
// does not void). It returns the incident as it stood at asOf (as it is,
// with a zero asOf) and whether it counts.
func Counted(inc watch.Incident, period watch.DateRange, loc *time.Location, asOf time.Time) (watch.Incident, bool) {
	inc, ok := known(inc, asOf)
	if !ok || inc.Voided() || !period.Contains(watch.DateOf(inc.OccurredAt.In(loc))) {
		return inc, false
	}
	return inc, true
}

// lastSafeDate is the last date of the period that can count as safe: the
// period's end, or with asOf the last date that had ended by then.
func lastSafeDate(period watch.DateRange, loc *time.Location, asOf time.Time) watch.Date {
	if asOf.IsZero() {
		return period.To
	}
	d := watch.DateOf(asOf.In(loc)).AddDays(-1)
	if d.After(period.To) {
		return period.To
	}
	return d
}

// lastPoliceCase finds the date of the latest counted police case that
// occurred on or before the date last, looking at every incident.
func lastPoliceCase(incs []watch.Incident, loc *time.Location, asOf time.Time, last watch.Date) (watch.Date, bool) {
	var latest watch.Date
	found := false
	for _, inc := range incs {
		inc, ok := known(inc, asOf)
		if !ok || !inc.PoliceCase || inc.Voided() {
			continue
		}
		d := watch.DateOf(inc.OccurredAt.In(loc))
		if d.After(last) {
			continue
		}
		if !found || d.After(latest) {
			latest, found = d, true
		}
	}
	return latest, found
}

// safeDays counts the dates from first to last (inclusive) that come after
// the police case on lastCase, when there is one.
func safeDays(first, last, lastCase watch.Date, found bool) int {
	if found && !lastCase.Before(first) {
		first = lastCase.AddDays(1)
	}
	if last.Before(first) {
		return 0
	}
	return first.DaysUntil(last) + 1
}
