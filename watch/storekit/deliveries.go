package storekit

import (
	"errors"
	"fmt"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// CheckDeliveries validates a batch for EscalationStore.Enqueue: every
// delivery's problems, each under deliveries[i], so a store refuses the
// whole batch before writing any of it.
func CheckDeliveries(ds []watch.Delivery) error {
	var errs []error
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("deliveries[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// CheckAdmitted validates the deliveries of OutboxStore.Admit: each as
// CheckDeliveries does, and each of the incident admitted.
func CheckAdmitted(program, incident string, ds []watch.Delivery) error {
	errs := []error{CheckDeliveries(ds)}
	for i, d := range ds {
		if d.Program != program || d.Incident != incident {
			errs = append(errs, fmt.Errorf("deliveries[%d]: %w", i, &watch.FieldError{Path: "incident",
				Value: strict.Quote(d.Program + "/" + d.Incident), Reason: "is not the incident admitted, " + strict.Quote(program+"/"+incident)}))
		}
	}
	return errors.Join(errs...)
}

// CheckClaim validates the arguments of OutboxStore.Claim: an owner, and a
// lease that ends after now (to the microsecond, as instants are stored).
func CheckClaim(owner string, now, until time.Time) error {
	if owner == "" {
		return &watch.FieldError{Path: "owner", Reason: "is required"}
	}
	if !StoredInstant(until).After(StoredInstant(now)) {
		return &watch.FieldError{Path: "until", Value: watch.FormatInstant(until), Reason: "is not after now, " + watch.FormatInstant(now)}
	}
	return nil
}
