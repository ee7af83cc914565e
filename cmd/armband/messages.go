package main

import (
	"regexp"
	"strings"
)

// This file holds the command's Chinese: zhText for the texts of help
// (summaries, flags' usages, the words of synopses), keyed by their
// English; reasonsZh for the reasons of input errors, which the library
// says in English. Codes (band_hours, per_day) stay codes in both.

var zhText = map[string]string{
	// words of synopses and flag values
	"PROGRAM":              "排班方案",
	"ROTA":                 "排班表",
	"INCIDENTS":            "事件文件",
	"POLICY":               "升级策略",
	"PATROLS":              "巡逻记录",
	"SUITE...":             "测试套件...",
	"PROGRAM=INCIDENTS...": "方案=事件文件...",
	"SHELL":                "SHELL",
	"FORMAT":               "格式",
	"ZONE":                 "时区",
	"TEXT":                 "文本",
	"N":                    "N",
	"DURATION":             "时长",
	"DATE":                 "日期",
	"MONTH":                "月份",
	"FILE":                 "文件",
	"INSTANT":              "时刻",
	"SHIFT":                "班次",
	"PROGRAM=N":            "方案=N",
	"STORE":                "存储",

	// summaries
	"simulate an escalation policy up to an instant, or run it on a store (--run)":                                 "按升级策略模拟到某一时刻的通知，或在存储上运行升级（--run）",
	"warn about likely mistakes in an escalation policy":                                                           "检查升级策略中可能的错误",
	"a rota for people: a printable table, CSV for Excel and WPS, or iCalendar for phones":                         "给人看的排班表：可打印的表格、Excel 和 WPS 用的 CSV，或手机日历用的 iCalendar",
	"a patrol sets out: the overdue alarm watches it until it ends":                                                "巡逻出发：结束前由超时提醒看护",
	"a patrol checks in: where it is, and optionally what it saw":                                                  "巡逻报到：所在位置，可附所见情况",
	"a patrol is back: its patrol log is recorded and an overdue alarm settled":                                    "巡逻归来：记录巡逻日志，了结超时提醒",
	"the patrols out now, each with its deadline and whether it is overdue":                                        "正在外巡逻的班组，各自的截止时间及是否超时",
	"keep a programme and its patrol logs in the store":                                                            "把排班方案及其巡逻日志存入存储",
	"why one shift instance is staffed as it is, and the smallest relaxation that would fill a gap":                "说明某一班次为何这样排，以及补上缺口所需的最小放宽",
	"change a rota for a drop-out, a new volunteer, or a cancelled or added patrol, changing as little as it must": "因有人退出、新志愿者加入、巡逻取消或增加而调整排班表，改动尽量少",
	"the daily safety report (平安日汇报) of one date":                                                                  "某一天的平安日汇报",
	"the monthly security meeting brief (治安工作例会)":                                                                  "治安工作例会的月度简报",
	"make a rota that keeps every rule: most filled, then the fairest hours":                                       "生成符合全部规则的排班表：先排满人次，再让时长最均衡",
	"judge a rota against its programme: every broken rule":                                                        "对照排班方案检查排班表：列出每一处违反的规则",
	"run escalation-policy unit tests":                                                                             "运行升级策略的单元测试",
	`score incidents against the "six nos" or a goals file`:                                                        "按“六无”或目标文件为事件打分",
	"score month by month, with the streak of months with every goal achieved":                                     "逐月打分，并给出目标全部达成的连续月数",
	"rank neighbouring communities (兄弟社区) over one period":                                                         "同一时段内兄弟社区排名",
	"keep a programme and its incidents in the store; events added to the file since are appended":                 "把排班方案及其事件存入存储；文件中新增的事件记录会追加进去",
	"copy a programme with its whole history from one store to another; run again to finish an interrupted copy":   "把一个排班方案连同全部历史从一个存储复制到另一个；中断后再运行一次即可续完",
	"check a programme file": "检查排班方案文件",
	"check that a rota file fits its programme; broken rules are for rota check": "检查排班表文件是否与其方案相符；违反规则请用 rota check",
	"check an incidents file": "检查事件文件",
	"a programme file with its volunteers from a spreadsheet (CSV, UTF-8 or GB18030)":          "由电子表格（CSV，UTF-8 或 GB18030）生成含志愿者的排班方案文件",
	"a programme's volunteers as a spreadsheet (CSV) that program import reads back":           "把方案的志愿者导出为电子表格（CSV），program import 可读回",
	"print the version of armband and the source revision it was built from":                   "显示 armband 的版本及构建所用的源码版本",
	"a shell completion script, generated from the commands: armband completion bash (or zsh)": "生成命令行自动补全脚本：armband completion bash（或 zsh）",

	// the shared flags
	"output format": "输出格式",
	"IANA time zone (such as Asia/Shanghai); default: the programme's or policy's":  "IANA 时区（如 Asia/Shanghai）；默认取排班方案或升级策略中的时区",
	"language of messages and text output: zh or en (default: from LC_ALL or LANG)": "提示和文本输出的语言：zh 或 en（默认由 LC_ALL 或 LANG 决定）",
	"a SQLite database file or a postgres:// URL that keeps state":                  "保存状态的 SQLite 数据库文件或 postgres:// 地址",

	// the flags of commands
	"the escalation policy (required)": "升级策略文件（必填）",
	"emit notifications at or before this INSTANT, or the start of this DATE in the zone (required without --run)": "输出此时刻（或时区内此日期零点）及之前的通知（不用 --run 时必填）",
	"run the escalator on --store, writing each notification to standard output":                                   "在 --store 上运行升级器，把每条通知写到标准输出",
	"with --run: tick once at this INSTANT and exit (default: tick on the clock until interrupted)":                "配合 --run：在此时刻运行一次后退出（默认按时钟持续运行，直到中断）",
	"with --run: how often to tick":                                                                          "配合 --run：运行间隔",
	"exit 1 when there are warnings":                                                                         "有警告时以 1 退出",
	"only this volunteer's patrols (an id)":                                                                  "只导出这位志愿者的巡逻（编号）",
	"CSV without the UTF-8 byte-order mark":                                                                  "CSV 不带 UTF-8 字节序标记",
	"the DTSTAMP of every iCalendar event, an INSTANT (required with --format ics)":                          "每个 iCalendar 事件的 DTSTAMP，一个时刻（--format ics 时必填）",
	"iCalendar: the rota this one replaces; its patrols that are gone are cancelled":                         "iCalendar：本表取代的旧排班表；其中已不存在的巡逻会被取消",
	"iCalendar: the SEQUENCE of every event, raised with each new version (default 0, or 1 with --previous)": "iCalendar：每个事件的 SEQUENCE，每出新版加一（默认 0，有 --previous 时为 1）",
	"the programme's id (required)":                                                                          "排班方案编号（必填）",
	"the patrol's id, as patrol start printed it (required)":                                                 "巡逻编号，即 patrol start 输出的编号（必填）",
	"the volunteer who does it (an id)":                                                                      "执行者（志愿者编号）",
	"when, an INSTANT (default: the clock)":                                                                  "时间，一个时刻（默认取当前时钟）",
	"the patrol's id (default: SHIFT-DATE)":                                                                  "巡逻编号（默认：班次-日期）",
	"the shift on the rota":                                                                                  "排班表上的班次",
	"the DATE of the rota instance (required)":                                                               "排班表上该班次的日期（必填）",
	"who walks it, ids separated by commas (default: the rota's)":                                            "巡逻人员编号，用逗号分隔（默认取排班表上的）",
	"when it should be back, an INSTANT (default: the rota instance's end)":                                  "预计返回的时刻（默认取该班次的结束时间）",
	"where: a beat or contact point id":                                                                      "地点：巡逻片区或信息联络点编号",
	"what was said (kept as personal data)":                                                                  "所报内容（作为个人数据保存）",
	"all was normal on the patrol (今天小区安全值勤一切正常)":                                                            "巡逻一切正常（今天小区安全值勤一切正常）",
	"the patrol log's notes (kept as personal data)":                                                         "巡逻日志备注（作为个人数据保存）",
	"incidents reported on the patrol, ids separated by commas":                                              "巡逻中上报的事件编号，用逗号分隔",
	"the SHIFT id (required)":                                                                                "班次编号（必填）",
	"the DATE of the instance (required)":                                                                    "该班次的日期（必填）",
	"the change FILE (required)":                                                                             "变更文件（必填）",
	"also write the programme with the change applied to this FILE":                                          "同时把应用变更后的排班方案写入此文件",
	"repair as of this INSTANT: nothing that started before it is touched (default: the clock)":              "以此时刻为准调整：此前已开始的一概不动（默认取当前时钟）",
	"with --store the programme's id, else a programme file (required)":                                      "用 --store 时为方案编号，否则为排班方案文件（必填）",
	"a rota file (without --store)":                                                                          "排班表文件（不用 --store 时）",
	"a patrols file (without --store)":                                                                       "巡逻记录文件（不用 --store 时）",
	"an incidents file (without --store)":                                                                    "事件文件（不用 --store 时）",
	"an outbox file: a JSON array of deliveries (without --store)":                                           "通知发送记录文件：JSON 数组（不用 --store 时）",
	"who reads it: public (notice board), office or police":                                                  "读者：public（公告栏）、office（社区）或 police（民警）",
	"with --format csv, only this table":                                                                     "配合 --format csv：只输出这张表",
	"a custom report template (text/template; a file ending .html is html/template)":                         "自定义报告模板（text/template；以 .html 结尾的文件按 html/template）",
	"the DATE reported on (required)":                                                                        "汇报的日期（必填）",
	"a goals file; default: the six nos":                                                                     "目标文件；默认为“六无”",
	"the MONTH, YYYY-MM (required)":                                                                          "月份，YYYY-MM（必填）",
	"seed for ties among equally good choices":                                                               "同样好的选择之间取舍所用的种子",
	"local-search budget in moves (0: proportional to the problem)":                                          "局部搜索的步数上限（0：按问题规模）",
	"search on for this long (e.g. 5s) after the fixed work, keeping the best rota; the result may then differ between runs (0: none, the same file and seed give the same rota)": "在固定步骤之后再搜索这么久（如 5s），保留最好的排班表；这样每次结果可能不同（0：不加时，同一文件和种子得到同一排班表）",
	"PROGRAM=N, the residents of a programme, for a rate scheme (repeat for each)":                                                                                                "方案=N，方案的居民人数，供按比率考核（每个方案写一次）",
	"first DATE of the period":                                                      "时段的第一天（日期）",
	"last DATE of the period":                                                       "时段的最后一天（日期）",
	"first MONTH (YYYY-MM) or DATE of the period":                                   "时段的第一个月（YYYY-MM）或第一天",
	"last MONTH (YYYY-MM) or DATE of the period":                                    "时段的最后一个月（YYYY-MM）或最后一天",
	"the MONTH (YYYY-MM) scored: --from its first day, --to its last":               "打分的月份（YYYY-MM）：即从当月第一天到最后一天",
	"a programme file, for its residents, declared kinds and zone":                  "排班方案文件，提供居民人数、自定义事件类型和时区",
	"score as things stood at this INSTANT, or the start of this DATE in the zone":  "按此时刻（或时区内此日期零点）的情况打分",
	"add zero_report_run: the days since the last police case, across periods":      "加上 zero_report_run：自上次报警案件以来的天数（可跨时段）",
	"the store to copy from: a SQLite file or a postgres:// URL":                    "复制的来源存储：SQLite 文件或 postgres:// 地址",
	"the store to copy to: a SQLite file or a postgres:// URL":                      "复制的目标存储：SQLite 文件或 postgres:// 地址",
	"the id of the programme to copy":                                               "要复制的方案编号",
	"the volunteers sheet, a CSV FILE (required)":                                   "志愿者表，一个 CSV 文件（必填）",
	"the sheet's encoding: auto, utf-8 or gb18030":                                  "表格的编码：auto、utf-8 或 gb18030",
	"without the UTF-8 byte-order mark":                                             "不带 UTF-8 字节序标记",
	"the volunteers (the only sheet there is)":                                      "志愿者（目前唯一的表）",
	"the report as things stood at this INSTANT (RFC 3339)":                         "按此时刻（RFC 3339）的情况出报告",
	"fail when a suite exercises less than this percentage of its policy's rules":   "测试套件覆盖的规则少于策略规则的这一百分比时判为失败",
	"show volunteers' names as the notice board does (public), or in full (office)": "志愿者姓名按公告栏方式遮掩（public），或写全名（office）",
}

