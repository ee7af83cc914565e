package report

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// MonthResult is one month of a series.
type MonthResult struct {
	// Month is written YYYY-MM.
	Month          string          `json:"month"`
	Period         watch.DateRange `json:"period"`
	Achieved       int             `json:"achieved"`
	Total          int             `json:"total"`
	Score          float64         `json:"score"`
	AllAchieved    bool            `json:"all_achieved"`
	ZeroReportDays int             `json:"zero_report_days"`
	// Streak is the running count of consecutive months, ending with this
	// one, in which every goal was achieved (0 when this one missed any).
	Streak int `json:"streak"`
	// Failed lists the ids of the goals missed this month.
	Failed []string `json:"failed"`
}

// SeriesResult is a month-by-month series.
type SeriesResult struct {
	Months []MonthResult `json:"months"`
	// LongestStreak is the longest run of months with every goal achieved.
	LongestStreak int `json:"longest_streak"`
}

// Series scores each calendar month from the month of first to the month
// of last, inclusive, with Score. With Options.AsOf, months that had not
// begun by then are left out and the month it falls in is scored as it
// stood.
func Series(g GoalSet, incs []watch.Incident, first, last watch.Date, loc *time.Location, opt Options) (SeriesResult, error) {
	out := SeriesResult{Months: []MonthResult{}}
	start := watch.Date{Year: first.Year, Month: first.Month, Day: 1}
	if last.Before(start) {
		return out, &watch.FieldError{Path: "to", Value: fmt.Sprintf("%q", last.String()), Reason: "is before from " + first.String()}
	}
	streak := 0
	for m := start; !m.After(last); m = nextMonth(m) {
		if !opt.AsOf.IsZero() && !m.In(loc).Before(opt.AsOf) {
			break
		}
		period := watch.MonthRange(m.Year, m.Month)
		s, err := Score(g, incs, period, loc, opt)
		if err != nil {
			return SeriesResult{}, err
		}
		if s.AllAchieved {
			streak++
		} else {
			streak = 0
		}
		out.LongestStreak = max(out.LongestStreak, streak)
		mr := MonthResult{Month: fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)), Period: period,
			Achieved: s.Achieved, Total: s.Total, Score: s.Score, AllAchieved: s.AllAchieved,
			ZeroReportDays: s.ZeroReportDays, Streak: streak, Failed: []string{}}
		for _, gr := range s.Goals {
			if !gr.Achieved {
				mr.Failed = append(mr.Failed, gr.ID)
			}
		}
		out.Months = append(out.Months, mr)
	}
	return out, nil
}

// nextMonth returns the first day of the month after m's.
func nextMonth(m watch.Date) watch.Date {
	if m.Month == time.December {
		return watch.Date{Year: m.Year + 1, Month: time.January, Day: 1}
	}
	return watch.Date{Year: m.Year, Month: m.Month + 1, Day: 1}
}

// Entry is one programme in a comparison: its id and name, its incidents,
// and its residents (for a rate scheme).
type Entry struct {
	Program   string
	Name      string
	Incidents []watch.Incident
	Residents int
}

// Ranking is a comparison of neighbouring communities (兄弟社区) over one
// period, best first.
type Ranking struct {
	Period watch.DateRange `json:"period"`
	Rows   []RankRow       `json:"rows"`
}

// RankRow is one programme's place in a ranking. Programmes equal on every
// ranked figure share a rank (1, 2, 2, 4).
type RankRow struct {
	Rank           int     `json:"rank"`
	Program        string  `json:"program"`
	Name           string  `json:"name,omitempty"`
	Achieved       int     `json:"achieved"`
	Total          int     `json:"total"`
	Score          float64 `json:"score"`
	AllAchieved    bool    `json:"all_achieved"`
	ZeroReportDays int     `json:"zero_report_days"`
	// SchemeScore and Stars come from the goal set's scheme, when it has
	// one.
	SchemeScore *float64 `json:"scheme_score,omitempty"`
	Stars       *int     `json:"stars,omitempty"`
	Failed      []string `json:"failed"`
}

// Compare scores every entry over the period and ranks them: by the
// scheme's score when the goal set has a scheme, else by the score; then by
// goals achieved, then by zero-report days, all descending; programmes
// equal on all of these share a rank and are listed by id. Program ids must
// be unique and non-empty.
func Compare(g GoalSet, entries []Entry, period watch.DateRange, loc *time.Location, opt Options) (Ranking, error) {
	out := Ranking{Period: period, Rows: []RankRow{}}
	seen := map[string]bool{}
	for i, e := range entries {
		if e.Program == "" || seen[e.Program] {
			return Ranking{}, &watch.FieldError{Path: strict.IndexPath("entries", i) + ".program", Value: fmt.Sprintf("%q", e.Program), Reason: "is empty or used twice"}
		}
		seen[e.Program] = true
		o := opt
		o.Residents = e.Residents
		s, err := Score(g, e.Incidents, period, loc, o)
		if err != nil {
			return Ranking{}, fmt.Errorf("%s: %w", e.Program, err)
		}
		row := RankRow{Program: e.Program, Name: e.Name, Achieved: s.Achieved, Total: s.Total, Score: s.Score,
			AllAchieved: s.AllAchieved, ZeroReportDays: s.ZeroReportDays, Failed: []string{}}
		for _, gr := range s.Goals {
			if !gr.Achieved {
				row.Failed = append(row.Failed, gr.ID)
			}
		}
		if s.Scheme != nil {
			score := s.Scheme.Score
			row.SchemeScore = &score
			if s.Scheme.Tier != nil {
				stars := s.Scheme.Tier.Stars
				row.Stars = &stars
			}
		}
		out.Rows = append(out.Rows, row)
	}
	key := func(r RankRow) float64 {
		if r.SchemeScore != nil {
			return *r.SchemeScore
		}
		return r.Score
	}
	rank := func(a, b RankRow) int {
		return cmp.Or(cmp.Compare(key(b), key(a)), cmp.Compare(b.Achieved, a.Achieved), cmp.Compare(b.ZeroReportDays, a.ZeroReportDays))
	}
	slices.SortStableFunc(out.Rows, func(a, b RankRow) int { return cmp.Or(rank(a, b), cmp.Compare(a.Program, b.Program)) })
	for i := range out.Rows {
		if i > 0 && rank(out.Rows[i-1], out.Rows[i]) == 0 {
			out.Rows[i].Rank = out.Rows[i-1].Rank
		} else {
			out.Rows[i].Rank = i + 1
		}
	}
	return out, nil
}
