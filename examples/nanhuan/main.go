// Command nanhuan runs armband end to end on the seed community, the
// red-armband (红袖标) patrol of the Nanhuan No. 2 estate: it loads the
// programme, prints who may patrol when, makes a rota for the horizon and
// has it judged, runs a week of incidents through the escalation policy,
// and scores April's "six nos" (六无). Everything goes through armband's
// default store, a SQLite file (package watch/sqlstore/sqlite): the
// programme, the rota, the incidents, the policy in force and the
// escalation outbox are kept there and read back from there.
//
//	go run ./examples/nanhuan                  # a file in a fresh temporary folder
//	go run ./examples/nanhuan -store nanhuan.db
//
// It prints the file's path; the file stays for a look afterwards (for
// example with armband sixnos --store PATH nanhuan-2). The people in its
// files are fictional.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/report"
	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
)

//go:embed program.json
var programJSON []byte

//go:embed incidents.json
var incidentsJSON []byte

//go:embed policy.json
var policyJSON []byte

func main() {
	path := flag.String("store", "", "the SQLite file to keep the community in (default: a fresh temporary folder)")
	flag.Parse()
	if *path == "" {
		dir, err := os.MkdirTemp("", "armband-nanhuan-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "nanhuan:", err)
			os.Exit(1)
		}
		*path = filepath.Join(dir, "nanhuan.db")
	}
	if err := run(os.Stdout, *path); err != nil {
		fmt.Fprintln(os.Stderr, "nanhuan:", err)
		os.Exit(1)
	}
}

// run runs the demo on the SQLite file at path.
func run(w io.Writer, path string) (err error) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	fmt.Fprintf(w, "Store: %s (SQLite)\n\n", db.Path())
	return demo(ctx, w, db.Stores())
}

func demo(ctx context.Context, w io.Writer, st watch.Stores) error {
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
	fileIncs, err := watch.LoadIncidents(bytes.NewReader(incidentsJSON), pf.Kinds...)
	if err != nil {
		return fmt.Errorf("incidents.json: %w", err)
	}
	if err := keep(ctx, st, pf, fileIncs); err != nil {
		return err
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

	if err := rotaSection(ctx, w, st, pf); err != nil {
		return err
	}

	// From here on, the incidents are read back from the store.
	var incs []watch.Incident
	for inc, err := range watch.AllIncidents(ctx, st.Incidents, watch.IncidentQuery{Program: pf.Program.ID}) {
		if err != nil {
			return err
		}
		incs = append(incs, inc)
	}

	fmt.Fprintln(w, "\nIncidents:")
	for _, inc := range incs {
		kind, _ := kinds.Lookup(inc.Kind)
		fmt.Fprintf(w, "  %s  %s  %-8s %-12s %s%s\n", inc.ID, inc.OccurredAt.In(loc).Format("2006-01-02 15:04"),
			inc.Severity, inc.State(), kind.Name, policeCase(inc))
	}
	if err := escalationSection(ctx, w, st, incs); err != nil {
		return err
	}
	return sixNosSection(w, incs, loc)
}

// keep puts the programme, its volunteers and the incidents in the store,
// once: an incident already there is left as it is.
func keep(ctx context.Context, st watch.Stores, pf *watch.ProgramFile, incs []watch.Incident) error {
	if err := st.Programs.PutProgram(ctx, watch.RecordOf(pf)); err != nil {
		return err
	}
	for _, v := range pf.Volunteers {
		if err := st.Volunteers.PutVolunteer(ctx, pf.Program.ID, v); err != nil {
			return err
		}
	}
	for _, inc := range incs {
		inc.Program = pf.Program.ID
		if _, err := st.Incidents.CreateIncident(ctx, inc); err != nil && !errors.Is(err, watch.ErrConflict) {
			return err
		}
	}
	return nil
}

// rotaSection makes the rota, saves it as the programme's newest version,
// has rota.Check judge the version read back from the store and prints its
// figures and gaps.
func rotaSection(ctx context.Context, w io.Writer, st watch.Stores, pf *watch.ProgramFile) error {
	p, err := rota.NewProblem(pf)
	if err != nil {
		return err
	}
	made, err := rota.Generate(ctx, p, rota.Options{})
	if err != nil {
		return err
	}
	version, err := st.Rotas.SaveRota(ctx, made)
	if err != nil {
		return err
	}
	r, err := st.Rotas.GetRota(ctx, pf.Program.ID, version)
	if err != nil {
		return err
	}
	broken, err := rota.Check(p, r)
	if err != nil {
		return err
	}
	loc, err := pf.Location()
	if err != nil {
		return err
	}
	rs := r.Stats
	fmt.Fprintf(w, "\nRota version %d: %d of %d places filled (%.1f%%), %d gaps, hours per volunteer %g to %g, broken rules: %d\n",
		version, rs.Filled, rs.Need, 100*rs.Coverage, len(r.Gaps), rs.MinHours, rs.MaxHours, len(broken))
	for _, a := range r.Assignments[:6] {
		fmt.Fprintf(w, "  %s %s-%s  %-10s %v\n", a.Date, a.Start.In(loc).Format("15:04"), a.End.In(loc).Format("15:04"), a.Shift, a.Volunteers)
	}
	fmt.Fprintf(w, "  ... and %d more\n", len(r.Assignments)-6)
	return nil
}

// escalationSection simulates the policy over the incidents' week, keeps
// the policy as the one in force for each incident, and puts the
// deliveries the policy implies in the store's outbox.
func escalationSection(ctx context.Context, w io.Writer, st watch.Stores, incs []watch.Incident) error {
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

	if len(incs) == 0 {
		return nil
	}
	program := incs[0].Program
	id, err := st.Escalations.SavePolicy(ctx, program, policyJSON, until)
	if err != nil {
		return err
	}
	planned := 0
	for _, inc := range incs {
		if err := st.Escalations.BindPolicy(ctx, program, inc.ID, id); err != nil && !errors.Is(err, watch.ErrConflict) {
			return err
		}
		ds := incident.Plan(pol, inc)
		if err := st.Escalations.Enqueue(ctx, ds); err != nil {
			return err
		}
		planned += len(ds)
	}
	due, err := st.Escalations.Due(ctx, program, until, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Outbox: %d deliveries planned under policy %.12s, %d pending and due by then\n", planned, id, len(due))
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
