package rota

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// ExportOptions are the choices of the exports (docs/formats.md section
// 10). The zero value exports everyone in Chinese, with a byte-order mark
// in CSV.
type ExportOptions struct {
	// Lang is "zh" (the default) or "en".
	Lang string
	// Volunteer, when set, exports only that volunteer's assignments.
	Volunteer string
	// NoBOM leaves the UTF-8 byte-order mark out of CSV (Excel and WPS
	// need it to show Chinese).
	NoBOM bool
	// Stamp is the DTSTAMP of every iCalendar event; required for ICS, so
	// the output is the same for the same arguments.
	Stamp time.Time
	// Previous is the rota this one replaces (before a repair): in ICS,
	// its assignments that are gone are written STATUS:CANCELLED, so
	// phones take them out of their calendars.
	Previous *watch.Rota
	// Sequence is the iCalendar SEQUENCE of every event: raise it with
	// each new version of a rota (a store's rota version serves). Zero
	// with Previous set means 1.
	Sequence int
}

// Validate checks the options.
func (o ExportOptions) Validate() error {
	if o.Lang != "" && o.Lang != "zh" && o.Lang != "en" {
		return fmt.Errorf("%w: lang: %q is not zh or en", watch.ErrInvalid, o.Lang)
	}
	if o.Sequence < 0 {
		return fmt.Errorf("%w: sequence: %d is negative", watch.ErrInvalid, o.Sequence)
	}
	return nil
}

func (o ExportOptions) say(zh, en string) string {
	if o.Lang == "en" {
		return en
	}
	return zh
}

// exporter holds what every export needs: the names and the zone.
type exporter struct {
	opt    ExportOptions
	loc    *time.Location
	pf     *watch.ProgramFile
	people map[string]string
	beats  map[string]string
	order  map[string]int
}

func newExporter(pf *watch.ProgramFile, r watch.Rota, opt ExportOptions) (*exporter, error) {
	if pf == nil {
		return nil, fmt.Errorf("%w: program: is required", watch.ErrInvalid)
	}
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if r.Program != pf.Program.ID {
		return nil, fmt.Errorf("%w: program: the rota is of %q, the programme file of %q", watch.ErrInvalid, r.Program, pf.Program.ID)
	}
	loc, err := watch.LoadLocation(pf.Program.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%w: program.timezone: %v", watch.ErrInvalid, err)
	}
	e := &exporter{opt: opt, loc: loc, pf: pf, people: map[string]string{}, beats: map[string]string{}, order: map[string]int{}}
	for _, v := range pf.Volunteers {
		e.people[v.ID] = v.Name
	}
	if opt.Volunteer != "" {
		if _, ok := e.people[opt.Volunteer]; !ok {
			return nil, fmt.Errorf("%w: volunteer: %q is not a volunteer of the programme", watch.ErrInvalid, opt.Volunteer)
		}
	}
	for i, b := range pf.Beats {
		e.beats[b.ID] = b.Name
		e.order[b.ID] = i
	}
	return e, nil
}

func (e *exporter) name(id string) string {
	if n := e.people[id]; n != "" {
		return n
	}
	return id
}

func (e *exporter) names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = e.name(id)
	}
	return strings.Join(out, e.opt.say("、", ", "))
}

func (e *exporter) beat(id string) string {
	if n := e.beats[id]; n != "" {
		return n
	}
	return id
}

// assignments returns the rota's assignments the options select.
func (e *exporter) assignments(r watch.Rota) []watch.Assignment {
	var out []watch.Assignment
	for _, a := range r.Assignments {
		if e.opt.Volunteer == "" || slices.Contains(a.Volunteers, e.opt.Volunteer) {
			out = append(out, a)
		}
	}
	return out
}

var weekdaysZh = [7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func (e *exporter) weekday(d watch.Date) string {
	return e.opt.say(weekdaysZh[d.Weekday()], d.Weekday().String())
}

func (e *exporter) date(d watch.Date) string {
	return e.opt.say(fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day), fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year))
}

