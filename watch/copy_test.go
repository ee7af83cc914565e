package watch_test

import (
	"context"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/stretchr/testify/require"
)

// plainIncidents hides the store's HistoryImporter.
type plainIncidents struct{ watch.IncidentStore }

// TestCopyWithoutImporter: to a destination that cannot take text hashes,
// a history with erased text is copied intact with another head, and
// Rehashed names it; the others keep their heads.
func TestCopyWithoutImporter(t *testing.T) {
	ctx := context.Background()
	src, dst := memstore.New().Stores(), memstore.New().Stores()
	dst.Incidents = plainIncidents{dst.Incidents}
	require.NoError(t, src.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: "p", Name: "南环二村", Timezone: "Asia/Shanghai"}}))
	for _, id := range []string{"v01", "v02"} {
		require.NoError(t, src.Volunteers.PutVolunteer(ctx, "p", watch.Volunteer{ID: id, Name: "张三", BirthDate: watch.MustParseDate("1958-05-01")}))
	}
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	for i, by := range []string{"v01", "v02"} {
		_, err := src.Incidents.CreateIncident(ctx, watch.Incident{Program: "p", ID: by, Kind: watch.KindOther, Severity: watch.SeverityMinor,
			OccurredAt: at.Add(time.Duration(i) * time.Hour), ReportedBy: by, Description: "报告"})
		require.NoError(t, err)
	}
	require.NoError(t, src.Volunteers.EraseVolunteer(ctx, "p", "v01"))

	r, err := watch.Copy(ctx, dst, src, "p")
	require.NoError(t, err)
	require.Equal(t, []string{"v01"}, r.Rehashed)
	for _, id := range []string{"v01", "v02"} {
		a, err := src.Incidents.VerifyHistory(ctx, "p", id)
		require.NoError(t, err)
		b, err := dst.Incidents.VerifyHistory(ctx, "p", id)
		require.NoError(t, err)
		require.True(t, b.Intact)
		require.Equal(t, id == "v02", a.Head == b.Head, id)
	}
}
