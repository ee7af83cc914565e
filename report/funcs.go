package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// phrases are the words of the built-in renderers, by key: the Chinese
// and the English. A custom template reaches them with {{t "key"}}.
var phrases = map[string][2]string{
	"daily_title":      {"平安日汇报", "Daily safety report"},
	"monthly_title":    {"治安工作例会简报", "Monthly security meeting brief"},
	"program":          {"巡逻队", "Patrol team"},
	"community":        {"社区", "Community"},
	"date":             {"日期", "Date"},
	"month":            {"月份", "Month"},
	"state":            {"状态", "State"},
	"as_of":            {"截至", "As of"},
	"audience":         {"阅读对象", "For"},
	"patrols":          {"巡逻", "Patrols"},
	"patrols_planned":  {"计划巡逻", "Patrols planned"},
	"patrols_done":     {"按计划完成", "Planned patrols done"},
	"patrols_logged":   {"巡逻记录", "Patrol logs"},
	"on_duty":          {"值勤人员", "On duty"},
	"shift":            {"班次", "Shift"},
	"beat":             {"片区", "Beat"},
	"start":            {"开始", "Start"},
	"end":              {"结束", "End"},
	"volunteers":       {"队员", "Volunteers"},
	"planned":          {"计划", "Planned"},
	"logged":           {"已汇报", "Logged"},
	"not_logged":       {"未汇报", "Not logged"},
	"unplanned":        {"计划外", "Unplanned"},
	"all_normal":       {"一切正常", "All normal"},
	"not_normal":       {"有情况", "Not all normal"},
	"notes":            {"备注", "Notes"},
	"incidents":        {"情况", "Incidents"},
	"incident":         {"编号", "Incident"},
	"kind":             {"类别", "Kind"},
	"severity":         {"程度", "Severity"},
	"occurred_at":      {"发生时间", "Occurred"},
	"contact_point":    {"联系点", "Contact point"},
	"reported_by":      {"报告人", "Reported by"},
	"police_case":      {"报案", "Police case"},
	"description":      {"情况描述", "Description"},
	"history":          {"记录哈希", "History head"},
	"history_broken":   {"记录校验不符", "history does not verify"},
	"by_kind":          {"按类别", "By kind"},
	"count":            {"数量", "Count"},
	"previous":         {"上月", "Previous month"},
	"current":          {"本月", "This month"},
	"open":             {"未处理", "Open"},
	"acknowledged":     {"已受理", "Acknowledged"},
	"resolved":         {"已解决", "Resolved"},
	"voided":           {"已撤销", "Voided"},
	"escalations":      {"上报通知", "Escalations"},
	"escalations_sent": {"已送达通知", "Escalations delivered"},
	"rule":             {"规则", "Rule"},
	"step":             {"步骤", "Step"},
	"target":           {"通知对象", "Target"},
	"due_at":           {"应发时间", "Due"},
	"outcome":          {"结果", "Outcome"},
	"done_at":          {"完成时间", "Done"},
	"six_nos":          {"六无", "The six nos"},
	"goal":             {"目标", "Goal"},
	"achieved":         {"达标", "Achieved"},
	"not_achieved":     {"未达标", "Not achieved"},
	"score":            {"得分", "Score"},
	"zero_report_days": {"零报案天数", "Zero-report days"},
	"trend":            {"与上月比较", "Against the month before"},
	"police_cases":     {"报案数", "Police cases"},
	"by_beat":          {"按片区", "By beat"},
	"by_hour":          {"按时段", "By hour of day"},
	"by_week":          {"按周", "By week"},
	"series":           {"六无得分(按月)", "Six nos score by month"},
	"longest_streak":   {"最长连续达标月数", "Longest streak of months"},
	"streak":           {"连续达标月数", "Streak"},
	"hour":             {"时段", "Hour"},
	"acknowledgement":  {"受理用时", "Time to acknowledge"},
	"resolution":       {"解决用时", "Time to resolve"},
	"median":           {"中位数", "Median"},
	"worst":            {"最长", "Worst"},
	"pending":          {"尚未完成", "Still waiting"},
	"coverage":         {"排班覆盖", "Rota coverage"},
	"instances":        {"班次数", "Shift instances"},
	"need":             {"需要人次", "Places needed"},
	"filled":           {"已排人次", "Places filled"},
	"ratio":            {"覆盖率", "Coverage"},
	"volunteer_hours":  {"队员值勤时数", "Volunteer hours"},
	"volunteer":        {"队员", "Volunteer"},
	"planned_hours":    {"计划时数", "Planned hours"},
	"logged_hours":     {"巡逻时数", "Logged hours"},
	"carried_over":     {"转入下月的未结情况", "Open incidents carried over"},
	"none":             {"无", "none"},
	"no_beat":          {"未注明片区", "no beat"},
	"yes":              {"是", "yes"},
	"no":               {"否", "no"},
}

// Phrase returns a phrase of the built-in renderers by key, or the key
// when there is none.
func Phrase(lang Lang, key string) string {
	if p, ok := phrases[key]; ok {
		return pick(lang, p[0], p[1])
	}
	return key
}

