package report

import (
	"fmt"
	"maps"
	"slices"

	"github.com/armband/armband/watch"
)

// Lang is the language of a rendered report or label: LangZh or LangEn.
type Lang string

// The languages of reports and labels.
const (
	LangZh Lang = "zh"
	LangEn Lang = "en"
)

// ParseLang reads "zh" or "en".
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case LangZh, LangEn:
		return Lang(s), nil
	}
	return "", fmt.Errorf("%w: lang: %q is not zh or en", watch.ErrInvalid, s)
}

// Group names a vocabulary that Label knows.
type Group string

// The vocabularies of Label (docs/formats.md section 9.4 lists every code).
const (
	GroupState    Group = "state"    // incident states: open, acknowledged, ...
	GroupEvent    Group = "event"    // event types: acknowledged, resolved, voided, note
	GroupOutcome  Group = "outcome"  // delivery outcomes: pending, delivered, ...
	GroupRule     Group = "rule"     // rota rule codes, which are also gap reasons
	GroupWarning  Group = "warning"  // policy lint warning codes
	GroupDayState Group = "day"      // day states of the daily report
	GroupTarget   Group = "target"   // the usual escalation targets
	GroupAudience Group = "audience" // report audiences
	GroupSeverity Group = "severity" // minor, major, critical
)

// labels holds, per group and code, the Chinese and the English label.
var labels = map[Group]map[string][2]string{
	GroupState: {
		"open":         {"未处理", "open"},
		"acknowledged": {"已受理", "acknowledged"},
		"resolved":     {"已解决", "resolved"},
		"voided":       {"已撤销", "voided"},
	},
	GroupEvent: {
		"acknowledged": {"受理", "acknowledged"},
		"resolved":     {"解决", "resolved"},
		"voided":       {"撤销", "voided"},
		"note":         {"备注", "note"},
	},
	GroupOutcome: {
		"pending":    {"待发送", "pending"},
		"delivered":  {"已送达", "delivered"},
		"suppressed": {"已免发", "suppressed"},
		"skipped":    {"已跳过", "skipped"},
		"failed":     {"发送失败", "failed"},
	},
	GroupRule: {
		"min_age":          {"未达最低年龄", "below the minimum age"},
		"age_band":         {"年龄段不允许", "age band excludes"},
		"shift_length":     {"班次过长", "shift too long"},
		"band_hours":       {"超出年龄段时段", "outside the age band's hours"},
		"weekly_hours":     {"超出每周时数", "over the weekly hours"},
		"rest":             {"休息不足", "too little rest"},
		"per_day":          {"超出每日班次", "over the shifts per day"},
		"consecutive_days": {"连续天数过多", "too many days in a row"},
		"team":             {"不足两人同行", "no team of two"},
		"night":            {"夜班缺少年轻队员", "night without a younger member"},
		"unavailable":      {"不在可值勤时间", "not available"},
		"inactive":         {"已停止值勤", "inactive"},
		"fixed":            {"固定排班缺人", "fixed assignment missing"},
	},
	GroupWarning: {
		"no_catch_all":      {"没有兜底规则", "no catch-all rule"},
		"unreachable":       {"规则永远不会匹配", "rule can never apply"},
		"danger_not_called": {"危险情况未报110", "danger not called in"},
		"target_typo":       {"通知对象疑似拼错", "target looks misspelt"},
	},
	GroupDayState: {
		"normal":    {"今天小区安全值勤一切正常", "All normal on patrol today"},
		"incidents": {"今天有情况", "Incidents today"},
		"partial":   {"部分巡逻未汇报", "Some patrols not reported"},
		"unknown":   {"未收到巡逻汇报", "No patrol reported"},
	},
	GroupTarget: {
		"police_110":       {"110报警", "police (110)"},
		"community_office": {"社区办公室", "community office"},
		"police_liaison":   {"驻社区民警", "community police liaison"},
		"duty_leader":      {"值班队长", "duty leader"},
	},
	GroupAudience: {
		"public": {"公示栏", "public notice board"},
		"office": {"社区办公室", "community office"},
		"police": {"派出所", "police station"},
	},
	GroupSeverity: {
		"minor":    {"一般", "minor"},
		"major":    {"重大", "major"},
		"critical": {"特别重大", "critical"},
	},
}

// Label returns the label of a code of a group in a language; a code the
// group does not know is returned as it is (a programme's own target, say).
func Label(lang Lang, g Group, code string) string {
	if l, ok := labels[g][code]; ok {
		return pick(lang, l[0], l[1])
	}
	return code
}

// Codes lists the codes a group knows, sorted.
func Codes(g Group) []string {
	return slices.Sorted(maps.Keys(labels[g]))
}

// KindName returns a kind's name in a language, from the built-in kinds
// and the declared ones; an unknown kind is returned as its id.
func KindName(lang Lang, k watch.Kind, declared []watch.KindDef) string {
	for _, d := range declared {
		if d.ID == k {
			return named(lang, d.Name, d.NameEn, string(k))
		}
	}
	if d, ok := (watch.Kinds{}).Lookup(k); ok {
		return named(lang, d.Name, d.NameEn, string(k))
	}
	return string(k)
}

// weekdays are the Chinese and English names of the days, Sunday first.
var weekdays = [7][2]string{
	{"星期日", "Sunday"}, {"星期一", "Monday"}, {"星期二", "Tuesday"}, {"星期三", "Wednesday"},
	{"星期四", "Thursday"}, {"星期五", "Friday"}, {"星期六", "Saturday"},
}

// WeekdayName returns the name of a day of the week in a language.
func WeekdayName(lang Lang, w watch.Weekday) string {
	if w < 0 || int(w) >= len(weekdays) {
		return w.String()
	}
	return pick(lang, weekdays[w][0], weekdays[w][1])
}

func pick(lang Lang, zh, en string) string {
	if lang == LangEn {
		return en
	}
	return zh
}

// named picks a Chinese or English name, falling back to the other and
// then to the id.
func named(lang Lang, zh, en, id string) string {
	first, second := zh, en
	if lang == LangEn {
		first, second = en, zh
	}
	switch {
	case first != "":
		return first
	case second != "":
		return second
	}
	return id
}
