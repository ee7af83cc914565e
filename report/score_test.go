package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func loadIncidents(t testing.TB) []watch.Incident {
	t.Helper()
	data, err := os.ReadFile("../testdata/examples/incidents.json")
	require.NoError(t, err)
	incs, err := watch.LoadIncidents(bytes.NewReader(data))
	require.NoError(t, err)
	return incs
}

func april() watch.DateRange {
	return watch.DateRange{From: watch.MustParseDate("2026-04-01"), To: watch.MustParseDate("2026-04-30")}
}

func TestScoreExample(t *testing.T) {
	s, err := report.Score(report.SixNos(), loadIncidents(t), april(), shanghai, report.Options{})
	require.NoError(t, err)
	got, err := json.Marshal(s)
	require.NoError(t, err)
	want, err := os.ReadFile("../testdata/examples/sixnos-april.json")
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got))
}

// at is an instant in Shanghai.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func inc(id string, kind watch.Kind, sev watch.Severity, occurred string, events ...watch.Event) watch.Incident {
	return watch.Incident{ID: id, Kind: kind, Severity: sev, OccurredAt: at(occurred), Events: events}
}

func police(i watch.Incident) watch.Incident { i.PoliceCase = true; return i }

func ev(t watch.EventType, when string) watch.Event { return watch.Event{Type: t, At: at(when)} }

func goals(gs ...report.Goal) report.GoalSet { return report.GoalSet{Goals: gs} }

func goal(id string, kind watch.Kind, weight float64) report.Goal {
	return report.Goal{ID: id, Kinds: []watch.Kind{kind}, Weight: weight}
}

