// Package watch is the vocabulary of armband: every noun of the file
// formats of a community watch programme (群防群治), how each is read and
// validated, and the storage contracts.
//
// # Dates and times
//
// A [Date] is a civil date (YYYY-MM-DD) and a [Clock] a wall-clock time
// (HH:MM); neither has a zone. [Clock.On] turns a date and a clock time into
// an instant in a zone by the rules of RFC 5545: a reading that occurs twice
// means its first occurrence, and one that does not occur is read with the
// offset in force before the change. [AgeOn] counts completed years, with a
// 29 February birthday reached on 1 March in other years. A [Window] is a
// pair of clock times that may wrap past midnight; a [DateRange] is
// inclusive at both ends. Durations between instants are absolute time, so
// a 22:00-06:00 shift lasts 7 or 9 hours on a change night.
//
// # Programmes and rotas
//
// A [ProgramFile] holds a [Program], its [Beat]s and [ContactPoint]s, its
// [Volunteer]s (red-armband volunteers, 红袖标), [Shift] templates, the
// [RotaRules] (the "policy" of the file) of hard rules with its [AgeBand]s and [Night] rule, the horizon,
// [Fixed] assignments and declared kinds. [LoadProgramFile] reads one as
// strict JSON. A [Rota] (排班表) is the output of rota generation: its
// [Assignment]s, [Gap]s and [RotaStats]; [LoadRota] reads one.
//
// # Incidents
//
// An [Incident] has a [Kind] (17 built in, with Chinese and English names,
// plus those a file declares with [KindDef]; see [Kinds]), a [Severity] and
// [Event]s. [State.Apply] is the legal-transition table: acknowledged when
// open, resolved when open or acknowledged, voided from any state but
// voided, notes always. [LoadIncidents] reads an incidents file. A
// [Delivery] is a row of the escalation outbox and a [PatrolLog] the record
// of one patrol.
//
// # Errors
//
// Loaders are strict and complete: unknown keys, empty lists (leave the key
// out instead), missing required fields, values of the wrong type, bad
// dates and clock times, duplicate ids and dangling references are each a
// [*FieldError] naming the path of the field, its value and the reason, and
// a loader returns all of them joined with errors.Join, never a half-read
// value. [FieldErrors] lists them. Every FieldError is [ErrInvalid]; a
// [*VersionError] is [ErrConflict]; stores return [ErrNotFound].
//
// Two choices where the formats are silent or loose, made as a user would
// expect:
//
//   - min_team 0 is read like an absent min_team (the default of 2), so a
//     programme never lets people patrol alone by accident; set 1 to allow it.
//   - The rule that an empty list is an input error applies to the files
//     people write. A rota, which armband writes, may have empty
//     assignments and gaps lists, as the examples do.
//
// # Storage
//
// The storage contracts are one interface per aggregate, bundled in
// [Stores]: [ProgramStore], [VolunteerStore] (with erasure that keeps a
// pseudonym), [RotaStore] (versions), [IncidentStore] (keyset paging,
// optimistic concurrency with [*VersionError], a hash-chained history
// checked by [History.Verify]), [EscalationStore] (policy snapshots and
// the delivery outbox) and [PatrolStore]. Every record is keyed by
// (programme, id); every method takes a context first. The rules every
// store applies alike ([CheckText], [StoredInstant], [IncidentCursor],
// [Incident.CheckAppend]) live here, so implementations call them. The
// in-memory store is package memstore; package storetest is the suite
// every store passes.
//
// # Personal data
//
// A volunteer's name, phone and birth date, and the free text of incidents
// and notes, are personal data. [Volunteer] masks them in String, GoString
// and LogValue, so logs never carry them.
package watch
