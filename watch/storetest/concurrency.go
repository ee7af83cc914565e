package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// testConcurrency: writers append notes to shared incidents with
// optimistic concurrency while readers read; every event lands exactly
// once, each writer sees versions strictly increase, and the chains hold.
func testConcurrency(t *testing.T, s watch.Stores, opt Options) {
	p := program(t, s, "concurrency")
	const incidents = 4
	writers, perWriter, readers := 16, opt.scaled(500), 4
	for i := range incidents {
		_, err := s.Incidents.CreateIncident(bg, incident(p, fmt.Sprintf("shared-%d", i), watch.KindOther, 0))
		ok(t, err)
	}
	stop := make(chan struct{})
	errs := make(chan error, writers+readers)
	var readersDone sync.WaitGroup
	for r := range readers {
		readersDone.Add(1)
		go func() {
			defer readersDone.Done()
			last := map[string]int{}
			for k := 0; k < perWriter; k++ { // a bounded number of reads: a read copies every event

				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("shared-%d", (r+k)%incidents)
				inc, err := s.Incidents.GetIncident(bg, p, id)
				if err != nil {
					errs <- err
					return
				}
				if inc.Version < last[id] || inc.Version != len(inc.Events) {
					errs <- fmt.Errorf("reader saw %s at version %d with %d events after version %d", id, inc.Version, len(inc.Events), last[id])
					return
				}
				last[id] = inc.Version
				if k%16 == 0 {
					if _, err := s.Incidents.ListIncidents(bg, watch.IncidentQuery{Program: p}); err != nil {
						errs <- err
						return
					}
				}
				time.Sleep(time.Millisecond) // read steadily, without starving the writers

			}
		}()
	}
	var writersDone sync.WaitGroup
	for w := range writers {
		writersDone.Add(1)
		go func() {
			defer writersDone.Done()
			// Every note has the same instant (equal instants are legal),
			// so a writer can retry at the version a conflict reports.
			at := base.Add(time.Hour)
			seen := map[string]int{}
			for k := range perWriter {
				id := fmt.Sprintf("shared-%d", (w+k)%incidents)
				text := fmt.Sprintf("w%02d-%05d", w, k)
				version := seen[id]
				for attempt := 0; ; attempt++ {
					after, err := s.Incidents.AppendEvent(bg, p, id, version, note(at, "v01", text))
					var ve *watch.VersionError
					if errors.As(err, &ve) {
						if ve.Expected != version || ve.Actual <= version && attempt > 0 {
							errs <- fmt.Errorf("writer %d: %s: a conflict at version %d reported %+v", w, id, version, ve)
							return
						}
						if attempt > 1_000_000 {
							errs <- fmt.Errorf("writer %d starved on %s", w, id)
							return
						}
						version = ve.Actual
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					if after.Version != version+1 || after.Version <= seen[id] {
						errs <- fmt.Errorf("writer %d: %s went from version %d to %d (had seen %d)", w, id, version, after.Version, seen[id])
						return
					}
					seen[id] = after.Version
					break
				}
			}
		}()
	}
	writersDone.Wait()
	close(stop)
	readersDone.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	count := map[string]int{}
	total := 0
	for i := range incidents {
		id := fmt.Sprintf("shared-%d", i)
		inc, err := s.Incidents.GetIncident(bg, p, id)
		ok(t, err)
		if inc.Version != len(inc.Events) {
			t.Fatalf("%s: version %d with %d events", id, inc.Version, len(inc.Events))
		}
		for _, e := range inc.Events {
			count[e.Text]++
		}
		total += len(inc.Events)
		v, err := s.Incidents.VerifyHistory(bg, p, id)
		ok(t, err)
		if !v.Intact || v.Links != 1+len(inc.Events) {
			t.Fatalf("%s: history %+v", id, v)
		}
	}
	if total != writers*perWriter {
		t.Fatalf("%d events stored, want %d", total, writers*perWriter)
	}
	for text, n := range count {
		if n != 1 {
			t.Fatalf("event %s stored %d times", text, n)
		}
	}
}
