package report

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

// MonthlyInput is what a monthly security meeting brief is built from.
// Every list may hold records of other months: Monthly takes what it
// needs.
type MonthlyInput struct {
	// Program gives the zone, the names, the declared kinds and the
	// residents; required.
	Program *watch.ProgramFile
	// Goals are scored; the zero GoalSet means SixNos.
	Goals GoalSet
	// Year and Month name the month, in the programme's zone.
	Year  int
	Month time.Month
	// Assignments and Gaps are the rota in force over the month.
	Assignments []watch.Assignment
	Gaps        []watch.Gap
	// Patrols are the patrol logs filed.
	Patrols []watch.PatrolLog
	// Incidents must hold those of the month and of the month before,
	// and any earlier one still open at the month's end (it is carried
	// over).
	Incidents []watch.Incident
	// AsOf, when not zero, builds the brief as it stood then (see
	// Options.AsOf).
	AsOf time.Time
	// SeriesMonths is how many months, ending with this one, the series
	// of six-nos results covers: 0 means DefaultSeriesMonths; otherwise 2
	// to MaxSeriesMonths. Incidents should reach back as far.
	SeriesMonths int
}

// The length of the brief's series of months.
const (
	DefaultSeriesMonths = 6
	MaxSeriesMonths     = 24
)

// MonthlyBrief is the brief of the monthly security meeting (治安工作例会):
// the document of docs/formats.md section 9.2.
type MonthlyBrief struct {
	Report          string           `json:"report"`
	Program         ProgramInfo      `json:"program"`
	Month           string           `json:"month"`
	Period          watch.DateRange  `json:"period"`
	SixNos          Scoring          `json:"six_nos"`
	Goals           []GoalLine       `json:"goals"`
	Current         MonthFigures     `json:"current"`
	Previous        MonthFigures     `json:"previous"`
	Series          []MonthFigures   `json:"series"`
	ByWeek          []WeekCount      `json:"by_week"`
	ByKind          []KindCount      `json:"by_kind"`
	ByBeat          []BeatCount      `json:"by_beat"`
	ByHour          []int            `json:"by_hour"`
	Acknowledgement TimeStats        `json:"acknowledgement"`
	Resolution      TimeStats        `json:"resolution"`
	Coverage        Coverage         `json:"coverage"`
	Volunteers      []VolunteerHours `json:"volunteers"`
	CarriedOver     []IncidentLine   `json:"carried_over"`
	AsOf            time.Time        `json:"as_of,omitzero"`
}

// GoalLine is a goal of the brief with its names in both languages.
type GoalLine struct {
	ID        string   `json:"id"`
	Name      string   `json:"name,omitempty"`
	NameEn    string   `json:"name_en,omitempty"`
	Achieved  bool     `json:"achieved"`
	Incidents []string `json:"incidents,omitempty"`
}

// MonthFigures are the headline figures of one month, for the trend.
type MonthFigures struct {
	Month          string  `json:"month"`
	Incidents      int     `json:"incidents"`
	PoliceCases    int     `json:"police_cases"`
	Score          float64 `json:"score"`
	Achieved       int     `json:"achieved"`
	Total          int     `json:"total"`
	ZeroReportDays int     `json:"zero_report_days"`
}

// WeekCount counts the month's incidents in one ISO week (Monday to
// Sunday), cut to the month: the first and last weeks may be short.
type WeekCount struct {
	From  watch.Date `json:"from"`
	To    watch.Date `json:"to"`
	Count int        `json:"count"`
}

// weeksOf cuts a month into its ISO weeks.
func weeksOf(period watch.DateRange) []WeekCount {
	var out []WeekCount
	for d := period.From; !d.After(period.To); {
		end := d.AddDays((7 - int(d.Weekday()-time.Monday+7)%7) - 1)
		if end.After(period.To) {
			end = period.To
		}
		out = append(out, WeekCount{From: d, To: end})
		d = end.AddDays(1)
	}
	return out
}

// weekIndex is the week of weeksOf(period) that holds t.
func weekIndex(period watch.DateRange, t time.Time) int {
	first := int(period.From.Weekday()-time.Monday+7) % 7
	return (first + period.From.DaysUntil(watch.DateOf(t))) / 7
}

