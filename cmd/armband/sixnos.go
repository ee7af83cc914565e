package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "sixnos", args: "INCIDENTS", nargs: 1, formats: []string{"text", "json"}, stateful: true,
		summary: `score incidents against the "six nos" or a goals file`,
		setup: func(fs *flag.FlagSet) runFunc {
			var sf scoreFlags
			sf.register(fs, "DATE")
			return func(e *env, args []string) int {
				ctx, code := sf.load(e, args[0])
				if ctx == nil {
					return code
				}
				incs, err := e.loadIncidents(args[0], ctx.kinds)
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				period, err := sf.period()
				if err != nil {
					return e.inputError("", err)
				}
				s, err := report.Score(ctx.goals, incs, period, ctx.loc, ctx.opt)
				if err != nil {
					return e.inputError("", err)
				}
				return e.emit(s, func(w io.Writer) { writeScoringText(w, e, s, ctx.goals, sf.goals == "") })
			}
		},
	})
	register(&command{
		name: "report series", args: "INCIDENTS", nargs: 1, formats: []string{"text", "json", "html"}, stateful: true,
		summary: "score month by month, with the streak of months with every goal achieved",
		setup: func(fs *flag.FlagSet) runFunc {
			var sf scoreFlags
			sf.register(fs, "MONTH (YYYY-MM) or DATE")
			return func(e *env, args []string) int {
				ctx, code := sf.load(e, args[0])
				if ctx == nil {
					return code
				}
				incs, err := e.loadIncidents(args[0], ctx.kinds)
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				s, err := report.Series(ctx.goals, incs, sf.from, sf.to, ctx.loc, ctx.opt)
				if err != nil {
					return e.inputError("", err)
				}
				if e.format == "html" {
					var buf bytes.Buffer
					if err := report.SeriesHTML(&buf, s, ctx.title, report.Lang(e.lang)); err != nil {
						return e.inputError("", err)
					}
					if _, err := e.stdout.Write(buf.Bytes()); err != nil {
						return e.inputError("", err)
					}
					return exitOK
				}
				return e.emit(s, func(w io.Writer) {
					rows := [][]string{{e.say("月份", "month"), e.say("达成", "achieved"), e.say("得分", "score"),
						e.say("零报案天数", "zero-report days"), e.say("连续达标月数", "streak"), e.say("未达成", "not achieved")}}
					for _, m := range s.Months {
						rows = append(rows, []string{m.Month, fmt.Sprintf("%d/%d", m.Achieved, m.Total), fmt.Sprintf("%.1f", m.Score),
							fmt.Sprint(m.ZeroReportDays), fmt.Sprint(m.Streak), goalNames(e, ctx.goals, m.Failed)})
					}
					writeTable(w, rows)
					fmt.Fprintf(w, "%s %d\n", e.say("最长连续达标月数", "longest streak"), s.LongestStreak)
				})
			}
		},
	})
	register(&command{
		name: "report compare", args: "PROGRAM=INCIDENTS...", nargs: -1, formats: []string{"text", "json"},
		summary: "rank neighbouring communities (兄弟社区) over one period",
		setup: func(fs *flag.FlagSet) runFunc {
			var sf scoreFlags
			sf.register(fs, "DATE")
			residents := map[string]int{}
			fs.Func("residents", "PROGRAM=N, the residents of a programme, for a rate scheme (repeat for each)", func(s string) error {
				id, n, ok := strings.Cut(s, "=")
				v, err := strconv.Atoi(n)
				if !ok || id == "" || err != nil || v <= 0 {
					return fmt.Errorf("%q is not PROGRAM=N with N above 0", s)
				}
				residents[id] = v
				return nil
			})
			return func(e *env, args []string) int {
				ctx, code := sf.load(e, args[0])
				if ctx == nil {
					return code
				}
				period, err := sf.period()
				if err != nil {
					return e.inputError("", err)
				}
				var entries []report.Entry
				for _, arg := range args {
					id, path, ok := strings.Cut(arg, "=")
					if !ok || id == "" || path == "" {
						fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband report compare: %q 不是“方案=事件文件”", arg),
							fmt.Sprintf("armband report compare: %q is not PROGRAM=INCIDENTS", arg)))
						return exitUsage
					}
					incs, err := e.loadIncidents(path, ctx.kinds)
					if err != nil {
						return e.inputError(displayName(path), err)
					}
					entries = append(entries, report.Entry{Program: id, Incidents: incs, Residents: residents[id]})
				}
				r, err := report.Compare(ctx.goals, entries, period, ctx.loc, ctx.opt)
				if err != nil {
					return e.inputError("", err)
				}
				return e.emit(r, func(w io.Writer) {
					fmt.Fprintf(w, "%s %s %s %s\n", e.say("兄弟社区排名", "Communities ranked"), r.Period.From, e.say("至", "to"), r.Period.To)
					rows := [][]string{{e.say("名次", "rank"), e.say("方案", "programme"), e.say("达成", "achieved"), e.say("得分", "score"),
						e.say("零报案天数", "zero-report days"), e.say("未达成", "not achieved")}}
					for _, row := range r.Rows {
						rows = append(rows, []string{fmt.Sprint(row.Rank), row.Program, fmt.Sprintf("%d/%d", row.Achieved, row.Total),
							fmt.Sprintf("%.1f", row.Score), fmt.Sprint(row.ZeroReportDays), goalNames(e, ctx.goals, row.Failed)})
					}
					writeTable(w, rows)
				})
			}
		},
	})
}

