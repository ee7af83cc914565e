package watch_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-12-01", "2028-02-29", "0001-01-01", "1954-06-30"} {
		d, err := watch.ParseDate(s)
		require.NoError(t, err)
		require.Equal(t, s, d.String())
	}
	for _, s := range []string{"2026-06-31", "2026-02-29", "2100-02-29", "1954-13-01", "1954-00-10", "1954-01-00",
		"26-12-01", "2026/12/01", "2026-12-1", "", "2026-12-01T00:00:00Z", "0000-01-01", "２０２６-12-01"} {
		_, err := watch.ParseDate(s)
		require.ErrorIs(t, err, watch.ErrInvalid, s)
		require.Contains(t, err.Error(), "is not a date")
	}
}

func TestDateArithmetic(t *testing.T) {
	d := watch.MustParseDate("2028-02-28")
	require.Equal(t, "2028-02-29", d.AddDays(1).String())
	require.Equal(t, "2028-03-01", d.AddDays(2).String())
	require.Equal(t, "2027-12-31", watch.MustParseDate("2028-01-01").AddDays(-1).String())
	require.Equal(t, 366, watch.MustParseDate("2028-01-01").DaysUntil(watch.MustParseDate("2029-01-01")))
	require.Equal(t, -1, d.DaysUntil(watch.MustParseDate("2028-02-27")))
	require.Equal(t, 740_314, watch.MustParseDate("0001-01-01").DaysUntil(watch.MustParseDate("2027-11-30")))
	for i := -800; i < 800; i += 7 {
		require.Equal(t, i, d.DaysUntil(d.AddDays(i)))
	}
	require.Equal(t, time.Tuesday, watch.MustParseDate("2026-12-01").Weekday())
	require.True(t, d.Before(d.AddDays(1)))
	require.True(t, d.After(d.AddDays(-1)))
	require.Equal(t, 0, d.Compare(watch.MustParseDate("2028-02-28")))

	// ISO weeks: 2026-12-28 (a Monday) to 2027-01-03 is week 53 of 2026.
	for date, want := range map[string][2]int{
		"2026-12-27": {2026, 52}, "2026-12-28": {2026, 53}, "2027-01-03": {2026, 53}, "2027-01-04": {2027, 1},
	} {
		y, w := watch.MustParseDate(date).ISOWeek()
		require.Equal(t, want, [2]int{y, w}, date)
	}

	r := watch.DateRange{From: watch.MustParseDate("2026-12-01"), To: watch.MustParseDate("2026-12-31")}
	require.Equal(t, 31, r.Days())
	require.True(t, r.Contains(r.From))
	require.True(t, r.Contains(r.To))
	require.False(t, r.Contains(r.To.AddDays(1)))
}

func TestAgeOn(t *testing.T) {
	cases := []struct {
		birth, on string
		want      int
	}{
		{"1954-06-02", "2026-06-01", 71},
		{"1954-06-02", "2026-06-02", 72}, // the birthday itself
		{"1944-02-29", "2026-02-28", 81}, // not yet: no 29 February in 2026
		{"1944-02-29", "2026-03-01", 82}, // reached on 1 March
		{"1944-02-29", "2028-02-28", 83},
		{"1944-02-29", "2028-02-29", 84}, // a leap year has the day
		{"2000-12-31", "2001-01-01", 0},
		{"2026-12-02", "2026-12-01", -1},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, watch.AgeOn(watch.MustParseDate(tc.birth), watch.MustParseDate(tc.on)), "%s on %s", tc.birth, tc.on)
	}
}

func TestDateJSON(t *testing.T) {
	var v struct {
		D watch.Date  `json:"d"`
		C watch.Clock `json:"c"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"d": "2026-12-01", "c": "07:30"}`), &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	require.JSONEq(t, `{"d": "2026-12-01", "c": "07:30"}`, string(out))
	require.Error(t, json.Unmarshal([]byte(`{"d": "2026-12-32"}`), &v))
}
