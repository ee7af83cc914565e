package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "rota explain", args: "PROGRAM ROTA", nargs: 2, formats: []string{"text", "json"},
		summary: "why one shift instance is staffed as it is, and the smallest relaxation that would fill a gap",
		setup: func(fs *flag.FlagSet) runFunc {
			shift := fs.String("shift", "", "the SHIFT id (required)")
			var date watch.Date
			fs.Func("date", "the DATE of the instance (required)", func(s string) error { return parseDateFlag(s, &date) })
			return func(e *env, args []string) int {
				if *shift == "" || date.IsZero() {
					return e.missing("rota explain", "--shift", "--date")
				}
				p, r, code := e.loadProblemAndRota(args)
				if p == nil {
					return code
				}
				ex, err := rota.Explain(p, *r, *shift, date)
				if err != nil {
					return e.inputError(displayName(args[1]), err)
				}
				return e.emit(ex, func(w io.Writer) { writeExplanation(w, e, p.Program(), ex) })
			}
		},
	})
	register(&command{
		name: "rota repair", args: "PROGRAM ROTA", nargs: 2, formats: []string{"text", "json"},
		summary: "change a rota for a drop-out, a new volunteer, or a cancelled or added patrol, changing as little as it must",
		setup: func(fs *flag.FlagSet) runFunc {
			change := fs.String("change", "", "the change FILE (required)")
			programOut := fs.String("program-out", "", "also write the programme with the change applied to this FILE")
			var now time.Time
			instantVar(fs, &now, "now", "repair as of this INSTANT: nothing that started before it is touched (default: the clock)")
			return func(e *env, args []string) int {
				if *change == "" {
					return e.missing("rota repair", "--change")
				}
				if now.IsZero() {
					now = time.Now()
				}
				p, r, code := e.loadProblemAndRota(args)
				if p == nil {
					return code
				}
				data, err := e.readDocument(*change, reflect.TypeFor[rota.Change]())
				var c *rota.Change
				if err == nil {
					c, err = rota.LoadChange(bytes.NewReader(data))
				}
				if err != nil {
					return e.inputError(displayName(*change), err)
				}
				fixed, rep, err := rota.Repair(context.Background(), p, *r, *c, now)
				if err != nil {
					return e.inputError(displayName(*change), err)
				}
				if *programOut != "" {
					out, err := json.MarshalIndent(rep.Program, "", "  ")
					if err == nil {
						err = os.WriteFile(*programOut, append(out, '\n'), 0o644)
					}
					if err != nil {
						return e.inputError(displayName(*programOut), err)
					}
				}
				doc := struct {
					Rota     watch.Rota        `json:"rota"`
					Changes  []rota.RepairStep `json:"changes"`
					Changed  int               `json:"changed"`
					Released []watch.Fixed     `json:"released,omitempty"`
				}{fixed, rep.Changes, rep.Changed, rep.Released}
				return e.emit(doc, func(w io.Writer) { writeRepair(w, e, rep) })
			}
		},
	})
}

// loadProblemAndRota reads the PROGRAM and ROTA arguments; on an input
// error it reports it and returns nil and the exit status.
func (e *env) loadProblemAndRota(args []string) (*rota.Problem, *watch.Rota, int) {
	p, err := e.loadProblem(args[0])
	if err != nil {
		return nil, nil, e.inputError(displayName(args[0]), err)
	}
	r, err := e.loadRota(args[1])
	if err != nil {
		return nil, nil, e.inputError(displayName(args[1]), err)
	}
	return p, r, exitOK
}

// names maps volunteer ids to names for text output.
func names(pf *watch.ProgramFile) func(string) string {
	m := map[string]string{}
	for _, v := range pf.Volunteers {
		m[v.ID] = v.Name
	}
	return func(id string) string {
		if n := m[id]; n != "" {
			return n + " (" + id + ")"
		}
		return id
	}
}

