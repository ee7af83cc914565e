// Command nanhuan runs armband end to end on the seed community, the
// red-armband (红袖标) patrol of the Nanhuan No. 2 estate: it loads the
// programme, prints who may patrol when, makes a rota for the horizon and
// has it judged, runs a week of incidents through the escalation policy,
// and scores April's "six nos" (六无).
//
//	go run ./examples/nanhuan
//
// The people in its files are fictional.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/report"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

//go:embed program.json
var programJSON []byte

//go:embed incidents.json
var incidentsJSON []byte

//go:embed policy.json
var policyJSON []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "nanhuan:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	pf, err := watch.LoadProgramFile(bytes.NewReader(programJSON))
	if err != nil {
		return fmt.Errorf("program.json: %w", err)
	}
	loc, err := pf.Location()
	if err != nil {
		return err
	}
	kinds, err := watch.NewKinds(pf.Kinds)
	if err != nil {
		return err
	}
	incs, err := watch.LoadIncidents(bytes.NewReader(incidentsJSON), pf.Kinds...)
	if err != nil {
		return fmt.Errorf("incidents.json: %w", err)
	}

	c := pf.Program.Community
	fmt.Fprintf(w, "%s (%s)\n", pf.Program.Name, pf.Program.ID)
	fmt.Fprintf(w, "%s: %d buildings, %d residents, %.1f km²\n", c.Name, c.Buildings, c.Residents, c.AreaKM2)
	fmt.Fprintf(w, "horizon %s, zone %s, teams of at least %d\n\n", pf.Horizon, loc, pf.Policy.Team())

	fmt.Fprintf(w, "Volunteers on %s (names withheld):\n", pf.Horizon.From)
	for _, v := range pf.Volunteers {
		age := v.AgeOn(pf.Horizon.From)
		l := pf.Policy.Limits(age)
		fmt.Fprintf(w, "  %-4s age %2d  %s\n", v.ID, age, describeLimits(v, l))
	}

	fmt.Fprintln(w, "\nShift instances in the horizon:")
	for _, s := range pf.Shifts {
		n, hours := 0, 0.0
		for d := pf.Horizon.From; !d.After(pf.Horizon.To); d = d.AddDays(1) {
			if start, end, ok := s.Instance(d, loc); ok {
				n++
				hours += end.Sub(start).Hours()
			}
		}
		fmt.Fprintf(w, "  %-10s %s-%s  %2d instances, %4.1f hours, need %d\n", s.ID, s.Start, s.End, n, hours, s.Need)
	}

	if err := rotaSection(w, pf); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nIncidents:")
	for _, inc := range incs {
		kind, _ := kinds.Lookup(inc.Kind)
		fmt.Fprintf(w, "  %s  %s  %-8s %-12s %s%s\n", inc.ID, inc.OccurredAt.In(loc).Format("2006-01-02 15:04"),
			inc.Severity, inc.State(), kind.Name, policeCase(inc))
	}
	if err := escalationSection(w, incs); err != nil {
		return err
	}
	return sixNosSection(w, incs, loc)
}

// rotaSection makes the rota, has rota.Check judge it and prints its
// figures and gaps.
func rotaSection(w io.Writer, pf *watch.ProgramFile) error {
	p, err := rota.NewProblem(pf)
	if err != nil {
		return err
	}
	r, err := rota.Generate(context.Background(), p, rota.Options{})
	if err != nil {
		return err
	}
	broken, err := rota.Check(p, r)
	if err != nil {
		return err
	}
	st := r.Stats
	fmt.Fprintf(w, "\nRota: %d of %d places filled (%.1f%%), %d gaps, hours per volunteer %g to %g, broken rules: %d\n",
		st.Filled, st.Need, 100*st.Coverage, len(r.Gaps), st.MinHours, st.MaxHours, len(broken))
	for _, a := range r.Assignments[:6] {
		fmt.Fprintf(w, "  %s %s-%s  %-10s %v\n", a.Date, a.Start.Format("15:04"), a.End.Format("15:04"), a.Shift, a.Volunteers)
	}
	fmt.Fprintf(w, "  ... and %d more\n", len(r.Assignments)-6)
	return nil
}

// escalationSection simulates the policy over the incidents' week.
func escalationSection(w io.Writer, incs []watch.Incident) error {
	pol, err := incident.LoadPolicy(bytes.NewReader(policyJSON))
	if err != nil {
		return fmt.Errorf("policy.json: %w", err)
	}
	for _, warning := range pol.Lint() {
		fmt.Fprintln(w, "  policy warning:", warning)
	}
	until := time.Date(2026, 4, 18, 0, 30, 0, 0, pol.Location())
	fmt.Fprintf(w, "\nNotifications up to %s:\n", watch.FormatInstant(until))
	for _, n := range incident.Simulate(pol, incs, until) {
		fmt.Fprintf(w, "  %s  %s  %-16s -> %s\n", n.At.Format("01-02 15:04"), n.Incident, n.Rule, n.Target)
	}
	return nil
}

// sixNosSection scores April against the six nos.
func sixNosSection(w io.Writer, incs []watch.Incident, loc *time.Location) error {
	april := watch.DateRange{From: watch.MustParseDate("2026-04-01"), To: watch.MustParseDate("2026-04-30")}
	s, err := report.Score(report.SixNos(), incs, april, loc, report.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n六无 %s:\n", april)
	for _, g := range s.Goals {
		mark := "✓"
		if !g.Achieved {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %s %v\n", mark, g.Name, g.Incidents)
	}
	fmt.Fprintf(w, "  %d/%d achieved, score %.1f, %d days with zero police reports (零报案)\n", s.Achieved, s.Total, s.Score, s.ZeroReportDays)
	return nil
}

func describeLimits(v watch.Volunteer, l watch.Limits) string {
	switch {
	case !v.IsActive():
		return "inactive"
	case !l.Eligible:
		return "not eligible by age band"
	}
	s := "may patrol"
	if l.MaxShiftHours > 0 {
		s += fmt.Sprintf(", shifts of at most %gh", l.MaxShiftHours)
	}
	if l.EarliestStart != nil && l.LatestEnd != nil {
		s += fmt.Sprintf(", between %s and %s", l.EarliestStart, l.LatestEnd)
	}
	if l.MaxHoursPerWeek > 0 {
		s += fmt.Sprintf(", %gh a week", l.MaxHoursPerWeek)
	}
	return s
}

func policeCase(inc watch.Incident) string {
	if inc.PoliceCase {
		return " (报案)"
	}
	return ""
}