// scoreFlags are the flags the scoring commands share.
type scoreFlags struct {
	from, to       watch.Date
	goals, program string
	asOf           when
	run            bool
}

func (sf *scoreFlags) register(fs *flag.FlagSet, what string) {
	fs.Func("from", "first "+what+" of the period", func(s string) error { return parseDateFlag(s, &sf.from) })
	fs.Func("to", "last "+what+" of the period", func(s string) error { return parseDateFlag(s, &sf.to) })
	if what == "DATE" {
		fs.Func("month", "the MONTH (YYYY-MM) scored: --from its first day, --to its last", func(s string) error {
			m, err := parseMonth(s)
			sf.from, sf.to = m.From, m.To
			return err
		})
	}
	fs.StringVar(&sf.goals, "goals", "", "a goals file; default: the six nos")
	fs.StringVar(&sf.program, "program", "", "a programme file, for its residents, declared kinds and zone")
	whenVar(fs, &sf.asOf, "as-of", "score as things stood at this INSTANT, or the start of this DATE in the zone")
	fs.BoolVar(&sf.run, "run", false, "add zero_report_run: the days since the last police case, across periods")
}

// parseMonth reads YYYY-MM as the dates of that month.
func parseMonth(s string) (watch.DateRange, error) {
	d, err := watch.ParseDate(s + "-01")
	if err != nil || len(s) != len("2026-04") {
		return watch.DateRange{}, errors.New("is not a month (want YYYY-MM)")
	}
	return watch.MonthRange(d.Year, d.Month), nil
}

// parseDateFlag reads YYYY-MM-DD, or YYYY-MM for the first of the month.
func parseDateFlag(s string, d *watch.Date) error {
	if len(s) == 7 {
		s += "-01"
	}
	v, err := watch.ParseDate(s)
	*d = v
	return err
}

func (sf *scoreFlags) period() (watch.DateRange, error) {
	if sf.to.Before(sf.from) {
		return watch.DateRange{}, errors.New("--to " + sf.to.String() + " is before --from " + sf.from.String())
	}
	return watch.DateRange{From: sf.from, To: sf.to}, nil
}

// scoreContext is what the flags load: goals, zone, kinds and options.
type scoreContext struct {
	goals report.GoalSet
	loc   *time.Location
	kinds []watch.KindDef
	opt   report.Options
	// title names the programme, when a programme file was given.
	title string
}

