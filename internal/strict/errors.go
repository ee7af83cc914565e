// Package strict is armband's strict reader and the error values it
// makes: the JSON decoder behind every loader (every problem reported with
// the path of its field, within hard limits), the collector of problems,
// and the quoting that keeps messages safe for a terminal. Package watch
// re-exports the error types users branch on (watch.FieldError,
// watch.MoreProblems, watch.ErrInvalid); the rest is internal to armband.
package strict

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid is returned for input that breaks the formats of
// docs/formats.md. Every *FieldError is ErrInvalid.
var ErrInvalid = errors.New("invalid input")

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

// MoreProblems stands for the problems of a document past the limit on
// problems reported: its message is "... and N more". It is ErrInvalid.
type MoreProblems struct{ N int }

// Error implements error.
func (e *MoreProblems) Error() string { return fmt.Sprintf("... and %d more", e.N) }

// Is reports whether target is ErrInvalid.
func (e *MoreProblems) Is(target error) bool { return target == ErrInvalid }

// OverLimit is the reason of an input error for a value over a limit,
// naming the limit as docs/formats.md section 0.7 does.
func OverLimit(limit string, max int64) string {
	return fmt.Sprintf("is over the %s limit of %d (docs/formats.md section 0.7)", limit, max)
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

// NewProblems returns an empty collector that keeps up to limit problems
// (MaxProblems when limit is 0 or less) and counts the rest.
func NewProblems(limit int) *Problems { return &Problems{limit: limit} }

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
	p.add(path, &FieldError{Path: path, Value: QuoteValue(value), Reason: reason})
}

// AddErr records err as a problem at path. A *FieldError keeps its value
// and reason, with its own path joined under path.
func (p *Problems) AddErr(path string, err error) {
	if fe, ok := err.(*FieldError); ok {
		c := *fe
		c.Path = JoinPath(path, fe.Path)
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

// QuoteValue renders a value the way it is written in a document, quoted
// and cut short by Quote when it is text.
func QuoteValue(v any) string {
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
func JoinPath(a, b string) string {
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

// IndexPath returns the path of element i of the list at path: rules[2].
func IndexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// CheckText refuses a string a store cannot keep byte for byte: one with
// a NUL byte or that is not valid UTF-8. The error is a *FieldError at
// path.
func CheckText(path, s string) error {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return &FieldError{Path: path, Reason: "contains a NUL byte, which no store keeps"}
	case !utf8.ValidString(s):
		return &FieldError{Path: path, Reason: "is not valid UTF-8"}
	}
	return nil
}