func TestScore(t *testing.T) {
	fire := func(id, when string, events ...watch.Event) watch.Incident {
		return inc(id, watch.KindFire, watch.SeverityMinor, when, events...)
	}
	six := report.SixNos()
	cases := []struct {
		name     string
		goals    report.GoalSet
		incs     []watch.Incident
		opt      report.Options
		achieved int
		score    float64
		zero     int
		broken   map[string][]string
	}{
		{name: "nothing happened", goals: six, achieved: 6, score: 100, zero: 30},
		{name: "one of six: 5/6 is 83.3", goals: six, incs: []watch.Incident{fire("f", "2026-04-10 12:00:00")},
			achieved: 5, score: 83.3, zero: 30, broken: map[string][]string{"no_fire": {"f"}}},
		{name: "1/6 of 100 rounds to 16.7", goals: goals(goal("a", watch.KindFire, 1), goal("b", watch.KindTheft, 5)),
			incs: []watch.Incident{inc("t", watch.KindTheft, watch.SeverityMinor, "2026-04-02 08:00:00")}, achieved: 1, score: 16.7, zero: 30},
		{name: "2/3 of 100 rounds to 66.7", goals: goals(goal("a", watch.KindFire, 2), goal("b", watch.KindTheft, 1)),
			incs: []watch.Incident{inc("t", watch.KindTheft, watch.SeverityMinor, "2026-04-02 08:00:00")}, achieved: 1, score: 66.7, zero: 30},
		{name: "decimal weights are exact: 0.1/(0.1+0.2) is 33.3", goals: goals(goal("a", watch.KindFire, 0.1), goal("b", watch.KindTheft, 0.2)),
			incs: []watch.Incident{inc("t", watch.KindTheft, watch.SeverityMinor, "2026-04-02 08:00:00")}, achieved: 1, score: 33.3, zero: 30},
		{name: "half rounds away from zero: 1/16 is 6.25, written 6.3", goals: goals(goal("a", watch.KindFire, 1), goal("b", watch.KindTheft, 15)),
			incs: []watch.Incident{inc("t", watch.KindTheft, watch.SeverityMinor, "2026-04-02 08:00:00")}, achieved: 1, score: 6.3, zero: 30},
		{name: "veto goal failed", goals: goals(report.Goal{ID: "a", Kinds: []watch.Kind{watch.KindFire}, Veto: true}, goal("b", watch.KindTheft, 1)),
			incs: []watch.Incident{fire("f", "2026-04-02 08:00:00")}, achieved: 1, score: 0, zero: 30},
		{name: "veto goal achieved", goals: goals(report.Goal{ID: "a", Kinds: []watch.Kind{watch.KindFire}, Veto: true}, goal("b", watch.KindTheft, 1)),
			incs: []watch.Incident{inc("t", watch.KindTheft, watch.SeverityMinor, "2026-04-02 08:00:00")}, achieved: 1, score: 50, zero: 30},
		{name: "23:59:59 on the last day counts", goals: six, incs: []watch.Incident{fire("f", "2026-04-30 23:59:59")}, achieved: 5, score: 83.3, zero: 30},
		{name: "00:00:00 the day after does not", goals: six, incs: []watch.Incident{fire("f", "2026-05-01 00:00:00")}, achieved: 6, score: 100, zero: 30},
		{name: "00:00:00 on the first day counts", goals: six, incs: []watch.Incident{fire("f", "2026-04-01 00:00:00")}, achieved: 5, score: 83.3, zero: 30},
		{name: "23:59:59 the day before does not", goals: six, incs: []watch.Incident{fire("f", "2026-03-31 23:59:59")}, achieved: 6, score: 100, zero: 30},
		{name: "the zone decides the date", goals: six, incs: []watch.Incident{{ID: "f", Kind: watch.KindFire, Severity: watch.SeverityMinor,
			OccurredAt: time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC)}}, achieved: 5, score: 83.3, zero: 30},
		{name: "minor dispute does not break the major goal", goals: six, incs: []watch.Incident{inc("d", watch.KindCivilDispute, watch.SeverityMinor, "2026-04-03 10:00:00")},
			achieved: 6, score: 100, zero: 30},
		{name: "critical dispute does", goals: six, incs: []watch.Incident{inc("d", watch.KindCivilDispute, watch.SeverityCritical, "2026-04-03 10:00:00")},
			achieved: 5, score: 83.3, zero: 30},
		{name: "voided incident counts in nothing", goals: six,
			incs:     []watch.Incident{police(fire("f", "2026-04-10 12:00:00", ev(watch.EventVoided, "2026-04-11 08:00:00")))},
			achieved: 6, score: 100, zero: 30},
		{name: "police case on the last day", goals: six, incs: []watch.Incident{police(inc("x", watch.KindTheft, watch.SeverityMinor, "2026-04-30 22:00:00"))},
			achieved: 6, score: 100, zero: 0},
		{name: "the last police case decides", goals: six, incs: []watch.Incident{
			police(inc("y", watch.KindTheft, watch.SeverityMinor, "2026-04-20 09:00:00")),
			police(inc("x", watch.KindTheft, watch.SeverityMinor, "2026-04-05 09:00:00"))},
			achieved: 6, score: 100, zero: 10},
		{name: "as_of: a void after it does not void", goals: six,
			incs:     []watch.Incident{fire("f", "2026-04-10 12:00:00", ev(watch.EventVoided, "2026-04-16 08:00:00"))},
			opt:      report.Options{AsOf: at("2026-04-15 12:00:00")},
			achieved: 5, score: 83.3, zero: 14},
		{name: "as_of: days after it are not safe", goals: six, opt: report.Options{AsOf: at("2026-04-15 00:00:00")},
			achieved: 6, score: 100, zero: 14},
		{name: "as_of: incidents reported after it are unknown", goals: six,
			incs: []watch.Incident{fire("f", "2026-04-20 12:00:00")}, opt: report.Options{AsOf: at("2026-04-15 12:00:00")},
			achieved: 6, score: 100, zero: 14},
		{name: "as_of after the period", goals: six, opt: report.Options{AsOf: at("2026-06-01 00:00:00")},
			achieved: 6, score: 100, zero: 30},
		{name: "as_of before the period", goals: six, opt: report.Options{AsOf: at("2026-03-15 00:00:00")},
			achieved: 6, score: 100, zero: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := report.Score(tc.goals, tc.incs, april(), shanghai, tc.opt)
			require.NoError(t, err)
			require.Equal(t, tc.achieved, s.Achieved, "achieved")
			require.Equal(t, tc.score, s.Score, "score")
			require.Equal(t, tc.zero, s.ZeroReportDays, "zero_report_days")
			require.Equal(t, len(tc.goals.Goals), s.Total)
			require.Equal(t, s.Achieved == s.Total, s.AllAchieved)
			for _, g := range s.Goals {
				if want, ok := tc.broken[g.ID]; ok {
					require.Equal(t, want, g.Incidents)
				}
				require.NotNil(t, g.Incidents)
			}
		})
	}
}

