package watch

import (
	"errors"
	"fmt"

	"github.com/armband/armband/internal/strict"
)

// Sentinel errors to branch on with errors.Is.
var (
	// ErrNotFound is returned when a record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a write clashes with the stored state:
	// a duplicate id, or an expected version that is not the current one.
	ErrConflict = errors.New("conflict")
	// ErrInvalid is returned for input that breaks the formats of
	// docs/formats.md. Every *FieldError is ErrInvalid.
	ErrInvalid = strict.ErrInvalid
)

// FieldError is one problem with one field of an input document.
//
// Path is the field's path in the document (volunteers[3].birth_date),
// Value the offending value as it was written, quoted (and cut short, with
// its length) when it is text, and Reason what is wrong with it. Its
// message reads
//
//	volunteers[3].birth_date: "1954-13-01" is not a date
//
// made safe for a terminal; a command prefixes it with the file name. A
// FieldError is ErrInvalid.
type FieldError = strict.FieldError

// MoreProblems stands for the problems of a document past the limit on
// problems reported (MaxProblems): its message is "... and N more". It is
// ErrInvalid.
type MoreProblems = strict.MoreProblems

// VersionError reports an optimistic-concurrency clash: the caller expected
// one version of a record and the store holds another. It is ErrConflict.
type VersionError struct {
	Expected int
	Actual   int
}

// Error implements error.
func (e *VersionError) Error() string {
	return fmt.Sprintf("version conflict: expected version %d, found %d", e.Expected, e.Actual)
}

// Is reports whether target is ErrConflict.
func (e *VersionError) Is(target error) bool { return target == ErrConflict }

// FieldErrors returns the *FieldError values inside err, which may be a
// single *FieldError or a tree of errors joined with errors.Join or wrapped
// with %w. Other errors in the tree are left out.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// The path and quoting helpers of the strict reader, under short names.
func index(path string, i int) string { return strict.IndexPath(path, i) }
func joinPath(a, b string) string     { return strict.JoinPath(a, b) }
func quoteValue(v any) string         { return strict.QuoteValue(v) }
func overLimit(limit string, max int64) string {
	return strict.OverLimit(limit, max)
}
