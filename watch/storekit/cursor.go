package storekit

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// IncidentCursor is the position of a page of incidents: the occurred_at
// and id of the last incident returned.
type IncidentCursor struct {
	OccurredAt time.Time
	ID         string
}

// Encode writes the cursor as an opaque string.
func (c IncidentCursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.FormatInt(c.OccurredAt.UnixMicro(), 10) + ":" + c.ID))
}

// DecodeIncidentCursor reads a cursor made by Encode. Anything else is
// ErrInvalid.
func DecodeIncidentCursor(s string) (IncidentCursor, error) {
	bad := &watch.FieldError{Path: "cursor", Value: strconv.Quote(s), Reason: "is not a cursor this store made"}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return IncidentCursor{}, bad
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return IncidentCursor{}, bad
	}
	us, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return IncidentCursor{}, bad
	}
	return IncidentCursor{OccurredAt: time.UnixMicro(us).UTC(), ID: parts[2]}, nil
}

// After reports whether an incident comes after the cursor in the order of
// ListIncidents (occurred_at, then id).
func (c IncidentCursor) After(inc watch.Incident) bool {
	if !inc.OccurredAt.Equal(c.OccurredAt) {
		return inc.OccurredAt.After(c.OccurredAt)
	}
	return inc.ID > c.ID
}

// PageLimit applies the defaults and bounds of IncidentQuery.Limit.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return watch.DefaultPageSize
	case n > watch.MaxPageSize:
		return watch.MaxPageSize
	}
	return n
}
