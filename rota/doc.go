// Package rota makes and judges rotas (排班表) for a watch programme: who
// patrols when, so that no elderly volunteer is put on a shift unsafe for
// them and nobody is sent out alone.
//
// [NewProblem] turns a programme file into a [Problem]: the shift
// instances of the horizon with their instants (by the time-zone rules of
// FORMATS.md section 0; an instance a clock change swallows does not take
// place), and the fixed assignments, checked. [Check] is the judge: every
// broken rule of FORMATS.md section 1 as a [Violation] with the blame of
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
// Readings where the formats leave room, chosen as a user would expect:
//
//   - rest compares every pair of a volunteer's instances, not only
//     neighbours, so a long shift cannot hide a clash behind a short one;
//   - a volunteer listed twice on one instance breaks team, and counts once
//     for every other rule;
//   - the weekly cap of a week is the strictest of the policy's, the
//     volunteer's own and the band cap in force on the date of each of the
//     volunteer's instances that week, facts included;
//   - a fixed assignment may not name an instance twice, nor one that a
//     clock change swallows.
package rota
