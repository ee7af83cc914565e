package watch

import (
	"strconv"
	"time"
)

// InstantLayout is how output documents write an instant: RFC 3339 with a
// numeric offset (+00:00, never Z) and fractional seconds only when there
// are any.
const InstantLayout = "2006-01-02T15:04:05.999999999-07:00"

// FormatInstant writes t by InstantLayout in t's own location.
func FormatInstant(t time.Time) string { return t.Format(InstantLayout) }

// ParseInstant reads an RFC 3339 instant with an offset (Z is read as
// +00:00).
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &FieldError{Value: strconv.Quote(s), Reason: "is not an instant (want RFC 3339 with an offset, 2026-12-01T08:00:00+08:00)"}
	}
	return t, nil
}

// instant marshals a time.Time by InstantLayout; output documents use it
// for their time fields.
type instant time.Time

// MarshalText writes the instant by InstantLayout.
func (t instant) MarshalText() ([]byte, error) {
	return []byte(FormatInstant(time.Time(t))), nil
}

// Duration is a length of time written in Go syntax (90s, 10m, 1h30m).
type Duration time.Duration

// ParseDuration reads a duration in Go syntax.
func ParseDuration(s string) (Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, &FieldError{Value: strconv.Quote(s), Reason: "is not a duration (want Go syntax: 90s, 10m, 1h30m)"}
	}
	return Duration(d), nil
}

// String writes the duration in Go syntax.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDuration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
