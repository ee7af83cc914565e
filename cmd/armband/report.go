package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"text/template"
	"time"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

// reportFlags are the flags of report daily and report monthly.
type reportFlags struct {
	program, rota, patrols, incidents, deliveries, goals string
	audience, table, template                            string
	asOf                                                 time.Time
}

func (rf *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&rf.program, "program", "", "with --store the programme's id, else a programme file (required)")
	fs.StringVar(&rf.rota, "rota", "", "a rota file (without --store)")
	fs.StringVar(&rf.patrols, "patrols", "", "a patrols file (without --store)")
	fs.StringVar(&rf.incidents, "incidents", "", "an incidents file (without --store)")
	fs.StringVar(&rf.deliveries, "deliveries", "", "an outbox file: a JSON array of deliveries (without --store)")
	fs.StringVar(&rf.audience, "audience", "office", "who reads it: public (notice board), office or police")
	fs.StringVar(&rf.table, "table", "", "with --format csv, only this table")
	fs.StringVar(&rf.template, "template", "", "a custom report template (text/template; a file ending .html is html/template)")
	instantVar(fs, &rf.asOf, "as-of", "the report as things stood at this INSTANT (RFC 3339)")
}

func init() {
	formats := []string{"text", "json", "md", "csv"}
	register(&command{
		name: "report daily", args: "", nargs: 0, formats: formats, stateful: true,
		summary: "the daily safety report (平安日汇报) of one date",
		setup: func(fs *flag.FlagSet) runFunc {
			var rf reportFlags
			var date watch.Date
			rf.register(fs)
			fs.Func("date", "the DATE reported on (required)", func(s string) error {
				d, err := watch.ParseDate(s)
				date = d
				return err
			})
			return func(e *env, _ []string) int {
				if date.IsZero() {
					return e.missing("report daily", "--date")
				}
				return rf.run(e, func(in *reportInput) (any, error) {
					if in.stores != nil {
						return report.DailyFromStore(context.Background(), *in.stores, rf.program, date, rf.asOf)
					}
					return report.Daily(report.DailyInput{Program: in.pf, Date: date, Assignments: in.assignments,
						Patrols: in.patrols, Incidents: in.incidents, Deliveries: in.deliveries, Heads: fileHeads(in.pf.Program.ID, in.incidents), AsOf: rf.asOf})
				})
			}
		},
	})
	register(&command{
		name: "report monthly", args: "", nargs: 0, formats: append(formats, "html"), stateful: true,
		summary: "the monthly security meeting brief (治安工作例会)",
		setup: func(fs *flag.FlagSet) runFunc {
			var rf reportFlags
			var month watch.Date
			rf.register(fs)
			fs.StringVar(&rf.goals, "goals", "", "a goals file; default: the six nos")
			fs.Func("month", "the MONTH, YYYY-MM (required)", func(s string) error {
				m, err := parseMonth(s)
				month = m.From
				return err
			})
			return func(e *env, _ []string) int {
				if month.IsZero() {
					return e.missing("report monthly", "--month")
				}
				return rf.run(e, func(in *reportInput) (any, error) {
					if in.stores != nil {
						return report.MonthlyFromStore(context.Background(), *in.stores, rf.program, month.Year, month.Month, in.goals, rf.asOf)
					}
					return report.Monthly(report.MonthlyInput{Program: in.pf, Goals: in.goals, Year: month.Year, Month: month.Month,
						Assignments: in.assignments, Gaps: in.gaps, Patrols: in.patrols, Incidents: in.incidents, AsOf: rf.asOf})
				})
			}
		},
	})
}

// reportInput is what the flags load: the stores, or the files.
type reportInput struct {
	stores      *watch.Stores
	goals       report.GoalSet
	pf          *watch.ProgramFile
	assignments []watch.Assignment
	gaps        []watch.Gap
	patrols     []watch.PatrolLog
	incidents   []watch.Incident
	deliveries  []watch.Delivery
}

// run loads the input, builds the report with build and renders it.
func (rf *reportFlags) run(e *env, build func(*reportInput) (any, error)) int {
	aud, err := report.ParseAudience(rf.audience)
	if err != nil {
		return e.inputError("", fmt.Errorf("--audience %q is not public, office or police", rf.audience))
	}
	if rf.program == "" {
		return e.missing("report", "--program")
	}
	var in reportInput
	if rf.goals != "" {
		g, err := e.loadGoals(rf.goals)
		if err != nil {
			return e.inputError(displayName(rf.goals), err)
		}
		in.goals = *g
	}
	var doc any
	if e.store != "" {
		for flagName, v := range map[string]string{"--rota": rf.rota, "--patrols": rf.patrols, "--incidents": rf.incidents, "--deliveries": rf.deliveries} {
			if v != "" {
				fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband report: %s 从 --store 读取，请去掉它", flagName),
					fmt.Sprintf("armband report: %s is read from --store; leave it out", flagName)))
				return exitUsage
			}
		}
		err = e.withStore(func(_ context.Context, st watch.Stores) error {
			in.stores = &st
			doc, err = build(&in)
			return err
		})
		if err != nil {
			return e.inputError(displayStore(e.store), err)
		}
	} else {
		if code := rf.loadFiles(e, &in); code != exitOK {
			return code
		}
		if doc, err = build(&in); err != nil {
			return e.inputError("", err)
		}
	}
	return rf.render(e, doc, aud)
}

