package watch

import "time"

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

// Key returns the idempotency key of the delivery: the same incident,
// rule, step and target give the same key, so a notifier can drop repeats.
func (d Delivery) Key() string {
	return d.Program + "/" + d.Incident + "/" + d.Rule + "/" + itoa(d.Step) + "/" + d.Target
}

// Final reports whether the delivery needs no further attempt.
func (d Delivery) Final() bool {
	return d.Outcome != "" && d.Outcome != OutcomePending
}
