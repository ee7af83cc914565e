package incident_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/stretchr/testify/require"
)

var bg = context.Background()

// recorder is a Notifier that keeps every notice and can be told to fail.
type recorder struct {
	mu      sync.Mutex
	notices []incident.Notice
	fail    func(n incident.Notice) error
}

func (r *recorder) Notify(_ context.Context, n incident.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n)
	if r.fail != nil {
		return r.fail(n)
	}
	return nil
}

// lines lists the notices as "incident target +offset" from base, in the
// order they were sent.
func (r *recorder) lines(base time.Time) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []string{}
	for _, n := range r.notices {
		out = append(out, fmt.Sprintf("%s %s +%s", n.Delivery.Incident, n.Delivery.Target, n.Delivery.DueAt.Sub(base)))
	}
	return out
}

var shanghai = mustZone("Asia/Shanghai")

// night is 22:40 in Suzhou, when the seed's suspicious person is seen.
var night = time.Date(2026, 4, 13, 22, 40, 0, 0, shanghai)

// nightPolicy is the seed's rule: a suspicious person reaches 110 and the
// office at once, and the police liaison after 10 minutes unless
// acknowledged.
func nightPolicy(t testing.TB) *incident.Policy {
	t.Helper()
	p, err := incident.LoadPolicy(strings.NewReader(`{"timezone": "Asia/Shanghai", "rules": [
 {"name": "danger-now", "match": {"kinds": ["suspicious_person", "fire"]},
  "steps": [{"after": "0s", "notify": ["police_110", "community_office"]},
            {"after": "10m", "notify": ["police_liaison"]}]},
 {"name": "everything-else", "match": {},
  "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`))
	require.NoError(t, err)
	return p
}

// estate makes a memstore with one programme.
func estate(t testing.TB) (watch.Stores, string) {
	t.Helper()
	s := memstore.New().Stores()
	require.NoError(t, s.Programs.PutProgram(bg, watch.ProgramRecord{
		Program: watch.Program{ID: "nanhuan", Name: "南环第二社区", Timezone: "Asia/Shanghai"},
		Beats:   []watch.Beat{{ID: "market", Name: "南环菜场"}}}))
	return s, "nanhuan"
}

func report(t testing.TB, s watch.Stores, program, id string, kind watch.Kind, at time.Time) {
	t.Helper()
	_, err := s.Incidents.CreateIncident(bg, watch.Incident{Program: program, ID: id, Kind: kind, Severity: watch.SeverityMajor,
		OccurredAt: at, Beat: "market"})
	require.NoError(t, err)
}

func appendEvent(t testing.TB, s watch.Stores, program, id string, typ watch.EventType, at time.Time) {
	t.Helper()
	inc, err := s.Incidents.GetIncident(bg, program, id)
	require.NoError(t, err)
	_, err = s.Incidents.AppendEvent(bg, program, id, inc.Version, watch.Event{Type: typ, At: at})
	require.NoError(t, err)
}

func newEscalator(t testing.TB, s watch.Stores, program string, p *incident.Policy, n incident.Notifier, opt incident.EscalatorOptions) *incident.Escalator {
	t.Helper()
	e, err := incident.NewEscalator(s, program, p, n, opt)
	require.NoError(t, err)
	return e
}

func tick(t testing.TB, e *incident.Escalator, at time.Time) incident.Stats {
	t.Helper()
	st, err := e.Tick(bg, at)
	require.NoError(t, err)
	return st
}

func outcomes(t testing.TB, s watch.Stores, program, id string) []string {
	t.Helper()
	ds, err := s.Escalations.Deliveries(bg, program, id)
	require.NoError(t, err)
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %s", d.Target, d.Outcome))
	}
	sort.Strings(out)
	return out
}