// loadFiles reads the programme, rota, patrols, incidents and deliveries
// files the flags name.
func (rf *reportFlags) loadFiles(e *env, in *reportInput) int {
	pf, err := e.loadProgram(rf.program)
	if err != nil {
		return e.inputError(displayName(rf.program), err)
	}
	in.pf = pf
	id := pf.Program.ID
	kinds := append(append([]watch.KindDef(nil), pf.Kinds...), in.goals.Kinds...)
	if rf.rota != "" {
		r, err := e.loadRota(rf.rota)
		if err != nil {
			return e.inputError(displayName(rf.rota), err)
		}
		in.assignments, in.gaps = r.Assignments, r.Gaps
	}
	if rf.patrols != "" {
		if in.patrols, err = e.loadPatrols(rf.patrols); err != nil {
			return e.inputError(displayName(rf.patrols), err)
		}
		for i := range in.patrols {
			in.patrols[i].Program = id
		}
	}
	if rf.incidents != "" {
		if in.incidents, err = e.loadIncidentsFile(rf.incidents, kinds); err != nil {
			return e.inputError(displayName(rf.incidents), err)
		}
		for i := range in.incidents {
			in.incidents[i].Program = id
		}
	}
	if rf.deliveries != "" {
		if in.deliveries, err = e.loadDeliveries(rf.deliveries, id); err != nil {
			return e.inputError(displayName(rf.deliveries), err)
		}
	}
	return exitOK
}

// loadDeliveries reads an outbox file: a JSON array of deliveries, each
// checked as a store checks one.
func (e *env) loadDeliveries(arg, program string) ([]watch.Delivery, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[[]watch.Delivery]())
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ds []watch.Delivery
	if err := dec.Decode(&ds); err != nil {
		return nil, &watch.FieldError{Reason: "is not a JSON array of deliveries: " + err.Error()}
	}
	var errs []error
	for i := range ds {
		if ds[i].Program == "" {
			ds[i].Program = program
		}
		if err := ds[i].Validate(); err != nil {
			errs = append(errs, fmt.Errorf("[%d]: %w", i, err))
		}
	}
	return ds, errors.Join(errs...)
}

// fileHeads are the history heads the incidents of a file would have in
// a store that took them as they are (incidents import): so a report from
// files carries the same evidence as one from the store.
func fileHeads(program string, incs []watch.Incident) map[string]watch.Verification {
	heads := make(map[string]watch.Verification, len(incs))
	for _, inc := range incs {
		inc.Program = program
		h := storekit.NewHistory(inc)
		for _, ev := range inc.Events {
			h.Append(program, inc.ID, ev)
		}
		heads[inc.ID] = h.Verify(inc)
	}
	return heads
}

// render writes the report in the chosen format, table or template.
func (rf *reportFlags) render(e *env, doc any, aud report.Audience) int {
	lang := report.Lang(e.lang)
	var buf bytes.Buffer
	var err error
	switch {
	case rf.template != "":
		err = rf.execTemplate(&buf, doc, lang, aud)
	case rf.table != "":
		if e.format != "csv" {
			fmt.Fprintln(e.stderr, e.say("armband report: --table 只能与 --format csv 一起用", "armband report: --table goes with --format csv"))
			return exitUsage
		}
		err = report.RenderTable(&buf, doc, rf.table, lang, aud)
	default:
		err = report.Render(&buf, doc, report.Format(e.format), lang, aud)
	}
	if err != nil {
		name := ""
		if rf.template != "" {
			name = displayName(rf.template)
		}
		return e.inputError(name, err)
	}
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return e.inputError("", err)
	}
	return exitOK
}

// maxTemplateBytes caps a custom template file.
const maxTemplateBytes = 1 << 20

func (rf *reportFlags) execTemplate(buf *bytes.Buffer, doc any, lang report.Lang, aud report.Audience) error {
	src, err := readFileLimited(rf.template, maxTemplateBytes)
	if err != nil {
		return err
	}
	var kinds []watch.KindDef
	switch d := doc.(type) {
	case report.DailyReport:
		kinds = d.Program.Kinds
	case report.MonthlyBrief:
		kinds = d.Program.Kinds
	}
	funcs := report.Funcs(lang, kinds)
	var t report.Executor
	if strings.HasSuffix(rf.template, ".html") {
		t, err = htmltemplate.New("report").Funcs(funcs).Parse(string(src))
	} else {
		t, err = template.New("report").Funcs(funcs).Parse(string(src))
	}
	if err != nil {
		return err
	}
	return report.ExecuteTemplate(buf, t, doc, aud)
}
