package storetest

import (
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

// testTextHashes: VerifyHistory gives the hash of each link's text, and
// erasure keeps them while it blanks the text.
func testTextHashes(t *testing.T, s watch.Stores, _ Options) {
	p, inc := withText(t, s, "hashes", "h1")
	_, err := s.Incidents.CreateIncident(bg, inc)
	ok(t, err)
	want := storekit.TextHashesOf(inc)
	v, err := s.Incidents.VerifyHistory(bg, p, "h1")
	ok(t, err)
	equal(t, v.TextHashes, want, "text hashes")
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v01"))
	after, err := s.Incidents.VerifyHistory(bg, p, "h1")
	ok(t, err)
	equal(t, after.TextHashes, want, "text hashes after erasure")
	equal(t, after.Head, v.Head, "head after erasure")
}

// testImport: a watch.HistoryImporter takes an incident whose erased text
// keeps its hash, so the chain is the one the hashes make, and refuses
// hashes that do not fit.
func testImport(t *testing.T, s watch.Stores, _ Options) {
	imp, isImporter := s.Incidents.(watch.HistoryImporter)
	if !isImporter {
		t.Skip("the store is not a watch.HistoryImporter")
	}
	// As it was elsewhere: v01's description and note, since erased.
	p, was := withText(t, s, "import", "m1")
	ok(t, s.Volunteers.EraseVolunteer(bg, p, "v01"))
	hashes := storekit.TextHashesOf(storekit.StoredIncident(was))
	erased := storekit.StoredIncident(was)
	erased.Description, erased.Events = "", append([]watch.Event(nil), erased.Events...)
	erased.Events[1].Text = ""
	h := storekit.NewHistoryWith(erased, hashes[0])
	for i, e := range erased.Events {
		h.AppendWith(p, "m1", e, hashes[i+1])
	}

	bad := func(what string, inc watch.Incident, hs []string) {
		t.Helper()
		_, err := imp.ImportIncident(bg, inc, hs)
		wantErr(t, err, watch.ErrInvalid, what)
	}
	bad("one hash short", erased, hashes[:3])
	wrong := append([]string(nil), hashes...)
	wrong[3] = storekit.TextHash("另一段话")
	bad("a text with another's hash", erased, wrong)
	notErased := erased
	notErased.ReportedBy = "v02"
	bad("erased text by a volunteer who is not erased", notErased, hashes)
	junk := append([]string(nil), hashes...)
	junk[0] = "not a hash"
	bad("a hash that is not hex", erased, junk)
	_, err := s.Incidents.GetIncident(bg, p, "m1")
	wantErr(t, err, watch.ErrNotFound, "nothing written by a refusal")

	got, err := imp.ImportIncident(bg, erased, hashes)
	ok(t, err)
	equal(t, got.Version, 3, "version")
	v, err := s.Incidents.VerifyHistory(bg, p, "m1")
	ok(t, err)
	equal(t, v, watch.Verification{Intact: true, FirstBroken: -1, Head: h.Head(), Links: 4, TextHashes: hashes}, "the imported chain")
	_, err = imp.ImportIncident(bg, erased, hashes)
	wantErr(t, err, watch.ErrConflict, "importing an id taken")
}

// withText makes a programme with volunteers v01 and v02 and returns it
// with an incident (not stored) whose description is by v01, with an
// acknowledgement and a note each by v01 and v02.
func withText(t *testing.T, s watch.Stores, name, id string) (string, watch.Incident) {
	p := program(t, s, name)
	for _, v := range []string{"v01", "v02"} {
		ok(t, s.Volunteers.PutVolunteer(bg, p, volunteer(v)))
	}
	inc := incident(p, id, watch.KindSuspiciousPerson, 0)
	inc.ReportedBy, inc.Description = "v01", "张三报告：可疑人员"
	inc.Events = []watch.Event{
		{Type: watch.EventAcknowledged, At: base.Add(time.Minute), By: "community_office"},
		note(base.Add(2*time.Minute), "v01", "张三补充"),
		note(base.Add(3*time.Minute), "v02", "李四确认"),
	}
	return p, inc
}
