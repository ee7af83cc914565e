package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// bar is one bar of a chart: its value, the label under it and the text
// above it.
type bar struct {
	label string
	value float64
	text  string
}

// The geometry of every chart, in viewBox units.
const (
	chartW, chartH            = 600.0, 280.0
	padL, padR, padT, padB    = 52.0, 12.0, 28.0, 44.0
	markColour, gridColour    = "#b22222", "#d0d0d0"
	labelColour, valueColour  = "#333333", "#111111"
	chartFont                 = `"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif`
	maxLabelRunes, everyLabel = 8, 8
)

// barChart draws bars from 0 to top as an inline SVG: a grid with three
// lines, a mark (class "mark") per bar, the value above each non-zero bar
// and every label under the bars (every n-th when there are more than
// everyLabel). Every coordinate is finite and inside the viewBox; labels
// are escaped. A bar of 0 is drawn with no height, so an empty month
// still has its marks.
func barChart(title string, bars []bar, top float64) template.HTML {
	if !(top > 0) || math.IsInf(top, 0) {
		top = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-label="%s" font-family='%s'>`,
		chartW, chartH, html.EscapeString(title), chartFont)
	plotW, plotH := chartW-padL-padR, chartH-padT-padB
	for i := 0; i <= 2; i++ {
		v := top * float64(i) / 2
		y := padT + plotH - plotH*float64(i)/2
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`, padL, y, chartW-padR, y, gridColour)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="18" text-anchor="end" fill="%s">%s</text>`, padL-8, y+6, labelColour, number(v))
	}
	n := max(len(bars), 1)
	slot := plotW / float64(n)
	step := 1
	if len(bars) > everyLabel {
		step = (len(bars) + everyLabel - 1) / everyLabel
	}
	for i, br := range bars {
		v := clamp(br.value, 0, top)
		h := plotH * v / top
		x := padL + slot*float64(i) + slot*0.15
		y := padT + plotH - h
		fmt.Fprintf(&b, `<rect class="mark" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
			x, y, slot*0.7, h, markColour, html.EscapeString(br.label), html.EscapeString(br.text))
		if br.value > 0 && br.text != "" {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="18" text-anchor="middle" fill="%s">%s</text>`,
				x+slot*0.35, math.Max(y-6, 18), valueColour, html.EscapeString(br.text))
		}
		if i%step == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="18" text-anchor="middle" fill="%s">%s</text>`,
				x+slot*0.35, chartH-padB+26, labelColour, html.EscapeString(truncate(br.label, maxLabelRunes)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) || v < lo {
		return lo
	}
	return math.Min(v, hi)
}

// number writes a grid value without trailing zeros.
func number(v float64) string {
	return fmt.Sprintf("%g", math.Round(v*10)/10)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// niceTop rounds a maximum count up to a grid that reads well: 1, 2, 5 or
// 10 times a power of ten, and at least 2 so the middle line is a whole
// number.
func niceTop(m int) float64 {
	if m < 2 {
		return 2
	}
	p := math.Pow(10, math.Floor(math.Log10(float64(m))))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= float64(m) {
			return f * p
		}
	}
	return 10 * p
}