// reasonZh is one reason of the library in English, as a pattern (%s
// stands for any text), and its Chinese (%1, %2 ... for the texts %s
// stood for, in order).
type reasonZh struct {
	re *regexp.Regexp
	zh string
}

var reasonsZh = compileReasons([][2]string{
	{"is not a date (want YYYY-MM-DD)", "不是日期（应为 YYYY-MM-DD）"},
	{"is not a date", "不是日期"},
	{"is not a clock time (want HH:MM, 00:00 to 23:59)", "不是钟点（应为 HH:MM，00:00 至 23:59）"},
	{"is not a day (want %s)", "不是星期几（应为 %1）"},
	{"is not a duration (want Go syntax: 90s, 10m, 1h30m)", "不是时长（应写作 90s、10m、1h30m）"},
	{"is not an instant (want RFC 3339 with an offset, 2026-12-01T08:00:00+08:00)", "不是时刻（应为带时差的 RFC 3339，如 2026-12-01T08:00:00+08:00）"},
	{"is not an instant or a date (want 2026-12-01T08:00:00+08:00 or 2026-12-01)", "不是时刻或日期（应为 2026-12-01T08:00:00+08:00 或 2026-12-01）"},
	{"is not a month (want YYYY-MM)", "不是月份（应为 YYYY-MM）"},
	{"is not a known IANA time zone", "不是已知的 IANA 时区"},
	{"is not an IANA time zone name", "不是 IANA 时区名"},
	{"is not a known key", "不是可用的键"},
	{"is not a list", "不是列表"},
	{"is not an object", "不是对象"},
	{"is not a number", "不是数字"},
	{"is not a whole number", "不是整数"},
	{"is not a string", "不是字符串"},
	{"is not true or false", "不是 true 或 false"},
	{"is null: leave the key out instead", "是 null：请直接省略这个键"},
	{"is an empty list: leave the key out instead", "是空列表：请直接省略这个键"},
	{"is an empty list", "是空列表"},
	{"is empty", "为空"},
	{"is empty or used twice", "为空或重复使用"},
	{"is required", "必须填写"},
	{"is required to make a rota", "生成排班表时必须填写"},
	{"is used twice (first at %s)", "重复使用（第一次在 %1）"},
	{"is used twice", "重复使用"},
	{"is listed twice", "重复列出"},
	{"is declared twice", "重复声明"},
	{"is named twice in one step", "在同一步骤中重复出现"},
	{"is named twice", "重复出现"},
	{"appears twice", "出现两次"},
	{"is not valid UTF-8", "不是有效的 UTF-8"},
	{"is not JSON", "不是 JSON"},
	{"is not valid JSON at line %s, column %s: %s", "不是有效的 JSON：第 %1 行第 %2 列：%3"},
	{"has more than one JSON value", "含有不止一个 JSON 值"},
	{"is not valid YAML at line %s, column %s: %s", "不是有效的 YAML：第 %1 行第 %2 列：%3"},
	{"is over the %s limit of %s (docs/formats.md section 0.7)", "超过 %1 上限 %2（见 docs/formats.md 第 0.7 节）"},
	{"is over the %s limit of %s", "超过 %1 上限 %2"},
	{"is nested deeper than the depth limit of %s (docs/formats.md section 0.7)", "嵌套超过深度上限 %1（见 docs/formats.md 第 0.7 节）"},
	{"expands more than the yaml_aliases limit of %s aliases (docs/formats.md section 0.7)", "别名展开超过 yaml_aliases 上限 %1（见 docs/formats.md 第 0.7 节）"},
	{"expands past the bytes limit of %s (docs/formats.md section 0.7)", "展开后超过字节上限 %1（见 docs/formats.md 第 0.7 节）"},
	{"is not an armband format (want %s)", "不是 armband 的格式（应为 %1）"},
	{"is another major version: this reader takes %s", "是另一个主版本：本程序只读 %1"},
	{"cannot be read into %s", "无法读作 %1"},
	{"is not the id of a beat", "不是巡逻片区的编号"},
	{"is not the id of a shift", "不是班次的编号"},
	{"is not the id of a volunteer", "不是志愿者的编号"},
	{"is not a beat of the programme", "不是本方案的巡逻片区"},
	{"is not a shift of the programme", "不是本方案的班次"},
	{"is not a shift of the programme (named %s times in all)", "不是本方案的班次（共出现 %1 次）"},
	{"is not a volunteer of the programme (named %s times in all)", "不是本方案的志愿者（共出现 %1 次）"},
	{"is not a volunteer of the programme", "不是本方案的志愿者"},
	{"is not a contact point of the programme", "不是本方案的信息联络点"},
	{"is below the policy's min_team of %s: nobody patrols alone", "低于规则中的最少人数 min_team %1：不得单人巡逻"},
	{"must be from %s to %s", "必须在 %1 到 %2 之间"},
	{"must be 1 to %s", "必须在 1 到 %1 之间"},
	{"must be above 0 and at most %s", "必须大于 0 且不超过 %1"},
	{"must be above 0 for a rate scheme", "按比率考核时必须大于 0"},
	{"must be above 0", "必须大于 0"},
	{"must be at least 1", "至少为 1"},
	{"must be at least 0 and below need", "必须不小于 0 且小于 need"},
	{"must not be negative", "不能为负"},
	{"is negative", "为负"},
	{"must name at least one volunteer", "至少要有一名志愿者"},
	{"must list at least one goal", "至少要列出一个目标"},
	{"must list at least one kind", "至少要列出一种事件类型"},
	{"must hold exactly one of drop, add_volunteer, cancel and add", "必须恰好含 drop、add_volunteer、cancel、add 之一"},
	{"equals from: a window must not be empty", "与 from 相同：时间段不能为空"},
	{"equals start: a shift must not be empty", "与 start 相同：班次不能为空"},
	{"is not after start", "不晚于 start"},
	{"is not after the start %s", "不晚于开始时间 %1"},
	{"is not a range of dates in order", "不是按先后排列的日期范围"},
	{"is before from %s", "早于 from %1"},
	{"is before drop.from %s", "早于 drop.from %1"},
	{"is before occurred_at %s", "早于 occurred_at %1"},
	{"is before reported_at %s", "早于 reported_at %1"},
	{"is before the event before it, %s", "早于前一条事件记录 %1"},
	{"is before the incident's last instant %s", "早于事件的最后时刻 %1"},
	{"is before the session's last event %s", "早于本次巡逻的最后一条记录 %1"},
	{"is before the year 0001", "早于公元 1 年"},
	{"is before 0001-01-02, the first date a horizon may start", "早于 0001-01-02，排班期最早只能从这天开始"},
	{"is after 9999-12-30, the last date a horizon may end", "晚于 9999-12-30，排班期最晚只能到这天"},
	{"is in the future", "在将来"},
	{"is not a severity (want minor, major or critical)", "不是严重程度（应为 minor、major 或 critical）"},
	{"is not a severity", "不是严重程度"},
	{"is not an event type (want acknowledged, resolved, voided or note)", "不是事件记录类型（应为 acknowledged、resolved、voided 或 note）"},
	{"is not an event type", "不是事件记录类型"},
	{"is not a built-in or declared kind", "不是内置或已声明的事件类型"},
	{"is a built-in kind: declare only new kinds", "是内置事件类型：只需声明新的类型"},
	{"is not legal when the incident is %s", "在事件处于 %1 时不允许"},
	{"is not acknowledged or resolved", "不是 acknowledged 或 resolved"},
	{"is not one of the policy's targets", "不是升级策略中的通知对象"},
	{"is not one of the suite's fixtures", "不是测试套件中的样例"},
	{"needs a zone: set the policy's timezone or give --timezone", "需要时区：请在升级策略中写 timezone，或加 --timezone"},
	{"needs an incident or a fixture", "需要一个事件或样例"},
	{"has a negative after or step", "after 或 step 为负"},
	{"must exceed notify_timeout %s", "必须大于 notify_timeout %1"},
	{"is below retry_base %s", "小于 retry_base %1"},
	{"is not between 0s and 24h", "不在 0s 到 24h 之间"},
	{"is not goals, police_cases or all", "不是 goals、police_cases 或 all"},
	{"is not the programme %s", "不是排班方案 %1"},
	{"is not the programme's horizon %s", "不是方案的排班期 %1"},
	{"is not the shift's beat %s", "不是该班次的巡逻片区 %1"},
	{"is not the instance's start %s", "不是该班次的开始时间 %1"},
	{"is not the instance's end %s", "不是该班次的结束时间 %1"},
	{"has no instance of shift %s in the horizon", "排班期内没有班次 %1"},
	{"names the instance of %s on %s that fixed[%s] names too", "与 fixed[%3] 指定了同一班次 %1（%2）"},
	{"cannot be completed into a team of %s that keeps the rules on %s on %s", "无法在 %3 的 %2 补成符合规则的 %1 人班组"},
	{"puts %s on %s on %s, which breaks the rule %s", "把 %1 排在 %3 的 %2，违反规则 %4"},
	{"is the name of rules[%s] too", "也是 rules[%1] 的名字"},
	{"is the name of cases[%s] too", "也是 cases[%1] 的名字"},
	{"is not checked_in or ended", "不是 checked_in 或 ended"},
	{"must be one started event with its instant", "必须是一条带时刻的出发记录"},
	{"follows the end of the patrol", "在巡逻结束之后"},
	{"is not after now, %s", "不晚于当前时刻 %1"},
	{"contains a NUL byte, which no store keeps", "含有 NUL 字节，存储无法保存"},
	{"is not a postgres:// URL", "不是 postgres:// 地址"},
	{"is not the path of a database file", "不是数据库文件的路径"},
	{"is not PROGRAM=N with N above 0", "不是“方案=N”（N 大于 0）"},
	{"is not PROGRAM=INCIDENTS", "不是“方案=事件文件”"},
	{"no such file or directory", "文件或目录不存在"},
	{"permission denied", "没有权限"},
	{"is a directory", "是目录"},
	{"is before --from %s", "早于 --from %1"},
	{"is stored otherwise than the file says: %s", "存储中的内容与文件不符：%1"},
	{"is not a programme in the store", "不是存储中的排班方案"},
	{"not found", "未找到"},
	{"invalid input: %s", "输入无效：%1"},
	{"%s on %s: no such instance in the horizon", "%2 的 %1：排班期内没有这个班次"},
	{"%s is not a month", "%1 不是月份"},
	{"is not pending, delivered, suppressed, skipped or failed", "不是 pending、delivered、suppressed、skipped 或 failed"},
	{"is the from_age of age_bands[%s] too", "也是 age_bands[%1] 的 from_age"},
	{"is the min_score of tiers[%s] too", "也是 tiers[%1] 的 min_score"},
	{"lists %s volunteers, is over the volunteers limit of %s (docs/formats.md section 0.7)", "列出 %1 名志愿者，超过 volunteers 上限 %2（见 docs/formats.md 第 0.7 节）"},
	{"covers %s days, is over the horizon_days limit of %s (docs/formats.md section 0.7)", "覆盖 %1 天，超过 horizon_days 上限 %2（见 docs/formats.md 第 0.7 节）"},
	{"makes %s shift instances, is over the instances limit of %s (docs/formats.md section 0.7)", "产生 %1 个班次，超过 instances 上限 %2（见 docs/formats.md 第 0.7 节）"},
	{"is a %s, a day shift %s does not run", "是%1，班次 %2 这天不值勤"},
	{"names %s volunteers, more than the shift's need of %s", "指定了 %1 名志愿者，多于该班次所需的 %2 人"},
	{"is a date the clock change leaves shift %s no time on", "这天因夏令时切换，班次 %1 没有时长"},
	{"lists the instance of %s on %s a second time", "第二次列出 %2 的班次 %1"},
	{"comes before the step before it (%s): steps go in non-decreasing order", "早于前一步（%1）：步骤须按时间先后排列"},
	{"and date are required to find the patrol on the rota", "和 date 都必须给出，才能在排班表上找到这次巡逻"},
	{"is required with stores.sessions (the overdue alarm reads the grace)", "在使用 stores.sessions 时必须填写（超时提醒要读宽限时间）"},
	{"is not a watch.OutboxStore", "不是 watch.OutboxStore"},
	{`the last rule is not a catch-all ("match": {}): an incident that matches no rule notifies nobody`, `最后一条规则不是兜底规则（"match": {}）：不符合任何规则的事件不会通知任何人`},
	{"never applies: rule %s, earlier and without continue, matches every incident it matches", "永远不会生效：前面的规则 %1 没有 continue，且能匹配它所匹配的全部事件"},
	{"targets %s and %s are one edit apart: is one a typo?", "通知对象 %1 与 %2 只差一处：是否写错了？"},
})