// load reads the goals and programme files the flags name. On failure it
// returns nil and the exit status, having reported the problem.
// With --store, arg names the programme whose zone serves when neither
// --timezone nor --program gives one.
func (sf *scoreFlags) load(e *env, arg string) (*scoreContext, int) {
	if sf.from.IsZero() || sf.to.IsZero() {
		fmt.Fprintln(e.stderr, e.say("armband: 必须给出 --from 和 --to（或 --month）", "armband: --from and --to (or --month) are required"))
		return nil, exitUsage
	}
	ctx := &scoreContext{goals: report.SixNos(), opt: report.Options{Run: sf.run}}
	zone := e.timezone
	if sf.goals != "" {
		g, err := e.loadGoals(sf.goals)
		if err != nil {
			return nil, e.inputError(displayName(sf.goals), err)
		}
		ctx.goals = *g
		ctx.kinds = append(ctx.kinds, ctx.goals.Kinds...)
	}
	if sf.program != "" {
		pf, err := e.loadProgram(sf.program)
		if err != nil {
			return nil, e.inputError(displayName(sf.program), err)
		}
		if c := pf.Program.Community; c != nil {
			ctx.opt.Residents = c.Residents
		}
		ctx.title = pf.Program.Name
		ctx.kinds = append(ctx.kinds, pf.Kinds...)
		if zone == "" {
			zone = pf.Program.Timezone
		}
	}
	if zone == "" && e.store != "" {
		err := e.withStore(func(ctx context.Context, st watch.Stores) error {
			rec, err := st.Programs.GetProgram(ctx, arg)
			zone = rec.Program.Timezone
			return err
		})
		if err != nil {
			return nil, e.inputError(displayStore(e.store), err)
		}
	}
	if zone == "" {
		fmt.Fprintln(e.stderr, e.say("armband: 需要时区：请加 --timezone，或用 --program 给出排班方案文件",
			"armband: a zone is needed: give --timezone, or a programme file with --program"))
		return nil, exitUsage
	}
	loc, err := watch.LoadLocation(zone)
	if err != nil {
		return nil, e.inputError("", fmt.Errorf("--timezone: %w", err))
	}
	ctx.loc = loc
	ctx.opt.AsOf = sf.asOf.in(loc)
	return ctx, exitOK
}

// loadGoals reads a goals file argument.
func (e *env) loadGoals(arg string) (*report.GoalSet, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[report.GoalSet]())
	if err != nil {
		return nil, err
	}
	return report.LoadGoals(bytes.NewReader(data))
}

// emit writes a document as JSON, or as text with the given writer.
func (e *env) emit(doc any, text func(io.Writer)) int {
	if e.format == "text" {
		text(e.stdout)
		return exitOK
	}
	if err := e.writeJSON(doc); err != nil {
		return e.inputError("", err)
	}
	return exitOK
}

