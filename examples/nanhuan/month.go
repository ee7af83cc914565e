package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/report"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

// latePatrol is the evening patrol that comes back late.
var latePatrol = struct {
	shift string
	date  watch.Date
	back  time.Duration // after the instance's end
}{"evening", watch.MustParseDate("2026-12-17"), 22 * time.Minute}

// rotaSection makes December's rota, keeps it as the programme's first
// version and has rota.Check judge the version read back.
func rotaSection(ctx context.Context, w io.Writer, st watch.Stores, pf *watch.ProgramFile) (watch.Rota, error) {
	p, err := rota.NewProblem(pf)
	if err != nil {
		return watch.Rota{}, err
	}
	made, err := rota.Generate(ctx, p, rota.Options{})
	if err != nil {
		return watch.Rota{}, err
	}
	version, err := st.Rotas.SaveRota(ctx, made)
	if err != nil {
		return watch.Rota{}, err
	}
	r, err := st.Rotas.GetRota(ctx, pf.Program.ID, version)
	if err != nil {
		return watch.Rota{}, err
	}
	broken, err := rota.Check(p, r)
	if err != nil {
		return watch.Rota{}, err
	}
	rs := r.Stats
	fmt.Fprintf(w, "\nRota %s, version %d: %d of %d places filled (%.1f%%), %d gaps, %g to %g hours a volunteer, broken rules: %d\n",
		r.Horizon, version, rs.Filled, rs.Need, 100*rs.Coverage, len(r.Gaps), rs.MinHours, rs.MaxHours, len(broken))
	// The first day, with ids rather than names.
	loc, err := pf.Location()
	if err != nil {
		return watch.Rota{}, err
	}
	for _, a := range r.Assignments {
		if a.Date == r.Horizon.From {
			fmt.Fprintf(w, "  %s %s-%s  %-10s %v\n", a.Date, a.Start.In(loc).Format("15:04"), a.End.In(loc).Format("15:04"), a.Shift, a.Volunteers)
		}
	}
	return r, nil
}

// action is one thing that happens during the month, at its instant.
type action struct {
	at time.Time
	do func(ctx context.Context) error
}

// liveTheMonth plays December on a simulated clock: every patrol of the
// rota is filed as it ends (all normal unless it reported something), the
// late evening patrol is started, checks in and comes back after its
// deadline, each incident is reported and then handled event by event,
// and the escalator ticks around each of those moments.
func liveTheMonth(ctx context.Context, w io.Writer, st watch.Stores, pf *watch.ProgramFile, r watch.Rota, incs []watch.Incident) error {
	pol, err := incident.LoadPolicy(bytes.NewReader(policyJSON))
	if err != nil {
		return fmt.Errorf("policy.json: %w", err)
	}
	program := pf.Program.ID
	loc, err := pf.Location()
	if err != nil {
		return err
	}
	var sent []watch.Delivery
	esc, err := incident.NewEscalator(st, program, pol, incident.NotifierFunc(func(_ context.Context, n incident.Notice) error {
		sent = append(sent, n.Delivery)
		return nil
	}), incident.EscalatorOptions{Seed: 1, Owner: "nanhuan-demo", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	var acts []action
	var moments []time.Time
	reportedOn := map[watch.Date][]watch.Incident{}
	for _, inc := range incs {
		inc.Program = program
		events := inc.Events
		inc.Events = nil
		day := watch.DateOf(inc.OccurredAt.In(loc))
		reportedOn[day] = append(reportedOn[day], inc)
		acts = append(acts, action{inc.Reported(), func(ctx context.Context) error {
			_, err := st.Incidents.CreateIncident(ctx, inc)
			return err
		}})
		moments = append(moments, inc.Reported())
		for _, e := range events {
			acts = append(acts, action{e.At, func(ctx context.Context) error {
				cur, err := st.Incidents.GetIncident(ctx, program, inc.ID)
				if err != nil {
					return err
				}
				_, err = st.Incidents.AppendEvent(ctx, program, inc.ID, cur.Version, e)
				return err
			}})
		}
	}
	for _, a := range r.Assignments {
		if a.Shift == latePatrol.shift && a.Date == latePatrol.date {
			acts = append(acts, lateActions(st, program, a)...)
			moments = append(moments, a.End.Add(pf.Policy.Grace()))
			continue
		}
		log := watch.PatrolLog{Program: program, ID: a.Shift + "-" + a.Date.String(), Date: a.Date, Shift: a.Shift, Beat: a.Beat,
			Volunteers: a.Volunteers, Start: a.Start, End: a.End, AllNormal: true}
		for _, inc := range reportedOn[a.Date] {
			if slices.Contains(a.Volunteers, inc.ReportedBy) {
				log.AllNormal, log.Incidents = false, append(log.Incidents, inc.ID)
			}
		}
		acts = append(acts, action{a.End, func(ctx context.Context) error { return st.Patrols.RecordPatrol(ctx, log) }})
	}
	slices.SortStableFunc(acts, func(x, y action) int { return x.at.Compare(y.at) })
	var ticks []time.Time
	for _, m := range moments {
		for _, d := range []time.Duration{0, time.Minute, 10 * time.Minute, 11 * time.Minute, 30 * time.Minute, 31 * time.Minute, time.Hour, 2 * time.Hour, 2*time.Hour + time.Minute} {
			ticks = append(ticks, m.Add(d))
		}
	}
	slices.SortFunc(ticks, func(a, b time.Time) int { return a.Compare(b) })
	ticks = slices.Compact(ticks)
	overdue := 0
	next := 0
	for _, t := range ticks {
		for ; next < len(acts) && !acts[next].at.After(t); next++ {
			if err := acts[next].do(ctx); err != nil {
				return err
			}
		}
		stats, err := esc.Tick(ctx, t)
		if err != nil {
			return err
		}
		overdue += stats.Overdue
	}
	for ; next < len(acts); next++ {
		if err := acts[next].do(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nDecember lived on a simulated clock: %d patrols filed, %d incidents, %d overdue alarm, %d notifications sent:\n",
		len(r.Assignments), len(incs), overdue, len(sent))
	slices.SortStableFunc(sent, func(a, b watch.Delivery) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.Incident, b.Incident))
	})
	for _, d := range sent {
		fmt.Fprintf(w, "  %s  %-34s %-16s -> %s\n", d.DueAt.In(loc).Format("01-02 15:04"), d.Incident, d.Rule,
			report.Label(report.LangEn, report.GroupTarget, d.Target))
	}
	return nil
}

