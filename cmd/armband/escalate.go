package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "escalate", args: "INCIDENTS", nargs: 1, formats: []string{"text", "json"}, stateful: true,
		summary: "simulate an escalation policy up to an instant, or run it on a store (--run)",
		setup: func(fs *flag.FlagSet) runFunc {
			var policyFile string
			var until when
			var now time.Time
			fs.StringVar(&policyFile, "policy", "", "the escalation policy (required)")
			whenVar(fs, &until, "until", "emit notifications at or before this INSTANT, or the start of this DATE in the zone (required without --run)")
			runIt := fs.Bool("run", false, "run the escalator on --store, writing each notification to standard output")
			instantVar(fs, &now, "now", "with --run: tick once at this INSTANT and exit (default: tick on the clock until interrupted)")
			interval := fs.Duration("interval", incident.DefaultInterval, "with --run: how often to tick")
			return func(e *env, args []string) int {
				if *runIt {
					if policyFile == "" || e.store == "" {
						fmt.Fprintln(e.stderr, e.say("armband escalate: --run 需要 --policy 和 --store", "armband escalate: --run needs --policy and --store"))
						return exitUsage
					}
					p, err := e.loadPolicy(policyFile)
					if err != nil {
						return e.inputError(displayName(policyFile), err)
					}
					return e.runEscalator(p, args[0], now, *interval)
				}
				if policyFile == "" || until.IsZero() {
					return e.missing("escalate", "--policy", "--until")
				}
				p, err := e.loadPolicy(policyFile)
				if err != nil {
					return e.inputError(displayName(policyFile), err)
				}
				if !until.date.IsZero() && p.Location() == nil {
					fmt.Fprintln(e.stderr, e.say("armband escalate: --until 给的是日期，需要时区：请在升级策略中写 timezone，或加 --timezone",
						"armband escalate: --until is a date, which needs a zone: set the policy's timezone or give --timezone"))
					return exitUsage
				}
				incs, err := e.loadIncidents(args[0], p.Kinds)
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				ns := incident.Simulate(p, incs, until.in(p.Location()))
				if ns == nil {
					ns = []incident.Notification{}
				}
				return e.emit(ns, func(w io.Writer) {
					if len(ns) == 0 {
						fmt.Fprintln(w, e.say("到此时刻为止没有通知", "no notifications up to that instant"))
						return
					}
					var rows [][]string
					for _, n := range ns {
						rows = append(rows, []string{watch.FormatInstant(n.At), n.Incident, n.Rule, stepText(e, n.Step), "-> " + e.label(report.GroupTarget, n.Target)})
					}
					writeTable(w, rows)
					fmt.Fprintf(w, "%s %d\n", e.say("通知条数", "notifications"), len(ns))
				})
			}
		},
	})
	register(&command{
		name: "rules lint", args: "POLICY", nargs: 1, formats: []string{"text", "json"},
		summary: "warn about likely mistakes in an escalation policy",
		setup: func(fs *flag.FlagSet) runFunc {
			strictFlag := fs.Bool("strict", false, "exit 1 when there are warnings")
			return func(e *env, args []string) int {
				p, err := e.loadPolicy(args[0])
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				ws := p.Lint()
				if ws == nil {
					ws = []incident.Warning{}
				}
				code := e.emit(ws, func(w io.Writer) { writeLintText(w, e, displayName(args[0]), ws) })
				if code == exitOK && *strictFlag && len(ws) > 0 {
					return exitFound
				}
				return code
			}
		},
	})
}

// loadPolicy reads an escalation policy argument; --timezone overrides the
// policy's zone.
func (e *env) loadPolicy(arg string) (*incident.Policy, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[incident.Policy]())
	if err != nil {
		return nil, err
	}
	return incident.LoadPolicyWith(bytes.NewReader(data), incident.LoadOptions{Timezone: e.timezone})
}

// sent is a notification the escalator of --run wrote to standard output,
// one JSON object per line.
type sent struct {
	Key      string    `json:"key"`
	Incident string    `json:"incident"`
	Rule     string    `json:"rule"`
	Step     int       `json:"step"`
	Target   string    `json:"target"`
	DueAt    time.Time `json:"due_at"`
	Attempt  int       `json:"attempt"`
}

