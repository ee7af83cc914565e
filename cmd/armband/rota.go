package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/armband/armband/report"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "rota generate", args: "PROGRAM", nargs: 1, formats: []string{"text", "json"}, stateful: true,
		summary: "make a rota that keeps every rule: most filled, then the fairest hours",
		setup: func(fs *flag.FlagSet) runFunc {
			seed := fs.Uint64("seed", 0, "seed for ties among equally good choices")
			steps := fs.Int("max-steps", 0, "local-search budget in moves (0: proportional to the problem)")
			audience := fs.String("audience", "office", "show volunteers' names as the notice board does (public), or in full (office)")
			limit := fs.Duration("time-limit", 0, "search on for this long (e.g. 5s) after the fixed work, keeping the best rota; the result may then differ between runs (0: none, the same file and seed give the same rota)")
			return func(e *env, args []string) int {
				if *audience != "public" && *audience != "office" {
					fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband rota generate: --audience %q 不是 public 或 office", *audience),
						fmt.Sprintf("armband rota generate: --audience %q is not public or office", *audience)))
					return exitUsage
				}
				if *limit < 0 {
					fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband rota generate: --time-limit %s 不能为负", *limit),
						fmt.Sprintf("armband rota generate: --time-limit %s is negative", *limit)))
					return exitUsage
				}
				// Ctrl-C or SIGTERM stops the search: the best rota so far,
				// which keeps every rule, is printed, marked incomplete.
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
				defer stop()
				pf, err := e.loadProgram(args[0])
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				p, err := rota.NewProblem(pf)
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				r, err := rota.Generate(ctx, p, rota.Options{Seed: *seed, MaxSteps: *steps, TimeLimit: *limit})
				switch {
				case errors.Is(err, context.Canceled):
					fmt.Fprintln(e.stderr, e.say("armband rota generate: 已中断，输出目前最好的排班表（incomplete: true）",
						"armband rota generate: interrupted; writing the best rota so far (incomplete: true)"))
				case err != nil:
					return e.inputError(displayName(args[0]), err)
				}
				if e.store != "" {
					if code := e.saveRota(pf, r); code != exitOK {
						return code
					}
				}
				return e.emit(r, func(w io.Writer) { writeRotaText(w, e, pf, r, *audience == "public") })
			}
		},
	})
	register(&command{
		name: "rota check", args: "PROGRAM ROTA", nargs: 2, formats: []string{"text", "json"},
		summary: "judge a rota against its programme: every broken rule",
		setup: noFlags(func(e *env, args []string) int {
			p, _, vs, code := e.checkRota(args[0], args[1])
			if vs == nil {
				return code
			}
			if code := e.emit(vs, func(w io.Writer) { writeViolationsText(w, e, p.Program(), vs) }); code != exitOK {
				return code
			}
			if len(vs) > 0 {
				return exitFound
			}
			return exitOK
		}),
	})
}

// loadProblem reads a programme file argument and makes its rota problem.
func (e *env) loadProblem(arg string) (*rota.Problem, error) {
	pf, err := e.loadProgram(arg)
	if err != nil {
		return nil, err
	}
	return rota.NewProblem(pf)
}

// checkRota loads a programme and a rota and judges it. On an input error
// it reports it and returns nil violations and the exit status.
func (e *env) checkRota(programArg, rotaArg string) (*rota.Problem, *watch.Rota, []rota.Violation, int) {
	p, err := e.loadProblem(programArg)
	if err != nil {
		return nil, nil, nil, e.inputError(displayName(programArg), err)
	}
	r, err := e.loadRota(rotaArg)
	if err != nil {
		return nil, nil, nil, e.inputError(displayName(rotaArg), err)
	}
	vs, err := rota.Check(p, *r)
	if err != nil {
		return nil, nil, nil, e.inputError(displayName(rotaArg), err)
	}
	return p, r, vs, exitOK
}

