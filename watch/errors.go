package watch

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors to branch on with errors.Is.
var (
	// ErrNotFound is returned when a record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a write clashes with the stored state:
	// a duplicate id, or an expected version that is not the current one.
	ErrConflict = errors.New("conflict")
	// ErrInvalid is returned for input that breaks the contract of
	// FORMATS.md. Every *FieldError is ErrInvalid.
	ErrInvalid = errors.New("invalid input")
)

// FieldError is one problem with one field of an input document.
//
// Path is the field's path in the document (volunteers[3].birth_date), Value
// the offending value as it was written, quoted when it is a string, and
// Reason what is wrong with it. Its message reads
//
//	volunteers[3].birth_date: "1954-13-01" is not a date
//
// and a command prefixes it with the file name. A FieldError is ErrInvalid.
type FieldError struct {
	Path   string
	Value  string
	Reason string
}

// Error implements error.
func (e *FieldError) Error() string {
	s := e.Reason
	if e.Value != "" {
		s = e.Value + " " + s
	}
	if e.Path != "" {
		s = e.Path + ": " + s
	}
	return s
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

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

// problems collects field errors while a document is validated.
type problems struct{ errs []error }

func (p *problems) add(path string, value any, reason string) {
	p.errs = append(p.errs, &FieldError{Path: path, Value: quoteValue(value), Reason: reason})
}

func (p *problems) addErr(path string, err error) {
	if fe, ok := err.(*FieldError); ok {
		c := *fe
		c.Path = joinPath(path, fe.Path)
		p.errs = append(p.errs, &c)
		return
	}
	p.errs = append(p.errs, &FieldError{Path: path, Reason: err.Error()})
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// quoteValue renders a value the way it is written in a document.
func quoteValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strconv.Quote(x)
	case fmt.Stringer:
		return strconv.Quote(x.String())
	default:
		return fmt.Sprint(x)
	}
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case b[0] == '[':
		return a + b
	default:
		return a + "." + b
	}
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
