package incidenttest_test

import (
	"fmt"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/incident/incidenttest"
)

// A suite runs outside go test too: Load reads it with its policy,
// incident.RunSuite runs it, and Report says what failed.
func ExampleLoad() {
	s, p, err := incidenttest.Load("../../examples/nanhuan/policy_test.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	res := incident.RunSuite(s, p)
	fmt.Printf("%d cases, %d failed, coverage %.0f%%\n", len(res.Cases), res.Failed, res.Coverage*100)
	fmt.Printf("%q\n", incidenttest.Report(res.Cases[0]))
	// Output:
	// 11 cases, 0 failed, coverage 100%
	// ""
}
