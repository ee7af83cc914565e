package watch

import (
	"github.com/armband/armband/internal/strict"

	"slices"
	"strconv"
	"time"
)

// RotaRules holds the hard rules a rota never breaks, the "policy" of a
// programme file (docs/formats.md section 1.4; not to be confused with an
// escalation policy, incident.Policy). Every field is optional: a numeric
// limit that is 0 does not limit, except MinTeam, whose zero value means
// the default of 2 (nobody patrols alone unless the programme sets 1).
type RotaRules struct {
	// MinAge is the youngest age, in completed years, that may patrol.
	MinAge int `json:"min_age,omitempty"`
	// MinTeam is the smallest team an instance with anyone on it may have.
	// 0, in a file or in a Go literal, means DefaultMinTeam (2): leaving it
	// out never lets anyone patrol alone. Set 1 to allow that.
	MinTeam int `json:"min_team,omitempty"`
	// MaxShiftsPerDay caps the instances one volunteer works on one date.
	MaxShiftsPerDay int `json:"max_shifts_per_day,omitempty"`
	// MinRestHours is the least time between the end of one of a
	// volunteer's instances and the start of the next.
	MinRestHours float64 `json:"min_rest_hours,omitempty"`
	// MaxConsecutiveDays caps a run of consecutive dates worked.
	MaxConsecutiveDays int `json:"max_consecutive_days,omitempty"`
	// MaxHoursPerWeek caps a volunteer's hours in an ISO week.
	MaxHoursPerWeek float64 `json:"max_hours_per_week,omitempty"`
	// AgeBands tighten the limits with age; see Limits.
	AgeBands []AgeBand `json:"age_bands,omitempty"`
	// Night, when set, requires a younger member on night instances.
	Night *Night `json:"night,omitempty"`
	// PatrolGrace is how long after a patrol's expected end the overdue
	// alarm waits (docs/formats.md section 12); 0 means
	// DefaultPatrolGrace.
	PatrolGrace Duration `json:"patrol_grace,omitempty"`
	// CheckInEvery, when set, raises the overdue alarm for a patrol with
	// no check-in (or start) for longer than it.
	CheckInEvery Duration `json:"check_in_every,omitempty"`
}

// DefaultPatrolGrace is the grace of a programme that sets none.
const DefaultPatrolGrace = Duration(15 * time.Minute)

// Grace returns PatrolGrace, or DefaultPatrolGrace when it is 0.
func (p RotaRules) Grace() time.Duration {
	if p.PatrolGrace > 0 {
		return time.Duration(p.PatrolGrace)
	}
	return time.Duration(DefaultPatrolGrace)
}

// Clone returns a deep copy of the rules.
func (p RotaRules) Clone() RotaRules {
	p.AgeBands = slices.Clone(p.AgeBands)
	for i := range p.AgeBands {
		b := &p.AgeBands[i]
		b.EarliestStart, b.LatestEnd, b.Eligible = clonePtr(b.EarliestStart), clonePtr(b.LatestEnd), clonePtr(b.Eligible)
	}
	p.Night = clonePtr(p.Night)
	return p
}

// clonePtr copies the value behind a pointer.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// DefaultMinTeam is the team size used when a policy sets no min_team.
const DefaultMinTeam = 2

// Team returns the minimum team size in force: MinTeam, or DefaultMinTeam
// when it is 0.
func (p RotaRules) Team() int {
	if p.MinTeam == 0 {
		return DefaultMinTeam
	}
	return p.MinTeam
}

// AgeBand tightens the limits for volunteers of FromAge and above.
type AgeBand struct {
	FromAge         int     `json:"from_age" armband:"required"`
	MaxShiftHours   float64 `json:"max_shift_hours,omitempty"`
	MaxHoursPerWeek float64 `json:"max_hours_per_week,omitempty"`
	EarliestStart   *Clock  `json:"earliest_start,omitempty"`
	LatestEnd       *Clock  `json:"latest_end,omitempty"`
	// Eligible false excludes everyone the band is in force for.
	Eligible *bool `json:"eligible,omitempty"`
}

