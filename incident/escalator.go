package incident

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/armband/armband/watch"
	"github.com/google/uuid"
)

// Notifier sends one notification: an SMS, a phone call, a WeChat
// message. The host implements it. A nil error means the notification was
// accepted; an error is retried (EscalatorOptions.MaxAttempts). Notify must
// return by the deadline of ctx.
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, n Notice) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notice) error { return f(ctx, n) }

// Notice is what an escalator asks a Notifier to send.
type Notice struct {
	// Key is the delivery's key (watch.Delivery.Key). A notice sent again
	// after a crash carries the same key, so a host that remembers keys
	// can drop the repeat.
	Key string
	// Delivery is the outbox row: target, rule, step and due instant;
	// Attempts counts the attempts before this one.
	Delivery watch.Delivery
	// Incident is the incident as the store holds it now.
	Incident watch.Incident
}

// Clock tells an escalator's Run the time and wakes it.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the Clock of package time.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Stats counts what an escalator did in one Tick.
type Stats struct {
	// Overdue counts overdue alarms raised: patrols not back by their
	// deadline (docs/formats.md section 12).
	Overdue int `json:"overdue"`
	// Admitted counts incidents planned: bound to the policy and their
	// deliveries put in the outbox.
	Admitted int `json:"admitted"`
	// Due counts deliveries claimed because they were due.
	Due int `json:"due"`
	// Sent counts deliveries the notifier accepted.
	Sent int `json:"sent"`
	// Suppressed counts deliveries an event settled before they were due.
	Suppressed int `json:"suppressed"`
	// Skipped counts deliveries not sent because another step notifies the
	// same target at the same instant, or because they fell due more than
	// StaleAfter before the incident was planned (those are counted when
	// it is planned, and are not in Due).
	Skipped int `json:"skipped"`
	// Failed counts deliveries whose last attempt failed.
	Failed int `json:"failed"`
	// Retries counts failed attempts that will be tried again.
	Retries int `json:"retries"`
	// Lag is how long the oldest delivery still due at the end of the
	// tick has been due (0 when none is).
	Lag time.Duration `json:"lag"`
}

// Metrics receives the Stats of every tick, so a host can add the counts
// to its own counters and set its lag gauge (Prometheus, expvar,
// OpenTelemetry) without armband importing any of them. It is called from
// the goroutine that ticks.
type Metrics interface {
	Observe(Stats)
}

// The defaults of EscalatorOptions.
const (
	DefaultStaleAfter    = time.Hour
	DefaultLease         = 2 * time.Minute
	DefaultNotifyTimeout = 20 * time.Second
	DefaultMaxAttempts   = 5
	DefaultRetryBase     = 30 * time.Second
	DefaultRetryCap      = 10 * time.Minute
	DefaultBatch         = 50
	DefaultInterval      = 5 * time.Second
)

// EscalatorOptions tune an Escalator; zero fields take the defaults.
type EscalatorOptions struct {
	// StaleAfter: a step that fell due more than this before the incident
	// was planned (a report typed in a day late) is recorded skipped, not
	// sent. Default one hour.
	StaleAfter time.Duration
	// Lease is how long a claimed delivery is this escalator's alone. It
	// must exceed NotifyTimeout. Default two minutes. Leases are measured
	// on the instants passed to Tick, so escalators sharing a store need
	// clocks that agree to well within Lease − NotifyTimeout.
	Lease time.Duration
	// NotifyTimeout bounds one call of the notifier. Default 20 s.
	NotifyTimeout time.Duration
	// MaxAttempts is how many times a delivery is tried before it is
	// failed. Default 5.
	MaxAttempts int
	// RetryBase and RetryCap shape the backoff: after the n-th failed
	// attempt the next comes min(RetryCap, RetryBase×2^(n-1)) later, less
	// up to half of that at random (jitter). Defaults 30 s and 10 min.
	RetryBase, RetryCap time.Duration
	// Seed seeds the jitter, so a test's retries are reproducible.
	Seed uint64
	// Batch is how many deliveries one claim takes. Default 50.
	Batch int
	// Interval is how often Run ticks. Default 5 s.
	Interval time.Duration
	// Owner names this escalator in the leases it takes; default a random
	// UUID. Two escalators must not share one.
	Owner string
	// Metrics, when set, receives the Stats of every tick.
	Metrics Metrics
	// OnFailed, when set, is called for every delivery whose last attempt
	// failed; a failed delivery to police_110 or community_office is also
	// logged at slog.LevelWarn.
	OnFailed func(watch.Delivery)
	// Logger receives the escalator's warnings; default slog.Default().
	Logger *slog.Logger
}