func TestZeroReportRun(t *testing.T) {
	incs := []watch.Incident{
		police(inc("m", watch.KindTheft, watch.SeverityMinor, "2026-03-20 09:00:00")),
		police(inc("may", watch.KindTheft, watch.SeverityMinor, "2026-05-02 09:00:00")), // after the period: not seen
	}
	s, err := report.Score(report.SixNos(), incs, april(), shanghai, report.Options{Run: true})
	require.NoError(t, err)
	require.Equal(t, 30, s.ZeroReportDays)
	require.Equal(t, 41, *s.ZeroReportRun, "21 to 31 March and all of April")
	require.Equal(t, "2026-03-20", s.LastPoliceCase.String())

	s, err = report.Score(report.SixNos(), nil, april(), shanghai, report.Options{Run: true})
	require.NoError(t, err)
	require.Equal(t, 30, *s.ZeroReportRun)
	require.Nil(t, s.LastPoliceCase)

	out, err := json.Marshal(s)
	require.NoError(t, err)
	require.Contains(t, string(out), `"zero_report_run":30`)
	s, err = report.Score(report.SixNos(), nil, april(), shanghai, report.Options{})
	require.NoError(t, err)
	out, err = json.Marshal(s)
	require.NoError(t, err)
	require.NotContains(t, string(out), "zero_report_run", "left out unless asked for")
}

func TestSchemes(t *testing.T) {
	two := 2.0
	g := report.SixNos()
	g.Scheme = &report.Scheme{
		Deduction: &report.Deduction{Points: 5, ResolvedPoints: &two, Cap: 100},
		Rate:      &report.Rate{Threshold: 0.5},
		Tiers: []report.Tier{{MinScore: 95, Stars: 5, Name: "五星"}, {MinScore: 90, Stars: 4, Name: "四星"},
			{MinScore: 80, Stars: 3, Name: "三星"}},
	}
	s, err := report.Score(g, loadIncidents(t), april(), shanghai, report.Options{Residents: 5421})
	require.NoError(t, err)
	require.Equal(t, 66.7, s.Score, "section 5's keys are unchanged")
	sc := s.Scheme
	require.Equal(t, []report.DeductionItem{
		{Goal: "no_major_dispute", Incident: "inc-0414", Resolved: false, Points: 5},
		{Goal: "no_fire", Incident: "inc-0415", Resolved: true, Points: 2},
	}, sc.Deduction.Items)
	require.Equal(t, 7.0, sc.Deduction.Deducted)
	require.Equal(t, 93.0, sc.Deduction.Score)
	require.Equal(t, 93.0, sc.Score)
	require.Equal(t, []string{"inc-0414", "inc-0415"}, sc.Rate.Incidents)
	require.Equal(t, 0.37, sc.Rate.Rate, "2 per 5,421 residents is 0.369 per 1,000")
	require.True(t, sc.Rate.Within)
	require.Equal(t, &report.TierResult{Stars: 4, MinScore: 90, Name: "四星"}, sc.Tier)

	// A cap, a vetoing rate, and police cases only.
	g.Scheme.Deduction.Cap = 3
	g.Scheme.Rate = &report.Rate{Threshold: 0.1, Count: report.CountPoliceCases, Veto: true}
	s, err = report.Score(g, loadIncidents(t), april(), shanghai, report.Options{Residents: 5421})
	require.NoError(t, err)
	require.True(t, s.Scheme.Deduction.Capped)
	require.Equal(t, 3.0, s.Scheme.Deduction.Deducted)
	require.Equal(t, 97.0, s.Scheme.Deduction.Score)
	require.Equal(t, []string{"inc-0415"}, s.Scheme.Rate.Incidents)
	require.False(t, s.Scheme.Rate.Within, "0.18 per 1,000 is above 0.1")
	require.Equal(t, 0.0, s.Scheme.Score)
	require.Equal(t, &report.TierResult{}, s.Scheme.Tier, "no tier below the lowest band")

	// A veto goal sets the deduction score to 0 too.
	g.Goals[5].Veto = true
	g.Scheme.Rate = nil
	s, err = report.Score(g, loadIncidents(t), april(), shanghai, report.Options{})
	require.NoError(t, err)
	require.Equal(t, 0.0, s.Score)
	require.Equal(t, 0.0, s.Scheme.Deduction.Score)

	// A rate needs residents.
	g.Scheme.Rate = &report.Rate{Threshold: 1}
	_, err = report.Score(g, nil, april(), shanghai, report.Options{})
	require.ErrorContains(t, err, "residents: 0 must be above 0 for a rate scheme")
}

