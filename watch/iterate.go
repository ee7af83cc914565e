package watch

import (
	"context"
	"iter"
)

// AllIncidents yields every incident the query selects, page after page,
// by occurred_at then id, so no caller writes the cursor loop. q.Cursor is
// where it starts (empty: the beginning) and q.Limit the page size. An
// error (from the store, or ctx's) is yielded once, with a zero Incident,
// and ends the sequence; so does the caller breaking out of the loop.
//
//	for inc, err := range watch.AllIncidents(ctx, stores.Incidents, q) {
//		if err != nil {
//			return err
//		}
//		...
//	}
func AllIncidents(ctx context.Context, s IncidentStore, q IncidentQuery) iter.Seq2[Incident, error] {
	return func(yield func(Incident, error) bool) {
		for {
			page, err := s.ListIncidents(ctx, q)
			if err != nil {
				yield(Incident{}, err)
				return
			}
			for _, inc := range page.Incidents {
				if !yield(inc, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			q.Cursor = page.Next
		}
	}
}
