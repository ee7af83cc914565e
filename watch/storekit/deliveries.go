package storekit

import (
	"errors"
	"fmt"

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
