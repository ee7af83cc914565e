package incidenttest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/google/uuid"
)

// RunEscalators checks that escalators run correctly on a store, for
// someone who writes a watch.OutboxStore of their own (the SQL stores run
// it too): two escalators tick side by side, minute by minute, over 40
// incidents of a programme of its own, some acknowledged while their
// steps fall due; every notification of incident.Simulate must be sent
// exactly once, and nothing else.
func RunEscalators(t *testing.T, s watch.Stores) {
	t.Helper()
	ctx := context.Background()
	program := "escalators-" + uuid.NewString()
	if err := s.Programs.PutProgram(ctx, watch.ProgramRecord{
		Program: watch.Program{ID: program, Name: "南环第二社区", Timezone: "Asia/Shanghai"}}); err != nil {
		t.Fatal(err)
	}
	p, err := incident.LoadPolicy(strings.NewReader(`{"timezone": "Asia/Shanghai", "rules": [
 {"name": "danger-now", "match": {"kinds": ["suspicious_person", "fire"]},
  "steps": [{"after": "0s", "notify": ["police_110", "community_office"]},
            {"after": "10m", "notify": ["police_liaison"]}]},
 {"name": "everything-else", "match": {},
  "steps": [{"after": "0s", "notify": ["community_office"]},
            {"after": "20m", "notify": ["community_office"], "unless": "resolved"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	sent := map[string]int{}
	notifier := incident.NotifierFunc(func(_ context.Context, n incident.Notice) error {
		mu.Lock()
		defer mu.Unlock()
		sent[n.Key]++
		return nil
	})
	var escs []*incident.Escalator
	for batch := range 2 {
		e, err := incident.NewEscalator(s, program, p, notifier, incident.EscalatorOptions{Batch: 2 + batch})
		if err != nil {
			t.Fatal(err)
		}
		escs = append(escs, e)
	}
	start := time.Date(2026, 4, 13, 22, 0, 0, 0, p.Location())
	kinds := []watch.Kind{watch.KindSuspiciousPerson, watch.KindTheft, watch.KindFire, watch.KindCivilDispute}
	var incs []watch.Incident
	for i := range 40 {
		inc := watch.Incident{Program: program, ID: fmt.Sprintf("inc-%02d", i), Kind: kinds[i%len(kinds)],
			Severity: watch.SeverityMajor, OccurredAt: start.Add(time.Duration(i) * time.Minute)}
		if i%3 == 0 {
			inc.Events = []watch.Event{{Type: watch.EventAcknowledged, At: inc.OccurredAt.Add(time.Duration(5+i%9) * time.Minute)}}
		}
		incs = append(incs, inc)
	}
	for m := range 80 {
		now := start.Add(time.Duration(m) * time.Minute)
		for _, inc := range incs {
			if inc.OccurredAt.Equal(now) {
				fresh := inc
				fresh.Events = nil
				if _, err := s.Incidents.CreateIncident(ctx, fresh); err != nil {
					t.Fatal(err)
				}
			}
			if len(inc.Events) > 0 && inc.Events[0].At.Equal(now) {
				if _, err := s.Incidents.AppendEvent(ctx, program, inc.ID, 0, inc.Events[0]); err != nil {
					t.Fatal(err)
				}
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, len(escs))
		for i, e := range escs {
			wg.Go(func() { _, errs[i] = e.Tick(ctx, now) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("tick at %s: %v", watch.FormatInstant(now), err)
			}
		}
	}
	want := incident.Simulate(p, incs, start.Add(80*time.Minute))
	for _, n := range want {
		d := watch.Delivery{Program: program, Incident: n.Incident, Rule: n.Rule, Step: n.Step, Target: n.Target}
		if got := sent[d.Key()]; got != 1 {
			t.Errorf("%s sent %d times, want once", n, got)
		}
	}
	if len(sent) != len(want) {
		t.Errorf("%d notifications sent, want %d (those of Simulate)", len(sent), len(want))
	}
}
