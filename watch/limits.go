package watch

import (
	"github.com/armband/armband/internal/strict"

	"io"
)

// The hard limits on input (docs/formats.md section 0.7). Each bounds the
// memory or time a hostile or mistaken file can cost; going over one is an
// input error that names the limit. The defaults suit a town of 10,000
// volunteers with room to spare; an embedder raises one through
// InputLimits.
const (
	// MaxBytes bounds the bytes of one document, counted while reading.
	MaxBytes = strict.MaxBytes
	// MaxDepth bounds how deeply the arrays and objects of a document nest.
	MaxDepth = strict.MaxDepth
	// MaxValues bounds the values (objects, arrays, strings, numbers,
	// booleans, nulls) of one document.
	MaxValues = strict.MaxValues
	// MaxProblems bounds the problems reported for one document; the rest
	// are counted in a final "... and N more".
	MaxProblems = strict.MaxProblems
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

// Loader reads armband's documents within its limits. The zero Loader
// applies the default limits; the package's Load functions use it.
type Loader struct {
	Limits InputLimits
}

// decode reads and decodes one document within the loader's limits; the
// validation gets the limits in force.
func (l Loader) decode(r io.Reader, v any, validate func(*strict.Problems, InputLimits)) error {
	lim := l.Limits.withDefaults()
	return strict.Decode(r, v, func(p *strict.Problems) { validate(p, lim) },
		strict.Limits{Bytes: lim.Bytes, Depth: lim.Depth, Values: lim.Values, Problems: lim.Problems})
}