// Night is the night window and its rule: an instance that shares time of
// non-zero length with the window and has anyone on it includes a
// volunteer younger than RequireMemberUnder (when that is not 0).
type Night struct {
	From               Clock `json:"from" armband:"required"`
	To                 Clock `json:"to" armband:"required"`
	RequireMemberUnder int   `json:"require_member_under,omitempty"`
}

// Window returns the night as a Window (every day).
func (n Night) Window() Window { return Window{From: n.From, To: n.To} }

// Limits are the age-band limits in force at one age. Zero values do not
// limit; EarliestStart and LatestEnd are nil when no band sets them.
type Limits struct {
	Eligible        bool
	MaxShiftHours   float64
	MaxHoursPerWeek float64
	EarliestStart   *Clock
	LatestEnd       *Clock
}

// Limits returns the limits in force at age: the bands whose from_age is
// not above it are in force, and each limit is the strictest value any of
// them sets (the smallest hours, the latest earliest_start, the earliest
// latest_end). An older band never loosens a younger one.
func (p RotaRules) Limits(age int) Limits {
	l := Limits{Eligible: true}
	for _, b := range p.AgeBands {
		if b.FromAge > age {
			continue
		}
		if b.Eligible != nil && !*b.Eligible {
			l.Eligible = false
		}
		l.MaxShiftHours = tighter(l.MaxShiftHours, b.MaxShiftHours)
		l.MaxHoursPerWeek = tighter(l.MaxHoursPerWeek, b.MaxHoursPerWeek)
		if b.EarliestStart != nil && (l.EarliestStart == nil || b.EarliestStart.Compare(*l.EarliestStart) > 0) {
			c := *b.EarliestStart
			l.EarliestStart = &c
		}
		if b.LatestEnd != nil && (l.LatestEnd == nil || b.LatestEnd.Compare(*l.LatestEnd) < 0) {
			c := *b.LatestEnd
			l.LatestEnd = &c
		}
	}
	return l
}

// tighter returns the stricter of two caps, where 0 means no cap.
func tighter(a, b float64) float64 {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

// Validate checks the policy on its own; errors name fields under
// "policy".
func (p RotaRules) Validate() error {
	var pr strict.Problems
	p.validate(&pr, "policy")
	return pr.Err()
}

func (p RotaRules) validate(pr *strict.Problems, path string) {
	within(pr, path+".min_age", p.MinAge, MaxAge)
	within(pr, path+".min_team", p.MinTeam, MaxNeed)
	within(pr, path+".max_shifts_per_day", p.MaxShiftsPerDay, MaxCount)
	within(pr, path+".min_rest_hours", p.MinRestHours, MaxRestHours)
	within(pr, path+".max_consecutive_days", p.MaxConsecutiveDays, MaxCount)
	within(pr, path+".max_hours_per_week", p.MaxHoursPerWeek, MaxHours)
	seen := map[int]int{}
	for i, b := range p.AgeBands {
		bp := index(path+".age_bands", i)
		within(pr, bp+".from_age", b.FromAge, MaxAge)
		within(pr, bp+".max_shift_hours", b.MaxShiftHours, MaxHours)
		within(pr, bp+".max_hours_per_week", b.MaxHoursPerWeek, MaxHours)
		if j, dup := seen[b.FromAge]; dup {
			pr.Add(bp+".from_age", b.FromAge, "is the from_age of age_bands["+itoa(j)+"] too")
		} else {
			seen[b.FromAge] = i
		}
	}
	if p.Night != nil {
		p.Night.Window().validate(pr, path+".night")
		within(pr, path+".night.require_member_under", p.Night.RequireMemberUnder, MaxAge)
	}
	for _, d := range []struct {
		key string
		v   Duration
	}{{"patrol_grace", p.PatrolGrace}, {"check_in_every", p.CheckInEvery}} {
		if d.v < 0 || time.Duration(d.v) > maxPatrolTimer {
			pr.Add(path+"."+d.key, d.v.String(), "is not between 0s and 24h")
		}
	}
}

// maxPatrolTimer bounds the grace and the check-in interval.
const maxPatrolTimer = 24 * time.Hour

func itoa(n int) string { return strconv.Itoa(n) }
