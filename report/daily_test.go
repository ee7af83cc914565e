package report_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

func TestDailyStates(t *testing.T) {
	pf, _, _ := exampleEstate()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := watch.MustParseDate("2026-12-04")
	night := time.Date(2026, 12, 4, 22, 0, 0, 0, loc)
	am := time.Date(2026, 12, 4, 8, 0, 0, 0, loc)
	rota := []watch.Assignment{
		{Shift: "am", Date: day, Start: am, End: am.Add(3 * time.Hour), Volunteers: []string{"v1", "v2"}},
		{Shift: "night", Date: day, Start: night, End: night.Add(4 * time.Hour), Volunteers: []string{"v1", "v2"}},
	}
	log := func(shift string, start time.Time, normal bool) watch.PatrolLog {
		return watch.PatrolLog{Program: "demo", ID: shift, Date: day, Shift: shift, Volunteers: []string{"v1", "v2"},
			Start: start, End: start.Add(3 * time.Hour), AllNormal: normal}
	}
	inc := func(id string, at time.Time, events ...watch.Event) watch.Incident {
		return watch.Incident{ID: id, Kind: watch.KindHazard, Severity: watch.SeverityMinor, OccurredAt: at, Events: events}
	}
	for _, c := range []struct {
		name      string
		logs      []watch.PatrolLog
		incidents []watch.Incident
		asOf      time.Time
		want      report.DayState
		listed    int
	}{
		{name: "every planned patrol logged, all normal", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)}, want: report.DayNormal},
		{name: "no log at all is unknown, never normal", want: report.DayUnknown},
		{name: "no log even with no rota", want: report.DayUnknown},
		{name: "one planned patrol not logged", logs: []watch.PatrolLog{log("am", am, true)}, want: report.DayPartial},
		{name: "a log that is not all normal", logs: []watch.PatrolLog{log("am", am, false), log("night", night, true)}, want: report.DayIncidents},
		{name: "an incident of the day", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)},
			incidents: []watch.Incident{inc("i1", am.Add(time.Hour))}, want: report.DayIncidents, listed: 1},
		{name: "a voided incident is listed but the day stays normal", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)},
			incidents: []watch.Incident{inc("i1", am.Add(time.Hour), watch.Event{Type: watch.EventVoided, At: am.Add(2 * time.Hour)})}, want: report.DayNormal, listed: 1},
		{name: "the night patrol's small hours belong to the next date's incidents", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)},
			incidents: []watch.Incident{inc("i1", night.Add(3*time.Hour))}, want: report.DayNormal},
		{name: "as of noon the night patrol had not been logged", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)},
			asOf: am.Add(4 * time.Hour), want: report.DayPartial},
		{name: "as of noon an incident reported at 13:00 was not known", logs: []watch.PatrolLog{log("am", am, true), log("night", night, true)},
			incidents: []watch.Incident{inc("i1", am.Add(5*time.Hour))}, asOf: am.Add(4 * time.Hour), want: report.DayPartial},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := report.Daily(report.DailyInput{Program: pf, Date: day, Assignments: rota, Patrols: c.logs, Incidents: c.incidents, AsOf: c.asOf})
			require.NoError(t, err)
			require.Equal(t, c.want, r.State)
			require.Len(t, r.Incidents, c.listed)
			require.Equal(t, 2, r.Planned)
		})
	}
}

func TestReportInputErrors(t *testing.T) {
	pf, _, _ := exampleEstate()
	bad := *pf
	bad.Program.Timezone = "Mars/Olympus"
	for name, err := range map[string]error{
		"no programme": func() error {
			_, err := report.Daily(report.DailyInput{Date: watch.MustParseDate("2026-12-04")})
			return err
		}(),
		"no date": func() error { _, err := report.Daily(report.DailyInput{Program: pf}); return err }(),
		"bad zone": func() error {
			_, err := report.Daily(report.DailyInput{Program: &bad, Date: watch.MustParseDate("2026-12-04")})
			return err
		}(),
		"bad month": func() error {
			_, err := report.Monthly(report.MonthlyInput{Program: pf, Year: 2026, Month: 13})
			return err
		}(),
	} {
		require.True(t, errors.Is(err, watch.ErrInvalid), "%s: %v", name, err)
	}
	require.ErrorIs(t, report.Render(nil, 42, report.FormatText, report.LangZh, report.AudienceOffice), watch.ErrInvalid)
	r, err := report.Daily(report.DailyInput{Program: pf, Date: watch.MustParseDate("2026-12-04")})
	require.NoError(t, err)
	require.ErrorContains(t, report.Render(nil, r, "pdf", report.LangZh, report.AudienceOffice), `format: "pdf"`)
	require.ErrorContains(t, report.Render(nil, r, report.FormatText, "fr", report.AudienceOffice), `lang: "fr"`)
	require.ErrorContains(t, report.Render(nil, r, report.FormatText, report.LangZh, "press"), `audience: "press"`)
}

