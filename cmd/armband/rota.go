package main

import (
	"fmt"
	"io"

	"github.com/armband/armband/rota"
	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "rota check", args: "PROGRAM ROTA", nargs: 2, formats: []string{"json", "text"},
		summary: "judge a rota against its programme: every broken rule (FORMATS section 2)",
		setup: noFlags(func(e *env, args []string) int {
			_, vs, code := e.checkRota(args[0], args[1])
			if vs == nil {
				return code
			}
			if code := e.emit(vs, func(w io.Writer) { writeViolationsText(w, e, vs) }); code != exitOK {
				return code
			}
			if len(vs) > 0 {
				return exitFound
			}
			return exitOK
		}),
	})
}

// loadProblem reads a programme file argument and makes its rota problem.
func (e *env) loadProblem(arg string) (*rota.Problem, error) {
	pf, err := e.loadProgram(arg)
	if err != nil {
		return nil, err
	}
	return rota.NewProblem(pf)
}

// checkRota loads a programme and a rota and judges it. On an input error
// it reports it and returns nil violations and the exit status.
func (e *env) checkRota(programArg, rotaArg string) (*watch.Rota, []rota.Violation, int) {
	p, err := e.loadProblem(programArg)
	if err != nil {
		return nil, nil, e.inputError(displayName(programArg), err)
	}
	r, err := e.loadRota(rotaArg)
	if err != nil {
		return nil, nil, e.inputError(displayName(rotaArg), err)
	}
	vs, err := rota.Check(p, *r)
	if err != nil {
		return nil, nil, e.inputError(displayName(rotaArg), err)
	}
	return r, vs, exitOK
}

func writeViolationsText(w io.Writer, e *env, vs []rota.Violation) {
	if len(vs) == 0 {
		fmt.Fprintln(w, e.say("排班表符合全部规则", "The rota keeps every rule"))
		return
	}
	for _, v := range vs {
		who := v.Volunteer
		if who == "" {
			who = "-"
		}
		fmt.Fprintf(w, "%s  %-12s %-6s %s\n", v.Date, v.Shift, who, v.Rule)
	}
	fmt.Fprintf(w, "%d %s\n", len(vs), e.say("处违反规则", "broken rules"))
}
