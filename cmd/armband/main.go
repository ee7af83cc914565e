// Command armband reads and writes the files of armband's formats: it
// validates programme, rota and incident files, generates and checks rotas,
// simulates escalation and scores the "six nos" (六无).
//
// Usage:
//
//	armband COMMAND [SUBCOMMAND] FILE... [FLAGS]
//	armband help
//	armband --version
//
// Every command reads a path, or - for standard input, in JSON or YAML
// (by the file's ending, .yaml or .yml; standard input is YAML unless it
// starts with { or [), and writes to standard output: text for people by
// default, the documents of docs/formats.md with --format json. Flags may
// come before or after the files. Messages and text are in Chinese or
// English: --lang, else zh when LC_ALL (or LANG) names a zh_* locale.
// Exit status: 0 when all is well, 1 when a check found something, 2 for
// a usage or input error, with one line per problem on standard error (a
// YAML file's with its line and column):
//
//	program.json: volunteers[3].birth_date: "1954-13-01" is not a date (want YYYY-MM-DD)
//	program.yaml:8:5: volunteers[0].birth_date: "1954-13-02" 不是日期（应为 YYYY-MM-DD）
//
// The commands and their formats are documented in docs/commands.md.
package main

import (
	"os"
	_ "time/tzdata" // zones resolve on machines without zoneinfo
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
