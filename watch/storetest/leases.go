package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

// outbox returns the store as a watch.OutboxStore, or skips the check for
// a store that is not one (escalators cannot run on it).
func outbox(t *testing.T, s watch.Stores) watch.OutboxStore {
	t.Helper()
	o, isOutbox := s.Escalations.(watch.OutboxStore)
	if !isOutbox {
		t.Skip("the EscalationStore is not a watch.OutboxStore: escalators cannot run on it")
	}
	return o
}

// admitted makes a programme with a saved policy and the given incidents,
// none of them planned.
func admitted(t *testing.T, s watch.Stores, name string, ids ...string) (watch.OutboxStore, string, string) {
	t.Helper()
	o := outbox(t, s)
	p := program(t, s, name)
	policy, err := o.SavePolicy(bg, p, []byte(`{"rules": []}`), base)
	ok(t, err)
	for _, id := range ids {
		_, err := s.Incidents.CreateIncident(bg, incident(p, id, watch.KindTheft, 0))
		ok(t, err)
	}
	return o, p, policy
}

// testPlanning: Unplanned lists the incidents with no policy bound, in id
// order and by pages; Admit binds and enqueues in one step, or neither.
func testPlanning(t *testing.T, s watch.Stores, _ Options) {
	o, p, policy := admitted(t, s, "planning", "i3", "i0", "i2", "i1")
	unplanned := func(after string, limit int) []string {
		t.Helper()
		ids, err := o.Unplanned(bg, p, after, limit)
		ok(t, err)
		return ids
	}
	equal(t, unplanned("", 0), []string{"i0", "i1", "i2", "i3"}, "unplanned incidents, by id")
	equal(t, unplanned("i1", 0), []string{"i2", "i3"}, "after an id")
	equal(t, unplanned("", 1), []string{"i0"}, "a page of one")
	ok(t, o.BindPolicy(bg, p, "i1", policy))
	step := func(inc string, n int) watch.Delivery {
		return watch.Delivery{Program: p, Incident: inc, Rule: "all", Step: n, Target: "community_office", DueAt: base.Add(time.Duration(n) * time.Hour)}
	}
	ok(t, o.Admit(bg, p, "i2", policy, []watch.Delivery{step("i2", 0), step("i2", 1)}))
	equal(t, unplanned("", 0), []string{"i0", "i3"}, "bound and admitted incidents are planned")
	got, err := o.Deliveries(bg, p, "i2")
	ok(t, err)
	equal(t, len(got), 2, "an admitted incident's deliveries")
	equal(t, got[0].Outcome, watch.OutcomePending, "admitted as pending")
	bound, err := o.PolicyFor(bg, p, "i2")
	ok(t, err)
	equal(t, bound.ID, policy, "the admitted policy")

	wantErr(t, o.Admit(bg, p, "i2", policy, []watch.Delivery{step("i2", 2)}), watch.ErrConflict, "admitting twice")
	wantErr(t, o.Admit(bg, p, "i3", policy, []watch.Delivery{step("i0", 0)}), watch.ErrInvalid, "a delivery of another incident")
	wantErr(t, o.Admit(bg, p, "i3", "missing", []watch.Delivery{step("i3", 0)}), watch.ErrNotFound, "a missing snapshot")
	wantErr(t, o.Admit(bg, p, "missing", policy, nil), watch.ErrNotFound, "a missing incident")
	for _, inc := range []string{"i2", "i3"} {
		got, err := o.Deliveries(bg, p, inc)
		ok(t, err)
		want := map[string]int{"i2": 2, "i3": 0}[inc]
		equal(t, len(got), want, "deliveries of "+inc+" after refused admissions (nothing half-done)")
	}
	equal(t, unplanned("", 0), []string{"i0", "i3"}, "a refused admission plans nothing")
	ok(t, o.Admit(bg, p, "i3", policy, nil))
	equal(t, unplanned("", 0), []string{"i0"}, "an incident admitted with no deliveries")
	other := program(t, s, "planning-other")
	ids, err := o.Unplanned(bg, other, "", 0)
	ok(t, err)
	equal(t, ids, []string{}, "another programme's incidents")
}

