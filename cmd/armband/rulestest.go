package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/incident/incidenttest"
)

func init() {
	register(&command{
		name: "rules test", args: "SUITE...", nargs: -1, formats: []string{"text", "json"},
		summary: "run escalation-policy unit tests",
		setup: func(fs *flag.FlagSet) runFunc {
			minCoverage := fs.Float64("coverage-min", 0, "fail when a suite exercises less than this percentage of its policy's rules")
			return func(e *env, args []string) int {
				if *minCoverage < 0 || *minCoverage > 100 {
					fmt.Fprintln(e.stderr, e.say(fmt.Sprintf("armband rules test: --coverage-min %v 不是 0 到 100 之间的百分比", *minCoverage),
						fmt.Sprintf("armband rules test: --coverage-min %v is not a percentage from 0 to 100", *minCoverage)))
					return exitUsage
				}
				var docs []suiteDoc
				var results []incident.SuiteResult
				for _, arg := range args {
					s, p, code := e.loadSuite(arg)
					if code != exitOK {
						return code
					}
					res := incident.RunSuite(s, p)
					for _, c := range res.Cases {
						if c.Err != nil {
							return e.inputError(displayName(arg), fmt.Errorf("cases %q: %w", c.Name, c.Err))
						}
					}
					results = append(results, res)
					docs = append(docs, suiteDocOf(displayName(arg), res))
				}
				code := e.emit(docs, func(w io.Writer) {
					for i, res := range results {
						writeSuiteText(w, e, docs[i].Suite, res)
					}
				})
				if code != exitOK {
					return code
				}
				for _, res := range results {
					if res.Failed > 0 || res.Coverage*100 < *minCoverage {
						return exitFound
					}
				}
				return exitOK
			}
		},
	})
}

// loadSuite reads a suite file argument and the policy it names, relative
// to the suite's folder (standard input: the working folder). The suite's
// timezone, else --timezone, overrides the policy's zone.
func (e *env) loadSuite(arg string) (*incident.Suite, *incident.Policy, int) {
	data, err := e.readDocument(arg, reflect.TypeFor[incident.Suite]())
	if err != nil {
		return nil, nil, e.inputError(displayName(arg), err)
	}
	s, err := incident.LoadSuite(bytes.NewReader(data))
	if err != nil {
		return nil, nil, e.inputError(displayName(arg), err)
	}
	dir := "."
	if arg != "-" {
		dir = filepath.Dir(arg)
	}
	policyArg := filepath.Join(dir, s.Policy)
	saved := e.timezone
	if s.Timezone != "" {
		e.timezone = s.Timezone
	}
	p, err := e.loadPolicy(policyArg)
	e.timezone = saved
	if err != nil {
		return nil, nil, e.inputError(policyArg, err)
	}
	return s, p, exitOK
}

// suiteDoc is the --format json document of one suite.
type suiteDoc struct {
	Suite     string    `json:"suite"`
	Cases     []caseDoc `json:"cases"`
	Failed    int       `json:"failed"`
	Uncovered []string  `json:"uncovered"`
	Coverage  float64   `json:"coverage"`
}

type caseDoc struct {
	Name    string   `json:"name"`
	Passed  bool     `json:"passed"`
	Want    []string `json:"want"`
	Got     []string `json:"got"`
	Diff    string   `json:"diff,omitempty"`
	Applied []string `json:"applied"`
}

func suiteDocOf(name string, res incident.SuiteResult) suiteDoc {
	d := suiteDoc{Suite: name, Cases: []caseDoc{}, Failed: res.Failed, Uncovered: res.Uncovered, Coverage: res.Coverage}
	if d.Uncovered == nil {
		d.Uncovered = []string{}
	}
	orEmpty := func(xs []string) []string {
		if xs == nil {
			return []string{}
		}
		return xs
	}
	for _, c := range res.Cases {
		d.Cases = append(d.Cases, caseDoc{Name: c.Name, Passed: c.Passed, Want: orEmpty(c.Want), Got: orEmpty(c.Got), Diff: c.Diff, Applied: orEmpty(c.Applied)})
	}
	return d
}

func writeSuiteText(w io.Writer, e *env, name string, res incident.SuiteResult) {
	for _, c := range res.Cases {
		if c.Passed {
			fmt.Fprintf(w, "%s  %s: %s\n", e.say("通过", "PASS"), name, c.Name)
			continue
		}
		fmt.Fprintf(w, "%s  %s: %s\n", e.say("失败", "FAIL"), name, c.Name)
		for _, line := range strings.Split(strings.TrimRight(incidenttest.Report(c), "\n"), "\n") {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
	cases := len(res.Cases)
	fmt.Fprintf(w, "%s: %d %s, %d %s; %s %.0f%%\n", name, cases-res.Failed, e.say("个用例通过", "cases passed"),
		res.Failed, e.say("个失败", "failed"), e.say("规则覆盖率", "rule coverage"), res.Coverage*100)
	if len(res.Uncovered) > 0 {
		fmt.Fprintf(w, "%s: %s\n", e.say("没有用例覆盖的规则", "rules no case exercised"), strings.Join(res.Uncovered, ", "))
	}
}