func writeViolationsText(w io.Writer, e *env, pf *watch.ProgramFile, vs []rota.Violation) {
	if len(vs) == 0 {
		fmt.Fprintln(w, e.say("排班表符合全部规则", "The rota keeps every rule"))
		return
	}
	name := names(pf)
	var rows [][]string
	for _, v := range vs {
		who := "-"
		if v.Volunteer != "" {
			who = name(v.Volunteer)
		}
		wd := report.WeekdayName(report.Lang(e.lang), watch.Weekday(v.Date.Weekday()))
		rows = append(rows, []string{v.Date.String(), wd, v.Shift, who, e.label(report.GroupRule, string(v.Rule)) + " (" + string(v.Rule) + ")"})
	}
	writeTable(w, rows)
	fmt.Fprintf(w, "%d %s\n", len(vs), e.say("处违反规则", "broken rules"))
}

// writeRotaText writes a rota for people: the printable table of rota
// export (date and weekday, beat, time, names, places still open), why
// each gap is open, each volunteer's patrols and hours, and the totals
// with the bound. With public, names are masked as on a notice board.
func writeRotaText(w io.Writer, e *env, pf *watch.ProgramFile, r watch.Rota, public bool) {
	if public {
		masked := *pf
		masked.Volunteers = slices.Clone(pf.Volunteers)
		for i := range masked.Volunteers {
			masked.Volunteers[i].Name = report.MaskName(masked.Volunteers[i].Name)
		}
		pf = &masked
	}
	if err := rota.ExportText(w, pf, r, rota.ExportOptions{Lang: e.lang}); err != nil {
		fmt.Fprintln(w, e.errText(err))
	}
	if len(r.Gaps) > 0 {
		fmt.Fprintf(w, "\n%s\n", e.say("缺口原因（每条规则挡住的志愿者人数）", "Why the gaps are open (volunteers each rule kept out)"))
		var rows [][]string
		for _, g := range r.Gaps {
			var why []string
			for _, code := range slices.Sorted(maps.Keys(g.Reasons)) {
				why = append(why, fmt.Sprintf("%s %d", e.label(report.GroupRule, code), g.Reasons[code]))
			}
			rows = append(rows, []string{"  " + g.Date.String(), g.Shift, fmt.Sprintf("%d/%d", g.Assigned, g.Need), strings.Join(why, e.say("，", ", "))})
		}
		writeTable(w, rows)
	}
	writeHoursTable(w, e, pf, r)
	st := r.Stats
	fmt.Fprintf(w, "\n%s %d/%d (%.1f%%), %s %g-%g\n", e.say("已排", "filled"), st.Filled, st.Need, 100*st.Coverage,
		e.say("每人时长", "hours per volunteer"), st.MinHours, st.MaxHours)
	if st.Bound != nil && st.Gap != nil {
		if *st.Gap == 0 {
			fmt.Fprintf(w, "%s\n", e.say(fmt.Sprintf("任何排班表都排不满 %d 人次以上：本表已是最多", *st.Bound),
				fmt.Sprintf("no rota can fill more than %d seats: this one fills the most", *st.Bound)))
		} else {
			fmt.Fprintf(w, "%s\n", e.say(fmt.Sprintf("任何排班表都排不满 %d 人次以上：差距在 %.1f%% 以内", *st.Bound, 100**st.Gap),
				fmt.Sprintf("no rota can fill more than %d seats: within %.1f%%", *st.Bound, 100**st.Gap)))
		}
	}
}

// writeHoursTable writes each volunteer of the programme with their
// patrols on the rota and their hours (stats.hours), in the programme's
// order.
func writeHoursTable(w io.Writer, e *env, pf *watch.ProgramFile, r watch.Rota) {
	patrols := map[string]int{}
	for _, a := range r.Assignments {
		for _, v := range a.Volunteers {
			patrols[v]++
		}
	}
	fmt.Fprintf(w, "\n%s\n", e.say("每人班次与时长", "Patrols and hours per volunteer"))
	rows := [][]string{{"  " + e.say("志愿者", "volunteer"), e.say("编号", "id"), e.say("班次", "patrols"), e.say("小时", "hours")}}
	for _, v := range pf.Volunteers {
		if !v.IsActive() && patrols[v.ID] == 0 {
			continue
		}
		rows = append(rows, []string{"  " + v.Name, v.ID, fmt.Sprint(patrols[v.ID]), fmt.Sprintf("%g", r.Stats.Hours[v.ID])})
	}
	writeTable(w, rows)
}