// testLeases: a claimed delivery is nobody else's until its lease ends;
// only its holder records an attempt; a released delivery that stays
// pending waits for its retry instant.
func testLeases(t *testing.T, s watch.Stores, _ Options) {
	o, p, policy := admitted(t, s, "leases", "i1")
	d := func(target string, due time.Duration) watch.Delivery {
		return watch.Delivery{Program: p, Incident: "i1", Rule: "danger-now", Target: target, DueAt: base.Add(due)}
	}
	ds := []watch.Delivery{d("police_110", 0), d("community_office", 5*time.Minute), d("police_liaison", time.Hour)}
	ok(t, o.Admit(bg, p, "i1", policy, ds))
	claim := func(owner string, now time.Duration, lease time.Duration, limit int) []string {
		t.Helper()
		got, err := o.Claim(bg, p, owner, base.Add(now), base.Add(now+lease), limit)
		ok(t, err)
		out := []string{}
		for _, x := range got {
			out = append(out, x.Target)
		}
		return out
	}
	equal(t, claim("a", 10*time.Minute, time.Minute, 1), []string{"police_110"}, "a claim of one")
	equal(t, claim("a", 10*time.Minute, time.Minute, 0), []string{"community_office"}, "a claim passes over what is leased")
	equal(t, claim("b", 10*time.Minute, time.Minute, 0), []string{}, "another owner while the leases hold")
	equal(t, claim("b", 11*time.Minute, time.Minute, 0), []string{"police_110", "community_office"}, "after the leases end, by due instant")

	sent := ds[0]
	sent.Attempts, sent.Outcome, sent.DoneAt = 1, watch.OutcomeDelivered, base.Add(11*time.Minute)
	wantErr(t, o.Release(bg, "a", sent, time.Time{}), watch.ErrConflict, "a release by an owner whose lease was taken")
	ok(t, o.Release(bg, "b", sent, time.Time{}))
	wantErr(t, o.Release(bg, "b", sent, time.Time{}), watch.ErrConflict, "releasing twice")
	busy := ds[1]
	busy.Attempts, busy.LastError = 1, "line busy"
	ok(t, o.Release(bg, "b", busy, base.Add(20*time.Minute)))
	equal(t, claim("a", 15*time.Minute, time.Minute, 0), []string{}, "a retry waits for its instant")
	got, err := o.Claim(bg, p, "a", base.Add(20*time.Minute), base.Add(21*time.Minute), 0)
	ok(t, err)
	if len(got) != 1 || got[0].Target != "community_office" || got[0].Attempts != 1 || got[0].LastError != "line busy" {
		t.Fatalf("the retry claimed %s, want community_office with its attempt and error", show(got))
	}
	all, err := o.Deliveries(bg, p, "i1")
	ok(t, err)
	equal(t, all[0].Outcome, watch.OutcomeDelivered, "the released outcome")
	equal(t, all[0].Attempts, 1, "the released attempts")

	_, err = o.Claim(bg, p, "", base, base.Add(time.Minute), 0)
	wantErr(t, err, watch.ErrInvalid, "a claim with no owner")
	_, err = o.Claim(bg, p, "a", base, base, 0)
	wantErr(t, err, watch.ErrInvalid, "a lease that ends at once")
	wantErr(t, o.Release(bg, "a", d("nobody", 0), base), watch.ErrNotFound, "releasing a missing delivery")
}

// testClaimRace: owners claiming side by side never hold one delivery at
// once: each due delivery is claimed by exactly one of them.
func testClaimRace(t *testing.T, s watch.Stores, opt Options) {
	o, p, policy := admitted(t, s, "claim-race", "i1")
	n := opt.scaled(60)
	var ds []watch.Delivery
	for i := range n {
		ds = append(ds, watch.Delivery{Program: p, Incident: "i1", Rule: "r", Step: i, Target: "community_office", DueAt: base.Add(time.Duration(i) * time.Second)})
	}
	ok(t, o.Admit(bg, p, "i1", policy, ds))
	var mu sync.Mutex
	claimed := map[string]string{}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		owner := fmt.Sprintf("owner-%d", w)
		wg.Go(func() {
			for range n + 1 {
				got, err := o.Claim(bg, p, owner, base.Add(time.Hour), base.Add(2*time.Hour), 3)
				if err != nil || len(got) == 0 {
					errs <- err
					return
				}
				for _, x := range got {
					mu.Lock()
					if prev, twice := claimed[x.Key()]; twice {
						mu.Unlock()
						errs <- fmt.Errorf("step %d claimed by %s and %s", x.Step, prev, owner)
						return
					}
					claimed[x.Key()] = owner
					mu.Unlock()
					x.Attempts, x.Outcome, x.DoneAt = 1, watch.OutcomeDelivered, base.Add(time.Hour)
					if err := o.Release(bg, owner, x, time.Time{}); err != nil {
						errs <- err
						return
					}
				}
			}
			errs <- fmt.Errorf("%s never ran out of deliveries", owner)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		ok(t, err)
	}
	equal(t, len(claimed), n, "deliveries claimed")
}
