package incident_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
)

// patrolEstate is a programme with an evening patrol 18:30-21:00 on its rota,
// kept in a memstore, and the Nanhuan policy with its overdue rule.
type patrolEstate struct {
	stores watch.Stores
	policy *incident.Policy
	loc    *time.Location
	mu     sync.Mutex
	sent   []watch.Delivery
}

func newPatrolEstate(t *testing.T, zone string, rules watch.RotaRules, start, end string) *patrolEstate {
	t.Helper()
	ctx := context.Background()
	f, err := os.Open("../examples/nanhuan/policy.json")
	require.NoError(t, err)
	defer f.Close()
	pol, err := incident.LoadPolicy(f)
	require.NoError(t, err)
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	st := memstore.New().Stores()
	rec := watch.ProgramRecord{Program: watch.Program{ID: "p", Timezone: zone},
		Beats:         []watch.Beat{{ID: "north", Name: "北片"}},
		ContactPoints: []watch.ContactPoint{{ID: "cp-north", Name: "北门"}},
		Shifts:        []watch.Shift{{ID: "evening", Beat: "north", Start: watch.MustParseClock(start), End: watch.MustParseClock(end), Need: 2}},
		Policy:        rules,
		Horizon:       watch.DateRange{From: watch.MustParseDate("2026-03-07"), To: watch.MustParseDate("2026-12-31")}}
	require.NoError(t, st.Programs.PutProgram(ctx, rec))
	for _, v := range []string{"v01", "v02"} {
		require.NoError(t, st.Volunteers.PutVolunteer(ctx, "p", watch.Volunteer{ID: v, BirthDate: watch.MustParseDate("1955-01-01")}))
	}
	return &patrolEstate{stores: st, policy: pol, loc: loc}
}

func (e *patrolEstate) escalator(t *testing.T) *incident.Escalator {
	t.Helper()
	esc, err := incident.NewEscalator(e.stores, "p", e.policy, incident.NotifierFunc(func(_ context.Context, n incident.Notice) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.sent = append(e.sent, n.Delivery)
		return nil
	}), incident.EscalatorOptions{Seed: 1})
	require.NoError(t, err)
	return esc
}

// tick runs the escalator every minute from..to (inclusive).
func tickEvery(t *testing.T, esc *incident.Escalator, from, to time.Time) {
	t.Helper()
	for now := from; !now.After(to); now = now.Add(time.Minute) {
		_, err := esc.Tick(context.Background(), now)
		require.NoError(t, err)
	}
}

func (e *patrolEstate) targets() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, d := range e.sent {
		out = append(out, d.Target)
	}
	return out
}

func (e *patrolEstate) start(t *testing.T, date string, at, expectedEnd time.Time) watch.PatrolSession {
	t.Helper()
	ses, err := incident.StartPatrol(context.Background(), e.stores, "p", incident.PatrolStart{Shift: "evening",
		Date: watch.MustParseDate(date), Beat: "north", Volunteers: []string{"v01", "v02"}, ExpectedEnd: expectedEnd, At: at, By: "v01"})
	require.NoError(t, err)
	return ses
}

func (e *patrolEstate) at(date string, hour, min int) time.Time {
	d := watch.MustParseDate(date)
	return time.Date(d.Year, d.Month, d.Day, hour, min, 0, 0, e.loc)
}

func TestPatrolEndedInTimeRaisesNothing(t *testing.T) {
	e := newPatrolEstate(t, "Asia/Shanghai", watch.RotaRules{}, "18:30", "21:00")
	ses := e.start(t, "2026-12-03", e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 0))
	esc := e.escalator(t)
	tickEvery(t, esc, e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 14))
	_, err := incident.EndPatrol(context.Background(), e.stores, "p", ses.ID, incident.PatrolEnd{At: e.at("2026-12-03", 21, 14), By: "v01", AllNormal: true})
	require.NoError(t, err)
	tickEvery(t, esc, e.at("2026-12-03", 21, 15), e.at("2026-12-03", 22, 30))
	require.Empty(t, e.targets(), "a patrol back within the grace alarms nobody")
	_, err = e.stores.Incidents.GetIncident(context.Background(), "p", incident.OverdueID(ses.ID))
	require.ErrorIs(t, err, watch.ErrNotFound)
	logs, err := e.stores.Patrols.ListPatrols(context.Background(), "p", watch.DateRange{From: ses.Date, To: ses.Date})
	require.NoError(t, err)
	require.Len(t, logs, 1, "the finished patrol is the day's patrol log")
	require.True(t, logs[0].AllNormal)
}

