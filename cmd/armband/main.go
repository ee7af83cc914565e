// Command armband reads and writes the files of armband's formats: it
// validates programme, rota and incident files, generates and checks rotas,
// simulates escalation and scores the "six nos" (六无).
//
// Usage:
//
//	armband COMMAND [SUBCOMMAND] [FLAGS] FILE...
//	armband help
//
// Every command reads a path, or - for standard input, in JSON or YAML
// (by the file's ending, .yaml or .yml; standard input is YAML unless it
// starts with { or [), and writes to standard output. Exit status: 0 when
// all is well, 1 when a check found something, 2 for a usage or input
// error, with one line per problem on standard error:
//
//	program.json: volunteers[3].birth_date: "1954-13-01" is not a date (want YYYY-MM-DD)
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