func writeExplanation(w io.Writer, e *env, pf *watch.ProgramFile, ex rota.Explanation) {
	name := names(pf)
	state := e.say("已排满", "fully staffed")
	if ex.Gap {
		state = e.say("缺人", "short")
	}
	fmt.Fprintf(w, "%s %s: %d/%d, %s\n", ex.Shift, ex.Date, len(ex.Volunteers), ex.Need, state)
	for _, v := range ex.Volunteers {
		fmt.Fprintf(w, "  %s %s\n", e.say("在岗", "on it"), name(v))
	}
	for _, k := range ex.Kept {
		if len(k.Rules) == 0 {
			fmt.Fprintf(w, "  %s %s\n", e.say("可以来", "could take it"), name(k.Volunteer))
			continue
		}
		var why []string
		for _, r := range k.Rules {
			why = append(why, e.label(report.GroupRule, string(r)))
		}
		fmt.Fprintf(w, "  %s %s: %s\n", e.say("不能来", "kept out"), name(k.Volunteer), strings.Join(why, e.say("、", ", ")))
	}
	if ex.Relaxation != nil {
		fmt.Fprintf(w, "%s: %s\n", e.say("最小的放宽", "smallest relaxation"), relaxationText(e, name, ex))
	} else if ex.Gap {
		fmt.Fprintln(w, e.say("没有可建议的放宽(年龄、年龄段、夜班和两人同行的规则从不放宽)",
			"no relaxation to suggest (age, age bands, night and team rules are never relaxed)"))
	}
}

func relaxationText(e *env, name func(string) string, ex rota.Explanation) string {
	rx := ex.Relaxation
	v := name(rx.Volunteer)
	var s string
	switch rx.Rule {
	case rota.RuleWeeklyHours:
		s = e.say(fmt.Sprintf("把 %s 的每周时数上限提高到 %g 小时(多 %g 小时)", v, rx.To, rx.Amount),
			fmt.Sprintf("raise %s's weekly cap to %g h (%g h more)", v, rx.To, rx.Amount))
	case rota.RulePerDay:
		s = e.say(fmt.Sprintf("允许 %s 当天值 %g 班", v, rx.To), fmt.Sprintf("let %s work %g shifts that day", v, rx.To))
	case rota.RuleConsecutiveDays:
		s = e.say(fmt.Sprintf("允许 %s 连续值勤 %g 天", v, rx.To), fmt.Sprintf("let %s patrol %g days in a row", v, rx.To))
	case rota.RuleRest:
		s = e.say(fmt.Sprintf("允许 %s 两班之间只休息 %g 小时", v, rx.To), fmt.Sprintf("let %s rest only %g h between patrols", v, rx.To))
	default:
		wd := report.WeekdayName(report.Lang(e.lang), watch.Weekday(ex.Date.Weekday()))
		s = e.say(fmt.Sprintf("问问 %s 能否在 %s(%s)来", v, ex.Date, wd), fmt.Sprintf("ask %s whether they can come on %s (%s)", v, ex.Date, wd))
	}
	if !rx.Fills {
		s += e.say(";仍不够组成两人小组", "; still not enough for a team")
	}
	return s
}

func writeRepair(w io.Writer, e *env, rep rota.RepairReport) {
	name := names(rep.Program)
	list := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return strings.Join(out, e.say("、", ", "))
	}
	actions := map[string][2]string{"removed": {"减员", "removed"}, "replaced": {"已替换", "replaced"},
		"cancelled": {"取消(无法组成两人小组)", "cancelled (no team of two)"}, "filled": {"已补人", "filled"}}
	for _, c := range rep.Changes {
		a := actions[c.Action]
		fmt.Fprintf(w, "%s %-12s %s", c.Date, c.Shift, e.say(a[0], a[1]))
		if len(c.Removed) > 0 {
			fmt.Fprintf(w, "  -%s", list(c.Removed))
		}
		if len(c.Added) > 0 {
			fmt.Fprintf(w, "  +%s", list(c.Added))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s %d\n", e.say("改动的班次", "patrols changed"), rep.Changed)
}