// lateActions are the late patrol: started by the rota, a check-in at the
// north gate, back 22 minutes after its end (7 after the alarm).
func lateActions(st watch.Stores, program string, a watch.Assignment) []action {
	id := a.Shift + "-" + a.Date.String()
	return []action{
		{a.Start, func(ctx context.Context) error {
			_, err := incident.StartPatrol(ctx, st, program, incident.PatrolStart{Shift: a.Shift, Date: a.Date, At: a.Start, By: a.Volunteers[0]})
			return err
		}},
		{a.Start.Add(time.Hour), func(ctx context.Context) error {
			_, err := incident.CheckIn(ctx, st, program, id, watch.SessionEvent{At: a.Start.Add(time.Hour), By: a.Volunteers[1], Place: "cp-north"})
			return err
		}},
		{a.End.Add(latePatrol.back), func(ctx context.Context) error {
			_, err := incident.EndPatrol(ctx, st, program, id, incident.PatrolEnd{At: a.End.Add(latePatrol.back), By: a.Volunteers[0], AllNormal: true})
			return err
		}},
	}
}

// reportSections prints the safety report of the day of the attempted
// e-bike theft and the December brief, both for the notice board, and
// the six-nos result with the zero-report run; it returns the brief.
func reportSections(ctx context.Context, w io.Writer, st watch.Stores, pf *watch.ProgramFile) (report.MonthlyBrief, error) {
	day, err := report.DailyFromStore(ctx, st, pf.Program.ID, watch.MustParseDate("2026-12-08"), time.Time{})
	if err != nil {
		return report.MonthlyBrief{}, err
	}
	fmt.Fprintln(w, "\n---- 平安日汇报 (for the notice board) ----")
	if err := report.Render(w, day, report.FormatText, report.LangZh, report.AudiencePublic); err != nil {
		return report.MonthlyBrief{}, err
	}
	brief, err := report.MonthlyFromStore(ctx, st, pf.Program.ID, 2026, time.December, report.GoalSet{}, time.Time{})
	if err != nil {
		return report.MonthlyBrief{}, err
	}
	fmt.Fprintln(w, "\n---- 治安工作例会简报 (for the notice board) ----")
	if err := report.Render(w, brief, report.FormatText, report.LangZh, report.AudiencePublic); err != nil {
		return report.MonthlyBrief{}, err
	}
	var incs []watch.Incident
	for inc, err := range watch.AllIncidents(ctx, st.Incidents, watch.IncidentQuery{Program: pf.Program.ID}) {
		if err != nil {
			return report.MonthlyBrief{}, err
		}
		incs = append(incs, inc)
	}
	loc, _ := pf.Location()
	s, err := report.Score(report.SixNos(), incs, brief.Period, loc, report.Options{Run: true})
	if err != nil {
		return report.MonthlyBrief{}, err
	}
	fmt.Fprintf(w, "\n六无 %s: %d/%d, score %.1f, zero-report days %d, days since the last police case %d\n",
		s.Period, s.Achieved, s.Total, s.Score, s.ZeroReportDays, *s.ZeroReportRun)
	return brief, nil
}

// writeFiles writes the HTML brief and each volunteer's calendar.
func writeFiles(w io.Writer, pf *watch.ProgramFile, r watch.Rota, brief report.MonthlyBrief, out string) error {
	var page bytes.Buffer
	if err := report.Render(&page, brief, report.FormatHTML, report.LangZh, report.AudienceOffice); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "monthly-2026-12.html"), page.Bytes(), 0o644); err != nil {
		return err
	}
	dir := filepath.Join(out, "calendars")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stamp := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	n := 0
	for _, v := range pf.Volunteers {
		if r.Stats.Hours[v.ID] == 0 {
			continue
		}
		var ics bytes.Buffer
		if err := rota.ExportICS(&ics, pf, r, rota.ExportOptions{Volunteer: v.ID, Stamp: stamp, Sequence: 1}); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, v.ID+".ics"), ics.Bytes(), 0o644); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(w, "\nWrote %s and %d calendars in %s\n", "monthly-2026-12.html", n, dir)
	return nil
}
