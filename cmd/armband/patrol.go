package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
)

// patrolFlags are the flags the patrol commands share.
type patrolFlags struct {
	program, id, by string
	at              time.Time
}

func (pf *patrolFlags) register(fs *flag.FlagSet, withID bool) {
	fs.StringVar(&pf.program, "program", "", "the programme's id (required)")
	if withID {
		fs.StringVar(&pf.id, "id", "", "the patrol's id, as patrol start printed it (required)")
	}
	fs.StringVar(&pf.by, "by", "", "the volunteer who does it (an id)")
	instantVar(fs, &pf.at, "at", "when, an INSTANT (default: the clock)")
}

// ready checks the shared flags and fills the clock.
func (pf *patrolFlags) ready(e *env, name string, withID bool) bool {
	switch {
	case e.store == "":
		e.missing(name, "--store")
	case pf.program == "":
		e.missing(name, "--program")
	case withID && pf.id == "":
		e.missing(name, "--id")
	default:
		if pf.at.IsZero() {
			pf.at = time.Now()
		}
		return true
	}
	return false
}

func splitIDs(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func init() {
	register(&command{
		name: "patrol start", args: "", nargs: 0, formats: []string{"text", "json"}, stateful: true,
		summary: "a patrol sets out: the overdue alarm watches it until it ends",
		setup: func(fs *flag.FlagSet) runFunc {
			var pf patrolFlags
			var ps incident.PatrolStart
			pf.register(fs, false)
			fs.StringVar(&ps.ID, "id", "", "the patrol's id (default: SHIFT-DATE)")
			fs.StringVar(&ps.Shift, "shift", "", "the shift on the rota")
			fs.Func("date", "the DATE of the rota instance (required)", func(s string) error { return parseDateFlag(s, &ps.Date) })
			volunteers := fs.String("volunteers", "", "who walks it, ids separated by commas (default: the rota's)")
			instantVar(fs, &ps.ExpectedEnd, "expected-end", "when it should be back, an INSTANT (default: the rota instance's end)")
			return func(e *env, _ []string) int {
				if !pf.ready(e, "patrol start", false) {
					return exitUsage
				}
				ps.Volunteers, ps.At, ps.By = splitIDs(*volunteers), pf.at, pf.by
				return pf.run(e, func(ctx context.Context, st watch.Stores) (watch.PatrolSession, error) {
					return incident.StartPatrol(ctx, st, pf.program, ps)
				})
			}
		},
	})
	register(&command{
		name: "patrol checkin", args: "", nargs: 0, formats: []string{"text", "json"}, stateful: true,
		summary: "a patrol checks in: where it is, and optionally what it saw",
		setup: func(fs *flag.FlagSet) runFunc {
			var pf patrolFlags
			pf.register(fs, true)
			place := fs.String("place", "", "where: a beat or contact point id")
			text := fs.String("text", "", "what was said (kept as personal data)")
			return func(e *env, _ []string) int {
				if !pf.ready(e, "patrol checkin", true) {
					return exitUsage
				}
				return pf.run(e, func(ctx context.Context, st watch.Stores) (watch.PatrolSession, error) {
					return incident.CheckIn(ctx, st, pf.program, pf.id, watch.SessionEvent{At: pf.at, By: pf.by, Place: *place, Text: *text})
				})
			}
		},
	})
	register(&command{
		name: "patrol end", args: "", nargs: 0, formats: []string{"text", "json"}, stateful: true,
		summary: "a patrol is back: its patrol log is recorded and an overdue alarm settled",
		setup: func(fs *flag.FlagSet) runFunc {
			var pf patrolFlags
			var pe incident.PatrolEnd
			pf.register(fs, true)
			fs.BoolVar(&pe.AllNormal, "all-normal", false, "all was normal on the patrol (今天小区安全值勤一切正常)")
			fs.StringVar(&pe.Notes, "notes", "", "the patrol log's notes (kept as personal data)")
			incidents := fs.String("incidents", "", "incidents reported on the patrol, ids separated by commas")
			return func(e *env, _ []string) int {
				if !pf.ready(e, "patrol end", true) {
					return exitUsage
				}
				pe.At, pe.By, pe.Incidents = pf.at, pf.by, splitIDs(*incidents)
				return pf.run(e, func(ctx context.Context, st watch.Stores) (watch.PatrolSession, error) {
					return incident.EndPatrol(ctx, st, pf.program, pf.id, pe)
				})
			}
		},
	})
	register(&command{
		name: "patrol status", args: "", nargs: 0, formats: []string{"text", "json"}, stateful: true,
		summary: "the patrols out now, each with its deadline and whether it is overdue",
		setup: func(fs *flag.FlagSet) runFunc {
			var pf patrolFlags
			pf.register(fs, false)
			return func(e *env, _ []string) int {
				if !pf.ready(e, "patrol status", false) {
					return exitUsage
				}
				type line struct {
					watch.PatrolSession
					Deadline time.Time `json:"deadline"`
					Overdue  bool      `json:"overdue"`
				}
				out := []line{}
				err := e.withStore(func(ctx context.Context, st watch.Stores) error {
					rec, loc, err := programZone(ctx, st, pf.program)
					if err != nil {
						return err
					}
					open, err := st.Sessions.OpenSessions(ctx, pf.program)
					for _, s := range open {
						d := s.Deadline(rec.Policy)
						out = append(out, line{s, d.In(loc), !pf.at.Before(d)})
					}
					return err
				})
				if err != nil {
					return e.inputError(displayStore(e.store), err)
				}
				return e.emit(out, func(w io.Writer) {
					if len(out) == 0 {
						fmt.Fprintln(w, e.say("没有在外巡逻的队伍", "No patrol is out"))
					}
					for _, l := range out {
						state := e.say("在巡逻", "out")
						if l.Overdue {
							state = e.say("超时未归", "OVERDUE")
						}
						fmt.Fprintf(w, "%s  %s  %s %s  %s\n", l.ID, strings.Join(l.Volunteers, ","), e.say("最迟", "due back by"),
							watch.FormatInstant(l.Deadline), state)
					}
				})
			}
		},
	})
}

// run opens the store, runs fn and prints the session.
func (pf *patrolFlags) run(e *env, fn func(context.Context, watch.Stores) (watch.PatrolSession, error)) int {
	var ses watch.PatrolSession
	var deadline time.Time
	loc := time.UTC
	err := e.withStore(func(ctx context.Context, st watch.Stores) error {
		var err error
		if ses, err = fn(ctx, st); err != nil {
			return err
		}
		rec, zone, err := programZone(ctx, st, pf.program)
		deadline, loc = ses.Deadline(rec.Policy), zone
		return err
	})
	if err != nil {
		return e.inputError(displayStore(e.store), err)
	}
	return e.emit(ses, func(w io.Writer) {
		if end, ended := ses.Ended(); ended {
			fmt.Fprintf(w, "%s %s %s\n", ses.ID, e.say("已结束于", "ended at"), watch.FormatInstant(end.At.In(loc)))
			return
		}
		fmt.Fprintf(w, "%s %s %s (%s %s)\n", ses.ID, e.say("应于", "due back by"), watch.FormatInstant(ses.ExpectedEnd.In(loc)),
			e.say("超时报警于", "the overdue alarm at"), watch.FormatInstant(deadline.In(loc)))
	})
}

// programZone reads a programme's record and its zone.
func programZone(ctx context.Context, st watch.Stores, program string) (watch.ProgramRecord, *time.Location, error) {
	rec, err := st.Programs.GetProgram(ctx, program)
	if err != nil {
		return rec, nil, err
	}
	loc, err := watch.LoadLocation(rec.Program.Timezone)
	return rec, loc, err
}