// monthBack is the month k months before year-month.
func monthBack(year int, month time.Month, k int) (int, time.Month) {
	n := year*12 + int(month-1) - k
	return n / 12, time.Month(n%12 + 1)
}

// BeatCount counts the month's incidents on one beat; a nil Beat counts
// those that name none.
type BeatCount struct {
	Beat  *Place `json:"beat,omitempty"`
	Count int    `json:"count"`
}

// TimeStats are times from report to acknowledgement or resolution, in
// seconds: the median (the mean of the two middle values for an even
// count, rounded down to the second) and the worst, with the incident it
// was. Pending counts the incidents still waiting.
type TimeStats struct {
	Count         int    `json:"count"`
	Pending       int    `json:"pending"`
	MedianSeconds int64  `json:"median_seconds"`
	WorstSeconds  int64  `json:"worst_seconds"`
	WorstIncident string `json:"worst_incident,omitempty"`
}

// Coverage is how well the rota covered the month and how much of it was
// logged. Ratio is filled / need (1 when nothing was needed).
type Coverage struct {
	Instances int     `json:"instances"`
	Need      int     `json:"need"`
	Filled    int     `json:"filled"`
	Ratio     float64 `json:"ratio"`
	Logged    int     `json:"patrols_logged"`
	Done      int     `json:"patrols_done"`
}

// VolunteerHours is a volunteer's month: hours the rota planned and hours
// the patrol logs show.
type VolunteerHours struct {
	Volunteer    Person  `json:"volunteer"`
	PlannedHours float64 `json:"planned_hours"`
	LoggedHours  float64 `json:"logged_hours"`
	Patrols      int     `json:"patrols"`
}

