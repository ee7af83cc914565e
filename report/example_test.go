package report_test

import (
	"fmt"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

func ExampleScore() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	incidents := []watch.Incident{
		{ID: "inc-0414", Kind: watch.KindCivilDispute, Severity: watch.SeverityMajor,
			OccurredAt: time.Date(2026, 4, 14, 21, 59, 59, 0, loc)},
		{ID: "inc-0415", Kind: watch.KindFire, Severity: watch.SeverityMajor, PoliceCase: true,
			OccurredAt: time.Date(2026, 4, 15, 2, 0, 0, 0, loc)},
	}
	april := watch.DateRange{From: watch.MustParseDate("2026-04-01"), To: watch.MustParseDate("2026-04-30")}
	s, err := report.Score(report.SixNos(), incidents, april, loc, report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range s.Goals {
		fmt.Println(g.Name, g.Achieved, g.Incidents)
	}
	fmt.Printf("%d/%d goals, score %.1f, %d days with zero police reports\n", s.Achieved, s.Total, s.Score, s.ZeroReportDays)
	// Output:
	// 无入室抢劫 true []
	// 无重大民事纠纷 false [inc-0414]
	// 无重大安全事故 true []
	// 无集访事件 true []
	// 无恶性案件 true []
	// 无火灾事故 false [inc-0415]
	// 4/6 goals, score 66.7, 15 days with zero police reports
}

func ExampleScheme() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	resolved := 2.0
	goals := report.SichuanSixNos()
	goals.Scheme = &report.Scheme{
		Deduction: &report.Deduction{Points: 5, ResolvedPoints: &resolved},
		Tiers:     []report.Tier{{MinScore: 95, Stars: 5, NameEn: "five-star"}, {MinScore: 90, Stars: 4, NameEn: "four-star"}},
	}
	incidents := []watch.Incident{
		{ID: "a", Kind: watch.KindDrugs, Severity: watch.SeverityMinor, OccurredAt: time.Date(2026, 5, 3, 10, 0, 0, 0, loc),
			Events: []watch.Event{{Type: watch.EventResolved, At: time.Date(2026, 5, 4, 10, 0, 0, 0, loc)}}},
	}
	may := watch.DateRange{From: watch.MustParseDate("2026-05-01"), To: watch.MustParseDate("2026-05-31")}
	s, _ := report.Score(goals, incidents, may, loc, report.Options{})
	for _, item := range s.Scheme.Deduction.Items {
		fmt.Printf("%s broke %s: -%g (resolved %t)\n", item.Incident, item.Goal, item.Points, item.Resolved)
	}
	fmt.Printf("six nos %.1f; scheme %.1f, %d stars (%s)\n", s.Score, s.Scheme.Score, s.Scheme.Tier.Stars, s.Scheme.Tier.NameEn)
	// Output:
	// a broke no_drugs: -2 (resolved true)
	// six nos 83.3; scheme 98.0, 5 stars (five-star)
}
