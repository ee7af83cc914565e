// Package rota makes and judges rotas (排班表) for a watch programme: who
// patrols when, so that no elderly volunteer is put on a shift unsafe for
// them and nobody is sent out alone.
//
// [NewProblem] turns a programme file into a [Problem]: the shift
// instances of the horizon with their instants (by the time-zone rules of
// docs/formats.md section 0.2; an instance a clock change swallows does not take
// place), and the fixed assignments, checked. [Check] is the judge: every
// broken rule of docs/formats.md section 1.4 as a [Violation] with the blame of
// section 2, written for clarity rather than speed, so that everything
// else here can be tested against it.
//
// The rules and their codes: min_age, age_band, shift_length, band_hours
// (one volunteer on one instance); weekly_hours, rest, per_day,
// consecutive_days (across a volunteer's instances, fixed assignments
// outside the horizon included as facts); team and night (the instance);
// unavailable and inactive; and fixed, for a volunteer of a fixed
// assignment missing from the rota.
//
// [Generate] makes a rota that keeps every rule and aims at the most
// filled places, then the fairest hours (docs/formats.md section 1.6); it
// runs Check on what it returns, and every gap carries the reasons that
// keep volunteers out of it.
//
// [Explain] says why one instance is staffed as it is: the rules that keep
// each volunteer out given the rest of the rota, and for a gap the
// smallest relaxation that would let one more in, only ever of the rules
// in [Relaxable]. [Repair] changes a rota for a [Change] (a drop-out, a
// new volunteer, a patrol cancelled or added), touching only the
// instances the change touches and none that started before now, and
// cancelling a team that cannot be made whole rather than send anyone
// alone (docs/formats.md section 11).
//
// [ExportText], [ExportCSV] and [ExportICS] write a rota for people
// (docs/formats.md section 10): a printable table by day and beat with
// names, CSV for Excel and WPS, and an iCalendar per volunteer whose
// events keep their UIDs across exports, are in UTC so no clock change
// moves them, and are cancelled when a new rota takes them away.
//
// Where the formats leave room (how rest is judged, a volunteer listed
// twice, the weekly cap across bands, fixed assignments on one instance),
// armband's readings are written once, in docs/formats.md, marked
// Reading.
package rota
