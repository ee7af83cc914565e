package main

import (
	"bytes"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "rota export", args: "PROGRAM ROTA", nargs: 2, formats: []string{"text", "csv", "ics"},
		summary: "a rota for people: a printable table, CSV for Excel and WPS, or iCalendar for phones",
		setup: func(fs *flag.FlagSet) runFunc {
			var opt rota.ExportOptions
			var previous string
			fs.StringVar(&opt.Volunteer, "volunteer", "", "only this volunteer's patrols (an id)")
			fs.BoolVar(&opt.NoBOM, "no-bom", false, "CSV without the UTF-8 byte-order mark")
			instantVar(fs, &opt.Stamp, "stamp", "the DTSTAMP of every iCalendar event, an INSTANT (required with --format ics)")
			fs.StringVar(&previous, "previous", "", "iCalendar: the rota this one replaces; its patrols that are gone are cancelled")
			fs.Func("sequence", "iCalendar: the SEQUENCE of every event, raised with each new version (default 0, or 1 with --previous)", func(s string) error {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					return fmt.Errorf("%q is not a whole number from 0", s)
				}
				opt.Sequence = n
				return nil
			})
			return func(e *env, args []string) int {
				opt.Lang = e.lang
				p, r, code := e.loadProblemAndRota(args)
				if p == nil {
					return code
				}
				// The rota must fit its programme; broken rules are exported as they are.
				if _, err := rota.Check(p, *r); err != nil {
					return e.inputError(displayName(args[1]), err)
				}
				pf := p.Program()
				if previous != "" {
					var err error
					if opt.Previous, err = e.loadRota(previous); err != nil {
						return e.inputError(displayName(previous), err)
					}
				}
				if e.format == "ics" && opt.Stamp.IsZero() {
					stamp := watch.FormatInstant(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
					fmt.Fprintln(e.stderr, e.say("armband rota export: --format ics 时必须给出 --stamp（例如 --stamp "+stamp+"）",
						"armband rota export: --stamp is required with --format ics (for instance --stamp "+stamp+")"))
					return exitUsage
				}
				export := map[string]func(*bytes.Buffer) error{
					"text": func(b *bytes.Buffer) error { return rota.ExportText(b, pf, *r, opt) },
					"csv":  func(b *bytes.Buffer) error { return rota.ExportCSV(b, pf, *r, opt) },
					"ics":  func(b *bytes.Buffer) error { return rota.ExportICS(b, pf, *r, opt) },
				}[e.format]
				var buf bytes.Buffer
				if err := export(&buf); err != nil {
					return e.inputError("", err)
				}
				if _, err := e.stdout.Write(buf.Bytes()); err != nil {
					return e.inputError("", err)
				}
				return exitOK
			}
		},
	})
}