// TestEscalatorSeedTimeline: a suspicious person reported at night
// reaches 110 and the office at once and the police liaison after 10
// minutes; a second one acknowledged at 9 minutes stops the climb.
func TestEscalatorSeedTimeline(t *testing.T) {
	s, prog := estate(t)
	n := &recorder{}
	e := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{})
	report(t, s, prog, "inc-1", watch.KindSuspiciousPerson, night)
	report(t, s, prog, "inc-2", watch.KindSuspiciousPerson, night)
	st := tick(t, e, night)
	require.Equal(t, incident.Stats{Admitted: 2, Due: 4, Sent: 4}, st)
	require.Equal(t, []string{"inc-1 police_110 +0s", "inc-1 community_office +0s", "inc-2 police_110 +0s", "inc-2 community_office +0s"},
		sortedPerIncident(n.lines(night)))
	require.Equal(t, incident.Stats{}, tick(t, e, night.Add(9*time.Minute)), "nothing is due at 9 minutes")
	appendEvent(t, s, prog, "inc-2", watch.EventAcknowledged, night.Add(9*time.Minute))
	st = tick(t, e, night.Add(10*time.Minute))
	require.Equal(t, incident.Stats{Due: 2, Sent: 1, Suppressed: 1}, st)
	require.Equal(t, "inc-1 police_liaison +10m0s", n.lines(night)[4])
	require.Len(t, n.notices, 5)
	require.Equal(t, []string{"community_office delivered", "police_110 delivered", "police_liaison delivered"}, outcomes(t, s, prog, "inc-1"))
	require.Equal(t, []string{"community_office delivered", "police_110 delivered", "police_liaison suppressed"}, outcomes(t, s, prog, "inc-2"))
	for _, notice := range n.notices {
		require.Equal(t, notice.Delivery.Key(), notice.Key, "the notifier gets the delivery key")
	}
	require.Equal(t, incident.Stats{}, tick(t, e, night.Add(time.Hour)), "nothing is sent twice")
}

// sortedPerIncident keeps the lines of one instant in a fixed order: the
// outbox sends one instant's deliveries by key, which is no order a person
// would write.
func sortedPerIncident(lines []string) []string {
	out := slices.Clone(lines)
	order := map[string]int{"police_110": 0, "community_office": 1}
	slices.SortStableFunc(out, func(a, b string) int {
		fa, fb := strings.Fields(a), strings.Fields(b)
		if fa[0] != fb[0] {
			return strings.Compare(fa[0], fb[0])
		}
		return order[fa[1]] - order[fb[1]]
	})
	return out
}

// crashingOutbox fails the first Release after a send, as a process
// killed between sending and recording would leave it.
type crashingOutbox struct {
	watch.OutboxStore
	mu      sync.Mutex
	crashes int
}

func (c *crashingOutbox) Release(ctx context.Context, owner string, d watch.Delivery, retryAt time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.crashes > 0 && d.Outcome == watch.OutcomeDelivered {
		c.crashes--
		return errors.New("killed")
	}
	return c.OutboxStore.Release(ctx, owner, d, retryAt)
}

// TestEscalatorCrashBetweenSendAndRecord proves the at-most-one-repeat
// guarantee: a notification sent but not recorded is sent once more, with
// the same key, by the next escalator once the lease runs out, and never
// again after that; nothing is lost.
func TestEscalatorCrashBetweenSendAndRecord(t *testing.T) {
	s, prog := estate(t)
	crashing := &crashingOutbox{OutboxStore: s.Escalations.(watch.OutboxStore), crashes: 1}
	s.Escalations = crashing
	n := &recorder{}
	first := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{Batch: 1})
	report(t, s, prog, "inc-1", watch.KindTheft, night)
	_, err := first.Tick(bg, night)
	require.ErrorContains(t, err, "killed")
	require.Len(t, n.notices, 1)

	second := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{})
	require.Equal(t, incident.Stats{Lag: time.Minute}, tick(t, second, night.Add(time.Minute)), "the lease still holds")
	st := tick(t, second, night.Add(incident.DefaultLease))
	require.Equal(t, incident.Stats{Due: 1, Sent: 1}, st)
	require.Len(t, n.notices, 2)
	require.Equal(t, n.notices[0].Key, n.notices[1].Key, "the repeat carries the same key")
	for i := range 10 {
		tick(t, second, night.Add(incident.DefaultLease+time.Duration(i)*time.Hour))
	}
	require.Len(t, n.notices, 2, "one repeat at most")
	require.Equal(t, []string{"community_office delivered"}, outcomes(t, s, prog, "inc-1"))
}

