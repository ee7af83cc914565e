package main

import (
	"fmt"
	"maps"
	"slices"
)

func init() {
	register(&command{
		name: "validate program", args: "PROGRAM", nargs: 1, formats: []string{"text", "json"},
		summary: "check a programme file",
		setup: noFlags(func(e *env, args []string) int {
			pf, err := e.loadProgram(args[0])
			if err != nil {
				return e.inputError(displayName(args[0]), err)
			}
			return e.validated(args[0], "program", map[string]int{
				"contact_points": len(pf.ContactPoints), "beats": len(pf.Beats),
				"volunteers": len(pf.Volunteers), "shifts": len(pf.Shifts), "fixed": len(pf.Fixed),
			})
		}),
	})
	register(&command{
		name: "validate rota", args: "PROGRAM ROTA", nargs: 2, formats: []string{"text", "json"},
		summary: "check that a rota file fits its programme; broken rules are for rota check",
		setup: noFlags(func(e *env, args []string) int {
			_, r, vs, code := e.checkRota(args[0], args[1])
			if vs == nil {
				return code
			}
			return e.validated(args[1], "rota", map[string]int{"assignments": len(r.Assignments), "gaps": len(r.Gaps)})
		}),
	})
	register(&command{
		name: "validate incidents", args: "INCIDENTS", nargs: 1, formats: []string{"text", "json"},
		summary: "check an incidents file",
		setup: noFlags(func(e *env, args []string) int {
			incs, err := e.loadIncidents(args[0], nil)
			if err != nil {
				return e.inputError(displayName(args[0]), err)
			}
			return e.validated(args[0], "incidents", map[string]int{"incidents": len(incs)})
		}),
	})
}

// validation is the --format json document of the validate commands.
type validation struct {
	File   string         `json:"file"`
	Kind   string         `json:"kind"`
	Valid  bool           `json:"valid"`
	Counts map[string]int `json:"counts"`
}

func (e *env) validated(arg, kind string, counts map[string]int) int {
	v := validation{File: displayName(arg), Kind: kind, Valid: true, Counts: counts}
	if e.format == "json" {
		if err := e.writeJSON(v); err != nil {
			return e.inputError("", err)
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", v.File, e.say("有效，没有问题", "valid, no problems"))
	var rows [][]string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		rows = append(rows, []string{"  " + e.say(countZh[k], k), fmt.Sprint(counts[k])})
	}
	writeTable(e.stdout, rows)
	return exitOK
}

// countZh names the counts of the validate commands in Chinese.
var countZh = map[string]string{
	"contact_points": "信息联络点", "beats": "巡逻片区", "volunteers": "志愿者", "shifts": "班次", "fixed": "固定安排",
	"assignments": "已排班次", "gaps": "缺口", "incidents": "事件",
}