var monthsEn = [12]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Funcs returns the helper functions of report templates in a language;
// declared are the programme's own kinds (ProgramInfo.Kinds). The map
// serves text/template and html/template alike:
//
//	template.New("board").Funcs(report.Funcs(report.LangZh, doc.Program.Kinds))
//
// The helpers (docs/formats.md section 9.5): t (a phrase), kind,
// severity, state, event, outcome, rule, warning, target, audience, day
// (a day state), goal (a GoalLine), weekday, date, month, clock,
// datetime, percent (a ratio), score, duration (seconds), place, person,
// people, yesno, md (escapes text for Markdown), join, deref (a *int).
func Funcs(lang Lang, declared []watch.KindDef) map[string]any {
	label := func(g Group) func(v any) string {
		return func(v any) string { return Label(lang, g, fmt.Sprint(v)) }
	}
	return map[string]any{
		"t":        func(key string) string { return Phrase(lang, key) },
		"kind":     func(k watch.Kind) string { return KindName(lang, k, declared) },
		"severity": func(s watch.Severity) string { return Label(lang, GroupSeverity, s.String()) },
		"state":    label(GroupState),
		"event":    label(GroupEvent),
		"outcome":  label(GroupOutcome),
		"rule":     label(GroupRule),
		"warning":  label(GroupWarning),
		"target":   label(GroupTarget),
		"audience": label(GroupAudience),
		"day":      label(GroupDayState),
		"goal":     func(g GoalLine) string { return named(lang, g.Name, g.NameEn, g.ID) },
		"weekday":  func(v any) (string, error) { return weekdayOf(lang, v) },
		"date":     func(v any) (string, error) { return dateOf(lang, v) },
		"month":    func(s string) (string, error) { return monthOf(lang, s) },
		"clock":    func(t time.Time) string { return clockOf(t) },
		"datetime": func(t time.Time) (string, error) {
			d, err := dateOf(lang, t)
			return d + " " + clockOf(t), err
		},
		"percent":  func(f float64) string { return fmt.Sprintf("%.1f%%", math.Round(f*1000)/10) },
		"score":    func(f float64) string { return fmt.Sprintf("%.1f", f) },
		"duration": func(s int64) string { return durationOf(lang, s) },
		"place":    func(p *Place) string { return placeOf(lang, p) },
		"person":   personOf,
		"md":       markdownEscape,
		"join":     strings.Join,
		"deref":    derefInt,
		"people":   func(ps []Person) string { return peopleOf(lang, ps) },
		"yesno":    func(b bool) string { return yesNo(lang, b) },
	}
}

func weekdayOf(lang Lang, v any) (string, error) {
	switch x := v.(type) {
	case watch.Weekday:
		return WeekdayName(lang, x), nil
	case watch.Date:
		return WeekdayName(lang, watch.Weekday(x.Weekday())), nil
	case time.Time:
		return WeekdayName(lang, watch.Weekday(x.Weekday())), nil
	}
	return "", fmt.Errorf("weekday: %T is not a date", v)
}

func dateOf(lang Lang, v any) (string, error) {
	var d watch.Date
	switch x := v.(type) {
	case watch.Date:
		d = x
	case time.Time:
		if x.IsZero() {
			return "", nil
		}
		d = watch.DateOf(x)
	default:
		return "", fmt.Errorf("date: %T is not a date", v)
	}
	if d.IsZero() {
		return "", nil
	}
	if lang == LangEn {
		return fmt.Sprintf("%d %s %d", d.Day, monthsEn[d.Month-1], d.Year), nil
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day), nil
}

func monthOf(lang Lang, s string) (string, error) {
	d, err := watch.ParseDate(s + "-01")
	if err != nil {
		return "", fmt.Errorf("month: %q is not YYYY-MM", s)
	}
	if lang == LangEn {
		return fmt.Sprintf("%s %d", monthsEn[d.Month-1], d.Year), nil
	}
	return fmt.Sprintf("%d年%d月", d.Year, int(d.Month)), nil
}

func clockOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("15:04")
}

func durationOf(lang Lang, s int64) string {
	if s < 60 {
		return fmt.Sprintf("%d%s", s, pick(lang, "秒", "s"))
	}
	h, m := s/3600, s%3600/60
	switch {
	case h == 0:
		return fmt.Sprintf("%d%s", m, pick(lang, "分钟", "m"))
	case lang == LangEn:
		return fmt.Sprintf("%dh %dm", h, m)
	}
	return fmt.Sprintf("%d小时%d分钟", h, m)
}

func placeOf(lang Lang, p *Place) string {
	switch {
	case p == nil:
		return Phrase(lang, "no_beat")
	case p.Name != "":
		return p.Name
	}
	return p.ID
}

func peopleOf(lang Lang, ps []Person) string {
	if len(ps) == 0 {
		return Phrase(lang, "none")
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, pick(lang, "、", ", "))
}

func personOf(v any) string {
	switch p := v.(type) {
	case Person:
		return p.Name
	case *Person:
		if p != nil {
			return p.Name
		}
	}
	return ""
}

// markdownEscape keeps text from breaking a Markdown table or turning
// into emphasis: a masked name such as 张* stays as written.
var markdownEscape = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"<", "&lt;", ">", "&gt;", "\r\n", " ", "\n", " ", "\r", " ").Replace

// yesNo is the phrase for a yes or a no.
func yesNo(lang Lang, b bool) string {
	if b {
		return Phrase(lang, "yes")
	}
	return Phrase(lang, "no")
}

// derefInt reads a count that may be absent (0).
func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
