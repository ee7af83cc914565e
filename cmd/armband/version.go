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
	fmt.Fprintln(w, "# bash completion for armband, made by: armband completion bash")
	fmt.Fprintln(w, "# load it with: source <(armband completion bash)")
	fmt.Fprintln(w, "_armband() {")
	fmt.Fprintln(w, "  local cur=${COMP_WORDS[COMP_CWORD]} cmd= i words=")
	fmt.Fprintln(w, "  for ((i = 1; i < COMP_CWORD; i++)); do")
	fmt.Fprintln(w, "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=\"${cmd:+$cmd }${COMP_WORDS[i]}\" ;; esac")
	fmt.Fprintln(w, "  done")
	fmt.Fprintln(w, "  case $cmd in")
	// whole commands first, longest names first, so that "rota generate
	// FILE" finds its flags before "rota" finds its words
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		fs, _ := c.flagSet(&env{})
		var flags []string
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, "--"+f.Name) })
		fmt.Fprintf(w, "    %q | %q*) words=%q ;;\n", c.name, c.name+" ", strings.Join(flags, " "))
	}
	for _, prefix := range order {
		if lookup(strings.Fields(prefix)) != nil && prefix != "" {
			continue
		}
		fmt.Fprintf(w, "    %q) words=%q ;;\n", prefix, strings.Join(next[prefix], " "))
	}
	fmt.Fprintln(w, "  esac")
	fmt.Fprintln(w, "  if [[ $cur == -* || -z $cmd || \" $words \" != *\" --\"* ]]; then")
	fmt.Fprintln(w, "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))")
	fmt.Fprintln(w, "  fi")
	fmt.Fprintln(w, "}")
	fmt.Fprintln(w, "complete -o default -o bashdefault -F _armband armband")
}
