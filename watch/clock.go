package watch

import (
	"github.com/armband/armband/internal/strict"

	"strconv"
	"strings"
	"time"
)

// Clock is a wall-clock reading, written HH:MM on a 24-hour clock from
// 00:00 to 23:59. The zero Clock is 00:00 (midnight), a valid time.
type Clock struct {
	Hour, Minute int
}

// ParseClock reads a clock time written HH:MM. 24:00 and 7:00 are refused.
func ParseClock(s string) (Clock, error) {
	if len(s) == 5 && s[2] == ':' {
		h, ok1 := digits(s[0:2])
		m, ok2 := digits(s[3:5])
		if ok1 && ok2 && h < 24 && m < 60 {
			return Clock{h, m}, nil
		}
	}
	return Clock{}, &FieldError{Value: strconv.Quote(s), Reason: "is not a clock time (want HH:MM, 00:00 to 23:59)"}
}

// MustParseClock is ParseClock for literals known to be valid; it panics on
// error.
func MustParseClock(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the clock time as HH:MM.
func (c Clock) String() string { return string(c.AppendText(nil)) }

// AppendText appends HH:MM to b.
func (c Clock) AppendText(b []byte) []byte {
	b = appendPadded(b, c.Hour, 2)
	b = append(b, ':')
	return appendPadded(b, c.Minute, 2)
}

// MarshalText implements encoding.TextMarshaler.
func (c Clock) MarshalText() ([]byte, error) { return c.AppendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseClock.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Minutes returns the minutes since 00:00.
func (c Clock) Minutes() int { return c.Hour*60 + c.Minute }

// Compare returns -1, 0 or +1 as c is earlier than, equal to or later than
// d on the same clock face.
func (c Clock) Compare(d Clock) int { return sign(c.Minutes() - d.Minutes()) }

// On returns the instant at which the wall clock in loc reads c on date d,
// by the rules of RFC 5545 that docs/formats.md section 0.2 fixes:
//
//   - a reading that occurs twice (clocks go back) means its first
//     occurrence;
//   - a reading that does not occur (clocks go forward) is read with the
//     offset in force before the change, so 01:30 on a night the clocks jump
//     from 01:00 to 02:00 is the instant shown as 02:30.
//
// It works from the zone's transitions (time.Time.ZoneBounds) rather than
// trusting time.Date, whose choice in those two cases is unspecified.
func (c Clock) On(d Date, loc *time.Location) time.Time {
	return wallInstant(d, c.Hour, c.Minute, 0, loc)
}

// zonePeriod is a stretch of time with one UTC offset; a zero start or end
// is unbounded.
type zonePeriod struct {
	start, end time.Time
	offset     int // seconds east of UTC
}

func (z zonePeriod) holds(t time.Time) bool {
	return (z.start.IsZero() || !t.Before(z.start)) && (z.end.IsZero() || t.Before(z.end))
}

// wallInstant resolves a local wall reading to an instant (see Clock.On).
func wallInstant(d Date, hour, min, sec int, loc *time.Location) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, hour, min, sec, 0, time.UTC)
	// Every offset on earth is within 15 hours of UTC, so the instants the
	// reading can name lie within this window.
	const reach = 15 * time.Hour
	var periods []zonePeriod
	t := wall.Add(-reach)
	for len(periods) < 16 {
		in := t.In(loc)
		start, end := in.ZoneBounds()
		_, off := in.Zone()
		periods = append(periods, zonePeriod{start, end, off})
		if end.IsZero() || end.After(wall.Add(reach)) {
			break
		}
		t = end
	}
	for _, z := range periods { // earliest period first: the first occurrence
		at := wall.Add(-time.Duration(z.offset) * time.Second)
		if z.holds(at) {
			return at.In(loc)
		}
	}
	// The reading falls in a gap: use the offset in force before the change.
	for i := 1; i < len(periods); i++ {
		before, after := periods[i-1], periods[i]
		gapStart := before.end.Add(time.Duration(before.offset) * time.Second)
		gapEnd := before.end.Add(time.Duration(after.offset) * time.Second)
		if !wall.Before(gapStart) && wall.Before(gapEnd) {
			return wall.Add(-time.Duration(before.offset) * time.Second).In(loc)
		}
	}
	return time.Date(d.Year, d.Month, d.Day, hour, min, sec, 0, loc) // not reached for real zones
}

// Weekday is a day of the week, written mon, tue, wed, thu, fri, sat, sun.
// Its values are those of time.Weekday (Sunday is 0).
type Weekday time.Weekday

// The days of the week, for Days written in Go.
const (
	Sunday    = Weekday(time.Sunday)
	Monday    = Weekday(time.Monday)
	Tuesday   = Weekday(time.Tuesday)
	Wednesday = Weekday(time.Wednesday)
	Thursday  = Weekday(time.Thursday)
	Friday    = Weekday(time.Friday)
	Saturday  = Weekday(time.Saturday)
)

var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeekday reads a day name, mon to sun.
func ParseWeekday(s string) (Weekday, error) {
	for i, n := range weekdayNames {
		if n == s {
			return Weekday(i), nil
		}
	}
	return 0, &FieldError{Value: strconv.Quote(s), Reason: "is not a day (want " + strings.Join(weekdayNames[1:], ", ") + ", sun)"}
}

// String returns the day's name, mon to sun.
func (w Weekday) String() string {
	if w < 0 || w > 6 {
		return "day(" + strconv.Itoa(int(w)) + ")"
	}
	return weekdayNames[w]
}

// MarshalText implements encoding.TextMarshaler.
func (w Weekday) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseWeekday.
func (w *Weekday) UnmarshalText(b []byte) error {
	v, err := ParseWeekday(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// Days is a set of weekdays as written in a file; the empty set (key left
// out) means every day.
type Days []Weekday

// Has reports whether wd is in the set; every day is when the set is empty.
func (ds Days) Has(wd time.Weekday) bool {
	if len(ds) == 0 {
		return true
	}
	for _, d := range ds {
		if time.Weekday(d) == wd {
			return true
		}
	}
	return false
}

// Window is a pair of clock times [from, to) on some days, written
// {"days": ["mon"], "from": "07:00", "to": "12:00"}. When To is before From
// the window wraps past midnight and ends on the next date; From equal to To
// is an input error. An instance of the window starts on a listed day.
type Window struct {
	Days Days  `json:"days,omitempty"`
	From Clock `json:"from" armband:"required"`
	To   Clock `json:"to" armband:"required"`
}

// Overnight reports whether the window ends on the date after it starts.
func (w Window) Overnight() bool { return w.To.Compare(w.From) <= 0 }

// On returns the instants at which the window's instance that starts on
// date d begins and ends in loc. It does not look at Days.
func (w Window) On(d Date, loc *time.Location) (start, end time.Time) {
	endDate := d
	if w.Overnight() {
		endDate = d.AddDays(1)
	}
	return w.From.On(d, loc), w.To.On(endDate, loc)
}

// ContainsClock reports whether a wall-clock reading, given in seconds
// since 00:00, lies in [From, To), wrapping past midnight when the window
// does. It ignores Days.
func (w Window) ContainsClock(secs int) bool {
	from, to := w.From.Minutes()*60, w.To.Minutes()*60
	if from < to {
		return secs >= from && secs < to
	}
	return secs >= from || secs < to
}

func (w Window) validate(p *strict.Problems, path string) {
	if w.From == w.To {
		p.Add(joinPath(path, "to"), w.To.String(), "equals from: a window must not be empty")
	}
}
