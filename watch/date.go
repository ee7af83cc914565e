package watch

import (
	"github.com/armband/armband/internal/strict"

	"strconv"
	"time"
)

// Date is a civil date with no time zone: a day on the calendar, as written
// YYYY-MM-DD. The zero Date is not a valid date; IsZero reports it.
//
// Dates compare by calendar order (Compare, Before, After); AddDays walks
// the calendar, so 2028-02-28 plus one day is 2028-02-29.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written YYYY-MM-DD (four-digit year, two-digit
// month and day). A date that is not on the calendar, such as 2026-06-31, is
// refused with a *FieldError.
func ParseDate(s string) (Date, error) {
	bad := &FieldError{Value: strconv.Quote(s), Reason: "is not a date (want YYYY-MM-DD)"}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, bad
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) || y < 1 {
		return Date{}, bad
	}
	return Date{y, time.Month(m), d}, nil
}

// MustParseDate is ParseDate for literals known to be valid; it panics on
// error. Use it in tests and examples, never on input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// digits parses a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return string(d.AppendText(nil))
}

// AppendText appends YYYY-MM-DD to b.
func (d Date) AppendText(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// midnightUTC is d at 00:00 UTC, for calendar arithmetic only.
func (d Date) midnightUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return DateOf(d.midnightUTC().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e: 1 when e is the day
// after d, negative when e is before d.
func (d Date) DaysUntil(e Date) int { return e.dayNumber() - d.dayNumber() }

// dayNumber counts days from a fixed epoch (1970-01-01 is 0), by the
// proleptic Gregorian calendar, without the range limits of time.Duration.
func (d Date) dayNumber() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.midnightUTC().Weekday() }

// ISOWeek returns the ISO 8601 year and week of d: weeks run Monday to
// Sunday, and week 1 is the week with the year's first Thursday.
func (d Date) ISOWeek() (year, week int) { return d.midnightUTC().ISOWeek() }

// In returns the instant at which d begins (its first instant) in loc.
// On a date whose midnight is skipped by a clock change it is the first
// instant that exists; see Clock.On.
func (d Date) In(loc *time.Location) time.Time { return Clock{}.On(d, loc) }

// AgeOn returns the age in completed years, on the date on, of someone born
// on birth. A birthday on 29 February is reached on 1 March in years that
// have no 29 February. It is negative when on is before birth.
func AgeOn(birth, on Date) int {
	age := on.Year - birth.Year
	if on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) {
		age--
	}
	return age
}

// DateRange is an inclusive range of dates, written
// {"from": "2026-12-01", "to": "2026-12-31"}.
type DateRange struct {
	From Date `json:"from" armband:"required"`
	To   Date `json:"to" armband:"required"`
}

// MonthRange returns the dates of one calendar month, from the 1st to its
// last day: the period of a monthly scoring or meeting.
func MonthRange(year int, month time.Month) DateRange {
	return DateRange{From: Date{year, month, 1}, To: Date{year, month, daysIn(month, year)}}
}

// Contains reports whether d lies in the range, both ends included.
func (r DateRange) Contains(d Date) bool { return !d.Before(r.From) && !d.After(r.To) }

// Days returns the number of dates in r (0 when To is before From).
func (r DateRange) Days() int {
	n := r.From.DaysUntil(r.To) + 1
	if n < 0 {
		return 0
	}
	return n
}

// IsZero reports whether r is the zero range (absent).
func (r DateRange) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// String returns the range as FROM..TO.
func (r DateRange) String() string { return r.From.String() + ".." + r.To.String() }

func (r DateRange) validate(p *strict.Problems, path string) {
	if r.To.Before(r.From) {
		p.Add(joinPath(path, "to"), r.To.String(), "is before from "+r.From.String())
	}
}
