package watch

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Error implements error. The message is safe for a terminal (see
// SafeText), whatever the document held.
func (e *FieldError) Error() string {
	s := e.Reason
	if e.Value != "" {
		s = e.Value + " " + s
	}
	if e.Path != "" {
		s = e.Path + ": " + s
	}
	return SafeText(s)
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

// Problems collects the field errors of one document while it is
// validated, so that every problem is reported rather than the first, up
// to a limit (MaxProblems by default): past it, problems are only counted,
// and Err ends with a *MoreProblems. The zero value is empty and ready to
// use.
type Problems struct {
	errs  []error
	more  int
	limit int                    // 0: MaxProblems
	skip  func(path string) bool // problems at these paths are noise
}

func (p *Problems) add(path string, e error) {
	if p.skip != nil && p.skip(path) {
		return
	}
	limit := p.limit
	if limit <= 0 {
		limit = MaxProblems
	}
	if len(p.errs) >= limit {
		p.more++
		return
	}
	p.errs = append(p.errs, e)
}

// Add records a problem with the field at path. The value is written as in
// a document (a string quoted, a fmt.Stringer by its String, nil for none).
func (p *Problems) Add(path string, value any, reason string) {
	p.add(path, &FieldError{Path: path, Value: quoteValue(value), Reason: reason})
}

// AddErr records err as a problem at path. A *FieldError keeps its value
// and reason, with its own path joined under path.
func (p *Problems) AddErr(path string, err error) {
	if fe, ok := err.(*FieldError); ok {
		c := *fe
		c.Path = joinPath(path, fe.Path)
		p.add(c.Path, &c)
		return
	}
	p.add(path, &FieldError{Path: path, Reason: err.Error()})
}

// Len returns the number of problems recorded, those only counted
// included.
func (p *Problems) Len() int { return len(p.errs) + p.more }

// Err returns every problem joined with errors.Join, then a *MoreProblems
// when some were only counted; nil when there is none.
func (p *Problems) Err() error {
	if p.more > 0 {
		return errors.Join(append(p.errs[:len(p.errs):len(p.errs)], &MoreProblems{N: p.more})...)
	}
	return errors.Join(p.errs...)
}

// quoteValue renders a value the way it is written in a document, quoted
// and cut short by Quote when it is text.
func quoteValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Quote(x)
	case fmt.Stringer:
		return Quote(x.String())
	default:
		return fmt.Sprint(x)
	}
}

// maxEcho bounds the bytes of one value echoed in a message, and
// maxMessage those of a whole message.
const (
	maxEcho    = 80
	maxMessage = 1000
)

// Quote writes s as a double-quoted string for a message: control
// characters, invalid UTF-8 and quotes escaped as in Go, and a value
// longer than 80 bytes cut at a character boundary and followed by its
// length, as in "aaaa..." (60000000 bytes).
func Quote(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, maxEcho)+"...") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// SafeText returns a message safe to print on a terminal: control
// characters (an escape sequence, a carriage return) and invalid UTF-8
// are written escaped, as \x1b, and a message longer than 1,000 bytes is
// cut, with its length. Every message armband prints passes through it.
func SafeText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean && len(s) <= maxMessage {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if b.Len() >= maxMessage {
			return b.String() + "... (" + strconv.Itoa(len(s)) + " bytes)"
		}
		switch {
		case r == utf8.RuneError:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case !unicode.IsPrint(r) && r != ' ':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cut returns at most n bytes of s, ending at a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// JoinPath joins two field paths: "policy" and "night.to" give
// policy.night.to; "rules" and "[2]" give rules[2].
func JoinPath(a, b string) string { return joinPath(a, b) }

// IndexPath returns the path of element i of the list at path: rules[2].
func IndexPath(path string, i int) string { return index(path, i) }

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
