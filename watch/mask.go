package watch

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// This file keeps personal data out of logs and formatted output. Every
// holder of personal data (Volunteer, ProgramFile, Incident, Event,
// PatrolLog) describes itself with the data masked in String and
// GoString, in every fmt verb (Format: %d, %t and %x included, which
// would otherwise print the fields raw) and in every slog handler
// (LogValue, which a JSON handler resolves before it marshals). The
// documents themselves (encoding/json) still carry the data: they are
// what the user asked for.

const masked = "***"

// writeMasked is the Format of every holder: whatever the verb, its
// String.
func writeMasked(f fmt.State, s string) { _, _ = io.WriteString(f, s) }

// String describes the volunteer with personal data masked.
func (v Volunteer) String() string {
	return fmt.Sprintf("Volunteer{id=%s name=%s phone=%s birth_date=%s active=%t}", strconv.Quote(v.ID), masked, masked, masked, v.IsActive())
}

// GoString is String, so that %#v masks personal data too.
func (v Volunteer) GoString() string { return v.String() }

// Format implements fmt.Formatter: every verb prints String.
func (v Volunteer) Format(f fmt.State, _ rune) { writeMasked(f, v.String()) }

// LogValue implements slog.LogValuer with personal data masked.
func (v Volunteer) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", v.ID),
		slog.String("name", masked),
		slog.String("phone", masked),
		slog.String("birth_date", masked),
		slog.Bool("active", v.IsActive()),
	)
}

// String describes the programme file by its id and sizes: no volunteer's
// name, phone or birth date.
func (pf ProgramFile) String() string {
	return fmt.Sprintf("ProgramFile{id=%s timezone=%s volunteers=%d shifts=%d horizon=%s}",
		strconv.Quote(pf.Program.ID), strconv.Quote(pf.Program.Timezone), len(pf.Volunteers), len(pf.Shifts), pf.Horizon)
}

// GoString is String.
func (pf ProgramFile) GoString() string { return pf.String() }

// Format implements fmt.Formatter: every verb prints String.
func (pf ProgramFile) Format(f fmt.State, _ rune) { writeMasked(f, pf.String()) }

// LogValue implements slog.LogValuer: the id and sizes only.
func (pf ProgramFile) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", pf.Program.ID),
		slog.String("timezone", pf.Program.Timezone),
		slog.Int("volunteers", len(pf.Volunteers)),
		slog.Int("shifts", len(pf.Shifts)),
		slog.String("horizon", pf.Horizon.String()),
	)
}

// String describes the incident without its free text (description, the
// text of notes), which may be personal data.
func (inc Incident) String() string {
	return fmt.Sprintf("Incident{program=%s id=%s kind=%s severity=%s occurred_at=%s state=%s events=%d description=%s}",
		strconv.Quote(inc.Program), strconv.Quote(inc.ID), inc.Kind, inc.Severity, FormatInstant(inc.OccurredAt), inc.State(), len(inc.Events), masked)
}

// GoString is String.
func (inc Incident) GoString() string { return inc.String() }

// Format implements fmt.Formatter: every verb prints String.
func (inc Incident) Format(f fmt.State, _ rune) { writeMasked(f, inc.String()) }

// LogValue implements slog.LogValuer without the free text.
func (inc Incident) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("program", inc.Program),
		slog.String("id", inc.ID),
		slog.String("kind", string(inc.Kind)),
		slog.String("severity", inc.Severity.String()),
		slog.Time("occurred_at", inc.OccurredAt),
		slog.String("state", string(inc.State())),
		slog.Int("events", len(inc.Events)),
	)
}

// String describes the event without its text.
func (e Event) String() string {
	return fmt.Sprintf("Event{type=%s at=%s by=%s text=%s}", e.Type, FormatInstant(e.At), strconv.Quote(e.By), masked)
}

// GoString is String.
func (e Event) GoString() string { return e.String() }

// Format implements fmt.Formatter: every verb prints String.
func (e Event) Format(f fmt.State, _ rune) { writeMasked(f, e.String()) }

// LogValue implements slog.LogValuer without the text.
func (e Event) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", string(e.Type)), slog.Time("at", e.At), slog.String("by", e.By))
}

// String describes the patrol without its notes.
func (l PatrolLog) String() string {
	return fmt.Sprintf("PatrolLog{program=%s id=%s date=%s beat=%s volunteers=%d all_normal=%t notes=%s}",
		strconv.Quote(l.Program), strconv.Quote(l.ID), l.Date, strconv.Quote(l.Beat), len(l.Volunteers), l.AllNormal, masked)
}

// GoString is String.
func (l PatrolLog) GoString() string { return l.String() }

// Format implements fmt.Formatter: every verb prints String.
func (l PatrolLog) Format(f fmt.State, _ rune) { writeMasked(f, l.String()) }

// LogValue implements slog.LogValuer without the notes.
func (l PatrolLog) LogValue() slog.Value {
	return slog.GroupValue(slog.String("program", l.Program), slog.String("id", l.ID), slog.String("date", l.Date.String()),
		slog.Int("volunteers", len(l.Volunteers)), slog.Bool("all_normal", l.AllNormal))
}