func TestPatrolEndedLateIsSettled(t *testing.T) {
	e := newPatrolEstate(t, "Asia/Shanghai", watch.RotaRules{}, "18:30", "21:00")
	ses := e.start(t, "2026-12-03", e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 0))
	esc := e.escalator(t)
	// The grace is 15 minutes: the alarm goes off at 21:15.
	tickEvery(t, esc, e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 15))
	require.Equal(t, []string{"duty_leader"}, e.targets(), "the duty leader at once")
	_, err := incident.EndPatrol(context.Background(), e.stores, "p", ses.ID, incident.PatrolEnd{At: e.at("2026-12-03", 21, 16), By: "v01"})
	require.NoError(t, err)
	tickEvery(t, esc, e.at("2026-12-03", 21, 16), e.at("2026-12-03", 22, 30))
	require.Equal(t, []string{"duty_leader"}, e.targets(), "back at 21:16: the office and 110 are not called")
	inc, err := e.stores.Incidents.GetIncident(context.Background(), "p", incident.OverdueID(ses.ID))
	require.NoError(t, err)
	require.Equal(t, watch.StateResolved, inc.State())
	require.Equal(t, watch.EventNote, inc.Events[0].Type, "settled with a note")
	require.Contains(t, inc.Events[0].Text, "1m0s after its deadline")
	// Ending again changes nothing.
	_, err = incident.EndPatrol(context.Background(), e.stores, "p", ses.ID, incident.PatrolEnd{At: e.at("2026-12-03", 21, 20)})
	require.NoError(t, err)
	again, err := e.stores.Incidents.GetIncident(context.Background(), "p", inc.ID)
	require.NoError(t, err)
	require.Equal(t, inc.Version, again.Version)
}

func TestPatrolNeverBackClimbsTo110Once(t *testing.T) {
	e := newPatrolEstate(t, "Asia/Shanghai", watch.RotaRules{PatrolGrace: watch.Duration(10 * time.Minute)}, "18:30", "21:00")
	e.start(t, "2026-12-03", e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 0))
	first := e.escalator(t)
	tickEvery(t, first, e.at("2026-12-03", 18, 30), e.at("2026-12-03", 21, 25))
	require.Equal(t, []string{"duty_leader", "community_office"}, e.targets(), "10 minutes unacknowledged: the office")
	// The escalator restarts: a new one on the same store raises no
	// second alarm and carries on to 110 at 30 minutes.
	second := e.escalator(t)
	tickEvery(t, second, e.at("2026-12-03", 21, 26), e.at("2026-12-03", 23, 0))
	require.Equal(t, []string{"duty_leader", "community_office", "police_110"}, e.targets())
	page, err := e.stores.Incidents.ListIncidents(context.Background(), watch.IncidentQuery{Program: "p"})
	require.NoError(t, err)
	require.Len(t, page.Incidents, 1, "one alarm")
	inc := page.Incidents[0]
	require.Equal(t, watch.KindPatrolOverdue, inc.Kind)
	require.Equal(t, e.at("2026-12-03", 21, 10).UTC(), inc.OccurredAt.UTC(), "the deadline: the end plus the grace")
	require.Equal(t, "north", inc.Beat)
	require.Contains(t, inc.Description, "v01, v02")
	for _, d := range e.sent {
		if d.Target == "police_110" {
			require.Equal(t, e.at("2026-12-03", 21, 40).UTC(), d.DueAt.UTC(), "110 after 30 minutes")
		}
	}
}