// TestEscalatorPolicyEditedMidIncident: an incident keeps the policy in
// force when it was planned; an edited policy changes only later ones.
func TestEscalatorPolicyEditedMidIncident(t *testing.T) {
	s, prog := estate(t)
	n := &recorder{}
	before := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{})
	report(t, s, prog, "inc-1", watch.KindFire, night)
	tick(t, before, night)

	edited, err := incident.LoadPolicy(strings.NewReader(`{"timezone": "Asia/Shanghai", "rules": [
 {"name": "danger-now", "match": {"kinds": ["suspicious_person", "fire"]},
  "steps": [{"after": "0s", "notify": ["police_110"]},
            {"after": "30m", "notify": ["station"]}]}]}`))
	require.NoError(t, err)
	after := newEscalator(t, s, prog, edited, n, incident.EscalatorOptions{})
	report(t, s, prog, "inc-2", watch.KindFire, night.Add(5*time.Minute))
	for _, m := range []time.Duration{5, 10, 35} {
		tick(t, after, night.Add(m*time.Minute))
	}
	require.Equal(t, []string{"inc-1 police_110 +0s", "inc-1 community_office +0s", "inc-2 police_110 +5m0s",
		"inc-1 police_liaison +10m0s", "inc-2 station +35m0s"}, sortedFirstTwo(n.lines(night)))
	p1, err := s.Escalations.PolicyFor(bg, prog, "inc-1")
	require.NoError(t, err)
	p2, err := s.Escalations.PolicyFor(bg, prog, "inc-2")
	require.NoError(t, err)
	require.NotEqual(t, p1.ID, p2.ID)
}

func sortedFirstTwo(lines []string) []string {
	return append(sortedPerIncident(lines[:2]), lines[2:]...)
}

// TestEscalatorFailingNotifier: a notifier that fails three times is
// retried with capped exponential backoff, without holding up the other
// deliveries, and the same seed retries at the same instants; a delivery
// to 110 that fails its last attempt is failed, logged and reported to the
// host.
func TestEscalatorFailingNotifier(t *testing.T) {
	run := func(maxAttempts int) (*recorder, []string, *bytes.Buffer, []watch.Delivery) {
		s, prog := estate(t)
		failures := 0
		n := &recorder{fail: func(n incident.Notice) error {
			if n.Delivery.Target == "police_110" && failures < 3 {
				failures++
				return fmt.Errorf("line busy (%d)", failures)
			}
			return nil
		}}
		var log bytes.Buffer
		var failed []watch.Delivery
		e := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{MaxAttempts: maxAttempts, Seed: 42,
			Logger: slog.New(slog.NewTextHandler(&log, nil)), OnFailed: func(d watch.Delivery) { failed = append(failed, d) }})
		report(t, s, prog, "inc-1", watch.KindFire, night)
		var retries []string
		for sec := 0; sec <= 3600; sec += 5 {
			at := night.Add(time.Duration(sec) * time.Second)
			if st := tick(t, e, at); st.Retries > 0 || st.Failed > 0 || (st.Sent > 0 && sec > 0) {
				retries = append(retries, fmt.Sprintf("+%s %+v", at.Sub(night), st))
			}
		}
		return n, retries, &log, failed
	}
	n, retries, log, failed := run(5)
	require.Contains(t, n.lines(night)[:2], "inc-1 community_office +0s", "the office is not held up by 110's failure")
	require.Len(t, n.notices, 6, "110 four times, the office, the liaison")
	require.Len(t, retries, 5, "three retries, the liaison, the success: %v", retries)
	_, again, _, _ := run(5)
	require.Equal(t, retries, again, "the seed fixes the retry instants")
	require.Empty(t, failed)
	require.Empty(t, log.String())
	// The waits are 30 s, 60 s, 120 s less up to half: the third retry
	// comes between 105 s and 210 s after the first attempt.
	last, err := time.ParseDuration(strings.TrimPrefix(strings.Fields(retries[3])[0], "+"))
	require.NoError(t, err)
	require.True(t, last >= 105*time.Second && last <= 215*time.Second, "110 delivered at +%s", last)

	_, _, log, failed = run(2)
	require.Len(t, failed, 1)
	require.Equal(t, watch.OutcomeFailed, failed[0].Outcome)
	require.Equal(t, "police_110", failed[0].Target)
	require.Equal(t, 2, failed[0].Attempts)
	require.Equal(t, "line busy (2)", failed[0].LastError)
	require.Contains(t, log.String(), "level=WARN")
	require.Contains(t, log.String(), "target=police_110")
}

