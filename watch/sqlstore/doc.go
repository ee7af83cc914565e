// Package sqlstore keeps armband's records in a SQL database through
// database/sql: every storage contract of package watch (watch.Stores), for
// any database a Dialect describes. It imports no driver; package
// sqlstore/sqlite opens it on an embedded SQLite file, the default of the
// command and the demo, and package sqlstore/postgres on a PostgreSQL
// server.
//
// What the database itself guarantees, beyond the contracts:
//
//   - Every table is keyed by programme first, so one database serves many
//     estates (and a sharded database could split them by programme).
//   - History is append-only in the database: triggers refuse to update or
//     delete an incident as created or any event, except to blank free text,
//     the one change erasure makes; an event is taken only as the next link
//     of its incident's chain, so two writers can never fork a history.
//   - Appends check the expected version in the same transaction that
//     writes the event, and a programme's writes take turns
//     (Dialect.LockProgram, or a database whose writes are exclusive).
//   - The outbox's Due is served by a partial index over pending
//     deliveries, never by a scan of the outbox.
//   - The schema is created and upgraded by versioned migrations, each run
//     in one transaction with the others, so a migration stopped half-way
//     leaves the schema as it was; a database whose schema is newer than
//     this build, or whose applied migrations differ from this build's, is
//     refused.
//   - SQL is constant text with bound parameters; instants are stored by
//     the store as integer microseconds since 1970 in UTC, dates as
//     YYYY-MM-DD text.
//
// docs/stores.md says what each contract must do, how the SQLite set-up
// behaves on a power cut and on erasure (section 6), what PostgreSQL adds
// (section 7) and how the schema shards by programme (section 9).
package sqlstore
