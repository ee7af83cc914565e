package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
)

// Dialect is what sqlstore needs to know of a database: how it writes
// parameters, how its errors read, its schema, and how it serialises
// migrations. A dialect is stateless and safe for concurrent use.
type Dialect interface {
	// Name names the dialect in errors ("sqlite", "postgres").
	Name() string
	// Rebind turns a statement written with ? parameters into the
	// dialect's own; it is called once per constant statement.
	Rebind(query string) string
	// Classify tells what a driver error means, by the driver's error
	// code and never by its message.
	Classify(err error) Class
	// Migrations holds the schema as files named NNNN_name.sql, applied
	// in the order of NNNN.
	Migrations() fs.FS
	// LockMigrations runs first in the transaction that applies
	// migrations, so that two processes starting at once apply them one
	// after the other; a dialect whose write transactions are already
	// exclusive does nothing.
	LockMigrations(tx *sql.Tx) error
	// LockProgram runs first in every write transaction of a programme
	// and holds until it ends, so that a programme's writes, which read
	// and then write (the next rota version, the next link of a history,
	// whether a volunteer was erased), take turns; writes to different
	// programmes need not wait for each other. A dialect whose write
	// transactions are already exclusive does nothing.
	LockProgram(ctx context.Context, tx *sql.Tx, program string) error
	// InJSON is an SQL condition that holds when column's value is one of
	// the elements of one bound parameter, a JSON array of strings. It
	// must stay linear in the rows it filters even when the planner
	// misjudges how many there are (a table just filled, before its
	// statistics are gathered).
	InJSON(column string) string
	// ReadTx returns the options of read-only transactions that read a
	// consistent snapshot over several statements (nil: the default).
	ReadTx() *sql.TxOptions
}

// Class is what a driver error means to the store.
type Class int

// The classes of driver errors.
const (
	// Other: an error the store passes on as it is.
	Other Class = iota
	// Conflict: a unique or foreign-key violation; the store returns
	// watch.ErrConflict.
	Conflict
	// Refused: a trigger refused a change of history; the store returns
	// watch.ErrConflict.
	Refused
	// Busy: the database was locked by another writer past its timeout;
	// the store retries the transaction a few times before passing it on.
	Busy
)