func TestCheckInIntervalAcrossMidnight(t *testing.T) {
	e := newPatrolEstate(t, "Asia/Shanghai", watch.RotaRules{CheckInEvery: watch.Duration(time.Hour)}, "23:00", "03:00")
	ses := e.start(t, "2026-12-03", e.at("2026-12-03", 23, 0), e.at("2026-12-04", 3, 0))
	esc := e.escalator(t)
	tickEvery(t, esc, e.at("2026-12-03", 23, 0), e.at("2026-12-03", 23, 50))
	_, err := incident.CheckIn(context.Background(), e.stores, "p", ses.ID, watch.SessionEvent{At: e.at("2026-12-03", 23, 50), By: "v02", Place: "cp-north"})
	require.NoError(t, err)
	tickEvery(t, esc, e.at("2026-12-03", 23, 51), e.at("2026-12-04", 0, 49))
	require.Empty(t, e.targets(), "checked in at 23:50: nothing before 00:50")
	tickEvery(t, esc, e.at("2026-12-04", 0, 50), e.at("2026-12-04", 0, 50))
	require.Equal(t, []string{"duty_leader"}, e.targets(), "no check-in for an hour: the alarm")
	inc, err := e.stores.Incidents.GetIncident(context.Background(), "p", incident.OverdueID(ses.ID))
	require.NoError(t, err)
	require.Equal(t, "cp-north", inc.ContactPoint, "last seen at the north gate")
	// The night patrol belongs to the date it started.
	_, err = incident.EndPatrol(context.Background(), e.stores, "p", ses.ID, incident.PatrolEnd{At: e.at("2026-12-04", 1, 0), By: "v01"})
	require.NoError(t, err)
	logs, err := e.stores.Patrols.ListPatrols(context.Background(), "p", watch.DateRange{From: watch.MustParseDate("2026-12-03"), To: watch.MustParseDate("2026-12-03")})
	require.NoError(t, err)
	require.Len(t, logs, 1)
}

func TestCheckInIntervalAcrossClockChange(t *testing.T) {
	// New York, 8 March 2026: at 02:00 the clocks go to 03:00. A patrol
	// that set out at 01:15 with an hourly check-in is due to check in
	// by 03:15 on the clock: one hour of absolute time later.
	e := newPatrolEstate(t, "America/New_York", watch.RotaRules{CheckInEvery: watch.Duration(time.Hour)}, "01:00", "05:00")
	startAt := e.at("2026-03-08", 1, 15)
	e.start(t, "2026-03-08", startAt, e.at("2026-03-08", 5, 0))
	esc := e.escalator(t)
	tickEvery(t, esc, startAt, startAt.Add(59*time.Minute))
	require.Empty(t, e.targets())
	require.Equal(t, "03:14", startAt.Add(59*time.Minute).In(e.loc).Format("15:04"))
	tickEvery(t, esc, startAt.Add(60*time.Minute), startAt.Add(60*time.Minute))
	require.Equal(t, []string{"duty_leader"}, e.targets(), "an hour of absolute time: 03:15 on the clock")
}

func TestStartPatrolFromTheRota(t *testing.T) {
	e := newPatrolEstate(t, "Asia/Shanghai", watch.RotaRules{}, "18:30", "21:00")
	ctx := context.Background()
	day := watch.MustParseDate("2026-12-03")
	_, err := e.stores.Rotas.SaveRota(ctx, watch.Rota{Program: "p", Horizon: watch.DateRange{From: day, To: day},
		Assignments: []watch.Assignment{{Shift: "evening", Date: day, Beat: "north", Start: e.at("2026-12-03", 18, 30), End: e.at("2026-12-03", 21, 0), Volunteers: []string{"v01", "v02"}}}})
	require.NoError(t, err)
	ses, err := incident.StartPatrol(ctx, e.stores, "p", incident.PatrolStart{Shift: "evening", Date: day, At: e.at("2026-12-03", 18, 35), By: "v02"})
	require.NoError(t, err)
	require.Equal(t, "evening-2026-12-03", ses.ID)
	require.Equal(t, []string{"v01", "v02"}, ses.Volunteers)
	require.True(t, e.at("2026-12-03", 21, 0).Equal(ses.ExpectedEnd))
	_, err = incident.StartPatrol(ctx, e.stores, "p", incident.PatrolStart{Shift: "evening", Date: day, At: e.at("2026-12-03", 18, 40)})
	require.ErrorIs(t, err, watch.ErrConflict, "started already")
	_, err = incident.StartPatrol(ctx, e.stores, "p", incident.PatrolStart{Shift: "evening", Date: day.AddDays(1), At: e.at("2026-12-04", 18, 40)})
	require.ErrorIs(t, err, watch.ErrNotFound, "not on the rota")
}

func TestPatrolsNeedASessionStore(t *testing.T) {
	st := memstore.New().Stores()
	st.Sessions = nil
	ctx := context.Background()
	_, err := incident.StartPatrol(ctx, st, "p", incident.PatrolStart{Shift: "s", Date: watch.MustParseDate("2026-12-01")})
	require.ErrorContains(t, err, "stores.sessions")
	_, err = incident.CheckIn(ctx, st, "p", "x", watch.SessionEvent{})
	require.ErrorContains(t, err, "stores.sessions")
	_, err = incident.EndPatrol(ctx, st, "p", "x", incident.PatrolEnd{})
	require.ErrorContains(t, err, "stores.sessions")
}
