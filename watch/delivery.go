package watch

import (
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Outcome is what became of a delivery in the escalation outbox.
type Outcome string

// The outcomes of a delivery. OutcomePending is the zero value's meaning.
const (
	// OutcomePending: not yet attempted, or attempted and to be retried.
	OutcomePending Outcome = "pending"
	// OutcomeDelivered: the notifier accepted it.
	OutcomeDelivered Outcome = "delivered"
	// OutcomeSuppressed: an event settled the step before it was due.
	OutcomeSuppressed Outcome = "suppressed"
	// OutcomeSkipped: an earlier step or rule already notified the same
	// target at the same instant.
	OutcomeSkipped Outcome = "skipped"
	// OutcomeFailed: the notifier refused it and no attempts are left.
	OutcomeFailed Outcome = "failed"
)

// Delivery is one row of the escalation outbox: a step of a rule that is to
// notify one target about one incident at DueAt.
type Delivery struct {
	Program  string    `json:"program"`
	Incident string    `json:"incident"`
	Rule     string    `json:"rule"`
	Step     int       `json:"step"`
	Target   string    `json:"target"`
	DueAt    time.Time `json:"due_at"`
	Attempts int       `json:"attempts,omitempty"`
	Outcome  Outcome   `json:"outcome,omitempty"`
	// LastError is the notifier's last refusal, for operators.
	LastError string `json:"last_error,omitempty"`
	// DoneAt is when the delivery reached a final outcome.
	DoneAt time.Time `json:"done_at,omitzero"`
}

// deliveryNamespace is the UUID namespace of delivery keys: the version 5
// UUID of "armband delivery" in the URL namespace, fixed for ever.
var deliveryNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("armband delivery"))

// Key returns the idempotency key of the delivery, a name-based UUID
// (version 5) over its programme, incident, rule, step and target, each
// length-prefixed, so no two deliveries that differ in any of them share a
// key, whatever their text holds ("i/r" with rule "x" and "i" with rule
// "r/x" are two keys). The same fields give the same key on every machine,
// so it also serves a notifier as its idempotency key. It is 36 characters
// long.
func (d Delivery) Key() string {
	var b []byte
	for _, f := range []string{d.Program, d.Incident, d.Rule, strconv.Itoa(d.Step), d.Target} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	return uuid.NewSHA1(deliveryNamespace, b).String()
}

// Final reports whether the delivery needs no further attempt.
func (d Delivery) Final() bool {
	return d.Outcome != "" && d.Outcome != OutcomePending
}
