package watch_test

import (
	"context"
	"fmt"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
)

// Move an estate from one store to another (here two memory stores; the
// command's "armband store copy" moves a SQLite file to PostgreSQL), then
// run the copy again: it writes nothing more.
func ExampleCopy() {
	ctx := context.Background()
	src, dst := memstore.New().Stores(), memstore.New().Stores()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(src.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: "nanhuan-2", Name: "南环二村", Timezone: "Asia/Shanghai"}}))
	must(src.Volunteers.PutVolunteer(ctx, "nanhuan-2", watch.Volunteer{ID: "v01", Name: "张三", BirthDate: watch.MustParseDate("1958-05-01")}))
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	_, err := src.Incidents.CreateIncident(ctx, watch.Incident{Program: "nanhuan-2", ID: "inc-0412", Kind: watch.KindAttemptedTheft,
		Severity: watch.SeverityMinor, OccurredAt: at, Beat: "market", ReportedBy: "v01", Description: "张三看到有人试拉车门",
		Events: []watch.Event{{Type: watch.EventAcknowledged, At: at.Add(3 * time.Minute), By: "community_office"}}})
	must(err)

	report, err := watch.Copy(ctx, dst, src, "nanhuan-2")
	must(err)
	fmt.Printf("volunteers %d, incidents %d, events %d\n", report.Volunteers, report.Incidents, report.Events)
	a, err := src.Incidents.VerifyHistory(ctx, "nanhuan-2", "inc-0412")
	must(err)
	b, err := dst.Incidents.VerifyHistory(ctx, "nanhuan-2", "inc-0412")
	must(err)
	fmt.Println("same head:", a.Head == b.Head, "intact:", b.Intact)

	again, err := watch.Copy(ctx, dst, src, "nanhuan-2")
	must(err)
	fmt.Printf("again: incidents %d, kept %d\n", again.Incidents, again.Kept)
	// Output:
	// volunteers 1, incidents 1, events 1
	// same head: true intact: true
	// again: incidents 0, kept 3
}
