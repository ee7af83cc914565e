package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// Exit statuses.
const (
	exitOK    = 0 // all is well
	exitFound = 1 // a check found something
	exitUsage = 2 // a usage or input error
)

// maxErrorLines bounds the problems printed for one file.
const maxErrorLines = 100

// command is one subcommand of the registry.
type command struct {
	name    string   // words after armband: "validate program"
	args    string   // the argument synopsis: "PROGRAM ROTA"
	nargs   int      // exact number of file arguments; -1 for one or more
	formats []string // accepted --format values; the first is the default
	summary string
	// stateful commands read or write a store: they take --store.
	stateful bool
	// setup registers the command's own flags, beyond the shared ones, and
	// returns the function that runs it with their values.
	setup func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command on its file arguments and returns the exit status.
type runFunc func(e *env, args []string) int

// noFlags is the setup of a command with only the shared flags.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

// env is what a running command sees: its streams and the shared flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	format         string
	timezone       string
	lang           string
	// store is --store, the SQLite file of a stateful command.
	store string
	// yamlPos holds, for each YAML file read (by its name in messages),
	// where its values stand, so problems can say their line and column.
	yamlPos map[string]positions
}

var registry []*command

func register(c *command) { registry = append(registry, c) }

// run is the whole command line: main calls it, and tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Until the flags are parsed (and a wrong --lang refused), messages are
	// in Chinese only when the command line or the locale says zh.
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, lang: "en"}
	if langOf(args) == "zh" {
		e.lang = "zh"
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c := lookup(args[1:]); c != nil {
				printCommandHelp(stdout, e, c, nil)
				return exitOK
			}
		}
		if len(args) == 0 {
			printOverview(stderr, e)
			return exitUsage
		}
		printOverview(stdout, e)
		return exitOK
	}
	c := lookup(args)
	if c == nil {
		words := strings.Join(leadingWords(args), " ")
		if subs := subcommands(words); len(subs) > 0 {
			fmt.Fprintf(stderr, "armband %s: %s%s\n", words, e.say("请指定其中之一：", "name one of: "), strings.Join(subs, ", "))
		} else {
			fmt.Fprintf(stderr, "armband: %s %q\n", e.say("没有这个命令", "unknown command"), words)
			printOverview(stderr, e)
		}
		return exitUsage
	}
	rest := args[len(strings.Fields(c.name)):]
	fs, runner := c.flagSet(e)
	files, err := parseInterleaved(fs, rest)
	if e.lang != "zh" && e.lang != "en" {
		bad := e.lang
		e.lang = "en"
		return usageError(e, c, fs, fmt.Sprintf("--lang %q is not zh or en", bad))
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, e, c, fs)
			return exitOK
		}
		return usageError(e, c, fs, flagError(e, fs, err))
	}
	if !slices.Contains(c.formats, e.format) {
		return usageError(e, c, fs, e.say(fmt.Sprintf("--format %q 不是 %s 之一", e.format, strings.Join(c.formats, "、")),
			fmt.Sprintf("--format %q is not one of %s", e.format, strings.Join(c.formats, ", "))))
	}
	if (c.nargs >= 0 && len(files) != c.nargs) || (c.nargs < 0 && len(files) == 0) {
		return usageError(e, c, fs, e.say(fmt.Sprintf("需要 %s，却给了 %d 个参数", argsText(e, c), len(files)),
			fmt.Sprintf("wants %s, got %d argument(s)", argsText(e, c), len(files))))
	}
	return runner(e, files)
}

// parseInterleaved parses flags before, between and after the file
// arguments, as people type them, and returns the file arguments in
// order. Everything after "--" is a file argument; "-" is one (standard
// input).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(files, rest...), nil
		}
		if len(rest) == 0 {
			return files, nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// flagSet builds the command's flags, the shared ones into e.
func (c *command) flagSet(e *env) (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet("armband "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.format, "format", c.formats[0], "output format")
	fs.StringVar(&e.timezone, "timezone", "", "IANA time zone (such as Asia/Shanghai); default: the programme's or policy's")
	fs.StringVar(&e.lang, "lang", e.lang, "language of messages and text output: zh or en (default: from LC_ALL or LANG)")
	if c.stateful {
		storeFlag(fs, e)
	}
	return fs, c.setup(fs)
}

func usageError(e *env, c *command, fs *flag.FlagSet, msg string) int {
	fmt.Fprintf(e.stderr, "armband %s: %s\n", c.name, msg)
	printCommandHelp(e.stderr, e, c, fs)
	return exitUsage
}

// leadingWords are the arguments before the first flag.
func leadingWords(args []string) []string {
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			return args[:i]
		}
	}
	return args
}

