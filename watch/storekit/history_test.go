package storekit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
	"github.com/stretchr/testify/require"
)

func sample() (watch.Incident, storekit.History) {
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	inc := watch.Incident{Program: "nanhuan-2", ID: "inc-0412", Kind: watch.KindAttemptedTheft, Severity: watch.SeverityMinor,
		OccurredAt: at, ReportedBy: "v03", Description: "张三报告"}
	h := storekit.NewHistory(inc)
	for _, e := range []watch.Event{
		{Type: watch.EventNote, At: at.Add(time.Minute), By: "v03", Text: "张三补充"},
		{Type: watch.EventAcknowledged, At: at.Add(5 * time.Minute), By: "community_office"},
	} {
		h.Append(inc.Program, inc.ID, e)
		inc.Events = append(inc.Events, e)
	}
	return inc, h
}

// TestVerifyChecksTheIncidentAsStored: Verify rehashes the incident it is
// given, so a change to the stored events (not to the chain's copy) breaks
// the chain, while blanking text (erasure) does not.
func TestVerifyChecksTheIncidentAsStored(t *testing.T) {
	inc, h := sample()
	require.True(t, h.Verify(inc).Intact)

	edited := inc
	edited.Events = append([]watch.Event(nil), inc.Events...)
	edited.Events[1].Type = watch.EventResolved
	v := h.Verify(edited)
	require.False(t, v.Intact)
	require.Equal(t, 2, v.FirstBroken)

	edited.Events = inc.Events[:1]
	require.Equal(t, 2, h.Verify(edited).FirstBroken, "an event missing from the incident")

	erased := inc
	erased.Description = ""
	erased.Events = append([]watch.Event(nil), inc.Events...)
	erased.Events[0].Text = ""
	v = h.Verify(erased)
	require.True(t, v.Intact)
	require.Equal(t, h.Head(), v.Head)
}

func ExampleHistory() {
	inc, h := sample()
	fmt.Println(h.Verify(inc).Intact, h.Verify(inc).Links)
	inc.Events[0].Text = "edited"
	fmt.Println(h.Verify(inc).Intact, h.Verify(inc).FirstBroken)
	// Output:
	// true 3
	// false 1
}

func ExampleIncidentCursor() {
	c := storekit.IncidentCursor{OccurredAt: time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC), ID: "inc-0412"}
	back, err := storekit.DecodeIncidentCursor(c.Encode())
	fmt.Println(err, back.ID, back.OccurredAt.Equal(c.OccurredAt))
	_, err = storekit.DecodeIncidentCursor("not a cursor")
	fmt.Println(err)
	// Output:
	// <nil> inc-0412 true
	// cursor: "not a cursor" is not a cursor this store made
}