// Escalator delivers an escalation policy for a long-running service: it
// plans every incident of one programme under the policy in force when
// it first sees the incident, keeps each due step as a watch.Delivery in
// the store before sending it, and sends it through a Notifier. See the
// package documentation for what it guarantees.
//
// An Escalator is safe for concurrent use, though one goroutine calling
// Run is the usual way. Several escalators, in one process or many, may
// share a store: the store's leases keep them from sending one delivery
// twice.
type Escalator struct {
	incidents watch.IncidentStore
	outbox    watch.OutboxStore
	sessions  watch.SessionStore // nil: no overdue alarm
	programs  watch.ProgramStore
	program   string
	policy    *Policy
	doc       json.RawMessage
	notifier  Notifier
	opt       EscalatorOptions

	mu       sync.Mutex
	policyID string             // the snapshot of policy, once saved
	compiled map[string]*Policy // snapshots read back, by id
	rng      *rand.Rand
}

// NewEscalator returns an escalator for one programme of s, whose
// Escalations must be a watch.OutboxStore (memstore and sqlstore are).
// policy is the policy in force for the incidents it plans from now on;
// incidents planned earlier keep theirs. It refuses, naming the field, a
// missing store, programme, policy or notifier and options out of range.
func NewEscalator(s watch.Stores, program string, policy *Policy, n Notifier, opt EscalatorOptions) (*Escalator, error) {
	outbox, isOutbox := s.Escalations.(watch.OutboxStore)
	switch {
	case s.Incidents == nil:
		return nil, &watch.FieldError{Path: "stores.incidents", Reason: "is required"}
	case s.Sessions != nil && s.Programs == nil:
		return nil, &watch.FieldError{Path: "stores.programs", Reason: "is required with stores.sessions (the overdue alarm reads the grace)"}
	case !isOutbox:
		return nil, &watch.FieldError{Path: "stores.escalations", Value: fmt.Sprintf("%T", s.Escalations), Reason: "is not a watch.OutboxStore"}
	case program == "":
		return nil, &watch.FieldError{Path: "program", Reason: "is required"}
	case policy == nil:
		return nil, &watch.FieldError{Path: "policy", Reason: "is required"}
	case n == nil:
		return nil, &watch.FieldError{Path: "notifier", Reason: "is required"}
	}
	compiled, err := NewPolicy(*policy)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(compiled)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	opt = opt.withDefaults()
	if err := opt.check(); err != nil {
		return nil, err
	}
	return &Escalator{incidents: s.Incidents, outbox: outbox, sessions: s.Sessions, programs: s.Programs, program: program, policy: compiled, doc: doc,
		notifier: n, opt: opt, compiled: map[string]*Policy{}, rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))}, nil
}