func writeScoringText(w io.Writer, e *env, s report.Scoring, g report.GoalSet, sixNos bool) {
	title := e.say("考核", "Scoring")
	if sixNos {
		title = e.say("六无考核", "Six nos")
	}
	fmt.Fprintf(w, "%s %s %s %s\n", title, s.Period.From, e.say("至", "to"), s.Period.To)
	if !s.AsOf.IsZero() {
		fmt.Fprintln(w, e.say("按此时情况：", "as of ")+watch.FormatInstant(s.AsOf))
	}
	var rows [][]string
	for i, gr := range s.Goals {
		mark, name := "✓", e.named(gr.Name, g.Goals[i].NameEn)
		if !gr.Achieved {
			mark = "✗"
		}
		row := []string{"  " + mark, name, e.say("达成", "achieved")}
		if !gr.Achieved {
			row[2] = e.say("未达成：", "not achieved: ") + strings.Join(gr.Incidents, ", ")
		}
		rows = append(rows, row)
	}
	writeTable(w, rows)
	fmt.Fprintf(w, "%s %d/%d, %s %.1f, %s %d\n", e.say("达成", "achieved"), s.Achieved, s.Total,
		e.say("得分", "score"), s.Score, e.say("零报案天数", "zero-report days"), s.ZeroReportDays)
	if s.ZeroReportRun != nil {
		if s.LastPoliceCase != nil {
			fmt.Fprintln(w, e.say(fmt.Sprintf("连续零报案 %d 天（上次报警案件在 %s）", *s.ZeroReportRun, *s.LastPoliceCase),
				fmt.Sprintf("zero-report run: %d days (last police case on %s)", *s.ZeroReportRun, *s.LastPoliceCase)))
		} else {
			fmt.Fprintln(w, e.say(fmt.Sprintf("连续零报案至少 %d 天（事件中没有报警案件）", *s.ZeroReportRun),
				fmt.Sprintf("zero-report run: at least %d days (no police case in the incidents)", *s.ZeroReportRun)))
		}
	}
	if sc := s.Scheme; sc != nil {
		writeSchemeText(w, e, sc, g)
	}
}

// writeSchemeText writes a scheme's outcome with its evidence: every
// deduction, the rate and its threshold, the tier.
func writeSchemeText(w io.Writer, e *env, sc *report.SchemeResult, g report.GoalSet) {
	fmt.Fprintf(w, "%s %.1f\n", e.say("考核得分", "scheme score"), sc.Score)
	if d := sc.Deduction; d != nil {
		capped := ""
		if d.Capped {
			capped = e.say("（已达扣分上限）", " (capped)")
		}
		fmt.Fprintf(w, "  %s %g, %s %g%s\n", e.say("基础分", "base"), d.Base, e.say("扣分", "deducted"), d.Deducted, capped)
		var rows [][]string
		for _, it := range d.Items {
			state := e.say("未解决", "unresolved")
			if it.Resolved {
				state = e.say("已解决", "resolved")
			}
			rows = append(rows, []string{"    " + it.Incident, goalName(e, g, it.Goal), state, fmt.Sprintf("-%g", it.Points)})
		}
		writeTable(w, rows)
	}
	if r := sc.Rate; r != nil {
		within := e.say("未超过", "within")
		if !r.Within {
			within = e.say("超过", "above")
		}
		fmt.Fprintln(w, e.say(fmt.Sprintf("  比率：每 %d 名居民 %.2f 起（计入 %d 起，居民 %d 人），%s阈值 %g", r.Per, r.Rate, len(r.Incidents), r.Residents, within, r.Threshold),
			fmt.Sprintf("  rate: %.2f incidents per %d residents (%d counted, %d residents), %s the threshold of %g", r.Rate, r.Per, len(r.Incidents), r.Residents, within, r.Threshold)))
		if len(r.Incidents) > 0 {
			fmt.Fprintf(w, "    %s\n", strings.Join(r.Incidents, ", "))
		}
	}
	if t := sc.Tier; t != nil {
		if t.Stars == 0 {
			fmt.Fprintln(w, e.say("  未达到任何星级", "  no tier reached"))
		} else {
			fmt.Fprintf(w, "  %s\n", joinNonEmpty(fmt.Sprintf("%d %s", t.Stars, e.say("星", "stars")), e.named(t.Name, t.NameEn)))
		}
	}
}

// goalNames names goals by their ids, in the language of e.
func goalNames(e *env, g report.GoalSet, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = goalName(e, g, id)
	}
	return strings.Join(names, e.say("、", ", "))
}

// goalName is a goal's name in the language of e, by its id.
func goalName(e *env, g report.GoalSet, id string) string {
	for _, goal := range g.Goals {
		if goal.ID == id {
			return e.named(goal.Name, goal.NameEn)
		}
	}
	return id
}
