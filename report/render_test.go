package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	goldenfile "github.com/armband/armband/internal/golden"
	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// fixture is the Nanhuan No. 2 programme in early December 2026, kept in
// a memstore the way a running estate keeps it.
type fixture struct {
	pf         *watch.ProgramFile
	rota       *watch.Rota
	patrols    []watch.PatrolLog
	incidents  []watch.Incident
	deliveries []watch.Delivery
	stores     watch.Stores
}

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func loadFixture(t *testing.T) fixture {
	t.Helper()
	var fx fixture
	var err error
	fx.pf, err = watch.LoadProgramFile(open(t, "program.json"))
	require.NoError(t, err)
	fx.rota, err = watch.LoadRota(open(t, "rota.json"))
	require.NoError(t, err)
	fx.patrols, err = watch.LoadPatrols(open(t, "patrols.json"))
	require.NoError(t, err)
	fx.incidents, err = watch.LoadIncidents(open(t, "incidents.json"))
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(open(t, "deliveries.json")).Decode(&fx.deliveries))

	ctx := context.Background()
	st := memstore.New().Stores()
	id := fx.pf.Program.ID
	require.NoError(t, st.Programs.PutProgram(ctx, watch.RecordOf(fx.pf)))
	for _, v := range fx.pf.Volunteers {
		require.NoError(t, st.Volunteers.PutVolunteer(ctx, id, v))
	}
	_, err = st.Rotas.SaveRota(ctx, *fx.rota)
	require.NoError(t, err)
	for i := range fx.patrols {
		fx.patrols[i].Program = id
		require.NoError(t, st.Patrols.RecordPatrol(ctx, fx.patrols[i]))
	}
	for i := range fx.incidents {
		fx.incidents[i].Program = id
		_, err := st.Incidents.CreateIncident(ctx, fx.incidents[i])
		require.NoError(t, err)
	}
	require.NoError(t, st.Escalations.Enqueue(ctx, fx.deliveries))
	for _, d := range fx.deliveries {
		require.NoError(t, st.Escalations.Settle(ctx, d))
	}
	fx.stores = st
	return fx
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", name), got, *update)
}

// TestGolden renders the daily report of each kind of day and the
// monthly brief in every format, language and audience.
func TestGolden(t *testing.T) {
	fx := loadFixture(t)
	ctx := context.Background()
	docs := map[string]any{}
	for _, day := range []string{"2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"} {
		r, err := report.DailyFromStore(ctx, fx.stores, "nanhuan-2", watch.MustParseDate(day), time.Time{})
		require.NoError(t, err)
		docs["daily-"+day] = r
	}
	b, err := report.MonthlyFromStore(ctx, fx.stores, "nanhuan-2", 2026, time.December, report.GoalSet{}, time.Time{})
	require.NoError(t, err)
	docs["monthly-2026-12"] = b

	for name, doc := range docs {
		for _, aud := range []report.Audience{report.AudiencePublic, report.AudienceOffice, report.AudiencePolice} {
			formats := []report.Format{report.FormatJSON, report.FormatText, report.FormatMarkdown, report.FormatCSV}
			if _, ok := doc.(report.MonthlyBrief); ok {
				formats = append(formats, report.FormatHTML)
			}
			for _, f := range formats {
				langs := []report.Lang{report.LangZh, report.LangEn}
				if f == report.FormatJSON {
					langs = langs[:1]
				}
				for _, lang := range langs {
					file := name + "." + string(aud) + "." + string(lang) + "." + string(f)
					if f == report.FormatJSON {
						file = name + "." + string(aud) + ".json"
					}
					t.Run(file, func(t *testing.T) {
						var buf bytes.Buffer
						require.NoError(t, report.Render(&buf, doc, f, lang, aud))
						golden(t, file, buf.Bytes())
						if f == report.FormatJSON {
							var en bytes.Buffer
							require.NoError(t, report.Render(&en, doc, f, report.LangEn, aud))
							require.Equal(t, buf.String(), en.String(), "JSON does not depend on the language")
						}
					})
				}
			}
		}
	}
}