func (o EscalatorOptions) withDefaults() EscalatorOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.StaleAfter, DefaultStaleAfter)
	def(&o.Lease, DefaultLease)
	def(&o.NotifyTimeout, DefaultNotifyTimeout)
	def(&o.RetryBase, DefaultRetryBase)
	def(&o.RetryCap, DefaultRetryCap)
	def(&o.Interval, DefaultInterval)
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Batch == 0 {
		o.Batch = DefaultBatch
	}
	if o.Owner == "" {
		o.Owner = uuid.NewString()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

func (o EscalatorOptions) check() error {
	for _, f := range []struct {
		name string
		v    time.Duration
	}{{"stale_after", o.StaleAfter}, {"lease", o.Lease}, {"notify_timeout", o.NotifyTimeout},
		{"retry_base", o.RetryBase}, {"retry_cap", o.RetryCap}, {"interval", o.Interval}} {
		if f.v < 0 {
			return &watch.FieldError{Path: f.name, Value: f.v.String(), Reason: "must not be negative"}
		}
	}
	switch {
	case o.Lease <= o.NotifyTimeout:
		return &watch.FieldError{Path: "lease", Value: o.Lease.String(), Reason: "must exceed notify_timeout " + o.NotifyTimeout.String()}
	case o.MaxAttempts < 1:
		return &watch.FieldError{Path: "max_attempts", Value: fmt.Sprint(o.MaxAttempts), Reason: "must be at least 1"}
	case o.Batch < 1 || o.Batch > watch.MaxPageSize:
		return &watch.FieldError{Path: "batch", Value: fmt.Sprint(o.Batch), Reason: fmt.Sprintf("must be 1 to %d", watch.MaxPageSize)}
	case o.RetryCap < o.RetryBase:
		return &watch.FieldError{Path: "retry_cap", Value: o.RetryCap.String(), Reason: "is below retry_base " + o.RetryBase.String()}
	}
	return nil
}

// Tick does everything due at now: it raises the overdue alarm of every
// patrol not back by its deadline (when the stores keep sessions), plans
// the incidents no escalator has planned yet, then claims the deliveries due at or before now,
// oldest first, and for each reads the incident again and sends it,
// records it suppressed or skipped, or schedules a retry. It returns what
// it did; on an error of the store it stops and returns what it did so
// far with the error (the next tick carries on). A failing notifier is
// not an error of Tick.
func (e *Escalator) Tick(ctx context.Context, now time.Time) (Stats, error) {
	var st Stats
	err := e.raiseOverdue(ctx, now, &st)
	if err == nil {
		err = e.admit(ctx, now, &st)
	}
	if err == nil {
		err = e.deliver(ctx, now, &st)
	}
	if err == nil {
		var due []watch.Delivery
		if due, err = e.outbox.Due(ctx, e.program, now, 1); err == nil && len(due) > 0 {
			st.Lag = now.Sub(due[0].DueAt)
		}
	}
	if e.opt.Metrics != nil {
		e.opt.Metrics.Observe(st)
	}
	return st, err
}

// Run ticks at clock's time every Interval until ctx is done, and then
// returns ctx.Err(). An error of a tick is logged and the next tick
// carries on.
func (e *Escalator) Run(ctx context.Context, clock Clock) error {
	for {
		if _, err := e.Tick(ctx, clock.Now()); err != nil && ctx.Err() == nil {
			e.opt.Logger.Warn("armband escalator: tick failed", "program", e.program, "error", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(e.opt.Interval):
		}
	}
}

// snapshot saves the policy in force once and returns its id.
func (e *Escalator) snapshot(ctx context.Context, now time.Time) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.policyID == "" {
		id, err := e.outbox.SavePolicy(ctx, e.program, e.doc, now)
		if err != nil {
			return "", err
		}
		e.policyID = id
		e.compiled[id] = e.policy
	}
	return e.policyID, nil
}

// admit plans every unplanned incident: the policy in force and its
// deliveries, in one step of the store.
func (e *Escalator) admit(ctx context.Context, now time.Time, st *Stats) error {
	after := ""
	for {
		ids, err := e.outbox.Unplanned(ctx, e.program, after, watch.MaxPageSize)
		if err != nil || len(ids) == 0 {
			return err
		}
		var policyID string
		if policyID, err = e.snapshot(ctx, now); err != nil {
			return err
		}
		for _, id := range ids {
			inc, err := e.incidents.GetIncident(ctx, e.program, id)
			if err != nil {
				return err
			}
			ds := e.plan(inc, now)
			err = e.outbox.Admit(ctx, e.program, id, policyID, ds)
			switch {
			case err == nil:
				st.Admitted++
				for _, d := range ds {
					if d.Outcome == watch.OutcomeSkipped {
						st.Skipped++
					}
				}
			case !errors.Is(err, watch.ErrConflict): // ErrConflict: another escalator planned it
				return err
			}
		}
		after = ids[len(ids)-1]
	}
}

// plan is the outbox of a newly planned incident: every step pending but
// those its events already settle (suppressed for ever, as events only
// add) and those stale at now. A repeat of a target at an instant stays
// pending here and is decided when it falls due, since an event typed in
// later may settle the step it repeats.
func (e *Escalator) plan(inc watch.Incident, now time.Time) []watch.Delivery {
	ds := Plan(e.policy, inc)
	for i := range ds {
		d := &ds[i]
		switch {
		case d.Outcome == watch.OutcomeSuppressed:
		case now.Sub(d.DueAt) > e.opt.StaleAfter:
			d.Outcome, d.DoneAt = watch.OutcomeSkipped, now
			d.LastError = fmt.Sprintf("stale: due %s, more than %s before the incident was planned at %s",
				watch.FormatInstant(d.DueAt), e.opt.StaleAfter, watch.FormatInstant(now))
		default:
			d.Outcome, d.DoneAt = "", time.Time{}
		}
	}
	return ds
}

// deliver claims and handles due deliveries until none is left. Each
// claimed delivery is released final or with a retry instant after now,
// so it is not claimed again in this tick and the loop ends.
func (e *Escalator) deliver(ctx context.Context, now time.Time, st *Stats) error {
	for {
		claimed := time.Now()
		ds, err := e.outbox.Claim(ctx, e.program, e.opt.Owner, now, now.Add(e.opt.Lease), e.opt.Batch)
		if err != nil || len(ds) == 0 {
			return err
		}
		for i, d := range ds {
			if time.Since(claimed)+e.opt.NotifyTimeout >= e.opt.Lease {
				// The lease may run out during the next call: hand the
				// rest back at once rather than risk a second sender.
				if err := e.handBack(ctx, ds[i:], now); err != nil {
					return err
				}
				break
			}
			st.Due++
			if err := e.handle(ctx, d, now, st); err != nil {
				return err
			}
		}
	}
}

// handBack releases claimed deliveries untouched, for the next claim.
func (e *Escalator) handBack(ctx context.Context, ds []watch.Delivery, now time.Time) error {
	for _, d := range ds {
		if err := e.outbox.Release(ctx, e.opt.Owner, d, now); err != nil {
			return err
		}
	}
	return nil
}

// handle decides one claimed delivery from the incident as it is now.
func (e *Escalator) handle(ctx context.Context, d watch.Delivery, now time.Time, st *Stats) error {
	inc, err := e.incidents.GetIncident(ctx, d.Program, d.Incident)
	if err != nil {
		return err
	}
	p, err := e.policyOf(ctx, d.Program, d.Incident)
	if err != nil {
		return err
	}
	outcome := watch.OutcomeSkipped
	reason := "no longer in the plan of the incident's policy"
	for _, fresh := range Plan(p, inc) {
		if fresh.Key() == d.Key() {
			outcome, reason = fresh.Outcome, ""
			break
		}
	}
	switch outcome {
	case watch.OutcomeSuppressed:
		st.Suppressed++
	case watch.OutcomeSkipped:
		if reason == "" {
			reason = "another step notifies " + d.Target + " at the same instant"
		}
		st.Skipped++
	default:
		return e.send(ctx, d, inc, now, st)
	}
	d.Outcome, d.DoneAt, d.LastError = outcome, now, reason
	return e.outbox.Release(ctx, e.opt.Owner, d, time.Time{})
}

// send calls the notifier once and records the outcome: delivered, a
// retry after a backoff, or failed after the last attempt.
func (e *Escalator) send(ctx context.Context, d watch.Delivery, inc watch.Incident, now time.Time, st *Stats) error {
	nctx, cancel := context.WithTimeout(ctx, e.opt.NotifyTimeout)
	err := e.notifier.Notify(nctx, Notice{Key: d.Key(), Delivery: d, Incident: inc})
	cancel()
	if ctx.Err() != nil {
		// Cancelled while sending: whether it went out is unknown, so
		// the lease runs out and the delivery is tried again, once.
		return ctx.Err()
	}
	d.Attempts++
	retryAt := time.Time{}
	switch {
	case err == nil:
		d.Outcome, d.DoneAt, d.LastError = watch.OutcomeDelivered, now, ""
		st.Sent++
	case d.Attempts >= e.opt.MaxAttempts:
		d.Outcome, d.DoneAt, d.LastError = watch.OutcomeFailed, now, err.Error()
		st.Failed++
	default:
		d.Outcome, d.LastError = watch.OutcomePending, err.Error()
		retryAt = now.Add(e.backoff(d.Attempts))
		st.Retries++
	}
	if err := e.outbox.Release(ctx, e.opt.Owner, d, retryAt); err != nil {
		return err
	}
	if d.Outcome == watch.OutcomeFailed {
		e.failed(ctx, d)
	}
	return nil
}

// failed warns about a delivery whose last attempt failed.
func (e *Escalator) failed(ctx context.Context, d watch.Delivery) {
	if d.Target == firstResponseTargetA || d.Target == firstResponseTargetB {
		e.opt.Logger.WarnContext(ctx, "armband escalator: a notification to the first responders failed",
			"program", d.Program, "incident", d.Incident, "rule", d.Rule, "step", d.Step, "target", d.Target,
			"attempts", d.Attempts, "error", d.LastError, "key", d.Key())
	}
	if e.opt.OnFailed != nil {
		e.opt.OnFailed(d)
	}
}

// backoff is the wait after the n-th failed attempt: capped exponential,
// less up to half at random.
func (e *Escalator) backoff(n int) time.Duration {
	wait := e.opt.RetryCap
	if n-1 < 40 {
		wait = min(wait, e.opt.RetryBase<<(n-1))
	}
	if wait <= 0 {
		wait = e.opt.RetryCap
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return wait - time.Duration(e.rng.Int64N(int64(wait/2)+1))
}

// policyOf returns the compiled snapshot bound to an incident.
func (e *Escalator) policyOf(ctx context.Context, program, incident string) (*Policy, error) {
	snap, err := e.outbox.PolicyFor(ctx, program, incident)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	p, ok := e.compiled[snap.ID]
	e.mu.Unlock()
	if ok {
		return p, nil
	}
	if p, err = LoadPolicy(bytes.NewReader(snap.Doc)); err != nil {
		return nil, fmt.Errorf("policy snapshot %s of incident %s/%s: %w", snap.ID, program, incident, err)
	}
	e.mu.Lock()
	e.compiled[snap.ID] = p
	e.mu.Unlock()
	return p, nil
}
