package sqlstore

import (
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
	// JSONList is an SQL expression that yields the elements of one bound
	// parameter, a JSON array of strings, as rows of one text column; it
	// is used as "x IN (JSONList)".
	JSONList() string
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
