package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// langOf is the language of a command line: the value of its --lang (or
// -lang) flag when it has one, else zh when LC_ALL, or LANG when LC_ALL is
// unset, names a zh_* locale, else en. Arguments after "--" are files.
func langOf(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	locale := os.Getenv("LC_ALL")
	if locale == "" {
		locale = os.Getenv("LANG")
	}
	if strings.HasPrefix(locale, "zh") {
		return "zh"
	}
	return "en"
}

// tr is an English text of the command (a summary, a flag's usage, a
// word of a synopsis) in the language of e: zhText holds the Chinese.
func (e *env) tr(en string) string {
	if e.lang == "zh" {
		if zh, ok := zhText[en]; ok {
			return zh
		}
	}
	return en
}

// The flag package's own errors, to be said in the language of the
// command line and with GNU-style --flag names.
var (
	flagUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNoValue   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadValue  = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-+([^:]*): (.*)$`)
	flagSyntax    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError says a flag parsing error of the flag package; fs tells what
// kind of value a flag takes, for the flag package's bare "parse error".
func flagError(e *env, fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := flagUndefined.FindStringSubmatch(msg); m != nil {
		return e.say("没有这个选项：--"+m[1], "unknown flag --"+m[1])
	}
	if m := flagNoValue.FindStringSubmatch(msg); m != nil {
		return e.say("--"+m[1]+" 需要一个值", "--"+m[1]+" needs a value")
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		reason := strings.TrimPrefix(m[3], m[1]+" ") // the value is said once
		if f := fs.Lookup(m[2]); f != nil && (reason == "parse error" || reason == "value out of range") {
			switch kind, _ := flag.UnquoteUsage(f); kind {
			case "int", "uint":
				reason = "is not a whole number"
			case "duration":
				reason = "is not a duration (want Go syntax: 90s, 10m, 1h30m)"
			case "float":
				reason = "is not a number"
			}
		}
		return fmt.Sprintf("--%s: %s %s", m[2], m[1], e.reason(reason))
	}
	if m := flagSyntax.FindStringSubmatch(msg); m != nil {
		return e.say("选项写法有误："+m[1], "bad flag syntax: "+m[1])
	}
	return e.reason(msg)
}

// reason is a library's reason (what is wrong with a value, in English)
// in the language of e, by the patterns of reasonsZh.
func (e *env) reason(en string) string {
	if e.lang != "zh" {
		return en
	}
	if zh, ok := translateReason(en); ok {
		return zh
	}
	return en
}

// errText is an error's message in the language of e: a field error
// keeps its path and value and has its reason said.
func (e *env) errText(err error) string {
	if fe, ok := err.(*watch.FieldError); ok {
		s := joinNonEmpty(fe.Value, e.reason(fe.Reason))
		if fe.Path != "" {
			s = fe.Path + ": " + s
		}
		return s
	}
	if m, ok := err.(*watch.MoreProblems); ok {
		return e.say(fmt.Sprintf("……另有 %d 处", m.N), m.Error())
	}
	return e.reason(err.Error())
}

// joinNonEmpty joins the non-empty parts with a space.
func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// pad fills s with spaces to n columns.
func pad(s string, n int) string {
	if w := strict.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// writeTable writes rows with their columns lined up by display width,
// two spaces apart; the last column is not padded. Bounded by the rows
// given: two passes over them.
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], strict.Width(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(pad(cell, widths[i]))
			b.WriteString("  ")
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