func TestLoadGoals(t *testing.T) {
	good := `{"kinds": [{"id": "noise", "name": "噪音扰民", "name_en": "Noise"}],
	 "goals": [{"id": "no_noise", "name": "无噪音", "kinds": ["noise"], "weight": 2, "veto": true},
	           {"id": "no_fire", "name": "无火灾事故", "kinds": ["fire"], "min_severity": "major"}],
	 "scheme": {"tiers": [{"min_score": 90, "stars": 5}]}}`
	g, err := report.LoadGoals(strings.NewReader(good))
	require.NoError(t, err)
	require.Len(t, g.Goals, 2)
	require.Equal(t, watch.SeverityMajor, g.Goals[1].MinSeverity)

	bad := []struct{ doc, want string }{
		{`{"goals": [{"id": "a", "kinds": ["noise"]}]}`, `goals[0].kinds[0]: "noise" is not a built-in or declared kind`},
		{`{"goals": [{"id": "a", "kinds": ["fire"]}, {"id": "a", "kinds": ["fire"]}]}`, `goals[1].id: "a" is used twice`},
		{`{"goals": [{"id": "a", "kinds": ["fire"], "weight": -1}]}`, `goals[0].weight: -1 must be above 0`},
		{`{"goals": [{"id": "a"}]}`, `goals[0].kinds: is required`},
		{`{"goals": []}`, `goals: [] is an empty list`},
		{`{"goals": [{"id": "a", "kinds": ["fire"], "min_severity": "huge"}]}`, `goals[0].min_severity: "huge" is not a severity`},
		{`{"goals": [{"id": "a", "kinds": ["fire"]}], "scheme": {"deduction": {"points": 0}}}`, `scheme.deduction.points: 0 must be above 0`},
		{`{"goals": [{"id": "a", "kinds": ["fire"]}], "scheme": {"rate": {"threshold": 1, "count": "some"}}}`, `scheme.rate.count: "some" is not goals, police_cases or all`},
		{`{"goals": [{"id": "a", "kinds": ["fire"]}], "scheme": {"tiers": [{"min_score": 90, "stars": 5}, {"min_score": 90, "stars": 4}]}}`, `scheme.tiers[1].min_score: 90 is the min_score of tiers[0] too`},
	}
	for _, tc := range bad {
		_, err := report.LoadGoals(strings.NewReader(tc.doc))
		require.ErrorContains(t, err, tc.want, tc.doc)
	}
}

func TestSeries(t *testing.T) {
	incs := []watch.Incident{
		inc("f", watch.KindFire, watch.SeverityMinor, "2026-03-10 10:00:00"),
		police(inc("p", watch.KindTheft, watch.SeverityMinor, "2026-05-31 10:00:00")),
	}
	s, err := report.Series(report.SixNos(), incs, watch.MustParseDate("2026-01-15"), watch.MustParseDate("2026-06-01"), shanghai, report.Options{})
	require.NoError(t, err)
	require.Len(t, s.Months, 6)
	var streaks, zero []int
	for _, m := range s.Months {
		streaks = append(streaks, m.Streak)
		zero = append(zero, m.ZeroReportDays)
	}
	require.Equal(t, []int{1, 2, 0, 1, 2, 3}, streaks)
	require.Equal(t, []int{31, 28, 31, 30, 0, 30}, zero)
	require.Equal(t, 3, s.LongestStreak)
	require.Equal(t, "2026-03", s.Months[2].Month)
	require.Equal(t, []string{"no_fire"}, s.Months[2].Failed)
	require.Equal(t, watch.MustParseDate("2026-02-28"), s.Months[1].Period.To)

	s, err = report.Series(report.SixNos(), incs, watch.MustParseDate("2026-01-01"), watch.MustParseDate("2026-12-31"), shanghai,
		report.Options{AsOf: at("2026-04-10 12:00:00")})
	require.NoError(t, err)
	require.Len(t, s.Months, 4, "months not begun by as_of are left out")
	require.Equal(t, 9, s.Months[3].ZeroReportDays)
}

func TestCompare(t *testing.T) {
	fire := inc("f", watch.KindFire, watch.SeverityMinor, "2026-04-10 10:00:00")
	caseOnly := police(inc("p", watch.KindTheft, watch.SeverityMinor, "2026-04-20 10:00:00"))
	r, err := report.Compare(report.SixNos(), []report.Entry{
		{Program: "c", Incidents: []watch.Incident{fire}},
		{Program: "b", Incidents: []watch.Incident{caseOnly}},
		{Program: "a"},
		{Program: "d"},
	}, april(), shanghai, report.Options{})
	require.NoError(t, err)
	var order []string
	var ranks []int
	for _, row := range r.Rows {
		order = append(order, row.Program)
		ranks = append(ranks, row.Rank)
	}
	require.Equal(t, []string{"a", "d", "b", "c"}, order)
	require.Equal(t, []int{1, 1, 3, 4}, ranks)

	_, err = report.Compare(report.SixNos(), []report.Entry{{Program: "a"}, {Program: "a"}}, april(), shanghai, report.Options{})
	require.ErrorContains(t, err, "entries[1].program")
}

