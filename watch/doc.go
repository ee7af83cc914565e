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
// An [Incident] has a [Kind] (18 built in, with Chinese and English names,
// plus those a file declares with [KindDef]; see [Kinds]), a [Severity] and
// [Event]s. [State.Apply] is the legal-transition table: acknowledged when
// open, resolved when open or acknowledged, voided from any state but
// voided, notes always. [LoadIncidents] reads an incidents file. A
// [Delivery] is a row of the escalation outbox and a [PatrolLog] the record
// of one patrol; a [PatrolSession] is a patrol as it happens
// (started, checked in, ended), which the overdue alarm watches.
//
// # Errors and limits
//
// Loaders are strict and complete: unknown keys, empty lists (leave the key
// out instead), missing required fields, values of the wrong type, bad dates
// and clock times, duplicate ids and dangling references are each a
// *FieldError naming the path of the field, its value and the reason, and a
// loader returns all of them joined with errors.Join (up to MaxProblems, then
// a *MoreProblems), never a half-read value. FieldErrors lists them. Every
// FieldError is ErrInvalid; a *VersionError is ErrConflict; stores return
// ErrNotFound. Messages are safe to print on a terminal.
//
// Every loader reads within hard limits (docs/formats.md section 0.7):
// bytes counted while reading, nesting depth, values, horizon days,
// volunteers, instances, and figures bounded so no sum overflows. A Loader
// with InputLimits raises them.
//
// The readings of the formats that armband chose where they are loose (such
// as min_team 0 meaning the default of 2, so nobody patrols alone by
// accident) are written once, in docs/formats.md, marked Reading.
//
// # Storage
//
// The storage contracts are one interface per aggregate, bundled in Stores:
// ProgramStore (everything a programme file holds but the volunteers),
// VolunteerStore (with erasure that keeps a pseudonym), RotaStore (versions,
// read one by one or by period; Cover answers a period several rotas
// cover), IncidentStore (keyset paging, walked by AllIncidents; optimistic
// concurrency with *VersionError; a tamper-evident history checked by
// VerifyHistory), EscalationStore (policy snapshots and the delivery outbox)
// and PatrolStore, and the optional [SessionStore] of
// patrol sessions. Stores.ProgramFile reads a programme back whole. Every
// record is keyed by (programme, id); every method takes a context first.
// What each contract must do and which stores depend on which is in
// docs/stores.md. Package storekit holds the rules every store applies alike
// (for people writing a store), memstore is the in-memory store, and
// storetest the suite every store passes.
//
// # Personal data
//
// A volunteer's name, phone and birth date, and the free text of incidents,
// notes and patrols, are personal data. Volunteer, ProgramFile, Incident,
// Event and PatrolLog mask them in String, GoString, every fmt verb and
// LogValue, so logs never carry them (docs/personal-data.md).
package watch
