package incident_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func TestLoadPolicyRefuses(t *testing.T) {
	const base = `{"timezone": "Asia/Shanghai", "targets": [{"id": "police_110"}, {"id": "community_office"}, {"id": "police_liaison"}],
	 "rules": [{"name": "danger-now", "match": {"kinds": ["fire"], "min_severity": "minor", "time": {"from": "22:00", "to": "06:00"}},
	            "steps": [{"after": "0s", "notify": ["police_110", "community_office"]}, {"after": "10m", "notify": ["police_liaison"], "unless": "resolved"}]},
	           {"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`
	_, err := incident.LoadPolicy(strings.NewReader(base))
	require.NoError(t, err)
	cases := []struct{ name, old, new, want string }{
		{"unknown kind", `["fire"]`, `["fires"]`, `rules[0].match.kinds[0]: "fires" is not a built-in or declared kind (rule "danger-now")`},
		{"unknown severity", `"min_severity": "minor"`, `"min_severity": "low"`, `rules[0].match.min_severity: "low" is not a severity (want minor, major or critical) (rule "danger-now")`},
		{"negative duration", `"after": "10m"`, `"after": "-10m"`, `rules[0].steps[1].after: "-10m0s" must not be negative (rule "danger-now")`},
		{"unparsable duration", `"after": "10m"`, `"after": "ten minutes"`, `rules[0].steps[1].after: "ten minutes" is not a duration (want Go syntax: 90s, 10m, 1h30m) (rule "danger-now")`},
		{"steps out of order", `"after": "0s", "notify": ["police_110"`, `"after": "1h", "notify": ["police_110"`, `rules[0].steps[1].after: "10m0s" comes before the step before it (1h0m0s)`},
		{"step with no target", `"notify": ["police_liaison"]`, `"notify": []`, `rules[0].steps[1].notify: [] is an empty list: leave the key out instead (rule "danger-now")`},
		{"target twice", `["police_110", "community_office"]`, `["police_110", "police_110"]`, `rules[0].steps[0].notify[1]: "police_110" is named twice in one step (rule "danger-now")`},
		{"undeclared target", `["police_liaison"]`, `["police_liason"]`, `rules[0].steps[1].notify[0]: "police_liason" is not one of the policy's targets (rule "danger-now")`},
		{"duplicate rule name", `"name": "rest"`, `"name": "danger-now"`, `rules[1].name: "danger-now" is the name of rules[0] too (rule "danger-now")`},
		{"empty rule name", `"name": "rest"`, `"name": ""`, `rules[1].name: "" is empty`},
		{"rule with no steps", `"steps": [{"after": "0s", "notify": ["community_office"]}]}]}`, `"steps": []}]}`, `rules[1].steps: [] is an empty list: leave the key out instead (rule "rest")`},
		{"rule without steps", `, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`, `}]}`, `rules[1].steps: is required (rule "rest")`},
		{"unknown unless", `"unless": "resolved"`, `"unless": "closed"`, `rules[0].steps[1].unless: "closed" is not acknowledged or resolved (rule "danger-now")`},
		{"time match without zone", `"timezone": "Asia/Shanghai", `, ``, `rules[0].match.time: needs a zone`},
		{"empty window", `"to": "06:00"`, `"to": "22:00"`, `rules[0].match.time.to: "22:00" equals from`},
		{"unknown key", `"min_severity"`, `"severity"`, `rules[0].match.severity: is not a known key (rule "danger-now")`},
		{"unknown zone", `Asia/Shanghai`, `Asia/Nowhere`, `timezone: "Asia/Nowhere" is not a known IANA time zone`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, base, tc.old)
			_, err := incident.LoadPolicy(strings.NewReader(strings.Replace(base, tc.old, tc.new, 1)))
			require.ErrorIs(t, err, watch.ErrInvalid)
			require.ErrorContains(t, err, tc.want)
		})
	}
	// --timezone supplies the zone a time match needs.
	noZone := strings.Replace(base, `"timezone": "Asia/Shanghai", `, ``, 1)
	p, err := incident.LoadPolicyWith(strings.NewReader(noZone), incident.LoadOptions{Timezone: "Europe/London"})
	require.NoError(t, err)
	require.Equal(t, "Europe/London", p.Location().String())
}

