package storetest

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/watch"
)

func testPolicies(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "policy")
	doc := json.RawMessage(`{"rules": [{"name": "all", "match": {}, "steps": [{"after": "0s", "notify": ["community_office"]}]}]}`)
	id, err := s.Escalations.SavePolicy(bg, p, doc, base)
	ok(t, err)
	again, err := s.Escalations.SavePolicy(bg, p, doc, base.Add(time.Hour))
	ok(t, err)
	equal(t, again, id, "saving the same document again")
	snap, err := s.Escalations.GetPolicy(bg, p, id)
	ok(t, err)
	equal(t, string(snap.Doc), string(doc), "document byte for byte")
	if !snap.SavedAt.Equal(stored(base)) {
		t.Fatalf("saved at %v, want %v", snap.SavedAt, stored(base))
	}
	_, err = s.Escalations.SavePolicy(bg, p, json.RawMessage(`{"rules": [`), base)
	wantErr(t, err, watch.ErrInvalid, "not JSON")
	later := json.RawMessage(`{"rules": []}`)
	laterID, err := s.Escalations.SavePolicy(bg, p, later, base.Add(-time.Hour))
	ok(t, err)
	list, err := s.Escalations.ListPolicies(bg, p)
	ok(t, err)
	if len(list) != 2 || list[0].ID != laterID || list[1].ID != id || string(list[1].Doc) != string(doc) ||
		!list[1].SavedAt.Equal(stored(base)) || list[0].Program != p {
		t.Fatalf("ListPolicies gave %+v, want %s then %s, by the instant first saved", list, laterID, id)
	}
	list[1].Doc[0] = 'X'
	if again, _ := s.Escalations.GetPolicy(bg, p, id); string(again.Doc) != string(doc) {
		t.Fatal("ListPolicies shares its documents with the store")
	}
	none, err := s.Escalations.ListPolicies(bg, program(t, s, "policy-none"))
	ok(t, err)
	if none == nil || len(none) != 0 {
		t.Fatalf("ListPolicies of a programme without snapshots gave %#v, want an empty list", none)
	}
	_, err = s.Incidents.CreateIncident(bg, incident(p, "i1", watch.KindFire, 0))
	ok(t, err)
	ok(t, s.Escalations.BindPolicy(bg, p, "i1", id))
	wantErr(t, s.Escalations.BindPolicy(bg, p, "i1", id), watch.ErrConflict, "binding twice")
	wantErr(t, s.Escalations.BindPolicy(bg, p, "missing", id), watch.ErrNotFound, "missing incident")
	wantErr(t, s.Escalations.BindPolicy(bg, p, "i1", "missing"), watch.ErrNotFound, "missing snapshot")
	bound, err := s.Escalations.PolicyFor(bg, p, "i1")
	ok(t, err)
	equal(t, bound.ID, id, "the policy in force")
	_, err = s.Escalations.PolicyFor(bg, p, "missing")
	wantErr(t, err, watch.ErrNotFound, "no policy bound")
}

