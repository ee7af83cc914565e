package postgres_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/postgres"
)

// Open the server named by ARMBAND_POSTGRES_URL, keep an incident and read
// its history back. It needs a server, so it has no Output to check; the
// package's tests run the same on one.
func Example() {
	ctx := context.Background()
	s, err := postgres.Open(ctx, os.Getenv("ARMBAND_POSTGRES_URL"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	st := s.Stores()
	// One database serves many estates; each is a programme.
	p := watch.ProgramRecord{Program: watch.Program{ID: "nanhuan-2", Name: "南环二村", Timezone: "Asia/Shanghai"}}
	if err := st.Programs.PutProgram(ctx, p); err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	inc, err := st.Incidents.CreateIncident(ctx, watch.Incident{Program: "nanhuan-2", ID: "inc-0412", Kind: watch.KindAttemptedTheft,
		Severity: watch.SeverityMinor, OccurredAt: at, Beat: "market", ReportedBy: "v03", Description: "张三看到有人试拉车门"})
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := st.Incidents.VerifyHistory(ctx, "nanhuan-2", inc.ID)
	fmt.Println(v.Intact, v.Links, err)
}
