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
}

var registry []*command

func register(c *command) { registry = append(registry, c) }

// run is the whole command line: main calls it, and tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c := lookup(args[1:]); c != nil {
				printCommandHelp(stdout, c, nil)
				return exitOK
			}
		}
		if len(args) == 0 {
			printOverview(stderr)
			return exitUsage
		}
		printOverview(stdout)
		return exitOK
	}
	c := lookup(args)
	if c == nil {
		words := strings.Join(leadingWords(args), " ")
		if subs := subcommands(words); len(subs) > 0 {
			fmt.Fprintf(stderr, "armband %s: name one of: %s\n", words, strings.Join(subs, ", "))
		} else {
			fmt.Fprintf(stderr, "armband: unknown command %q\n", words)
			printOverview(stderr)
		}
		return exitUsage
	}
	rest := args[len(strings.Fields(c.name)):]
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	fs, runner := c.flagSet(e)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, c, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "armband %s: %v\n", c.name, err)
		printCommandHelp(stderr, c, fs)
		return exitUsage
	}
	if !slices.Contains(c.formats, e.format) {
		return usageError(e, c, fs, fmt.Sprintf("--format %q is not one of %s", e.format, strings.Join(c.formats, ", ")))
	}
	if e.lang != "zh" && e.lang != "en" {
		return usageError(e, c, fs, fmt.Sprintf("--lang %q is not zh or en", e.lang))
	}
	files := fs.Args()
	if (c.nargs >= 0 && len(files) != c.nargs) || (c.nargs < 0 && len(files) == 0) {
		return usageError(e, c, fs, fmt.Sprintf("wants %s, got %d argument(s)", c.args, len(files)))
	}
	return runner(e, files)
}

// flagSet builds the command's flags, the shared ones into e.
func (c *command) flagSet(e *env) (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet("armband "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.format, "format", c.formats[0], "output format: "+strings.Join(c.formats, ", "))
	fs.StringVar(&e.timezone, "timezone", "", "IANA time zone (such as Asia/Shanghai)")
	fs.StringVar(&e.lang, "lang", "zh", "language of text output: zh or en")
	if c.stateful {
		storeFlag(fs, e)
	}
	return fs, c.setup(fs)
}

func usageError(e *env, c *command, fs *flag.FlagSet, msg string) int {
	fmt.Fprintf(e.stderr, "armband %s: %s\n", c.name, msg)
	printCommandHelp(e.stderr, c, fs)
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

func printOverview(w io.Writer) {
	fmt.Fprintln(w, "armband: community watch rotas, escalation and \"six nos\" scoring")
	fmt.Fprintln(w, "\nUsage: armband COMMAND [FLAGS] FILE...   (a FILE may be - for standard input)")
	fmt.Fprintln(w, "\nCommands:")
	cs := slices.Clone(registry)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-22s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun armband COMMAND --help for its flags. Exit status: 0 ok, 1 a check found something, 2 usage or input error.")
}

func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", strings.TrimSpace("armband "+c.name+" [FLAGS] "+c.args), c.summary)
	if fs == nil {
		fs, _ = c.flagSet(&env{})
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// instantVar registers a flag that reads an INSTANT (RFC 3339) into p.
func instantVar(fs *flag.FlagSet, p *time.Time, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		t, err := watch.ParseInstant(s)
		*p = t
		return err
	})
}

// location resolves --timezone.
func (e *env) location() (*time.Location, error) {
	loc, err := watch.LoadLocation(e.timezone)
	if err != nil {
		return nil, fmt.Errorf("--timezone: %w", err)
	}
	return loc, nil
}

// inputError prints the problems of one file, one per line, and returns
// exitUsage.
func (e *env) inputError(file string, err error) int {
	writeProblems(e.stderr, file, err)
	return exitUsage
}

// writeProblems prints one line per problem in err, each prefixed with the
// file name and made safe for a terminal, stopping after maxErrorLines
// with "... and N more" (which counts the problems a loader only counted,
// too).
func writeProblems(w io.Writer, file string, err error) {
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
		line := strict.SafeText(l.Error())
		if file != "" {
			line = strict.SafeText(file) + ": " + line
		}
		fmt.Fprintln(w, line)
	}
	if more > 0 {
		fmt.Fprintf(w, "... and %d more\n", more)
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