func TestMonthlyFigures(t *testing.T) {
	fx := loadFixture(t)
	b, err := report.Monthly(report.MonthlyInput{Program: fx.pf, Year: 2026, Month: time.December,
		Assignments: fx.rota.Assignments, Gaps: fx.rota.Gaps, Patrols: fx.patrols, Incidents: fx.incidents})
	require.NoError(t, err)
	require.Equal(t, 3, b.Current.Incidents, "the voided theft does not count")
	require.Equal(t, 2, b.Previous.Incidents)
	require.Equal(t, 1, b.Current.PoliceCases)
	// Acknowledged after 8m (inc-1204-a, from its report), 2m (inc-1204-b) and 40m (inc-1205).
	require.Equal(t, report.TimeStats{Count: 3, MedianSeconds: 8 * 60, WorstSeconds: 40 * 60, WorstIncident: "inc-1205"}, b.Acknowledgement)
	// Resolved after 1h48m and 9h30m; the fire is still waiting.
	require.Equal(t, report.TimeStats{Count: 2, Pending: 1, MedianSeconds: (108*60 + 570*60) / 2, WorstSeconds: 570 * 60, WorstIncident: "inc-1205"}, b.Resolution)
	ids := []string{}
	for _, l := range b.CarriedOver {
		ids = append(ids, l.ID)
	}
	require.Equal(t, []string{"inc-1103", "inc-1204-b"}, ids, "open at the month's end, from any month")
	for h, n := range b.ByHour {
		want := 0
		if h == 9 || h == 19 || h == 23 {
			want = 1
		}
		require.Equal(t, want, n, "%02d:00", h)
	}
	require.Equal(t, 6, b.Coverage.Logged)
	require.Equal(t, 5, b.Coverage.Done, "the unplanned log does not count as a planned patrol done")

	// Built in the middle of the 4th, the fire had not happened.
	loc, _ := time.LoadLocation("Asia/Shanghai")
	b, err = report.Monthly(report.MonthlyInput{Program: fx.pf, Year: 2026, Month: time.December, Incidents: fx.incidents,
		AsOf: time.Date(2026, 12, 4, 12, 0, 0, 0, loc)})
	require.NoError(t, err)
	require.Equal(t, 1, b.Current.Incidents)
	require.Len(t, b.CarriedOver, 1)
	require.Equal(t, "inc-1103", b.CarriedOver[0].ID)
}

func TestMonthlySeriesAndWeeks(t *testing.T) {
	fx := loadFixture(t)
	b, err := report.Monthly(report.MonthlyInput{Program: fx.pf, Year: 2027, Month: time.January, Incidents: fx.incidents})
	require.NoError(t, err)
	require.Equal(t, "2026-12", b.Previous.Month, "January's month before is December of the year before")
	require.Equal(t, 3, b.Previous.Incidents)
	require.Len(t, b.Series, report.DefaultSeriesMonths)
	require.Equal(t, "2026-08", b.Series[0].Month)
	require.Equal(t, 2, b.Series[3].Incidents, "November 2026")
	require.Len(t, b.CarriedOver, 2, "still open in January")

	weeks := func(year int, month time.Month) []string {
		b, err := report.Monthly(report.MonthlyInput{Program: fx.pf, Year: year, Month: month, SeriesMonths: 2})
		require.NoError(t, err)
		var out []string
		for _, w := range b.ByWeek {
			out = append(out, w.From.String()[5:]+"/"+w.To.String()[5:])
		}
		return out
	}
	require.Equal(t, []string{"02-01/02-07", "02-08/02-14", "02-15/02-21", "02-22/02-28"}, weeks(2027, time.February), "a month that starts on a Monday")
	require.Equal(t, []string{"11-01/11-01", "11-02/11-08", "11-09/11-15", "11-16/11-22", "11-23/11-29", "11-30/11-30"}, weeks(2026, time.November), "one that starts on a Sunday")

	_, err = report.Monthly(report.MonthlyInput{Program: fx.pf, Year: 2027, Month: time.January, SeriesMonths: 1})
	require.ErrorContains(t, err, "series_months: 1")
}
