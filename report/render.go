package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/armband/armband/watch"
)

// Format is a rendering of a report: JSON (the machine form of
// docs/formats.md section 9), plain text, Markdown, CSV or HTML.
type Format string

// The formats of Render.
const (
	FormatJSON     Format = "json"
	FormatText     Format = "text"
	FormatMarkdown Format = "md"
	FormatCSV      Format = "csv"
	// FormatHTML is one self-contained page with charts, for the monthly
	// brief only (docs/formats.md section 9.7).
	FormatHTML Format = "html"
)

// ParseFormat reads json, text, md or csv.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatJSON, FormatText, FormatMarkdown, FormatCSV, FormatHTML:
		return Format(s), nil
	}
	return "", fmt.Errorf("%w: format: %q is not json, text, md, csv or html", watch.ErrInvalid, s)
}

//go:embed templates/*.tmpl
var builtin embed.FS

// Render writes a DailyReport or a MonthlyBrief (or a pointer to one) in
// a format and a language, as an audience may see it. The output is
// written whole or not at all, and is the same, byte for byte, for the
// same arguments. JSON does not depend on the language.
func Render(w io.Writer, doc any, f Format, lang Lang, aud Audience) error {
	doc, kinds, name, err := forAudience(doc, aud)
	if err != nil {
		return err
	}
	if _, err := ParseLang(string(lang)); err != nil {
		return err
	}
	var buf bytes.Buffer
	switch f {
	case FormatJSON:
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(doc)
	case FormatText, FormatMarkdown:
		var t *template.Template
		t, err = template.New("").Funcs(Funcs(lang, kinds)).ParseFS(builtin, "templates/"+name+"."+string(f)+".tmpl")
		if err == nil {
			err = t.ExecuteTemplate(&buf, name+"."+string(f)+".tmpl", doc)
		}
	case FormatHTML:
		b, ok := doc.(MonthlyBrief)
		if !ok {
			return fmt.Errorf("%w: format: html is for the monthly brief, not the daily report", watch.ErrInvalid)
		}
		err = renderHTML(&buf, b, lang, aud)
	case FormatCSV:
		for i, t := range tablesOf(doc, lang, kinds, aud) {
			if i > 0 {
				buf.WriteString("\n")
			}
			err = t.writeCSV(&buf, true)
		}
	default:
		_, err = ParseFormat(string(f))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// RenderTable writes one table of a report as CSV with a header row: for
// the daily report patrols, incidents, escalations; for the monthly brief
// goals, kinds, beats, hours, volunteers, carried_over
// (docs/formats.md section 9.6).
func RenderTable(w io.Writer, doc any, table string, lang Lang, aud Audience) error {
	doc, kinds, _, err := forAudience(doc, aud)
	if err != nil {
		return err
	}
	var names []string
	for _, t := range tablesOf(doc, lang, kinds, aud) {
		if t.name == table {
			var buf bytes.Buffer
			if err := t.writeCSV(&buf, false); err != nil {
				return err
			}
			_, err := w.Write(buf.Bytes())
			return err
		}
		names = append(names, t.name)
	}
	return fmt.Errorf("%w: table: %q is not one of %v", watch.ErrInvalid, table, names)
}

// Executor is what text/template and html/template templates both are.
type Executor interface {
	Execute(w io.Writer, data any) error
}

// ExecuteTemplate runs a custom report template over a DailyReport or a
// MonthlyBrief as an audience may see it. Make the template with the
// helpers of Funcs; the output is written whole or not at all.
func ExecuteTemplate(w io.Writer, t Executor, doc any, aud Audience) error {
	doc, _, _, err := forAudience(doc, aud)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, doc); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// forAudience redacts a report for an audience and returns it with its
// declared kinds and its template name.
func forAudience(doc any, aud Audience) (any, []watch.KindDef, string, error) {
	if _, err := ParseAudience(string(aud)); err != nil {
		return nil, nil, "", err
	}
	switch d := doc.(type) {
	case *DailyReport:
		if d != nil {
			return forAudience(*d, aud)
		}
	case *MonthlyBrief:
		if d != nil {
			return forAudience(*d, aud)
		}
	case DailyReport:
		return d.For(aud), d.Program.Kinds, "daily", nil
	case MonthlyBrief:
		return d.For(aud), d.Program.Kinds, "monthly", nil
	}
	return nil, nil, "", fmt.Errorf("%w: report: %T is not a DailyReport or a MonthlyBrief", watch.ErrInvalid, doc)
}

// table is one CSV table of a report.
type table struct {
	name   string
	header []string
	rows   [][]string
}

func (t table) writeCSV(w io.Writer, titled bool) error {
	cw := csv.NewWriter(w)
	if titled {
		if err := cw.Write([]string{"# " + t.name}); err != nil {
			return err
		}
	}
	if err := cw.Write(t.header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.rows); err != nil {
		return err
	}
	return cw.Error()
}

// tablesOf returns the tables of a report redacted for aud, without the
// columns aud never sees (docs/formats.md section 9.3).
func tablesOf(doc any, lang Lang, kinds []watch.KindDef, aud Audience) []table {
	kind := func(k watch.Kind) string { return KindName(lang, k, kinds) }
	instant := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return watch.FormatInstant(t)
	}
	h := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = Phrase(lang, k)
		}
		return out
	}
	yes := func(b bool) string { return yesNo(lang, b) }
	itoa := strconv.Itoa
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	incidents := func(name string, ls []IncidentLine) table {
		t := table{name: name, header: h("incident", "date", "occurred_at", "kind", "severity", "state", "beat",
			"contact_point", "reported_by", "police_case", "description", "history")}
		for _, l := range ls {
			row := []string{l.ID, l.Date.String(), instant(l.OccurredAt), kind(l.Kind), Label(lang, GroupSeverity, l.Severity.String()),
				Label(lang, GroupState, string(l.State)), placeOf(lang, l.Beat), "", personOf(l.ReportedBy), yes(l.PoliceCase), l.Description, ""}
			if l.ContactPoint != nil {
				row[7] = placeOf(lang, l.ContactPoint)
			}
			if l.History != nil {
				row[11] = l.History.Head
			}
			t.rows = append(t.rows, row)
		}
		if public(aud) {
			return t.drop(2, 7, 8, 10, 11)
		}
		return t
	}
	switch d := doc.(type) {
	case DailyReport:
		p := table{name: "patrols", header: h("shift", "beat", "start", "end", "volunteers", "planned", "logged", "all_normal", "notes")}
		for _, l := range d.Patrols {
			normal := ""
			if l.AllNormal != nil {
				normal = yes(*l.AllNormal)
			}
			p.rows = append(p.rows, []string{l.Shift, placeOf(lang, l.Beat), instant(l.Start), instant(l.End),
				peopleOf(lang, l.Volunteers), yes(l.Planned), yes(l.Logged), normal, l.Notes})
		}
		e := table{name: "escalations", header: h("incident", "rule", "step", "target", "due_at", "outcome", "done_at")}
		for _, l := range d.Escalations {
			e.rows = append(e.rows, []string{l.Incident, l.Rule, itoa(l.Step), Label(lang, GroupTarget, l.Target),
				instant(l.DueAt), Label(lang, GroupOutcome, string(l.Outcome)), instant(l.DoneAt)})
		}
		if aud != AudienceOffice {
			p = p.drop(8)
		}
		return []table{p, incidents("incidents", d.Incidents), e}
	case MonthlyBrief:
		g := table{name: "goals", header: h("goal", "achieved", "incidents")}
		for _, l := range d.Goals {
			g.rows = append(g.rows, []string{named(lang, l.Name, l.NameEn, l.ID), yes(l.Achieved), strings.Join(l.Incidents, " ")})
		}
		k := table{name: "kinds", header: h("kind", "count", "previous", "open", "acknowledged", "resolved")}
		for _, l := range d.ByKind {
			k.rows = append(k.rows, []string{kind(l.Kind), itoa(l.Count), itoa(derefInt(l.Previous)), itoa(l.Open), itoa(l.Acknowledged), itoa(l.Resolved)})
		}
		b := table{name: "beats", header: h("beat", "count")}
		for _, l := range d.ByBeat {
			b.rows = append(b.rows, []string{placeOf(lang, l.Beat), itoa(l.Count)})
		}
		hr := table{name: "hours", header: h("hour", "count")}
		for i, n := range d.ByHour {
			hr.rows = append(hr.rows, []string{fmt.Sprintf("%02d:00", i), itoa(n)})
		}
		v := table{name: "volunteers", header: h("volunteer", "planned_hours", "logged_hours", "patrols")}
		for _, l := range d.Volunteers {
			v.rows = append(v.rows, []string{l.Volunteer.Name, num(l.PlannedHours), num(l.LoggedHours), itoa(l.Patrols)})
		}
		return []table{g, k, b, hr, v, incidents("carried_over", d.CarriedOver)}
	}
	return nil
}

// drop leaves out columns.
func (t table) drop(cols ...int) table {
	keep := func(row []string) []string {
		var out []string
		for i, v := range row {
			if !slices.Contains(cols, i) {
				out = append(out, v)
			}
		}
		return out
	}
	out := table{name: t.name, header: keep(t.header)}
	for _, r := range t.rows {
		out.rows = append(out.rows, keep(r))
	}
	return out
}
