package report

import (
	"context"
	"fmt"
	"time"

	"github.com/armband/armband/watch"
)

// DailyFromStore builds the daily safety report of a programme for a date
// from the stores: the programme, the rota versions in force (Cover),
// the patrol logs, the incidents of the date with their deliveries, and
// each incident's history head as VerifyHistory recomputes it. asOf is
// as in DailyInput. Store errors are returned wrapped; a missing
// programme is watch.ErrNotFound.
func DailyFromStore(ctx context.Context, s watch.Stores, program string, date watch.Date, asOf time.Time) (DailyReport, error) {
	in := DailyInput{Date: date, AsOf: asOf, Heads: map[string]watch.Verification{}}
	period := watch.DateRange{From: date, To: date}
	loc, err := readCommon(ctx, s, program, period, &in.Program, &in.Assignments, nil, &in.Patrols)
	if err != nil {
		return DailyReport{}, err
	}
	q := watch.IncidentQuery{Program: program, From: watch.Clock{}.On(date, loc), To: watch.Clock{}.On(date.AddDays(1), loc)}
	for inc, err := range watch.AllIncidents(ctx, s.Incidents, q) {
		if err != nil {
			return DailyReport{}, fmt.Errorf("report: incidents: %w", err)
		}
		in.Incidents = append(in.Incidents, inc)
		ds, err := s.Escalations.Deliveries(ctx, program, inc.ID)
		if err != nil {
			return DailyReport{}, fmt.Errorf("report: deliveries of %s: %w", inc.ID, err)
		}
		in.Deliveries = append(in.Deliveries, ds...)
		v, err := s.Incidents.VerifyHistory(ctx, program, inc.ID)
		if err != nil {
			return DailyReport{}, fmt.Errorf("report: history of %s: %w", inc.ID, err)
		}
		in.Heads[inc.ID] = v
	}
	return Daily(in)
}

// MonthlyFromStore builds the monthly brief of a programme from the
// stores. It reads every incident that occurred before the month's end,
// since any of them may still be open and carried over; goals are as in
// MonthlyInput.
func MonthlyFromStore(ctx context.Context, s watch.Stores, program string, year int, month time.Month, goals GoalSet, asOf time.Time) (MonthlyBrief, error) {
	in := MonthlyInput{Year: year, Month: month, Goals: goals, AsOf: asOf}
	if err := checkMonth(year, month); err != nil {
		return MonthlyBrief{}, err
	}
	period := watch.MonthRange(year, month)
	loc, err := readCommon(ctx, s, program, period, &in.Program, &in.Assignments, &in.Gaps, &in.Patrols)
	if err != nil {
		return MonthlyBrief{}, err
	}
	q := watch.IncidentQuery{Program: program, To: watch.Clock{}.On(period.To.AddDays(1), loc), Limit: watch.MaxPageSize}
	for inc, err := range watch.AllIncidents(ctx, s.Incidents, q) {
		if err != nil {
			return MonthlyBrief{}, fmt.Errorf("report: incidents: %w", err)
		}
		in.Incidents = append(in.Incidents, inc)
	}
	return Monthly(in)
}

// readCommon reads the programme, the rota in force over period (and its
// gaps when gaps is not nil) and the patrol logs.
func readCommon(ctx context.Context, s watch.Stores, program string, period watch.DateRange,
	pf **watch.ProgramFile, as *[]watch.Assignment, gaps *[]watch.Gap, logs *[]watch.PatrolLog) (*time.Location, error) {
	f, err := s.ProgramFile(ctx, program)
	if err != nil {
		return nil, fmt.Errorf("report: programme %q: %w", program, err)
	}
	loc, err := watch.LoadLocation(f.Program.Timezone)
	if err != nil {
		return nil, fmt.Errorf("report: programme %q: %w", program, err)
	}
	versions, err := s.Rotas.ListRotas(ctx, program, period)
	if err != nil {
		return nil, fmt.Errorf("report: rotas: %w", err)
	}
	*pf, *as = f, watch.Cover(versions, period)
	if gaps != nil {
		*gaps = coverGaps(versions, period)
	}
	if *logs, err = s.Patrols.ListPatrols(ctx, program, period); err != nil {
		return nil, fmt.Errorf("report: patrols: %w", err)
	}
	return loc, nil
}

// coverGaps picks, date by date, the gaps of the newest version whose
// horizon holds the date, as watch.Cover does for assignments.
func coverGaps(versions []watch.RotaVersion, period watch.DateRange) []watch.Gap {
	newest := func(d watch.Date) int {
		best := 0
		for _, v := range versions {
			if v.Rota.Horizon.Contains(d) && v.Version > best {
				best = v.Version
			}
		}
		return best
	}
	var out []watch.Gap
	for _, v := range versions {
		for _, g := range v.Rota.Gaps {
			if period.Contains(g.Date) && newest(g.Date) == v.Version {
				out = append(out, g)
			}
		}
	}
	return out
}