// TestEscalatorsRacing proves that two escalators on one store never send
// one delivery twice: they tick side by side over 200 incidents.
func TestEscalatorsRacing(t *testing.T) {
	s, prog := estate(t)
	// A notifier that takes a moment, so each escalator's batch is still
	// being sent when the other claims.
	n := &recorder{fail: func(incident.Notice) error { time.Sleep(50 * time.Microsecond); return nil }}
	es := []*incident.Escalator{
		newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{Batch: 3}),
		newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{Batch: 5}),
	}
	for i := range 200 {
		report(t, s, prog, fmt.Sprintf("inc-%03d", i), pick(rand.New(rand.NewPCG(uint64(i), 1)), []watch.Kind{watch.KindFire, watch.KindTheft}), night.Add(time.Duration(i%5)*time.Minute))
	}
	// They tick side by side at each instant, as two machines whose clocks
	// agree (within a lease) would.
	var sum [2]incident.Stats
	for m := range 220 {
		var wg sync.WaitGroup
		for w, e := range es {
			wg.Go(func() {
				st, err := e.Tick(bg, night.Add(time.Duration(m)*time.Minute))
				if err != nil {
					t.Error(err)
				}
				sum[w].Due += st.Due
				sum[w].Sent += st.Sent
			})
		}
		wg.Wait()
	}
	seen := map[string]bool{}
	for _, notice := range n.notices {
		require.False(t, seen[notice.Key], "%s sent twice", notice.Key)
		seen[notice.Key] = true
	}
	var all []watch.Incident
	for i := range 200 {
		inc, err := s.Incidents.GetIncident(bg, prog, fmt.Sprintf("inc-%03d", i))
		require.NoError(t, err)
		all = append(all, inc)
	}
	require.Len(t, n.notices, len(incident.Simulate(nightPolicy(t), all, night.Add(220*time.Minute))))
	require.Equal(t, len(n.notices), sum[0].Sent+sum[1].Sent)
	require.NotZero(t, sum[0].Sent, "both escalators took part")
	require.NotZero(t, sum[1].Sent, "both escalators took part")
}