func TestLint(t *testing.T) {
	require.Empty(t, examplePolicy(t).Lint(), "the example policy is clean")
	cases := []struct {
		name, policy string
		want         []string
	}{
		{"no catch-all", `{"rules": [{"name": "fire", "match": {"kinds": ["fire"]}, "steps": [{"after": "0s", "notify": ["police_110"]}]}]}`,
			[]string{`no_catch_all: rule "fire"`, `danger_not_called: a suspicious_person incident (minor, at 00:00)`}},
		{"unreachable", `{"rules": [
			{"name": "all", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "fire", "match": {"kinds": ["fire"]}, "steps": [{"after": "0s", "notify": ["police_110"]}]}]}`,
			[]string{`no_catch_all: rule "fire"`, `unreachable: rule "fire": never applies: rule "all"`}},
		{"continue keeps it reachable", `{"rules": [
			{"name": "all", "continue": true, "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`, nil},
		{"narrower window is covered", `{"timezone": "UTC", "rules": [
			{"name": "night", "match": {"time": {"from": "21:00", "to": "07:00"}}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "late", "match": {"time": {"from": "23:00", "to": "01:00"}, "kinds": ["theft"]}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`,
			[]string{`unreachable: rule "late": never applies: rule "night"`}},
		{"wider window is not", `{"timezone": "UTC", "rules": [
			{"name": "night", "match": {"time": {"from": "23:00", "to": "01:00"}}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "late", "match": {"time": {"from": "21:00", "to": "07:00"}}, "steps": [{"after": "0s", "notify": ["community_office"]}]},
			{"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`, nil},
		{"danger reaches only the liaison at night", `{"timezone": "Asia/Shanghai", "rules": [
			{"name": "night-fire", "match": {"kinds": ["fire"], "time": {"from": "22:00", "to": "06:00"}}, "steps": [{"after": "0s", "notify": ["police_liaison"]}]},
			{"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`,
			[]string{`danger_not_called: rule "night-fire": a fire incident (minor, at 00:00) does not notify police_110 or community_office at 0s`}},
		{"danger called only after a delay", `{"rules": [
			{"name": "rest", "match": {}, "steps": [{"after": "5m", "notify": ["community_office"]}]}]}`,
			[]string{`danger_not_called: rule "rest": a suspicious_person incident`, `danger_not_called: rule "rest": a homicide incident`}},
		{"target typos", `{"rules": [
			{"name": "rest", "match": {}, "steps": [{"after": "0s", "notify": ["community_office", "police_110"]}, {"after": "1h", "notify": ["comunity_office", "polcie_110"]}]}]}`,
			[]string{`target_typo: targets "community_office" and "comunity_office" are one edit apart`, `target_typo: targets "polcie_110" and "police_110"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := incident.LoadPolicy(strings.NewReader(tc.policy))
			require.NoError(t, err)
			var got []string
			for _, w := range p.Lint() {
				got = append(got, w.String())
			}
			if tc.want == nil {
				require.Empty(t, got)
			}
			for _, w := range tc.want {
				require.True(t, containsPrefix(got, w), "want %q in\n%s", w, strings.Join(got, "\n"))
			}
		})
	}
}

func containsPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestIntake(t *testing.T) {
	pf, err := watch.LoadProgramFile(bytes.NewReader(read(t, "program.json")))
	require.NoError(t, err)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	good := watch.Incident{ID: "inc-1", Kind: watch.KindSuspiciousPerson, Severity: watch.SeverityMinor,
		OccurredAt: now.Add(-time.Hour), Beat: "market", ContactPoint: "cp-market", ReportedBy: "v03"}
	require.NoError(t, incident.CheckNew(pf, good, now))

	bad := good
	bad.Kind, bad.Beat, bad.ContactPoint, bad.ReportedBy, bad.Program = "noise", "west", "cp-west", "v99", "other"
	bad.ReportedAt = now.Add(time.Hour)
	fes := watch.FieldErrors(incident.CheckNew(pf, bad, now))
	var paths []string
	for _, fe := range fes {
		paths = append(paths, fe.Path)
	}
	require.Equal(t, []string{"kind", "program", "beat", "contact_point", "reported_by", "reported_at"}, paths)

	ack := watch.Event{Type: watch.EventAcknowledged, At: now}
	require.NoError(t, incident.CheckEvent(good, ack))
	good.Events = []watch.Event{ack}
	require.ErrorContains(t, incident.CheckEvent(good, ack), `type: "acknowledged" is not legal when the incident is acknowledged`)
	require.ErrorContains(t, incident.CheckEvent(good, watch.Event{Type: watch.EventResolved, At: now.Add(-time.Minute)}), "at: ")
	require.NoError(t, incident.CheckEvent(good, watch.Event{Type: watch.EventResolved, At: now}), "equal instants are allowed")
}

func FuzzLoadPolicy(f *testing.F) {
	f.Add(read(f, "policy.json"))
	f.Add([]byte(`{"rules": [{"name": "a", "match": {"time": {"from": "22:00", "to": "06:00"}}, "steps": [{"after": "-1s", "notify": ["x", "x"]}]}]}`))
	f.Add([]byte(`{"timezone": "UTC", "rules": [{"name": "a", "continue": true, "match": {"police_case": true, "tags": ["t"]}, "steps": [{"after": "1h", "notify": ["x"], "unless": "resolved"}]}]}`))
	incs := exampleIncidents(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := incident.LoadPolicy(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, p)
			return
		}
		// A policy that loads evaluates without panicking, deterministically.
		until := time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
		a := incident.Simulate(p, incs, until)
		require.Equal(t, a, incident.Simulate(p, incs, until))
		p.Lint()
		for _, inc := range incs {
			p.Explain(inc)
		}
	})
}