// Monthly builds the monthly brief. It is pure and linear in the input
// but for sorting the times.
func Monthly(in MonthlyInput) (MonthlyBrief, error) {
	d, err := newDirectory(in.Program)
	if err != nil {
		return MonthlyBrief{}, err
	}
	if err := checkMonth(in.Year, in.Month); err != nil {
		return MonthlyBrief{}, err
	}
	goals := in.Goals
	if len(goals.Goals) == 0 {
		goals = SixNos()
	}
	months := in.SeriesMonths
	switch {
	case months == 0:
		months = DefaultSeriesMonths
	case months < 2 || months > MaxSeriesMonths:
		return MonthlyBrief{}, fmt.Errorf("%w: series_months: %d is not between 2 and %d", watch.ErrInvalid, months, MaxSeriesMonths)
	}
	periods := make([]watch.DateRange, months)
	for i := range periods {
		y, m := monthBack(in.Year, in.Month, months-1-i)
		periods[i] = watch.MonthRange(y, m)
	}
	period := periods[months-1]
	opt := Options{AsOf: in.AsOf}
	if c := in.Program.Program.Community; c != nil {
		opt.Residents = c.Residents
	}
	b := MonthlyBrief{Report: "monthly", Program: d.info, Month: monthName(period.From), Period: period,
		ByHour: make([]int, 24), AsOf: inZone(in.AsOf, d.loc)}
	// Only the series' incidents can count: bucket them by month and score
	// each month on its own, not on a programme's whole history.
	from, end := watch.Clock{}.On(periods[0].From, d.loc), watch.Clock{}.On(period.To.AddDays(1), d.loc)
	// Each incident's month, once (-1: outside the series), so the buckets
	// are made at their size rather than grown.
	monthOf := make([]int8, len(in.Incidents))
	sizes := make([]int, months)
	for k := range in.Incidents {
		at := in.Incidents[k].OccurredAt
		monthOf[k] = -1
		if at.Before(from) || !at.Before(end) {
			continue
		}
		date := watch.DateOf(at.In(d.loc))
		i := (date.Year-periods[0].From.Year)*12 + int(date.Month-periods[0].From.Month)
		monthOf[k] = int8(i)
		sizes[i]++
	}
	buckets := make([][]watch.Incident, months)
	for i := range buckets {
		buckets[i] = make([]watch.Incident, 0, sizes[i])
	}
	for k, i := range monthOf {
		if i >= 0 {
			buckets[i] = append(buckets[i], in.Incidents[k])
		}
	}
	// Each month's counted incidents, worked out once: for its scoring,
	// its figures, and (this month and the one before) the tables below.
	if err := check(goals, period, d.loc, opt); err != nil {
		return MonthlyBrief{}, err
	}
	var counted, prevCounted []watch.Incident
	for i, p := range periods {
		c := countedIn(buckets[i], p, d.loc, in.AsOf)
		s := scoreCounted(goals, c, buckets[i], p, d.loc, opt)
		f := figures(s, p.From)
		f.Incidents = len(c)
		for _, inc := range c {
			f.PoliceCases += boolInt(inc.PoliceCase)
		}
		b.Series = append(b.Series, f)
		switch i {
		case months - 2:
			prevCounted = c
		case months - 1:
			counted, b.SixNos = c, s
		}
	}
	for i, g := range goals.Goals {
		r := b.SixNos.Goals[i]
		b.Goals = append(b.Goals, GoalLine{ID: g.ID, Name: g.Name, NameEn: g.NameEn, Achieved: r.Achieved, Incidents: r.Incidents})
	}
	b.Current, b.Previous = b.Series[months-1], b.Series[months-2]
	b.ByWeek = weeksOf(period)

	cut := end
	if !in.AsOf.IsZero() && in.AsOf.Before(cut) {
		cut = in.AsOf
	}
	kinds := map[watch.Kind]*KindCount{}
	beats := map[string]int{}
	var acks, ress []span
	for _, raw := range in.Incidents {
		if inc, ok := known(raw, cut); ok && inc.OccurredAt.Before(end) {
			if s := inc.StateAt(cut); s == watch.StateOpen || s == watch.StateAcknowledged {
				b.CarriedOver = append(b.CarriedOver, d.line(inc, cut, nil))
			}
		}
	}
	previous := map[watch.Kind]int{}
	for _, inc := range prevCounted {
		previous[inc.Kind]++
		kindCount(kinds, inc.Kind)
	}
	for _, inc := range counted {
		kindCount(kinds, inc.Kind).add(inc.StateAt(cut))
		b.ByWeek[weekIndex(period, inc.OccurredAt.In(d.loc))].Count++
		beats[inc.Beat]++
		b.ByHour[inc.OccurredAt.In(d.loc).Hour()]++
		ack, res := settled(inc, cut)
		if ack.IsZero() {
			ack = res
		}
		acks = append(acks, span{inc.ID, ack.Sub(inc.Reported()), !ack.IsZero()})
		ress = append(ress, span{inc.ID, res.Sub(inc.Reported()), !res.IsZero()})
	}
	b.ByKind = d.inKindOrder(kinds)
	for i := range b.ByKind {
		n := previous[b.ByKind[i].Kind]
		b.ByKind[i].Previous = &n
	}
	b.ByBeat = d.beatCounts(in.Program, beats)
	b.Acknowledgement, b.Resolution = timeStats(acks), timeStats(ress)
	b.Coverage, b.Volunteers = d.coverage(in, period)
	sortLines(b.CarriedOver)
	b.Goals, b.ByKind, b.ByBeat, b.Volunteers, b.CarriedOver = nonNil(b.Goals), nonNil(b.ByKind), nonNil(b.ByBeat), nonNil(b.Volunteers), nonNil(b.CarriedOver)
	return b, nil
}

// checkMonth refuses a year and month that name no month of a date.
func checkMonth(year int, month time.Month) error {
	if month < time.January || month > time.December || year < 1 || year > 9999 {
		return fmt.Errorf("%w: month: %04d-%02d is not a month", watch.ErrInvalid, year, int(month))
	}
	return nil
}

func figures(s Scoring, first watch.Date) MonthFigures {
	return MonthFigures{Month: monthName(first), Score: s.Score, Achieved: s.Achieved, Total: s.Total, ZeroReportDays: s.ZeroReportDays}
}

