package incident_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
)

// An escalator on an in-memory store: a suspicious person reported at
// night reaches 110 and the office at once; the acknowledgement at 9
// minutes stops the climb before the police liaison.
func ExampleEscalator() {
	ctx := context.Background()
	s := memstore.New().Stores()
	if err := s.Programs.PutProgram(ctx, watch.ProgramRecord{
		Program: watch.Program{ID: "nanhuan", Name: "南环第二社区", Timezone: "Asia/Shanghai"}}); err != nil {
		fmt.Println(err)
		return
	}
	p, err := incident.LoadPolicy(strings.NewReader(seedPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	sms := incident.NotifierFunc(func(_ context.Context, n incident.Notice) error {
		fmt.Printf("notify %s about %s (step %d)\n", n.Delivery.Target, n.Incident.ID, n.Delivery.Step)
		return nil
	})
	esc, err := incident.NewEscalator(s, "nanhuan", p, sms, incident.EscalatorOptions{Batch: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	night := time.Date(2026, 4, 13, 22, 40, 0, 0, p.Location())
	inc := watch.Incident{Program: "nanhuan", ID: "inc-0413", Kind: watch.KindSuspiciousPerson,
		Severity: watch.SeverityMajor, OccurredAt: night}
	if inc, err = s.Incidents.CreateIncident(ctx, inc); err != nil {
		fmt.Println(err)
		return
	}
	st, _ := esc.Tick(ctx, night)
	fmt.Printf("22:40 sent %d\n", st.Sent)
	if _, err := s.Incidents.AppendEvent(ctx, "nanhuan", inc.ID, inc.Version,
		watch.Event{Type: watch.EventAcknowledged, At: night.Add(9 * time.Minute)}); err != nil {
		fmt.Println(err)
		return
	}
	st, _ = esc.Tick(ctx, night.Add(10*time.Minute))
	fmt.Printf("22:50 sent %d, suppressed %d\n", st.Sent, st.Suppressed)
	// Output:
	// notify police_110 about inc-0413 (step 0)
	// notify community_office about inc-0413 (step 0)
	// 22:40 sent 2
	// 22:50 sent 0, suppressed 1
}
