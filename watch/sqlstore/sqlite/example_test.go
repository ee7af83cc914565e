package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
)

// Open a file, keep an incident in it, read it back after reopening.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "armband-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "nanhuan.db")

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		panic(err)
	}
	st := s.Stores()
	err = st.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: "nanhuan-2", Name: "南环二村", Timezone: "Asia/Shanghai"}})
	if err != nil {
		panic(err)
	}
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	_, err = st.Incidents.CreateIncident(ctx, watch.Incident{Program: "nanhuan-2", ID: "inc-0412", Kind: watch.KindAttemptedTheft,
		Severity: watch.SeverityMinor, OccurredAt: at, Beat: "market", ReportedBy: "v03", Description: "张三看到有人试拉车门"})
	if err != nil {
		panic(err)
	}
	_, err = st.Incidents.AppendEvent(ctx, "nanhuan-2", "inc-0412", 0, watch.Event{Type: watch.EventAcknowledged, At: at.Add(3 * time.Minute), By: "community_office"})
	if err != nil {
		panic(err)
	}
	if err := s.Close(); err != nil {
		panic(err)
	}

	s, err = sqlite.Open(ctx, path)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	inc, err := s.Stores().Incidents.GetIncident(ctx, "nanhuan-2", "inc-0412")
	if err != nil {
		panic(err)
	}
	v, err := s.Stores().Incidents.VerifyHistory(ctx, "nanhuan-2", "inc-0412")
	if err != nil {
		panic(err)
	}
	fmt.Println(inc.ID, inc.State(), inc.Version, v.Intact, v.Links)
	// Output:
	// inc-0412 acknowledged 1 true 2
}