// TestEscalatorOutage: after six hours without a tick, everything overdue
// is sent, oldest first, but for a step an acknowledgement typed in
// meanwhile settled, and for the steps of an incident first seen after
// the outage that fell due more than an hour before it was seen (recorded
// skipped, with the reason), as for a report typed in hours late.
func TestEscalatorOutage(t *testing.T) {
	s, prog := estate(t)
	n := &recorder{}
	p, err := incident.LoadPolicy(strings.NewReader(`{"rules": [{"name": "all", "match": {},
  "steps": [{"after": "0s", "notify": ["community_office"]},
            {"after": "1h", "notify": ["police_liaison"]},
            {"after": "2h", "notify": ["station"], "unless": "resolved"}]}]}`))
	require.NoError(t, err)
	e := newEscalator(t, s, prog, p, n, incident.EscalatorOptions{})
	report(t, s, prog, "a", watch.KindTheft, night)
	report(t, s, prog, "b", watch.KindTheft, night.Add(10*time.Minute))
	tick(t, e, night.Add(10*time.Minute))
	appendEvent(t, s, prog, "b", watch.EventAcknowledged, night.Add(30*time.Minute))
	report(t, s, prog, "c", watch.KindTheft, night.Add(4*time.Hour))
	n.notices = nil
	back := night.Add(6*time.Hour + 10*time.Minute)
	st := tick(t, e, back)
	require.Equal(t, []string{"a police_liaison +1h0m0s", "a station +2h0m0s", "b station +2h10m0s", "c station +6h0m0s"},
		n.lines(night), "oldest first")
	require.Equal(t, incident.Stats{Admitted: 1, Due: 5, Sent: 4, Suppressed: 1, Skipped: 2}, st)
	require.Equal(t, []string{"community_office delivered", "police_liaison suppressed", "station delivered"}, outcomes(t, s, prog, "b"))

	late := night.Add(5 * time.Hour)
	report(t, s, prog, "d", watch.KindTheft, late) // typed in at +8h
	st = tick(t, e, night.Add(8*time.Hour))
	require.Equal(t, incident.Stats{Admitted: 1, Due: 1, Sent: 1, Skipped: 2}, st)
	ds, err := s.Escalations.Deliveries(bg, prog, "d")
	require.NoError(t, err)
	require.Equal(t, watch.OutcomeSkipped, ds[0].Outcome)
	require.Contains(t, ds[0].LastError, "stale: due")
	require.Equal(t, watch.OutcomeDelivered, ds[2].Outcome, "the step due at +7h is within the hour")
}

// TestEscalatorAgreesWithSimulate: over the random policies and incidents
// of the Simulate property test, incidents arriving at their report
// instants and events at theirs, an escalator with a perfect notifier
// sends exactly Simulate's notifications, each once, whether it ticks at
// every instant that matters or every few minutes.
func TestEscalatorAgreesWithSimulate(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 12))
	loc := mustZone("Europe/London")
	days := []time.Time{time.Date(2026, 3, 28, 22, 0, 0, 0, loc), time.Date(2026, 10, 25, 0, 0, 0, 0, loc)}
	cases := 300
	if testing.Short() || raceEnabled {
		cases = 60
	}
	for i := range cases {
		p, err := incident.NewPolicy(*randomPolicy(r, "Europe/London"))
		require.NoError(t, err)
		incs := randomIncidents(r, loc, days)
		step := time.Duration(0)
		if i%2 == 1 {
			step = time.Duration(1+r.IntN(30)) * time.Minute
		}
		got := escalateAll(t, p, incs, step)
		var want []string
		end := days[len(days)-1].Add(40 * 24 * time.Hour)
		for _, n := range incident.Simulate(p, incs, end) {
			want = append(want, fmt.Sprintf("%s %s %d %s %s", n.Incident, n.Rule, n.Step, n.Target, watch.FormatInstant(n.At.UTC())))
		}
		sort.Strings(want)
		require.Equal(t, want, got, "case %d (tick every %s)", i, step)
	}
}

