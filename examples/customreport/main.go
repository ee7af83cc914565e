// Command customreport shows how a community office writes its own
// report: a Go template (text/template here; html/template works the
// same) over the daily safety report, with armband's helper functions for
// dates, weekdays, kinds and labels in Chinese or English, run for an
// audience so the notice board never sees more than it should
// (docs/formats.md sections 9.3 and 9.5).
//
//	go run ./examples/customreport
package main

import (
	"fmt"
	"io"
	"os"
	"text/template"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// board is the notice-board slip the office pins up each evening.
const board = `【{{.Program.Name}}】{{date .Date}} {{weekday .Date}}
{{day .State}}
巡逻 {{.Done}}/{{.Planned}} 班,值勤: {{people .OnDuty}}
{{- range .Incidents}}
· {{kind .Kind}}({{place .Beat}}),{{state .State}}
{{- end}}
`

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customreport:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	day := watch.MustParseDate("2026-12-08")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 8, h, m, 0, 0, loc) }
	pf := &watch.ProgramFile{
		Program:    watch.Program{ID: "demo", Name: "示例社区巡逻队", Timezone: "Asia/Shanghai"},
		Beats:      []watch.Beat{{ID: "market", Name: "菜场"}},
		Volunteers: []watch.Volunteer{{ID: "v1", Name: "张三"}, {ID: "v2", Name: "李四"}},
	}
	rota := []watch.Assignment{{Shift: "am", Date: day, Beat: "market", Start: at(7, 30), End: at(10, 30), Volunteers: []string{"v1", "v2"}}}
	logs := []watch.PatrolLog{{Program: "demo", ID: "p1", Date: day, Shift: "am", Volunteers: []string{"v1", "v2"},
		Start: at(7, 30), End: at(10, 30), Incidents: []string{"i1"}}}
	incs := []watch.Incident{{ID: "i1", Kind: watch.KindAttemptedTheft, Severity: watch.SeverityMinor, OccurredAt: at(9, 40),
		Beat: "market", ReportedBy: "v1", Description: "一男子蹲在电瓶车旁做开锁状",
		Events: []watch.Event{{Type: watch.EventResolved, At: at(10, 30)}}}}
	r, err := report.Daily(report.DailyInput{Program: pf, Date: day, Assignments: rota, Patrols: logs, Incidents: incs})
	if err != nil {
		return err
	}
	t, err := template.New("board").Funcs(report.Funcs(report.LangZh, r.Program.Kinds)).Parse(board)
	if err != nil {
		return err
	}
	// The public audience: names masked, no description, no reporter.
	return report.ExecuteTemplate(w, t, r, report.AudiencePublic)
}