func monthName(d watch.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func kindCount(m map[watch.Kind]*KindCount, k watch.Kind) *KindCount {
	c := m[k]
	if c == nil {
		c = &KindCount{Kind: k}
		m[k] = c
	}
	return c
}

// span is the time from report to acknowledgement or resolution; done is
// false while the incident still waits.
type span struct {
	id   string
	d    time.Duration
	done bool
}

func timeStats(spans []span) TimeStats {
	var st TimeStats
	done := make([]span, 0, len(spans))
	for _, s := range spans {
		if s.done {
			done = append(done, s)
		} else {
			st.Pending++
		}
	}
	st.Count = len(done)
	if st.Count == 0 {
		return st
	}
	slices.SortFunc(done, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.d, b.d), strings.Compare(a.id, b.id))
	})
	mid := st.Count / 2
	med := done[mid].d
	if st.Count%2 == 0 {
		med = done[mid-1].d + (done[mid].d-done[mid-1].d)/2
	}
	st.MedianSeconds = int64(med / time.Second)
	worst := done[st.Count-1]
	st.WorstSeconds, st.WorstIncident = int64(worst.d/time.Second), worst.id
	return st
}

// beatCounts orders counts by the programme's beats, then other ids, then
// incidents that name no beat.
func (d *directory) beatCounts(pf *watch.ProgramFile, counts map[string]int) []BeatCount {
	var out []BeatCount
	seen := map[string]bool{}
	for _, bt := range pf.Beats {
		seen[bt.ID] = true
		if n := counts[bt.ID]; n > 0 {
			out = append(out, BeatCount{Beat: d.place(d.beats, bt.ID), Count: n})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(counts)) {
		if !seen[id] && id != "" {
			out = append(out, BeatCount{Beat: d.place(d.beats, id), Count: counts[id]})
		}
	}
	if n := counts[""]; n > 0 {
		out = append(out, BeatCount{Count: n})
	}
	return out
}

// coverage sums the rota and the logs over the period.
func (d *directory) coverage(in MonthlyInput, period watch.DateRange) (Coverage, []VolunteerHours) {
	type acc struct {
		planned, logged time.Duration
		patrols         int
	}
	var c Coverage
	hours := map[string]*acc{}
	of := func(id string) *acc {
		h := hours[id]
		if h == nil {
			h = &acc{}
			hours[id] = h
		}
		return h
	}
	planned := map[[2]string]bool{}
	for _, a := range in.Assignments {
		if !period.Contains(a.Date) {
			continue
		}
		c.Instances++
		c.Filled += len(a.Volunteers)
		planned[[2]string{a.Shift, a.Date.String()}] = true
		for _, v := range a.Volunteers {
			of(v).planned += a.End.Sub(a.Start)
		}
	}
	c.Need = c.Filled
	for _, g := range in.Gaps {
		if period.Contains(g.Date) && g.Need > g.Assigned {
			c.Need += g.Need - g.Assigned
			if g.Assigned == 0 {
				c.Instances++
			}
		}
	}
	c.Ratio = 1
	if c.Need > 0 {
		c.Ratio = roundTo(big.NewRat(int64(c.Filled), int64(c.Need)), 4)
	}
	done := map[[2]string]bool{}
	for _, l := range in.Patrols {
		if !period.Contains(l.Date) || (!in.AsOf.IsZero() && l.End.After(in.AsOf)) {
			continue
		}
		c.Logged++
		key := [2]string{l.Shift, l.Date.String()}
		if planned[key] && !done[key] {
			done[key] = true
			c.Done++
		}
		for _, v := range l.Volunteers {
			h := of(v)
			h.patrols++
			if !l.Start.IsZero() {
				h.logged += l.End.Sub(l.Start)
			}
		}
	}
	out := make([]VolunteerHours, 0, len(hours))
	for _, id := range slices.Sorted(maps.Keys(hours)) {
		h := hours[id]
		out = append(out, VolunteerHours{Volunteer: d.person(id), PlannedHours: hoursOf(h.planned),
			LoggedHours: hoursOf(h.logged), Patrols: h.patrols})
	}
	return c, out
}

// hoursOf is a duration in hours, to two decimals.
func hoursOf(d time.Duration) float64 {
	return roundTo(new(big.Rat).SetFrac64(int64(d/time.Second), 3600), 2)
}
