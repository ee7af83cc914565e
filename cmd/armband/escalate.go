package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "escalate", args: "INCIDENTS", nargs: 1, formats: []string{"json", "text"}, stateful: true,
		summary: "simulate an escalation policy up to an instant (docs/formats.md section 4)",
		setup: func(fs *flag.FlagSet) runFunc {
			var policyFile string
			var until time.Time
			fs.StringVar(&policyFile, "policy", "", "the escalation policy (required)")
			fs.Func("until", "emit notifications at or before this INSTANT (RFC 3339, required)", func(s string) error {
				t, err := watch.ParseInstant(s)
				until = t
				return err
			})
			return func(e *env, args []string) int {
				if policyFile == "" || until.IsZero() {
					fmt.Fprintln(e.stderr, "armband escalate: --policy and --until are required")
					return exitUsage
				}
				p, err := e.loadPolicy(policyFile)
				if err != nil {
					return e.inputError(displayName(policyFile), err)
				}
				incs, err := e.loadIncidents(args[0], p.Kinds)
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				ns := incident.Simulate(p, incs, until)
				if ns == nil {
					ns = []incident.Notification{}
				}
				return e.emit(ns, func(w io.Writer) {
					for _, n := range ns {
						fmt.Fprintf(w, "%s  %-12s %-18s %s %d -> %s\n", watch.FormatInstant(n.At), n.Incident, n.Rule, e.say("步骤", "step"), n.Step, n.Target)
					}
				})
			}
		},
	})
	register(&command{
		name: "rules lint", args: "POLICY", nargs: 1, formats: []string{"text", "json"},
		summary: "warn about likely mistakes in an escalation policy",
		setup: func(fs *flag.FlagSet) runFunc {
			strict := fs.Bool("strict", false, "exit 1 when there are warnings")
			return func(e *env, args []string) int {
				p, err := e.loadPolicy(args[0])
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				ws := p.Lint()
				if ws == nil {
					ws = []incident.Warning{}
				}
				code := e.emit(ws, func(w io.Writer) {
					for _, warn := range ws {
						fmt.Fprintf(w, "%s: %s: %s\n", displayName(args[0]), e.say("警告", "warning"), warn)
					}
				})
				if code == exitOK && *strict && len(ws) > 0 {
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
