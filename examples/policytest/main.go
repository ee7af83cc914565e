// Command policytest shows how to unit-test an escalation policy, the way
// promtool tests alerting rules: a suite of named cases, each an incident
// with a timeline and the notifications it must give (docs/formats.md
// section 7). main runs the suite and prints each case; policy_test.go
// runs the same file as subtests of go test with incidenttest.Run, which
// is how a community's own repository keeps its policy honest.
//
//	go run ./examples/policytest
//	go test ./examples/policytest
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/incident/incidenttest"
)

func main() {
	_, here, _, _ := runtime.Caller(0)
	if err := run(os.Stdout, filepath.Join(filepath.Dir(here), "suite.json")); err != nil {
		fmt.Fprintln(os.Stderr, "policytest:", err)
		os.Exit(1)
	}
}

// run loads a suite with its policy, runs it and prints the outcome.
func run(w io.Writer, path string) error {
	suite, policy, err := incidenttest.Load(path)
	if err != nil {
		return err
	}
	res := incident.RunSuite(suite, policy)
	for _, c := range res.Cases {
		mark := "PASS"
		if !c.Passed {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s  %s\n", mark, c.Name)
	}
	fmt.Fprintf(w, "%d cases, %d failed, rule coverage %.0f%%\n", len(res.Cases), res.Failed, 100*res.Coverage)
	if res.Failed > 0 {
		return fmt.Errorf("%d cases failed", res.Failed)
	}
	return nil
}
