package watch

import (
	"bytes"
	"fmt"
	"io"
)

// The hard limits on input (docs/formats.md section 0.7). Each bounds the
// memory or time a hostile or mistaken file can cost; going over one is an
// input error that names the limit. The defaults suit a town of 10,000
// volunteers with room to spare; an embedder raises one through
// InputLimits.
const (
	// MaxBytes bounds the bytes of one document, counted while reading.
	MaxBytes = 64 << 20
	// MaxDepth bounds how deeply the arrays and objects of a document nest.
	MaxDepth = 64
	// MaxValues bounds the values (objects, arrays, strings, numbers,
	// booleans, nulls) of one document.
	MaxValues = 4_000_000
	// MaxProblems bounds the problems reported for one document; the rest
	// are counted in a final "... and N more".
	MaxProblems = 100
	// MaxHorizonDays bounds a programme's horizon, both ends counted.
	MaxHorizonDays = 400
	// MaxVolunteers bounds the volunteers of one programme.
	MaxVolunteers = 100_000
	// MaxInstances bounds the shift instances of a programme's horizon.
	MaxInstances = 500_000
	// MaxNeed bounds a shift's need: no patrol is larger.
	MaxNeed = 1_000
	// MaxHours bounds every hour figure of a policy or volunteer (a week
	// has 168 hours).
	MaxHours = 168
	// MaxRestHours bounds min_rest_hours (a year).
	MaxRestHours = 8_760
	// MaxAge bounds every age of a policy.
	MaxAge = 150
	// MaxCount bounds the other whole-number limits of a policy
	// (max_shifts_per_day, max_consecutive_days) and the figures of a
	// community.
	MaxCount = 1_000_000_000
)

// The range of dates and instants armband reads and writes: years 0001 to
// 9999, so every date and instant is written with a four-digit year.
var (
	FirstDate = Date{Year: 1, Month: 1, Day: 1}
	LastDate  = Date{Year: 9999, Month: 12, Day: 31}
)

// InputLimits are the limits a Loader applies. A zero field takes the
// default constant of the same name (Bytes is MaxBytes, and so on); a
// negative field is refused by the loader, never taken as "no limit".
type InputLimits struct {
	Bytes       int64
	Depth       int
	Values      int
	Problems    int
	HorizonDays int
	Volunteers  int
	Instances   int
}

// withDefaults fills the zero fields with the default limits.
func (l InputLimits) withDefaults() InputLimits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if l.Bytes <= 0 {
		l.Bytes = MaxBytes
	}
	def(&l.Depth, MaxDepth)
	def(&l.Values, MaxValues)
	def(&l.Problems, MaxProblems)
	def(&l.HorizonDays, MaxHorizonDays)
	def(&l.Volunteers, MaxVolunteers)
	def(&l.Instances, MaxInstances)
	return l
}

// overLimit is the reason of an input error for a value over a limit,
// naming the limit as docs/formats.md section 0.7 does.
func overLimit(limit string, max int64) string {
	return fmt.Sprintf("is over the %s limit of %d (docs/formats.md section 0.7)", limit, max)
}

// MoreProblems stands for the problems of a document past the limit on
// problems reported: its message is "... and N more". It is ErrInvalid.
type MoreProblems struct{ N int }

// Error implements error.
func (e *MoreProblems) Error() string { return fmt.Sprintf("... and %d more", e.N) }

// Is reports whether target is ErrInvalid.
func (e *MoreProblems) Is(target error) bool { return target == ErrInvalid }

// ReadLimited reads all of r, refusing, as soon as it has read more than
// max bytes (MaxBytes when max is 0), with a *FieldError that names the
// limit: the cap applies while reading, so an endless stream costs no more
// than max bytes.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxBytes
	}
	// Chunks, joined at the end: an input over the limit costs the limit,
	// not the doubling of a growing buffer.
	const chunk = 1 << 20
	var chunks [][]byte
	var total int64
	for {
		b := make([]byte, chunk)
		n, err := io.ReadFull(r, b)
		total += int64(n)
		if total > max {
			return nil, &FieldError{Reason: overLimit("bytes", max)}
		}
		chunks = append(chunks, b[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	return bytes.Join(chunks, nil), nil
}

// Loader reads armband's documents within its limits. The zero Loader
// applies the default limits; the package's Load functions use it.
type Loader struct {
	Limits InputLimits
}
