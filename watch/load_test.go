package watch_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

const examples = "../testdata/examples/"

func open(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(examples + name)
	require.NoError(t, err)
	return data
}

func TestLoadExamples(t *testing.T) {
	pf, err := watch.LoadProgramFile(bytes.NewReader(open(t, "program.json")))
	require.NoError(t, err)
	require.Equal(t, "nanhuan-2", pf.Program.ID)
	require.Equal(t, 5421, pf.Program.Community.Residents)
	require.Len(t, pf.Volunteers, 12)
	require.False(t, pf.Volunteers[10].IsActive())
	require.Equal(t, watch.MustParseDate("1944-02-29"), pf.Volunteers[8].BirthDate)
	require.Equal(t, 2, pf.Policy.Team())
	loc, err := pf.Location()
	require.NoError(t, err)
	require.Equal(t, "Asia/Shanghai", loc.String())

	incs, err := watch.LoadIncidents(bytes.NewReader(open(t, "incidents.json")))
	require.NoError(t, err)
	require.Len(t, incs, 6)
	require.Equal(t, watch.StateResolved, incs[0].State())
	require.Equal(t, watch.StateVoided, incs[4].State())
	require.True(t, incs[4].Voided())
	require.Equal(t, watch.StateOpen, incs[5].State())
	require.Equal(t, incs[2].OccurredAt, incs[2].Reported(), "reported_at defaults to occurred_at")
	require.Equal(t, watch.StateOpen, incs[0].StateAt(incs[0].OccurredAt))
}

// TestRotaRoundTrip: a rota written by armband reads back and writes out
// byte for byte as the example.
func TestRotaRoundTrip(t *testing.T) {
	data := open(t, "rota-tiny.json")
	r, err := watch.LoadRota(bytes.NewReader(data))
	require.NoError(t, err)
	out, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	require.Equal(t, string(bytes.TrimSpace(data)), string(out))
}

func TestInstantsWrittenWithOffset(t *testing.T) {
	inc := watch.Incident{ID: "x", Kind: watch.KindFire, Severity: watch.SeverityMajor,
		OccurredAt: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC),
		Events:     []watch.Event{{Type: watch.EventNote, At: time.Date(2026, 4, 1, 8, 0, 0, 500, time.UTC), Text: "x"}}}
	out, err := json.Marshal(inc)
	require.NoError(t, err)
	require.Contains(t, string(out), `"occurred_at":"2026-04-01T08:00:00+00:00"`)
	require.Contains(t, string(out), `"at":"2026-04-01T08:00:00.0000005+00:00"`)
	require.NotContains(t, string(out), "reported_at")
	require.NotContains(t, string(out), "Z\"")
}

func TestFieldErrors(t *testing.T) {
	doc := `{"program": {"id": "x", "timezone": "UTC"},
	 "volunteers": [{"id": "a", "birth_date": "1954-13-01"}, {"id": "a", "birth_date": "1950-01-01", "phone": 5}]}`
	_, err := watch.LoadProgramFile(strings.NewReader(doc))
	require.ErrorIs(t, err, watch.ErrInvalid)
	fes := watch.FieldErrors(err)
	require.Len(t, fes, 3)
	require.Equal(t, watch.FieldError{Path: "volunteers[0].birth_date", Value: `"1954-13-01"`, Reason: "is not a date (want YYYY-MM-DD)"}, *fes[0])
	require.Equal(t, "volunteers[1].phone", fes[1].Path)
	require.Equal(t, "5", fes[1].Value)
	require.Equal(t, "volunteers[1].id", fes[2].Path)
	require.Equal(t, `volunteers[0].birth_date: "1954-13-01" is not a date (want YYYY-MM-DD)`, fes[0].Error())

	wrapped := fmt.Errorf("loading: %w", err)
	require.Len(t, watch.FieldErrors(wrapped), 3)
	require.ErrorIs(t, wrapped, watch.ErrInvalid)
}

func TestLoadNeverHalfReturns(t *testing.T) {
	pf, err := watch.LoadProgramFile(strings.NewReader(`{"program": {"id": "x", "timezone": "Nowhere/Land"}}`))
	require.Error(t, err)
	require.Nil(t, pf)
	incs, err := watch.LoadIncidents(strings.NewReader(`[{"id": "a", "kind": "fire", "severity": "minor", "occurred_at": "2026-04-01T08:00:00+08:00"}, {"id": "b"}]`))
	require.Error(t, err)
	require.Nil(t, incs)
	require.Len(t, watch.FieldErrors(err), 3, "b lacks kind, severity and occurred_at: %v", err)
}