func compileReasons(pairs [][2]string) []reasonZh {
	out := make([]reasonZh, len(pairs))
	for i, p := range pairs {
		parts := strings.Split(p[0], "%s")
		for k := range parts {
			parts[k] = regexp.QuoteMeta(parts[k])
		}
		out[i] = reasonZh{regexp.MustCompile("^" + strings.Join(parts, "(.+?)") + "$"), p[1]}
	}
	return out
}

// translateReason says an English reason in Chinese: the first pattern
// of reasonsZh that matches it whole, with the texts its %s stand for
// said in Chinese too when they are reasons themselves. A reason that
// does not match is tried as "PREFIX: REASON" (a field's path, a flag's
// name) and as "VALUE REASON", keeping the prefix or the value.
func translateReason(en string) (string, bool) { return translateAt(en, 0) }

// Limits of translateReason: longer texts, and reasons nested deeper,
// stay English; a text is tried after at most maxReasonSplits of its
// ": ".
const (
	maxReasonLen    = 2000
	maxReasonDepth  = 3
	maxReasonSplits = 4
)

// placeholder is %1 ... %9 in a Chinese template.
var placeholder = regexp.MustCompile(`%[1-9]`)

func translateAt(en string, depth int) (string, bool) {
	if depth > maxReasonDepth || len(en) > maxReasonLen {
		return "", false
	}
	for _, r := range reasonsZh {
		m := r.re.FindStringSubmatch(en)
		if m == nil {
			continue
		}
		return placeholder.ReplaceAllStringFunc(r.zh, func(p string) string {
			k := int(p[1] - '0')
			if k >= len(m) {
				return p
			}
			if t, ok := translateAt(m[k], depth+1); ok { // a reason inside a reason
				return t
			}
			return m[k]
		}), true
	}
	// "PREFIX: REASON", the prefix a field's path or a flag's name
	splits := 0
	for i := 0; i+1 < len(en) && splits < maxReasonSplits; i++ {
		if en[i] == ':' && en[i+1] == ' ' {
			splits++
			if zh, ok := translateAt(en[i+2:], depth+1); ok {
				return en[:i+2] + zh, true
			}
		}
	}
	// "VALUE REASON", the value quoted, a number or a list
	if value, rest, ok := strings.Cut(en, " "); ok && value != "" && (strings.HasPrefix(value, `"`) || strings.ContainsAny(value[:1], "0123456789-[{")) {
		if zh, ok := translateAt(rest, depth+1); ok {
			return value + " " + zh, true
		}
	}
	return "", false
}
