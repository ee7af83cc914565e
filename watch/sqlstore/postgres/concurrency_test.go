package postgres_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// TestWritersAndPagers: 16 writers create incidents and append to them
// while 4 readers page through the programme, 7 incidents a page. Every
// walk sees incidents in order, none twice, each with as many events as
// its version; at the end every incident is there once, at version 2,
// its chain intact.
func TestWritersAndPagers(t *testing.T) {
	s := open(t)
	st := s.Stores()
	p := program(t, st)
	writers, perWriter, readers := 16, int(100*suiteScale), 4
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	errs := make(chan error, writers+readers)
	done := make(chan struct{})

	var readersDone sync.WaitGroup
	walks := make([]int, readers)
	for r := range readers {
		readersDone.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := walk(st, p); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				walks[r]++
			}
		})
	}
	var writersDone sync.WaitGroup
	for w := range writers {
		writersDone.Go(func() {
			for k := range perWriter {
				id := fmt.Sprintf("w%02d-%04d", w, k)
				// Writers interleave in time, so pages fill in front of
				// and behind the readers' cursors.
				occurred := at.Add(time.Duration((k*writers+w)*7919%(writers*perWriter)) * time.Minute)
				_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: id, Kind: watch.KindSuspiciousPerson,
					Severity: watch.SeverityMinor, OccurredAt: occurred, Beat: "market", Description: "可疑人员",
					Events: []watch.Event{{Type: watch.EventAcknowledged, At: occurred.Add(time.Minute), By: "community_office"}}})
				if err == nil {
					_, err = st.Incidents.AppendEvent(bg, p, id, 1, watch.Event{Type: watch.EventNote, At: occurred.Add(2 * time.Minute),
						By: "v01", Text: fmt.Sprintf("writer %d", w)})
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d, %s: %w", w, id, err)
					return
				}
			}
		})
	}
	writersDone.Wait()
	close(done)
	readersDone.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for r, n := range walks {
		require.Positive(t, n, "reader %d finished no walk", r)
	}

	all, err := walk(st, p)
	require.NoError(t, err)
	require.Len(t, all, writers*perWriter)
	for _, inc := range all {
		require.Equal(t, 2, inc.Version, inc.ID)
		v, err := st.Incidents.VerifyHistory(bg, p, inc.ID)
		require.NoError(t, err)
		require.True(t, v.Intact, inc.ID)
		require.Equal(t, 3, v.Links, inc.ID)
	}
}

// walk pages through a programme's incidents, checking each page's order
// against the one before it and each incident's events against its
// version.
func walk(st watch.Stores, program string) ([]watch.Incident, error) {
	var all []watch.Incident
	q := watch.IncidentQuery{Program: program, Limit: 7}
	for {
		page, err := st.Incidents.ListIncidents(bg, q)
		if err != nil {
			return nil, err
		}
		for _, inc := range page.Incidents {
			if len(inc.Events) != inc.Version {
				return nil, fmt.Errorf("%s: version %d with %d events", inc.ID, inc.Version, len(inc.Events))
			}
			if n := len(all); n > 0 {
				prev := all[n-1]
				if c := prev.OccurredAt.Compare(inc.OccurredAt); c > 0 || (c == 0 && prev.ID >= inc.ID) {
					return nil, fmt.Errorf("%s after %s: out of order or repeated", inc.ID, prev.ID)
				}
			}
			all = append(all, inc)
		}
		if page.Next == "" {
			return all, nil
		}
		q.Cursor = page.Next
	}
}
