// Command nanhuan runs armband end to end on the seed community, the
// red-armband (红袖标) patrol of the Nanhuan No. 2 estate: it loads the
// programme and a week of incidents, and prints who may patrol when, the
// shift instances of the horizon and where each incident stands.
//
//	go run ./examples/nanhuan
//
// The people in its files are fictional.
package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/armband/armband/watch"
)

//go:embed program.json
var programJSON []byte

//go:embed incidents.json
var incidentsJSON []byte

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

	fmt.Fprintln(w, "\nIncidents:")
	for _, inc := range incs {
		kind, _ := kinds.Lookup(inc.Kind)
		fmt.Fprintf(w, "  %s  %s  %-8s %-12s %s%s\n", inc.ID, inc.OccurredAt.In(loc).Format("2006-01-02 15:04"),
			inc.Severity, inc.State(), kind.Name, policeCase(inc))
	}
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
