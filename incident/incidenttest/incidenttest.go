// Package incidenttest runs escalation-policy unit tests inside go test:
// the suite files of docs/formats.md section 7 (the same files armband
// rules test runs), and small assertions for tests written in Go.
//
//	func TestPolicy(t *testing.T) {
//		incidenttest.Run(t, "testdata/policy_test.json")
//	}
//
// Each case runs as a subtest named after it; a failing case prints the
// expected and actual timelines as a diff and the policy's trace of the
// incident. The Go helper reads JSON (the command reads YAML too).
//
// RunEscalators checks that escalators (incident.Escalator) run
// correctly on a store: for someone who writes a watch.OutboxStore of
// their own, beside storetest.
package incidenttest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
)

// Load reads a suite file and the policy it names (a path relative to the
// suite file), with the suite's timezone override.
func Load(path string) (*incident.Suite, *incident.Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	s, err := incident.LoadSuite(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	pf, err := os.Open(filepath.Join(filepath.Dir(path), s.Policy))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: policy: %w", path, err)
	}
	defer pf.Close()
	p, err := incident.LoadPolicyWith(pf, incident.LoadOptions{Timezone: s.Timezone})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", s.Policy, err)
	}
	return s, p, nil
}

// Run runs every case of the suite file at path as a subtest of t, and
// logs the rules no case exercised. A file that does not load fails t.
func Run(t *testing.T, path string) incident.SuiteResult {
	t.Helper()
	s, p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	res := incident.RunSuite(s, p)
	for _, c := range res.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if msg := Report(c); msg != "" {
				t.Error(msg)
			}
		})
	}
	if len(res.Uncovered) > 0 {
		t.Logf("rules no case exercised: %s", strings.Join(res.Uncovered, ", "))
	}
	return res
}

// Report is the message of a case: empty when it passed, otherwise what
// went wrong, the timelines as a diff and the policy's trace.
func Report(c incident.CaseResult) string {
	switch {
	case c.Err != nil:
		return fmt.Sprintf("case %q cannot run: %v", c.Name, c.Err)
	case c.Passed:
		return ""
	}
	return fmt.Sprintf("case %q failed:\n%s\npolicy trace:\n%s", c.Name, c.Diff, c.Trace)
}

// Notified fails t unless ns holds a notification of target at
// inc's report plus after.
func Notified(t testing.TB, inc watch.Incident, ns []incident.Notification, target string, after time.Duration) {
	t.Helper()
	at := inc.Reported().Add(after)
	if !slices.ContainsFunc(ns, func(n incident.Notification) bool {
		return n.Incident == inc.ID && n.Target == target && n.At.Equal(at)
	}) {
		t.Errorf("%s was not notified +%s after the report of %s; notifications:\n%s", target, after, inc.ID, list(ns))
	}
}

// NotNotified fails t when ns holds any notification of target.
func NotNotified(t testing.TB, ns []incident.Notification, target string) {
	t.Helper()
	for _, n := range ns {
		if n.Target == target {
			t.Errorf("%s was notified: %s", target, n)
		}
	}
}

func list(ns []incident.Notification) string {
	if len(ns) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	return b.String()
}
