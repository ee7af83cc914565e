// Package report scores a community against its "no" goals: the six nos
// (六无) of docs/formats.md section 5.1 by default, or any locality's list, with
// the schemes sub-districts use.
//
// A [GoalSet] is data: [SixNos] (the Nanhuan No. 2 community's six, the
// default), [SichuanSixNos], or a goals file read with [LoadGoals]. [Score]
// computes the section 5 document exactly: a goal is achieved when no
// counted incident breaks it, the score is 100 x achieved weights over all
// weights, computed exactly and rounded half away from zero to one decimal
// (0 when a veto goal, 一票否决, failed), and zero_report_days (零报案)
// counts the dates after the last police case.
//
// A goal set may choose a [Scheme]: a deduction of points per incident
// (smaller once resolved, with a cap), a rate of incidents per 1,000
// residents against a threshold, and star tiers. The scheme's outcome is
// added under "scheme" with its evidence (which incident broke which goal
// and what it cost), and the keys of section 5 stay as they are.
//
// [Options] adds what section 5 leaves out. AsOf scores a period as it
// stood at an instant; these are the readings chosen, as a user re-running
// a filed score would expect:
//
//   - an incident reported after AsOf was not known and does not count;
//   - events after AsOf are ignored, so a void after it does not void and
//     a case resolved after it was not resolved;
//   - a date counts as safe only once it had ended by AsOf, so
//     zero_report_days runs to the day before the date of AsOf.
//
// Run adds zero_report_run, the days since the last police case looking
// back past the period's start, and last_police_case. Both additions are
// left out of the output unless asked for, so the default output is the
// section 5 document byte for byte in meaning.
//
// [Series] scores month by month with the running streak of months with
// every goal achieved; [Compare] ranks neighbouring communities (兄弟社区)
// for a district office.
//
// # Reports
//
// [Daily] builds the daily safety report (平安日汇报, docs/formats.md
// section 9.1) of one date from the rota in force, the patrol logs, the
// incidents and their outbox rows; its day state is normal, incidents,
// partial or unknown (no patrol log at all is never normal), a night
// patrol belongs to the date it starts, and each incident carries the
// head of its history chain, so a printed report can be held against the
// store later. [Monthly] builds the monthly security meeting brief
// (治安工作例会, section 9.2): the six nos, the trend against the month
// before, incidents by kind, beat and hour, acknowledgement and
// resolution times, rota coverage, volunteer hours and the incidents
// carried over. [DailyFromStore] and [MonthlyFromStore] read the same
// from [watch.Stores]; this package imports watch only, never rota or
// incident.
//
// [Render] writes a report as JSON, text, Markdown or CSV, in Chinese or
// English ([Lang]), for an [Audience]: the public notice board sees names
// masked ([MaskName]: 张三 -> 张*) and no phone, birth date, description,
// reporter or note (section 9.3 lists every field). [Label] names every
// code a report or the command shows in both languages; [Funcs] gives
// custom templates (text/template or html/template) the same labels, and
// [ExecuteTemplate] runs one over a report as an audience may see it.
//
// Everything here is pure: values in, values out, the same input giving
// the same output; time is an argument. Scoring 1,000,000 incidents takes
// about 0.2 s on the 2-core reference machine, and the monthly brief
// over them about 0.9 s (BENCHMARKS.md).
package report
