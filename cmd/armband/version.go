package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func init() {
	register(&command{
		name: "version", nargs: 0, formats: []string{"text"},
		summary: "print the version of armband and the source revision it was built from",
		setup: noFlags(func(e *env, _ []string) int {
			fmt.Fprintln(e.stdout, versionLine(e))
			return exitOK
		}),
	})
	register(&command{
		name: "completion", args: "SHELL", nargs: 1, formats: []string{"text"},
		summary: "a shell completion script, generated from the commands: armband completion bash (or zsh)",
		setup: noFlags(func(e *env, args []string) int {
			switch args[0] {
			case "bash":
				writeBashCompletion(e.stdout)
			case "zsh":
				fmt.Fprintln(e.stdout, "#compdef armband")
				fmt.Fprintln(e.stdout, "autoload -U +X bashcompinit && bashcompinit")
				writeBashCompletion(e.stdout)
			default:
				fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband completion: %q 不是 bash 或 zsh", args[0]),
					fmt.Sprintf("armband completion: %q is not bash or zsh", args[0])))
				return exitUsage
			}
			return exitOK
		}),
	})
}

// versionLine is the module's version and the VCS revision of the build,
// from the build information Go records in the binary.
func versionLine(e *env) string {
	version, revision, modified := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "armband " + version
	if revision != "" {
		line += e.say("，源码版本 ", ", revision ") + revision
		if modified {
			line += e.say("（含未提交的修改）", " (with uncommitted changes)")
		}
	}
	return line
}

// writeBashCompletion writes a bash completion function made from the
// registry: the words of the commands, then each command's flags; any
// other word completes as a file name.
func writeBashCompletion(w io.Writer) {
	// groups: the words that may follow each run of leading words.
	next := map[string][]string{}
	var order []string
	add := func(prefix, word string) {
		if _, ok := next[prefix]; !ok {
			order = append(order, prefix)
		}
		for _, have := range next[prefix] {
			if have == word {
				return
			}
		}
		next[prefix] = append(next[prefix], word)
	}
	cs := sortedRegistry()
	for _, c := range cs {
		words := strings.Fields(c.name)
		for i := range words {
			add(strings.Join(words[:i], " "), words[i])
		}
	}
	add("", "help")
	fmt.Fprint(w, bashHead)
	// whole commands first, so that "rota generate FILE" finds its flags
	// before the group "rota" finds its words
	for _, c := range cs {
		fs, _ := c.flagSet(&env{})
		var flags []string
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, "--"+f.Name) })
		fmt.Fprintf(w, "    %q | %q*) words=%q ;;\n", c.name, c.name+" ", strings.Join(flags, " "))
	}
	for _, prefix := range order {
		if prefix == "" || lookup(strings.Fields(prefix)) == nil {
			fmt.Fprintf(w, "    %q) words=%q ;;\n", prefix, strings.Join(next[prefix], " "))
		}
	}
	fmt.Fprint(w, bashTail)
}

// bashHead and bashTail are the fixed parts of the bash completion: the
// words before the current one, less flags, name the command; the
// current word completes from the command's flags or the group's words,
// or else (-o default) as a file name.
const (
	bashHead = `# bash completion for armband, made by: armband completion bash
# load it with: source <(armband completion bash)
_armband() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmd= i words=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) cmd="${cmd:+$cmd }${COMP_WORDS[i]}" ;; esac
  done
  case $cmd in
`
	bashTail = `  esac
  if [[ $cur == -* || -z $cmd || " $words " != *" --"* ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
}
complete -o default -o bashdefault -F _armband armband
`
)