// lookup finds the command whose name is the longest run of leading words.
func lookup(args []string) *command {
	var best *command
	for _, c := range registry {
		words := strings.Fields(c.name)
		if len(words) <= len(args) && slices.Equal(words, args[:len(words)]) {
			if best == nil || len(words) > len(strings.Fields(best.name)) {
				best = c
			}
		}
	}
	return best
}

// subcommands lists the commands whose names start with the words given.
func subcommands(words string) []string {
	var out []string
	for _, c := range registry {
		if rest, ok := strings.CutPrefix(c.name, words+" "); ok && words != "" {
			out = append(out, rest)
		}
	}
	sort.Strings(out)
	return out
}

// sortedRegistry is the registry in order of name.
func sortedRegistry() []*command {
	cs := slices.Clone(registry)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

func printOverview(w io.Writer, e *env) {
	fmt.Fprintln(w, e.say("armband：社区治安巡逻的排班、上报升级与“六无”考核", "armband: community watch rotas, escalation and \"six nos\" scoring"))
	fmt.Fprintln(w, e.say("\n用法：armband 命令 [选项] 文件...   （文件可以是 -，即标准输入）", "\nUsage: armband COMMAND [FLAGS] FILE...   (a FILE may be - for standard input)"))
	fmt.Fprintln(w, e.say("\n命令：", "\nCommands:"))
	var rows [][]string
	for _, c := range sortedRegistry() {
		rows = append(rows, []string{"  " + c.name, e.tr(c.summary)})
	}
	writeTable(w, rows)
	fmt.Fprintln(w, e.say("\n运行 armband 命令 --help 查看其选项；armband --version 显示版本。退出码：0 正常，1 检查发现问题，2 用法或输入错误。",
		"\nRun armband COMMAND --help for its flags; armband --version for the version. Exit status: 0 ok, 1 a check found something, 2 usage or input error."))
}

// argsText is a command's argument synopsis in the language of e.
func argsText(e *env, c *command) string {
	if e.lang == "en" || c.args == "" {
		return c.args
	}
	words := strings.Fields(c.args)
	for i, w := range words {
		words[i] = e.tr(w)
	}
	return strings.Join(words, " ")
}

// printCommandHelp writes a command's usage and flags, GNU style
// (--flag VALUE), in the language of e.
func printCommandHelp(w io.Writer, e *env, c *command, fs *flag.FlagSet) {
	if fs == nil {
		fs, _ = c.flagSet(&env{lang: e.lang})
	}
	synopsis := strings.TrimSpace("armband " + c.name + " " + e.say("[选项] ", "[FLAGS] ") + argsText(e, c))
	fmt.Fprintf(w, "%s%s\n\n%s\n\n%s\n", e.say("用法：", "Usage: "), synopsis, e.tr(c.summary), e.say("选项：", "Flags:"))
	var rows [][]string
	fs.VisitAll(func(f *flag.Flag) {
		left := "  --" + f.Name
		if name := metavar(f); name != "" {
			left += " " + e.tr(name)
		}
		text := e.tr(f.Usage)
		if f.Name == "format" {
			text += e.say("：", ": ") + strings.Join(c.formats, ", ")
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" && f.Name != "lang" {
			text += e.say("（默认 "+def+"）", " (default "+def+")")
		}
		rows = append(rows, []string{left, text})
	})
	writeTable(w, rows)
}

// metavar names the value of a flag in help: by the flag's name for the
// shared ones, else the first placeholder its usage names (DATE, FILE,
// INSTANT), else one for its type.
func metavar(f *flag.Flag) string {
	switch f.Name {
	case "format":
		return "FORMAT"
	case "lang":
		return "zh|en"
	case "timezone":
		return "ZONE"
	case "store":
		return "STORE"
	case "from", "to":
		if strings.Contains(f.Usage, "store") {
			return "STORE"
		}
	}
	kind, _ := flag.UnquoteUsage(f)
	if kind == "string" && strings.Contains(f.Usage, "file") {
		return "FILE"
	}
	for _, w := range strings.FieldsFunc(f.Usage, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r == '=') }) {
		switch w {
		case "DATE", "MONTH", "FILE", "INSTANT", "SHIFT", "PROGRAM=N":
			return w
		}
	}
	switch kind {
	case "":
		return ""
	case "string", "value":
		return "TEXT"
	case "duration":
		return "DURATION"
	default:
		return "N"
	}
}