func testOutbox(t *testing.T, s watch.Stores, _ Options) {
	p := program(t, s, "outbox")
	d := func(inc string, step int, target string, due time.Duration) watch.Delivery {
		return watch.Delivery{Program: p, Incident: inc, Rule: "danger-now", Step: step, Target: target, DueAt: base.Add(due)}
	}
	batch := []watch.Delivery{d("i1", 0, "police_110", 0), d("i1", 0, "community_office", 0), d("i1", 1, "police_liaison", 10*time.Minute),
		d("i2", 0, "community_office", 5*time.Minute), d("i2", 1, "police_liaison", time.Hour)}
	ok(t, s.Escalations.Enqueue(bg, batch))
	ok(t, s.Escalations.Enqueue(bg, batch[:2])) // idempotent
	keys := func(ds []watch.Delivery) []string {
		out := []string{}
		for _, x := range ds {
			out = append(out, x.Incident+"/"+x.Target)
		}
		return out
	}
	// ordered lists deliveries by due instant, then key, as Due does.
	ordered := func(ds ...watch.Delivery) []string {
		ds = slices.Clone(ds)
		slices.SortFunc(ds, func(a, b watch.Delivery) int {
			return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.Key(), b.Key()))
		})
		return keys(ds)
	}
	due, err := s.Escalations.Due(bg, p, base.Add(10*time.Minute), 0)
	ok(t, err)
	equal(t, keys(due), ordered(batch[0], batch[1], batch[2], batch[3]), "due at or before t, by due then key")
	equal(t, due[0].Outcome, watch.OutcomePending, "pending")
	due, err = s.Escalations.Due(bg, p, base.Add(10*time.Minute), 2)
	ok(t, err)
	equal(t, len(due), 2, "limit")

	first := due[0]
	first.Attempts, first.Outcome, first.DoneAt = 1, watch.OutcomeDelivered, base.Add(time.Second)
	ok(t, s.Escalations.Settle(bg, first))
	failing := due[1]
	failing.Attempts, failing.LastError = 1, "line busy"
	ok(t, s.Escalations.Settle(bg, failing)) // still pending, to retry
	due, err = s.Escalations.Due(bg, p, base.Add(10*time.Minute), 0)
	ok(t, err)
	var rest []watch.Delivery
	for _, x := range batch[:4] {
		if x.Key() != first.Key() {
			rest = append(rest, x)
		}
	}
	equal(t, keys(due), ordered(rest...), "a delivered one is no longer due")
	equal(t, due[0].LastError, "line busy", "a retried one keeps its error")

	all, err := s.Escalations.Deliveries(bg, p, "i1")
	ok(t, err)
	equal(t, keys(all), ordered(batch[0], batch[1], batch[2]), "an incident's deliveries")
	for _, x := range all {
		if x.Key() != first.Key() {
			continue
		}
		equal(t, x.Outcome, watch.OutcomeDelivered, "settled")
		if !x.DoneAt.Equal(stored(base.Add(time.Second))) {
			t.Fatalf("done at %v", x.DoneAt)
		}
	}

	// Settled back to pending (an operator's retry), a delivery is due
	// again, once.
	again := first
	again.Outcome, again.DoneAt = watch.OutcomePending, time.Time{}
	ok(t, s.Escalations.Settle(bg, again))
	due, err = s.Escalations.Due(bg, p, base.Add(10*time.Minute), 0)
	ok(t, err)
	equal(t, keys(due), ordered(batch[:4]...), "a delivery settled back to pending is due again, once")
	ok(t, s.Escalations.Settle(bg, first))

	// Keys never collide, whatever the fields hold: "i/r" with rule "x"
	// and "i" with rule "r/x" are two deliveries.
	twins := []watch.Delivery{
		{Program: p, Incident: "c/r", Rule: "x", Target: "t", DueAt: base},
		{Program: p, Incident: "c", Rule: "r/x", Target: "t", DueAt: base},
		{Program: p, Incident: "c", Rule: "r", Step: 1, Target: "x/t", DueAt: base},
		{Program: p, Incident: "c:1", Rule: "r", Target: "t", DueAt: base},
	}
	ok(t, s.Escalations.Enqueue(bg, twins))
	got, err := s.Escalations.Due(bg, p, base, 0)
	ok(t, err)
	n := 0
	for _, x := range got {
		if strings.HasPrefix(x.Incident, "c") {
			n++
		}
	}
	equal(t, n, len(twins), "deliveries whose fields join to the same text are each kept")
	wantErr(t, s.Escalations.Settle(bg, d("i9", 0, "nobody", 0)), watch.ErrNotFound, "settling a missing delivery")
	bad := d("i1", 0, "", 0)
	wantErr(t, s.Escalations.Enqueue(bg, []watch.Delivery{bad}), watch.ErrInvalid, "a delivery with no target")
	other := program(t, s, "outbox-other")
	due, err = s.Escalations.Due(bg, other, base.Add(24*time.Hour), 0)
	ok(t, err)
	equal(t, len(due), 0, "another programme's outbox")
}
