package report_test

import (
	"fmt"
	"os"
	"text/template"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// exampleEstate is a tiny estate: two volunteers who walk the market beat
// together on 4 December 2026.
func exampleEstate() (*watch.ProgramFile, []watch.Assignment, []watch.PatrolLog) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	pf := &watch.ProgramFile{
		Program:    watch.Program{ID: "demo", Name: "示例巡逻队", Timezone: "Asia/Shanghai"},
		Beats:      []watch.Beat{{ID: "market", Name: "菜场"}},
		Volunteers: []watch.Volunteer{{ID: "v1", Name: "张三"}, {ID: "v2", Name: "李四"}},
	}
	day := watch.MustParseDate("2026-12-04")
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, loc)
	rota := []watch.Assignment{{Shift: "market-am", Date: day, Beat: "market", Start: start, End: start.Add(3 * time.Hour), Volunteers: []string{"v1", "v2"}}}
	logs := []watch.PatrolLog{{Program: "demo", ID: "p1", Date: day, Shift: "market-am", Volunteers: []string{"v1", "v2"},
		Start: start, End: start.Add(3 * time.Hour), AllNormal: true, Notes: "菜场东口路灯不亮"}}
	return pf, rota, logs
}

func ExampleDaily() {
	pf, rota, logs := exampleEstate()
	r, err := report.Daily(report.DailyInput{Program: pf, Date: watch.MustParseDate("2026-12-04"), Assignments: rota, Patrols: logs})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The notice board sees names masked and no notes.
	if err := report.Render(os.Stdout, r, report.FormatText, report.LangZh, report.AudiencePublic); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 平安日汇报 · 示例巡逻队
	// 日期: 2026年12月4日 星期五
	// 状态: 今天小区安全值勤一切正常
	//
	// 巡逻: 计划巡逻 1, 按计划完成 1, 巡逻记录 1
	//   08:00-11:00  菜场  张*、李*  一切正常
	// 值勤人员: 张*、李*
	//
	// 情况: 0
	//
	// 已送达通知: 0
}

func ExampleFuncs() {
	pf, rota, logs := exampleEstate()
	r, err := report.Daily(report.DailyInput{Program: pf, Date: watch.MustParseDate("2026-12-04"), Assignments: rota, Patrols: logs})
	if err != nil {
		fmt.Println(err)
		return
	}
	board := template.Must(template.New("board").Funcs(report.Funcs(report.LangEn, r.Program.Kinds)).Parse(
		`{{date .Date}} ({{weekday .Date}}): {{day .State}}. On duty: {{people .OnDuty}}.` + "\n"))
	if err := report.ExecuteTemplate(os.Stdout, board, r, report.AudiencePublic); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 4 December 2026 (Friday): All normal on patrol today. On duty: 张*, 李*.
}
