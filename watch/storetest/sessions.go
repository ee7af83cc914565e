package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// sessions returns the stores' SessionStore, or skips the check for a
// store without one (it is optional).
func sessions(t *testing.T, s watch.Stores) watch.SessionStore {
	t.Helper()
	if s.Sessions == nil {
		t.Skip("the stores have no SessionStore: nothing watches for overdue patrols")
	}
	return s.Sessions
}

func testSessions(t *testing.T, s watch.Stores, _ Options) {
	ss := sessions(t, s)
	p := program(t, s, "session")
	ok(t, s.Volunteers.PutVolunteer(bg, p, volunteer("v07")))
	day := watch.MustParseDate("2026-12-01")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 1, h, m, 0, 500, zones[0]) }
	start := func(id string, d watch.Date, h int) watch.PatrolSession {
		return watch.PatrolSession{Program: p, ID: id, Shift: "evening", Date: d, Beat: "north", Volunteers: []string{"v01", "v07"},
			ExpectedEnd: at(h+2, 30), Events: []watch.SessionEvent{{Type: watch.SessionStarted, At: at(h, 0), By: "v01"}}}
	}
	a, err := ss.StartSession(bg, start("a", day, 18))
	ok(t, err)
	equal(t, a.Version, 1, "a new session is version 1")
	want := start("a", day, 18)
	want.ExpectedEnd, want.Events[0].At, want.Version = stored(want.ExpectedEnd), stored(want.Events[0].At), 1
	got, err := ss.GetSession(bg, p, "a")
	ok(t, err)
	equal(t, got, want, "round trip")
	_, err = ss.StartSession(bg, start("a", day, 18))
	wantErr(t, err, watch.ErrConflict, "a duplicate id")
	bad := start("x", day, 18)
	bad.Events = nil
	_, err = ss.StartSession(bg, bad)
	wantErr(t, err, watch.ErrInvalid, "a session without its start")
	_, err = ss.StartSession(bg, watch.PatrolSession{Program: "st-none", ID: "x", Date: day, Volunteers: []string{"v01"},
		ExpectedEnd: at(20, 0), Events: []watch.SessionEvent{{Type: watch.SessionStarted, At: at(18, 0)}}})
	wantErr(t, err, watch.ErrNotFound, "a missing programme")

	checkIn := watch.SessionEvent{Type: watch.SessionCheckedIn, At: at(19, 0), By: "v07", Place: "cp-north", Text: "北门一切正常"}
	a, err = ss.AppendSessionEvent(bg, p, "a", 1, checkIn)
	ok(t, err)
	equal(t, a.Version, 2, "a check-in is version 2")
	_, err = ss.AppendSessionEvent(bg, p, "a", 1, checkIn)
	var ve *watch.VersionError
	if !errors.As(err, &ve) || !errors.Is(err, watch.ErrConflict) {
		t.Fatalf("appending at an old version: got %v, want a *watch.VersionError", err)
	}
	_, err = ss.AppendSessionEvent(bg, p, "a", 2, watch.SessionEvent{Type: watch.SessionCheckedIn, At: at(18, 30)})
	wantErr(t, err, watch.ErrInvalid, "an event before the last one")
	_, err = ss.AppendSessionEvent(bg, p, "a", 2, watch.SessionEvent{Type: watch.SessionStarted, At: at(19, 30)})
	wantErr(t, err, watch.ErrInvalid, "a second start")
	_, err = ss.AppendSessionEvent(bg, p, "zz", 1, checkIn)
	wantErr(t, err, watch.ErrNotFound, "a missing session")

	_, err = ss.StartSession(bg, start("b", day, 19))
	ok(t, err)
	_, err = ss.StartSession(bg, start("c", day.AddDays(1), 18))
	ok(t, err)
	open, err := ss.OpenSessions(bg, p)
	ok(t, err)
	equal(t, sessionIDs(open), []string{"a", "b", "c"}, "every session is open")
	a, err = ss.AppendSessionEvent(bg, p, "a", 2, watch.SessionEvent{Type: watch.SessionEnded, At: at(20, 40), By: "v01"})
	ok(t, err)
	if _, ended := a.Ended(); !ended {
		t.Fatal("the session did not end")
	}
	_, err = ss.AppendSessionEvent(bg, p, "a", 3, watch.SessionEvent{Type: watch.SessionCheckedIn, At: at(21, 0)})
	wantErr(t, err, watch.ErrInvalid, "a check-in after the end")
	open, err = ss.OpenSessions(bg, p)
	ok(t, err)
	equal(t, sessionIDs(open), []string{"b", "c"}, "an ended session is not open")
	list, err := ss.ListSessions(bg, p, watch.DateRange{From: day, To: day})
	ok(t, err)
	equal(t, sessionIDs(list), []string{"a", "b"}, "one date")

	// Erasure blanks the check-in text of the volunteer and refuses new
	// text by them; a check-in without text is still taken.
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v07"))
	got, err = ss.GetSession(bg, p, "a")
	ok(t, err)
	equal(t, got.Events[1].Text, "", "the erased volunteer's check-in text")
	equal(t, got.Events[1].Place, "cp-north", "the place stays")
	_, err = ss.AppendSessionEvent(bg, p, "b", 1, watch.SessionEvent{Type: watch.SessionCheckedIn, At: at(20, 0), By: "v07", Text: "新的话"})
	wantErr(t, err, watch.ErrConflict, "new text by an erased volunteer")
	_, err = ss.AppendSessionEvent(bg, p, "b", 1, watch.SessionEvent{Type: watch.SessionCheckedIn, At: at(20, 0), By: "v07"})
	ok(t, err)
}

func sessionIDs(ss []watch.PatrolSession) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

// testSessionRace has writers check in on one patrol at once, each
// reading the session and appending at the version it read, again on a
// *VersionError: every check-in is kept once, in a history whose version
// counts its events.
func testSessionRace(t *testing.T, s watch.Stores, opt Options) {
	ss := sessions(t, s)
	p := program(t, s, "session-race")
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, zones[0])
	_, err := ss.StartSession(bg, watch.PatrolSession{Program: p, ID: "race", Date: watch.DateOf(at), Volunteers: []string{"v01", "v02"},
		ExpectedEnd: at.Add(3 * time.Hour), Events: []watch.SessionEvent{{Type: watch.SessionStarted, At: at, By: "v01"}}})
	ok(t, err)
	writers, each := 8, opt.scaled(10)
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each {
				e := watch.SessionEvent{Type: watch.SessionCheckedIn, At: at.Add(time.Minute), By: fmt.Sprintf("w%d-%d", w, k)}
				for {
					cur, err := ss.GetSession(bg, p, "race")
					if err != nil {
						errs <- err
						return
					}
					_, err = ss.AppendSessionEvent(bg, p, "race", cur.Version, e)
					var ve *watch.VersionError
					if errors.As(err, &ve) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		ok(t, err)
	}
	got, err := ss.GetSession(bg, p, "race")
	ok(t, err)
	equal(t, len(got.Events), 1+writers*each, "every check-in kept once")
	equal(t, got.Version, len(got.Events), "the version counts the events")
	seen := map[string]bool{}
	for _, e := range got.Events[1:] {
		if seen[e.By] {
			t.Fatalf("check-in %s kept twice", e.By)
		}
		seen[e.By] = true
	}
}
