package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"github.com/armband/armband/watch"
)

// Chart is one inline SVG chart of the HTML brief.
type Chart struct {
	// ID names the chart: by_week, by_hour, series, coverage.
	ID    string
	Title string
	SVG   template.HTML
}

// htmlPage is what the HTML template is executed on.
type htmlPage struct {
	MonthlyBrief
	Lang     Lang
	HTMLLang string
	Audience Audience
	Charts   []Chart
}

// Charts draws the charts of a brief in a language: incidents by week
// and by hour of day, the six-nos score over the series of months, and
// rota coverage.
func (b MonthlyBrief) Charts(lang Lang) []Chart {
	var weeks, hours, series []bar
	most := 0
	for _, w := range b.ByWeek {
		label := fmt.Sprintf("%d-%d%s", w.From.Day, w.To.Day, pick(lang, "日", ""))
		weeks = append(weeks, bar{label: label, value: float64(w.Count), text: fmt.Sprint(w.Count)})
		most = max(most, w.Count)
	}
	weekTop := niceTop(most)
	most = 0
	for h, n := range b.ByHour {
		hours = append(hours, bar{label: fmt.Sprintf("%02d", h), value: float64(n), text: fmt.Sprint(n)})
		most = max(most, n)
	}
	for _, m := range b.Series {
		series = append(series, bar{label: shortMonth(lang, m.Month), value: m.Score, text: fmt.Sprintf("%.1f", m.Score)})
	}
	c := b.Coverage
	done := 1.0
	if c.Instances > 0 {
		done = float64(c.Done) / float64(c.Instances)
	}
	coverage := []bar{
		{label: Phrase(lang, "ratio"), value: 100 * c.Ratio, text: fmt.Sprintf("%.1f%%", 100*c.Ratio)},
		{label: Phrase(lang, "patrols_done"), value: 100 * done, text: fmt.Sprintf("%.1f%%", 100*done)},
	}
	title := func(key string) string { return Phrase(lang, key) }
	return []Chart{
		{ID: "by_week", Title: title("by_week"), SVG: barChart(title("by_week"), weeks, weekTop)},
		{ID: "by_hour", Title: title("by_hour"), SVG: barChart(title("by_hour"), hours, niceTop(most))},
		{ID: "series", Title: title("series"), SVG: barChart(title("series"), series, 100)},
		{ID: "coverage", Title: title("coverage"), SVG: barChart(title("coverage"), coverage, 100)},
	}
}

// shortMonth labels a month (YYYY-MM) in a chart: 7月 or Jul; a month it
// cannot read is written as it is.
func shortMonth(lang Lang, month string) string {
	d, err := watch.ParseDate(month + "-01")
	if err != nil {
		return month
	}
	if lang == LangEn {
		return monthsEn[d.Month-1][:3]
	}
	return fmt.Sprintf("%d月", int(d.Month))
}

// renderHTML writes the brief as one self-contained page: no script, no
// network, inline SVG charts, a print stylesheet for A4.
func renderHTML(buf *bytes.Buffer, b MonthlyBrief, lang Lang, aud Audience) error {
	page := htmlPage{MonthlyBrief: b, Lang: lang, HTMLLang: htmlLang(lang), Audience: aud, Charts: b.Charts(lang)}
	return executeHTML(buf, "monthly.html.tmpl", b.Program.Kinds, lang, page)
}

func htmlLang(lang Lang) string { return map[Lang]string{LangZh: "zh-CN", LangEn: "en"}[lang] }

func executeHTML(buf *bytes.Buffer, name string, kinds []watch.KindDef, lang Lang, data any) error {
	t, err := template.New("").Funcs(Funcs(lang, kinds)).ParseFS(builtin, "templates/"+name, "templates/style.html.tmpl")
	if err != nil {
		return err
	}
	return t.ExecuteTemplate(buf, name, data)
}

// SeriesHTML writes a series of months (Series) as one self-contained
// page like the brief's (docs/formats.md section 9.7): the six-nos score
// by month as a chart, and the months as a table. A series holds no
// personal data, so it has no audience; title names the community.
func SeriesHTML(w io.Writer, s SeriesResult, title string, lang Lang) error {
	if _, err := ParseLang(string(lang)); err != nil {
		return err
	}
	var bars []bar
	for _, m := range s.Months {
		bars = append(bars, bar{label: shortMonth(lang, m.Month), value: m.Score, text: fmt.Sprintf("%.1f", m.Score)})
	}
	page := struct {
		SeriesResult
		Title, HTMLLang string
		Charts          []Chart
	}{s, title, htmlLang(lang), []Chart{{ID: "series", Title: Phrase(lang, "series"), SVG: barChart(Phrase(lang, "series"), bars, 100)}}}
	var buf bytes.Buffer
	if err := executeHTML(&buf, "series.html.tmpl", nil, lang, page); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
