package watch

import (
	"fmt"
	"strconv"
	"time"

	"github.com/armband/armband/internal/strict"
)

// InstantLayout is how output documents write an instant: RFC 3339 with a
// numeric offset (+00:00, never Z) and fractional seconds only when there
// are any. An offset with seconds (the local mean time of a zone before
// it took standard time, such as +08:05:43 in Asia/Shanghai before 1901)
// is written with its seconds, so it reads back as the same instant.
const InstantLayout = strict.InstantLayout

// FormatInstant writes t by InstantLayout in t's own location, keeping
// the seconds of an offset that has them.
func FormatInstant(t time.Time) string { return strict.FormatInstant(t) }

// ParseInstant reads an RFC 3339 instant with an offset (Z is read as
// +00:00; an offset may carry seconds, +08:05:43, as FormatInstant writes
// it). The year, as written, is 0001 to 9999. A bad instant is a
// *FieldError.
func ParseInstant(s string) (time.Time, error) { return strict.ParseInstant(s) }

// instant marshals a time.Time by InstantLayout; output documents use it
// for their time fields.
type instant time.Time

// MarshalText writes the instant by FormatInstant, refusing one whose
// year in its own zone is outside 0001 to 9999: it would not read back.
func (t instant) MarshalText() ([]byte, error) {
	if y := time.Time(t).Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("instant %s is outside the years 0001 to 9999", time.Time(t))
	}
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
