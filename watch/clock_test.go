package watch_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// TestClockOnChangeDays checks Clock.On against instants computed by hand
// from each zone's 2026 rules, on both change days.
func TestClockOnChangeDays(t *testing.T) {
	cases := []struct {
		zone, date, clock string
		want              string // the instant in UTC
		shown             string // how the zone's clock shows it
	}{
		// Europe/London: 29 March 01:00 GMT -> 02:00 BST; 25 October 02:00 BST -> 01:00 GMT.
		{"Europe/London", "2026-03-29", "00:59", "2026-03-29T00:59:00Z", "00:59"},
		{"Europe/London", "2026-03-29", "01:00", "2026-03-29T01:00:00Z", "02:00"}, // missing: offset before
		{"Europe/London", "2026-03-29", "01:30", "2026-03-29T01:30:00Z", "02:30"}, // missing: offset before
		{"Europe/London", "2026-03-29", "02:00", "2026-03-29T01:00:00Z", "02:00"},
		{"Europe/London", "2026-03-29", "07:00", "2026-03-29T06:00:00Z", "07:00"},
		{"Europe/London", "2026-10-25", "00:59", "2026-10-24T23:59:00Z", "00:59"},
		{"Europe/London", "2026-10-25", "01:00", "2026-10-25T00:00:00Z", "01:00"}, // twice: the first
		{"Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00Z", "01:30"}, // twice: the first
		{"Europe/London", "2026-10-25", "02:00", "2026-10-25T02:00:00Z", "02:00"},
		// America/New_York: 8 March 02:00 EST -> 03:00 EDT; 1 November 02:00 EDT -> 01:00 EST.
		{"America/New_York", "2026-03-08", "01:59", "2026-03-08T06:59:00Z", "01:59"},
		{"America/New_York", "2026-03-08", "02:00", "2026-03-08T07:00:00Z", "03:00"},
		{"America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30:00Z", "03:30"},
		{"America/New_York", "2026-03-08", "03:00", "2026-03-08T07:00:00Z", "03:00"},
		{"America/New_York", "2026-11-01", "00:30", "2026-11-01T04:30:00Z", "00:30"},
		{"America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z", "01:30"},
		{"America/New_York", "2026-11-01", "02:00", "2026-11-01T07:00:00Z", "02:00"},
		// Australia/Lord_Howe, a half-hour change: 5 April 02:00 (+11:00) -> 01:30 (+10:30);
		// 4 October 02:00 (+10:30) -> 02:30 (+11:00).
		{"Australia/Lord_Howe", "2026-04-05", "01:29", "2026-04-04T14:29:00Z", "01:29"},
		{"Australia/Lord_Howe", "2026-04-05", "01:30", "2026-04-04T14:30:00Z", "01:30"}, // twice: the first
		{"Australia/Lord_Howe", "2026-04-05", "01:45", "2026-04-04T14:45:00Z", "01:45"}, // twice: the first
		{"Australia/Lord_Howe", "2026-04-05", "02:00", "2026-04-04T15:30:00Z", "02:00"},
		{"Australia/Lord_Howe", "2026-10-04", "01:59", "2026-10-03T15:29:00Z", "01:59"},
		{"Australia/Lord_Howe", "2026-10-04", "02:00", "2026-10-03T15:30:00Z", "02:30"}, // missing
		{"Australia/Lord_Howe", "2026-10-04", "02:15", "2026-10-03T15:45:00Z", "02:45"}, // missing
		{"Australia/Lord_Howe", "2026-10-04", "02:30", "2026-10-03T15:30:00Z", "02:30"},
		// No transitions at all.
		{"UTC", "2026-03-29", "01:30", "2026-03-29T01:30:00Z", "01:30"},
		{"Asia/Shanghai", "2026-12-01", "00:00", "2026-11-30T16:00:00Z", "00:00"},
	}
	for _, tc := range cases {
		t.Run(tc.zone+" "+tc.date+" "+tc.clock, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			require.NoError(t, err)
			got := watch.MustParseClock(tc.clock).On(watch.MustParseDate(tc.date), loc)
			require.Equal(t, tc.want, got.UTC().Format(time.RFC3339))
			require.Equal(t, tc.shown, got.Format("15:04"))
			require.Equal(t, loc, got.Location())
		})
	}
}

func TestShiftInstanceAcrossChanges(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	night := watch.Shift{ID: "n", Start: watch.MustParseClock("22:00"), End: watch.MustParseClock("06:00"), Need: 2}
	hours := func(date string) float64 {
		s, e, ok := night.Instance(watch.MustParseDate(date), london)
		require.True(t, ok)
		return e.Sub(s).Hours()
	}
	require.Equal(t, 8.0, hours("2026-03-27"))
	require.Equal(t, 7.0, hours("2026-03-28"), "clocks go forward in the night")
	require.Equal(t, 9.0, hours("2026-10-24"), "clocks go back in the night")

	// 01:30-02:00 on the night clocks jump from 01:00 to 02:00: the start
	// is read as 02:30 BST, after the end at 02:00 BST, so it does not
	// take place.
	gap := watch.Shift{ID: "g", Start: watch.MustParseClock("01:30"), End: watch.MustParseClock("02:00"), Need: 2}
	_, _, ok := gap.Instance(watch.MustParseDate("2026-03-29"), london)
	require.False(t, ok)
	_, _, ok = gap.Instance(watch.MustParseDate("2026-03-30"), london)
	require.True(t, ok)
	// 01:10-01:50 moves forward whole: 02:10-02:50 BST.
	inside := watch.Shift{ID: "i", Start: watch.MustParseClock("01:10"), End: watch.MustParseClock("01:50"), Need: 2}
	s, e, ok := inside.Instance(watch.MustParseDate("2026-03-29"), london)
	require.True(t, ok)
	require.Equal(t, "02:10 02:50", s.Format("15:04")+" "+e.Format("15:04"))

	weekdays := watch.Shift{ID: "w", Days: watch.Days{watch.Weekday(time.Monday)}, Start: watch.MustParseClock("08:00"), End: watch.MustParseClock("09:00"), Need: 2}
	_, _, ok = weekdays.Instance(watch.MustParseDate("2026-11-30"), london)
	require.True(t, ok, "a Monday")
	_, _, ok = weekdays.Instance(watch.MustParseDate("2026-12-01"), london)
	require.False(t, ok, "a Tuesday")
}

func TestParseClock(t *testing.T) {
	for _, s := range []string{"00:00", "23:59", "07:30"} {
		c, err := watch.ParseClock(s)
		require.NoError(t, err)
		require.Equal(t, s, c.String())
	}
	for _, s := range []string{"24:00", "7:00", "07:60", "0700", "07:0a", "", "-1:00", "07:00:00"} {
		_, err := watch.ParseClock(s)
		require.ErrorIs(t, err, watch.ErrInvalid, s)
	}
}

func TestWindow(t *testing.T) {
	night := watch.Window{From: watch.MustParseClock("22:00"), To: watch.MustParseClock("06:00")}
	require.True(t, night.Overnight())
	for secs, want := range map[int]bool{22 * 3600: true, 22*3600 - 1: false, 0: true, 6*3600 - 1: true, 6 * 3600: false} {
		require.Equal(t, want, night.ContainsClock(secs), secs)
	}
	day := watch.Window{From: watch.MustParseClock("07:00"), To: watch.MustParseClock("12:00")}
	require.False(t, day.Overnight())
	require.True(t, day.ContainsClock(7*3600))
	require.False(t, day.ContainsClock(12*3600))
}