// escalateAll runs an escalator over incidents that reach a memstore at
// their report instants, with their events at theirs, ticking at every
// instant that matters (step 0) or every step, and returns what it sent.
func escalateAll(t *testing.T, p *incident.Policy, incs []watch.Incident, step time.Duration) []string {
	s, prog := estate(t)
	n := &recorder{}
	e := newEscalator(t, s, prog, p, n, incident.EscalatorOptions{})
	var instants []time.Time
	for _, inc := range incs {
		instants = append(instants, inc.Reported())
		for _, ev := range inc.Events {
			instants = append(instants, ev.At)
		}
		for _, d := range incident.Plan(p, inc) {
			instants = append(instants, d.DueAt)
		}
	}
	slices.SortFunc(instants, func(a, b time.Time) int { return a.Compare(b) })
	if step > 0 {
		var every []time.Time
		for at := instants[0]; !at.After(instants[len(instants)-1].Add(step)); at = at.Add(step) {
			every = append(every, at)
		}
		instants = every
	}
	created := map[string]int{} // events appended so far, by incident
	for _, at := range instants {
		for _, inc := range incs {
			if inc.Reported().After(at) {
				continue
			}
			done, ok := created[inc.ID]
			if !ok {
				fresh := inc
				fresh.Program, fresh.Events = prog, nil
				_, err := s.Incidents.CreateIncident(bg, fresh)
				require.NoError(t, err)
			}
			for ; done < len(inc.Events) && !inc.Events[done].At.After(at); done++ {
				ev := inc.Events[done]
				if ev.Type == watch.EventNote {
					ev.Text, ev.By = "巡逻记录", "v01"
				}
				_, err := s.Incidents.AppendEvent(bg, prog, inc.ID, done, ev)
				require.NoError(t, err)
			}
			created[inc.ID] = done
		}
		tick(t, e, at)
	}
	out := []string{}
	seen := map[string]bool{}
	for _, notice := range n.notices {
		require.False(t, seen[notice.Key], "sent twice")
		seen[notice.Key] = true
		d := notice.Delivery
		out = append(out, fmt.Sprintf("%s %s %d %s %s", d.Incident, d.Rule, d.Step, d.Target, watch.FormatInstant(d.DueAt.UTC())))
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// TestEscalatorRun: Run ticks on its clock until cancelled (a virtual
// clock, testing/synctest).
func TestEscalatorRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, prog := estate(t)
		n := &recorder{}
		e := newEscalator(t, s, prog, nightPolicy(t), n, incident.EscalatorOptions{Interval: time.Minute})
		report(t, s, prog, "inc-1", watch.KindSuspiciousPerson, time.Now())
		ctx, cancel := context.WithCancel(bg)
		done := make(chan error)
		go func() { done <- e.Run(ctx, incident.SystemClock{}) }()
		time.Sleep(30 * time.Second)
		synctest.Wait()
		require.Len(t, n.lines(time.Time{}), 2, "110 and the office at once")
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		require.Len(t, n.lines(time.Time{}), 3, "the liaison after 10 minutes")
		cancel()
		require.ErrorIs(t, <-done, context.Canceled)
	})
}

// TestNewEscalatorRefuses: bad arguments are named.
func TestNewEscalatorRefuses(t *testing.T) {
	s, prog := estate(t)
	p := nightPolicy(t)
	n := &recorder{}
	for _, c := range []struct {
		name string
		err  func() error
		want string
	}{
		{"no programme", func() error { _, err := incident.NewEscalator(s, "", p, n, incident.EscalatorOptions{}); return err }, "program: is required"},
		{"no policy", func() error {
			_, err := incident.NewEscalator(s, prog, nil, n, incident.EscalatorOptions{})
			return err
		}, "policy: is required"},
		{"no notifier", func() error {
			_, err := incident.NewEscalator(s, prog, p, nil, incident.EscalatorOptions{})
			return err
		}, "notifier: is required"},
		{"a short lease", func() error {
			_, err := incident.NewEscalator(s, prog, p, n, incident.EscalatorOptions{Lease: time.Second})
			return err
		}, "lease: 1s must exceed notify_timeout 20s"},
		{"no outbox", func() error {
			plain := s
			plain.Escalations = struct{ watch.EscalationStore }{s.Escalations}
			_, err := incident.NewEscalator(plain, prog, p, n, incident.EscalatorOptions{})
			return err
		}, "is not a watch.OutboxStore"},
	} {
		err := c.err()
		require.ErrorIs(t, err, watch.ErrInvalid, c.name)
		require.ErrorContains(t, err, c.want, c.name)
	}
}
