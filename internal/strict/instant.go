package strict

import "time"

// InstantLayout is how output documents write an instant: RFC 3339 with a
// numeric offset (+00:00, never Z) and fractional seconds only when there
// are any. An offset with seconds (the local mean time of a zone before
// it took standard time, such as +08:05:43 in Asia/Shanghai before 1901)
// is written with them, by instantLayoutSeconds, so it reads back as the
// same instant.
const InstantLayout = "2006-01-02T15:04:05.999999999-07:00"

const instantLayoutSeconds = "2006-01-02T15:04:05.999999999-07:00:00"

// FormatInstant writes t by InstantLayout in t's own location, keeping
// the seconds of an offset that has them.
func FormatInstant(t time.Time) string {
	if _, off := t.Zone(); off%60 != 0 {
		return t.Format(instantLayoutSeconds)
	}
	return t.Format(InstantLayout)
}

// ParseInstant reads an RFC 3339 instant with an offset (Z is read as
// +00:00; an offset may carry seconds, +08:05:43, as FormatInstant writes
// it). The year, as written, is 0001 to 9999.
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(instantLayoutSeconds, s)
	}
	if err != nil {
		return time.Time{}, &FieldError{Value: Quote(s), Reason: "is not an instant (want RFC 3339 with an offset, 2026-12-01T08:00:00+08:00)"}
	}
	if t.Year() < 1 {
		return time.Time{}, &FieldError{Value: Quote(s), Reason: "is before the year 0001"}
	}
	return t, nil
}