// instantVar registers a flag that reads an INSTANT (RFC 3339) into p.
func instantVar(fs *flag.FlagSet, p *time.Time, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		t, err := watch.ParseInstant(s)
		*p = t
		return err
	})
}

// when is the value of a flag that takes an INSTANT, or a DATE meaning
// the start of that day in the zone the command works in.
type when struct {
	instant time.Time
	date    watch.Date
}

// IsZero reports whether the flag was not given.
func (w when) IsZero() bool { return w.instant.IsZero() && w.date.IsZero() }

// in is the instant, a date taken as the start of its day in loc.
func (w when) in(loc *time.Location) time.Time {
	if !w.date.IsZero() {
		return w.date.In(loc)
	}
	return w.instant
}

// whenVar registers a flag that reads an INSTANT or a DATE into w.
func whenVar(fs *flag.FlagSet, w *when, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		*w = when{}
		if len(s) == len("2026-12-01") {
			d, err := watch.ParseDate(s)
			if err == nil {
				w.date = d
				return nil
			}
		}
		t, err := watch.ParseInstant(s)
		if err != nil {
			return errors.New("is not an instant or a date (want 2026-12-01T08:00:00+08:00 or 2026-12-01)")
		}
		w.instant = t
		return nil
	})
}

// inputError prints the problems of one file, one per line, and returns
// exitUsage.
func (e *env) inputError(file string, err error) int {
	e.writeProblems(file, err)
	return exitUsage
}

// writeProblems prints one line per problem in err, each prefixed with the
// file name and made safe for a terminal, stopping after maxErrorLines
// with "... and N more" (which counts the problems a loader only counted,
// too).
func (e *env) writeProblems(file string, err error) {
	w := e.stderr
	more := 0
	printed := 0
	for _, l := range flatten(err) {
		if m, ok := l.(*watch.MoreProblems); ok {
			more += m.N
			continue
		}
		if printed == maxErrorLines {
			more++
			continue
		}
		printed++
		line := strict.SafeText(e.errText(l))
		if file != "" {
			where := file
			if fe, ok := l.(*watch.FieldError); ok {
				if pos, ok := e.yamlPos[file].of(fe.Path); ok {
					where = fmt.Sprintf("%s:%d:%d", file, pos[0], pos[1])
				}
			}
			line = strict.SafeText(where) + ": " + line
		}
		fmt.Fprintln(w, line)
	}
	if more > 0 {
		fmt.Fprintln(w, e.errText(&watch.MoreProblems{N: more}))
	}
}

// flatten lists the errors joined in err (one problem each).
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// writeJSON writes v as indented JSON, the form of every --format json
// document.
func (e *env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// missing says that a command needs flags it was not given, and returns
// exitUsage.
func (e *env) missing(cmd string, flags ...string) int {
	verb := " is required"
	if len(flags) > 1 {
		verb = " are required"
	}
	fmt.Fprintf(e.stderr, "armband %s: %s\n", cmd, e.say("必须给出 "+strings.Join(flags, " 和 "), strings.Join(flags, " and ")+verb))
	return exitUsage
}

// named is a name in the language of e: the English one when the text
// is English and has one, else the Chinese.
func (e *env) named(zh, en string) string {
	if e.lang == "en" && en != "" {
		return en
	}
	return zh
}

// label names a code of a vocabulary in the --lang language
// (docs/formats.md section 9.4).
func (e *env) label(g report.Group, code string) string {
	return report.Label(report.Lang(e.lang), g, code)
}

// say picks the Chinese or English text by --lang.
func (e *env) say(zh, en string) string {
	if e.lang == "en" {
		return en
	}
	return zh
}