func TestScoreDeterministic(t *testing.T) {
	incs := loadIncidents(t)
	a, err := report.Score(report.SixNos(), incs, april(), shanghai, report.Options{Run: true})
	require.NoError(t, err)
	// Reversed input order gives the same scoring.
	rev := make([]watch.Incident, len(incs))
	for i := range incs {
		rev[len(incs)-1-i] = incs[i]
	}
	b, err := report.Score(report.SixNos(), rev, april(), shanghai, report.Options{Run: true})
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func FuzzLoadGoals(f *testing.F) {
	f.Add([]byte(`{"goals": [{"id": "no_fire", "name": "无火灾事故", "kinds": ["fire"], "weight": 2, "veto": true}]}`))
	f.Add([]byte(`{"kinds": [{"id": "noise"}], "goals": [{"id": "a", "kinds": ["noise"], "min_severity": "major"}],
	 "scheme": {"deduction": {"points": 5, "resolved_points": 2, "cap": 10}, "rate": {"threshold": 1}, "tiers": [{"min_score": 90, "stars": 5}]}}`))
	f.Add([]byte(`{"goals": []}`))
	incs := loadIncidents(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := report.LoadGoals(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, g)
			return
		}
		// A goal set that loads scores without panicking, the same twice.
		a, errA := report.Score(*g, incs, april(), shanghai, report.Options{Residents: 5421})
		b, errB := report.Score(*g, incs, april(), shanghai, report.Options{Residents: 5421})
		require.Equal(t, errA, errB)
		require.Equal(t, a, b)
	})
}

// TestSchemeFiguresAreBounded: figures that once overflowed (a rate's
// count x per) or summed to +Inf (a deduction) are refused with the field
// named, and the largest allowed ones score exactly.
func TestSchemeFiguresAreBounded(t *testing.T) {
	g := report.SixNos()
	g.Scheme = &report.Scheme{Rate: &report.Rate{Per: 1 << 62, Threshold: 1, Veto: true}}
	_, err := report.Score(g, loadIncidents(t), april(), shanghai, report.Options{Residents: 5421})
	require.ErrorContains(t, err, "scheme.rate.per: 4611686018427387904 must be from 0 to 1000000000")
	g.Scheme = &report.Scheme{Deduction: &report.Deduction{Points: 1e308}}
	_, err = report.Score(g, loadIncidents(t), april(), shanghai, report.Options{})
	require.ErrorContains(t, err, "scheme.deduction.points: 1e+308 must be above 0 and at most 1000000")

	g.Scheme = &report.Scheme{Rate: &report.Rate{Per: watch.MaxCount, Threshold: 1, Veto: true, Count: report.CountAll},
		Deduction: &report.Deduction{Points: report.MaxPoints, Base: report.MaxPoints}}
	s, err := report.Score(g, loadIncidents(t), april(), shanghai, report.Options{Residents: 1})
	require.NoError(t, err)
	require.Equal(t, 5e9, s.Scheme.Rate.Rate, "5 incidents per resident, per a billion residents")
	require.False(t, s.Scheme.Rate.Within)
	require.Equal(t, 0.0, s.Scheme.Score, "the vetoing rate is over its threshold")
	_, err = json.Marshal(s)
	require.NoError(t, err)
}

// TestOverdueAlarmIsInNoGoal: a patrol that came back late, or not at
// all, breaks none of the six nos.
func TestOverdueAlarmIsInNoGoal(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	incs := []watch.Incident{{ID: "overdue-evening-2026-04-03", Kind: watch.KindPatrolOverdue, Severity: watch.SeverityCritical,
		OccurredAt: time.Date(2026, 4, 3, 21, 15, 0, 0, loc)}}
	for _, g := range []report.GoalSet{report.SixNos(), report.SichuanSixNos()} {
		s, err := report.Score(g, incs, watch.MonthRange(2026, time.April), loc, report.Options{})
		require.NoError(t, err)
		require.True(t, s.AllAchieved)
		require.Equal(t, 30, s.ZeroReportDays)
	}
}