func TestDeclaredKinds(t *testing.T) {
	doc := `[{"id": "a", "kind": "noise", "severity": "minor", "occurred_at": "2026-04-01T08:00:00+08:00"}]`
	_, err := watch.LoadIncidents(strings.NewReader(doc))
	require.ErrorContains(t, err, `[0].kind: "noise" is not a built-in or declared kind`)
	incs, err := watch.LoadIncidents(strings.NewReader(doc), watch.KindDef{ID: "noise", Name: "噪音扰民", NameEn: "Noise"})
	require.NoError(t, err)
	require.Equal(t, watch.Kind("noise"), incs[0].Kind)

	ks, err := watch.NewKinds([]watch.KindDef{{ID: "noise"}})
	require.NoError(t, err)
	require.True(t, ks.Has("noise"))
	require.True(t, ks.Has(watch.KindFire))
	require.Len(t, ks.All(), 19)
	d, ok := ks.Lookup(watch.KindCollectivePetition)
	require.True(t, ok)
	require.Equal(t, "集访事件", d.Name)
	_, err = watch.NewKinds([]watch.KindDef{{ID: "fire"}})
	require.ErrorIs(t, err, watch.ErrInvalid)
	require.Len(t, watch.BuiltinKinds(), 18)
}

func TestStateApply(t *testing.T) {
	all := []watch.State{watch.StateOpen, watch.StateAcknowledged, watch.StateResolved, watch.StateVoided}
	legal := map[watch.EventType]map[watch.State]watch.State{
		watch.EventAcknowledged: {watch.StateOpen: watch.StateAcknowledged},
		watch.EventResolved:     {watch.StateOpen: watch.StateResolved, watch.StateAcknowledged: watch.StateResolved},
		watch.EventVoided:       {watch.StateOpen: watch.StateVoided, watch.StateAcknowledged: watch.StateVoided, watch.StateResolved: watch.StateVoided},
		watch.EventNote:         {watch.StateOpen: watch.StateOpen, watch.StateAcknowledged: watch.StateAcknowledged, watch.StateResolved: watch.StateResolved, watch.StateVoided: watch.StateVoided},
	}
	for et, table := range legal {
		for _, s := range all {
			next, err := s.Apply(et)
			if want, ok := table[s]; ok {
				require.NoError(t, err, "%s when %s", et, s)
				require.Equal(t, want, next)
			} else {
				require.ErrorIs(t, err, watch.ErrInvalid, "%s when %s", et, s)
				require.Equal(t, s, next)
			}
		}
	}
	_, err := watch.StateOpen.Apply("reopened")
	require.ErrorContains(t, err, "is not an event type")
}

func TestVersionError(t *testing.T) {
	err := fmt.Errorf("append: %w", &watch.VersionError{Expected: 3, Actual: 4})
	require.ErrorIs(t, err, watch.ErrConflict)
	require.NotErrorIs(t, err, watch.ErrInvalid)
	var ve *watch.VersionError
	require.True(t, errors.As(err, &ve))
	require.Equal(t, 4, ve.Actual)
	require.Equal(t, "append: version conflict: expected version 3, found 4", err.Error())
}

func TestVolunteerMasksPersonalData(t *testing.T) {
	v := watch.Volunteer{ID: "v01", Name: "张三", Phone: "13900000001", BirthDate: watch.MustParseDate("1954-03-14")}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("assigned", "volunteer", v)
	log.Info("assigned", "volunteer", &v)
	for _, s := range []string{buf.String(), v.String(), fmt.Sprint(v), fmt.Sprintf("%v %+v %#v %s", v, v, v, v), fmt.Sprintf("%v", &v)} {
		require.Contains(t, s, "v01")
		for _, secret := range []string{"张三", "13900000001", "1954"} {
			require.NotContains(t, s, secret)
		}
	}
}

func TestLimits(t *testing.T) {
	c := func(s string) *watch.Clock { x := watch.MustParseClock(s); return &x }
	no := false
	p := watch.RotaRules{AgeBands: []watch.AgeBand{
		{FromAge: 70, MaxShiftHours: 5, EarliestStart: c("07:00"), LatestEnd: c("20:00")}, // an older band never loosens
		{FromAge: 60, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("08:00"), LatestEnd: c("21:00")},
		{FromAge: 80, Eligible: &no},
	}}
	require.Equal(t, watch.Limits{Eligible: true}, p.Limits(59))
	require.Equal(t, watch.Limits{Eligible: true, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("08:00"), LatestEnd: c("21:00")}, p.Limits(60))
	require.Equal(t, watch.Limits{Eligible: true, MaxShiftHours: 4, MaxHoursPerWeek: 10, EarliestStart: c("08:00"), LatestEnd: c("20:00")}, p.Limits(75))
	require.False(t, p.Limits(80).Eligible)
	require.Equal(t, 2, watch.RotaRules{}.Team())
	require.Equal(t, 1, watch.RotaRules{MinTeam: 1}.Team())
}

func TestFormatVersion(t *testing.T) {
	for format, ok := range map[string]bool{"": true, "armband/v1": true, "armband/v1.3": true, "armband/v2": false, "other/v1": false} {
		doc := `{"format": "` + format + `", "program": {"id": "x", "timezone": "UTC"}}`
		if format == "" {
			doc = `{"program": {"id": "x", "timezone": "UTC"}}`
		}
		_, err := watch.LoadProgramFile(strings.NewReader(doc))
		require.Equal(t, ok, err == nil, "%q: %v", format, err)
	}
}
