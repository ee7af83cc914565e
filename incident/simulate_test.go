package incident_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

const examples = "../testdata/examples/"

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(examples + name)
	require.NoError(t, err)
	return data
}

func examplePolicy(t testing.TB) *incident.Policy {
	p, err := incident.LoadPolicy(bytes.NewReader(read(t, "policy.json")))
	require.NoError(t, err)
	return p
}

func exampleIncidents(t testing.TB) []watch.Incident {
	incs, err := watch.LoadIncidents(bytes.NewReader(read(t, "incidents.json")))
	require.NoError(t, err)
	return incs
}

func TestSimulateExample(t *testing.T) {
	var want struct {
		Until         time.Time         `json:"until"`
		Notifications []json.RawMessage `json:"notifications"`
	}
	require.NoError(t, json.Unmarshal(read(t, "notifications.json"), &want))
	got := incident.Simulate(examplePolicy(t), exampleIncidents(t), want.Until)
	out, err := json.Marshal(got)
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want.Notifications)
	require.NoError(t, err)
	require.JSONEq(t, string(wantJSON), string(out))

	// Byte for byte, the same twice.
	again, _ := json.Marshal(incident.Simulate(examplePolicy(t), exampleIncidents(t), want.Until))
	require.Equal(t, string(out), string(again))
}

func TestSimulateUntilIsInclusive(t *testing.T) {
	p := examplePolicy(t)
	incs := exampleIncidents(t)[:1]
	at := incs[0].Reported()
	require.Len(t, incident.Simulate(p, incs, at), 1, "a step due at until is emitted")
	require.Empty(t, incident.Simulate(p, incs, at.Add(-time.Nanosecond)))
}

func TestMatchAndExplain(t *testing.T) {
	p := examplePolicy(t)
	incs := exampleIncidents(t)
	names := func(rs []incident.Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	require.Equal(t, []string{"everything-else"}, names(p.Match(incs[0])))
	require.Equal(t, []string{"danger-now"}, names(p.Match(incs[1])), "danger-now stops before night-watch")
	require.Equal(t, []string{"everything-else"}, names(p.Match(incs[2])), "21:59:59 is not in [22:00, 06:00)")
	require.Equal(t, []string{"night-watch", "everything-else"}, names(p.Match(incs[5])))

	tr := p.Explain(incs[2])
	require.Equal(t, "inc-0414", tr.Incident)
	require.Len(t, tr.Rules, 3)
	require.Equal(t, incident.FieldKinds, tr.Rules[0].Field)
	require.Equal(t, incident.FieldTime, tr.Rules[1].Field)
	require.Contains(t, tr.Rules[1].Reason, "21:59:59")
	require.True(t, tr.Rules[2].Applied)
	require.True(t, tr.Rules[2].Steps[0].Settled == false)
	require.Equal(t, watch.EventType(""), tr.Rules[2].Steps[1].SettledBy, "unless resolved: the acknowledgement does not settle it")

	tr = p.Explain(incs[3]) // the fire, acknowledged at 02:13
	require.True(t, tr.Rules[0].Stops)
	require.False(t, tr.Rules[1].Tried)
	require.Equal(t, watch.EventAcknowledged, tr.Rules[0].Steps[1].SettledBy)
	require.Equal(t, "2026-04-15T02:13:00+08:00", watch.FormatInstant(tr.Rules[0].Steps[1].Due))
	require.Contains(t, tr.String(), "step 1 at 2026-04-15T02:13:00+08:00 -> police_liaison: settled by acknowledged")
	require.Contains(t, tr.String(), "night-watch: not tried")
}

func TestSimulateWithoutZone(t *testing.T) {
	p, err := incident.LoadPolicy(bytes.NewReader([]byte(`{"rules": [{"name": "all", "match": {}, "steps": [{"after": "1h", "notify": ["community_office"]}]}]}`)))
	require.NoError(t, err)
	incs := []watch.Incident{{ID: "a", Kind: watch.KindOther, Severity: watch.SeverityMinor,
		OccurredAt: time.Date(2026, 4, 1, 8, 0, 0, 0, time.FixedZone("", -5*3600))}}
	out, err := json.Marshal(incident.Simulate(p, incs, incs[0].OccurredAt.Add(2*time.Hour)))
	require.NoError(t, err)
	require.JSONEq(t, `[{"incident": "a", "rule": "all", "step": 0, "target": "community_office", "at": "2026-04-01T09:00:00-05:00"}]`, string(out))
}

// TestSimulateSortsAcrossCenturies: notifications sort by instant even
// where nanoseconds since 1970 overflow (after 2262).
func TestSimulateSortsAcrossCenturies(t *testing.T) {
	p := examplePolicy(t)
	at := func(s string) time.Time { x, err := watch.ParseInstant(s); require.NoError(t, err); return x }
	incs := []watch.Incident{
		{ID: "late", Kind: watch.KindOther, Severity: watch.SeverityMinor, OccurredAt: at("2300-01-01T10:00:00+08:00")},
		{ID: "early", Kind: watch.KindOther, Severity: watch.SeverityMinor, OccurredAt: at("2026-01-01T10:00:00+08:00")},
		{ID: "old", Kind: watch.KindOther, Severity: watch.SeverityMinor, OccurredAt: at("1700-01-01T10:00:00+08:00")},
	}
	ns := incident.Simulate(p, incs, at("9999-12-31T23:59:59+08:00"))
	var order []string
	for _, n := range ns {
		if n.Step == 0 {
			order = append(order, n.Incident)
		}
	}
	require.Equal(t, []string{"old", "early", "late"}, order)
}
