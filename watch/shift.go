package watch

import (
	"time"

	"github.com/armband/armband/internal/strict"
)

// Shift is a template that repeats on some days of the horizon, written
// {"id": "market-am", "beat": "market", "days": ["mon"], "start": "08:00",
// "end": "11:00", "need": 2}. An End before Start ends on the next date.
// A shift instance is the template on one date: see Instance.
type Shift struct {
	ID    string `json:"id" armband:"required"`
	Beat  string `json:"beat,omitempty"`
	Days  Days   `json:"days,omitempty"`
	Start Clock  `json:"start" armband:"required"`
	End   Clock  `json:"end" armband:"required"`
	// Need is the headcount wanted, at least 1 and at least the policy's
	// min_team.
	Need int `json:"need" armband:"required"`
}

// Window returns the shift's days and clock times as a Window.
func (s Shift) Window() Window { return Window{Days: s.Days, From: s.Start, To: s.End} }

// RunsOn reports whether the template has an instance on date d (its day is
// listed, or no days are).
func (s Shift) RunsOn(d Date) bool { return s.Days.Has(d.Weekday()) }

// Instance returns the start and end instants of the instance on date d,
// by the rules of docs/formats.md section 0.2, and whether it takes place: an
// instance whose start is not before its end (a clock change swallowed it)
// does not, and neither does one on a day the shift does not run.
func (s Shift) Instance(d Date, loc *time.Location) (start, end time.Time, ok bool) {
	if !s.RunsOn(d) {
		return time.Time{}, time.Time{}, false
	}
	start, end = s.Window().On(d, loc)
	return start, end, start.Before(end)
}

func (s Shift) validate(p *strict.Problems, path string, minTeam int) {
	if s.Start == s.End {
		p.Add(path+".end", s.End.String(), "equals start: a shift must not be empty")
	}
	switch {
	case s.Need < 1 || s.Need > MaxNeed:
		p.Add(path+".need", s.Need, "must be from 1 to "+itoa(MaxNeed))
	case s.Need < minTeam:
		p.Add(path+".need", s.Need, "is below the policy's min_team of "+itoa(minTeam)+": nobody patrols alone")
	}
}