// runEscalator runs an escalator on the programme of --store with a
// notifier that writes to standard output: one tick at now, or, when now
// is zero, a tick every interval until interrupted. Each tick that did
// something says so on standard error.
func (e *env) runEscalator(p *incident.Policy, program string, now time.Time, interval time.Duration) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, closeStore, err := openStore(ctx, e.store)
	if err != nil {
		return e.inputError(displayStore(e.store), err)
	}
	defer closeStore()
	if _, err := st.Programs.GetProgram(ctx, program); err != nil {
		return e.inputError(displayStore(e.store), err)
	}
	out := json.NewEncoder(e.stdout)
	notify := incident.NotifierFunc(func(_ context.Context, n incident.Notice) error {
		d := n.Delivery
		if e.format == "text" {
			_, err := fmt.Fprintf(e.stdout, "%s  %s  %s  %s  -> %s  (%s)\n", watch.FormatInstant(d.DueAt.In(p.Location())), d.Incident, d.Rule,
				stepText(e, d.Step), e.label(report.GroupTarget, d.Target), n.Key)
			return err
		}
		return out.Encode(sent{n.Key, d.Incident, d.Rule, d.Step, d.Target, d.DueAt.In(p.Location()), d.Attempts + 1})
	})
	esc, err := incident.NewEscalator(st, program, p, notify, incident.EscalatorOptions{Interval: interval,
		Metrics: tickLog{e}, Logger: slog.New(slog.NewTextHandler(e.stderr, nil))})
	if err != nil {
		return e.inputError("--interval", err)
	}
	if !now.IsZero() {
		if _, err := esc.Tick(ctx, now); err != nil {
			return e.inputError(displayStore(e.store), err)
		}
		return exitOK
	}
	if err := esc.Run(ctx, incident.SystemClock{}); err != nil && ctx.Err() == nil {
		return e.inputError(displayStore(e.store), err)
	}
	return exitOK
}

// tickLog writes a line on standard error for each tick that did
// something.
type tickLog struct{ e *env }

// Observe implements incident.Metrics.
func (l tickLog) Observe(st incident.Stats) {
	if st == (incident.Stats{Lag: st.Lag}) {
		return
	}
	fmt.Fprintf(l.e.stderr, "%s %d, %s %d, %s %d, %s %d, %s %d, %s %d, %s %d\n",
		l.e.say("新事件", "planned"), st.Admitted, l.e.say("到期", "due"), st.Due, l.e.say("已发送", "sent"), st.Sent,
		l.e.say("已抑制", "suppressed"), st.Suppressed, l.e.say("已跳过", "skipped"), st.Skipped,
		l.e.say("失败", "failed"), st.Failed, l.e.say("重试", "retries"), st.Retries)
}

// stepText is an escalation step for people, counted from 1 (the
// documents count from 0).
func stepText(e *env, step int) string {
	return e.say(fmt.Sprintf("第 %d 步", step+1), fmt.Sprintf("step %d", step+1))
}

// dangerKind reads the kind and the case of a danger_not_called message.
var dangerKind = regexp.MustCompile(`^a (\S+) incident \(([^)]*)\) does not notify (.*) at 0s$`)

// writeLintText writes the warnings of rules lint, one line each, but
// the danger_not_called ones on one line listing the kinds; with none,
// it says so.
func writeLintText(w io.Writer, e *env, file string, ws []incident.Warning) {
	if len(ws) == 0 {
		fmt.Fprintf(w, "%s: %s\n", file, e.say("没有警告", "no warnings"))
		return
	}
	var kinds []string
	var notify string
	for _, warn := range ws {
		if m := dangerKind.FindStringSubmatch(warn.Message); warn.Code == incident.WarnDangerNotCalled && m != nil {
			kinds = append(kinds, fmt.Sprintf("%s (%s)", m[1], m[2]))
			notify = m[3]
			continue
		}
		rule := ""
		if warn.Rule != "" {
			rule = e.say("规则 ", "rule ") + strict.Quote(warn.Rule) + ": "
		}
		fmt.Fprintf(w, "%s: %s: %s: %s: %s%s\n", file, e.say("警告", "warning"), e.label(report.GroupWarning, string(warn.Code)), warn.Code, rule, e.reason(warn.Message))
	}
	if len(kinds) > 0 {
		label := e.label(report.GroupWarning, string(incident.WarnDangerNotCalled))
		fmt.Fprintf(w, "%s: %s: %s: %s: %s\n", file, e.say("警告", "warning"), label, incident.WarnDangerNotCalled,
			e.say(fmt.Sprintf("%d 种事件发生时，没有在 0s 通知 %s：%s", len(kinds), strings.ReplaceAll(notify, " or ", " 或 "), strings.Join(kinds, "、")),
				fmt.Sprintf("%d kinds do not notify %s at 0s: %s", len(kinds), notify, strings.Join(kinds, ", "))))
	}
	fmt.Fprintf(w, "%s: %s\n", file, e.say(fmt.Sprintf("%d 条警告", len(ws)), fmt.Sprintf("%d warnings", len(ws))))
}