// ExportText writes a rota as a printable table by day and beat: each
// date with its weekday, then its patrols in the programme's order of
// beats and by start, with the volunteers' names, and the places still
// open. Columns line up in a fixed-width font, Chinese characters
// counting two.
func ExportText(w io.Writer, pf *watch.ProgramFile, r watch.Rota, opt ExportOptions) error {
	e, err := newExporter(pf, r, opt)
	if err != nil {
		return err
	}
	type row struct {
		date         watch.Date
		beat         string
		start        time.Time
		shift, names string
	}
	var rows []row
	for _, a := range e.assignments(r) {
		rows = append(rows, row{a.Date, a.Beat, a.Start, a.Shift, fmt.Sprintf("%s-%s  %s",
			a.Start.In(e.loc).Format("15:04"), a.End.In(e.loc).Format("15:04"), e.names(a.Volunteers))})
	}
	if opt.Volunteer == "" {
		shifts := map[string]watch.Shift{}
		for _, s := range pf.Shifts {
			shifts[s.ID] = s
		}
		for _, g := range r.Gaps {
			s := shifts[g.Shift]
			start := s.Start.On(g.Date, e.loc)
			rows = append(rows, row{g.Date, s.Beat, start, g.Shift, fmt.Sprintf("%s-%s  %s",
				s.Start, s.End, e.opt.say(fmt.Sprintf("缺 %d 人", g.Need-g.Assigned), fmt.Sprintf("%d more needed", g.Need-g.Assigned)))})
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return cmp.Or(a.date.Compare(b.date), cmp.Compare(e.order[a.beat], e.order[b.beat]), a.start.Compare(b.start), strings.Compare(a.shift, b.shift))
	})
	width := 0
	for _, x := range rows {
		width = max(width, strict.Width(e.beat(x.beat)))
	}
	var buf bytes.Buffer
	title := pf.Program.Name
	if title == "" {
		title = pf.Program.ID
	}
	fmt.Fprintf(&buf, "%s %s  %s - %s\n", opt.say("排班表", "Rota"), title, e.date(r.Horizon.From), e.date(r.Horizon.To))
	if opt.Volunteer != "" {
		fmt.Fprintf(&buf, "%s: %s\n", opt.say("队员", "Volunteer"), e.name(opt.Volunteer))
	}
	var last watch.Date
	for _, x := range rows {
		if x.date != last {
			fmt.Fprintf(&buf, "\n%s %s\n", e.date(x.date), e.weekday(x.date))
			last = x.date
		}
		b := e.beat(x.beat)
		fmt.Fprintf(&buf, "  %s%s  %s\n", b, strings.Repeat(" ", width-strict.Width(b)), x.names)
	}
	if len(rows) == 0 {
		fmt.Fprintf(&buf, "\n%s\n", opt.say("没有排班", "No patrols"))
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// ExportCSV writes one row per assignment (RFC 4180, CRLF line ends, UTF-8
// with a byte-order mark unless NoBOM): date, weekday, shift, beat, start
// and end (RFC 3339), the volunteers' ids and their names.
func ExportCSV(w io.Writer, pf *watch.ProgramFile, r watch.Rota, opt ExportOptions) error {
	e, err := newExporter(pf, r, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if !opt.NoBOM {
		buf.WriteString("\ufeff")
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	header := []string{"日期", "星期", "班次", "片区", "开始", "结束", "队员编号", "队员"}
	if opt.Lang == "en" {
		header = []string{"date", "weekday", "shift", "beat", "start", "end", "volunteer_ids", "volunteers"}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, a := range e.assignments(r) {
		row := []string{a.Date.String(), e.weekday(a.Date), a.Shift, e.beat(a.Beat), watch.FormatInstant(a.Start.In(e.loc)),
			watch.FormatInstant(a.End.In(e.loc)), strings.Join(a.Volunteers, " "), e.names(a.Volunteers)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// ExportICS writes an iCalendar (RFC 5545) with one event per volunteer
// and assignment: UID programme/shift/date/volunteer@armband, times in UTC
// (so a daylight-saving change cannot move them), DTSTAMP from Stamp,
// lines folded at 75 octets and text escaped. With Previous, an
// assignment of a volunteer that the new rota no longer has is written
// STATUS:CANCELLED with the raised SEQUENCE.
func ExportICS(w io.Writer, pf *watch.ProgramFile, r watch.Rota, opt ExportOptions) error {
	e, err := newExporter(pf, r, opt)
	if err != nil {
		return err
	}
	if opt.Stamp.IsZero() {
		return fmt.Errorf("%w: stamp: is required for iCalendar (DTSTAMP), so the output does not change from run to run", watch.ErrInvalid)
	}
	seq := opt.Sequence
	if opt.Previous != nil && seq == 0 {
		seq = 1
	}
	type event struct {
		a         watch.Assignment
		volunteer string
		cancelled bool
	}
	var events []event
	kept := map[string]bool{}
	for _, a := range e.assignments(r) {
		for _, v := range a.Volunteers {
			if opt.Volunteer == "" || v == opt.Volunteer {
				events = append(events, event{a: a, volunteer: v})
				kept[uid(r.Program, a.Shift, a.Date, v)] = true
			}
		}
	}
	if opt.Previous != nil {
		for _, a := range opt.Previous.Assignments {
			for _, v := range a.Volunteers {
				if (opt.Volunteer == "" || v == opt.Volunteer) && !kept[uid(r.Program, a.Shift, a.Date, v)] {
					events = append(events, event{a: a, volunteer: v, cancelled: true})
				}
			}
		}
	}
	slices.SortStableFunc(events, func(x, y event) int {
		return cmp.Or(x.a.Start.Compare(y.a.Start), strings.Compare(x.a.Shift, y.a.Shift), strings.Compare(x.volunteer, y.volunteer))
	})
	var ics icsWriter
	ics.line("BEGIN:VCALENDAR")
	ics.line("VERSION:2.0")
	ics.line("PRODID:-//armband//rota export//" + strings.ToUpper(cmp.Or(opt.Lang, "zh")))
	ics.line("CALSCALE:GREGORIAN")
	ics.line("METHOD:PUBLISH")
	ics.line("X-WR-CALNAME:" + escapeText(opt.say("巡逻排班", "Patrol rota")+" "+cmp.Or(pf.Program.Name, pf.Program.ID)))
	const utc = "20060102T150405Z"
	for _, ev := range events {
		a := ev.a
		var partners []string
		for _, v := range a.Volunteers {
			if v != ev.volunteer {
				partners = append(partners, v)
			}
		}
		ics.line("BEGIN:VEVENT")
		ics.line("UID:" + escapeText(uid(r.Program, a.Shift, a.Date, ev.volunteer)))
		ics.line("DTSTAMP:" + opt.Stamp.UTC().Format(utc))
		ics.line("DTSTART:" + a.Start.UTC().Format(utc))
		ics.line("DTEND:" + a.End.UTC().Format(utc))
		ics.line(fmt.Sprintf("SEQUENCE:%d", seq))
		ics.line("SUMMARY:" + escapeText(opt.say("巡逻", "Patrol")+" · "+e.beat(a.Beat)+" ("+a.Shift+")"))
		if a.Beat != "" {
			ics.line("LOCATION:" + escapeText(e.beat(a.Beat)))
		}
		ics.line("DESCRIPTION:" + escapeText(opt.say("队员: ", "Volunteer: ")+e.name(ev.volunteer)+"\n"+
			opt.say("同行: ", "With: ")+e.names(partners)))
		if ev.cancelled {
			ics.line("STATUS:CANCELLED")
		} else {
			ics.line("STATUS:CONFIRMED")
		}
		ics.line("END:VEVENT")
	}
	ics.line("END:VCALENDAR")
	_, err = w.Write(ics.buf.Bytes())
	return err
}

// uid names one volunteer's event of one instance, stable across exports.
func uid(program, shift string, d watch.Date, volunteer string) string {
	return program + "/" + shift + "/" + d.String() + "/" + volunteer + "@armband"
}

// icsWriter writes content lines folded at 75 octets, never inside a
// UTF-8 character, each ended by CRLF.
type icsWriter struct{ buf bytes.Buffer }

func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space of a continuation counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11).
var escapeText = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace
