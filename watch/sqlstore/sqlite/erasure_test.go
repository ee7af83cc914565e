package sqlite_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/stretchr/testify/require"
)

// TestErasureLeavesTheDisk: after EraseVolunteer (which checkpoints) the
// bytes of the database, its write-ahead log and its shared-memory file
// hold neither the volunteer's name nor their phone number, wherever they
// were written: the volunteer's row, an incident's description, a note,
// a patrol's notes. Before erasure they are there, so the test can fail.
func TestErasureLeavesTheDisk(t *testing.T) {
	s, err := sqlite.Open(bg, filepath.Join(t.TempDir(), "erasure.db"))
	require.NoError(t, err)
	defer s.Close()
	st := s.Stores()
	p := program(t, st)
	const name, phone = "王小明测试", "13812345678"
	other := watch.Volunteer{ID: "v02", Name: "李四", Phone: "13900000002", BirthDate: watch.MustParseDate("1956-11-02")}
	require.NoError(t, st.Volunteers.PutVolunteer(bg, p, watch.Volunteer{ID: "v01", Name: name, Phone: phone, BirthDate: watch.MustParseDate("1955-03-14")}))
	require.NoError(t, st.Volunteers.PutVolunteer(bg, p, other))
	at := time.Date(2026, 4, 12, 9, 40, 0, 0, time.UTC)
	for i, id := range []string{"i1", "i2", "i3"} {
		_, err := st.Incidents.CreateIncident(bg, watch.Incident{Program: p, ID: id, Kind: watch.KindOther, Severity: watch.SeverityMinor,
			OccurredAt: at.Add(time.Duration(i) * time.Hour), ReportedBy: "v01", Description: name + "报告, 电话 " + phone,
			Events: []watch.Event{{Type: watch.EventNote, At: at.Add(time.Duration(i)*time.Hour + time.Minute), By: "v01", Text: "请回电 " + phone}}})
		require.NoError(t, err)
	}
	require.NoError(t, st.Patrols.RecordPatrol(bg, watch.PatrolLog{Program: p, ID: "pt1", Date: watch.DateOf(at), Volunteers: []string{"v01", "v02"},
		Start: at, End: at.Add(time.Hour), AllNormal: true, Notes: name + "与李四巡逻"}))

	files := func() map[string][]byte {
		out := map[string][]byte{}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			b, err := os.ReadFile(s.Path() + suffix)
			if !os.IsNotExist(err) {
				require.NoError(t, err)
			}
			out[filepath.Base(s.Path()+suffix)] = b
		}
		return out
	}
	found := func(fs map[string][]byte) []string {
		var where []string
		for f, b := range fs {
			for _, secret := range []string{name, phone} {
				if bytes.Contains(b, []byte(secret)) {
					where = append(where, f+": "+secret)
				}
			}
		}
		return where
	}
	require.NotEmpty(t, found(files()), "the personal data is on disk before erasure")
	_, err = s.Checkpoint(bg)
	require.NoError(t, err)
	require.NotEmpty(t, found(files()), "and in the database file after a checkpoint")

	require.NoError(t, st.Volunteers.EraseVolunteer(bg, p, "v01"))
	done, err := s.Checkpoint(bg)
	require.NoError(t, err)
	require.True(t, done)
	require.Empty(t, found(files()), "after erasure and a checkpoint")

	// The rest is kept: the other volunteer, the chains, the pseudonym.
	got, err := st.Volunteers.GetVolunteer(bg, p, "v02")
	require.NoError(t, err)
	require.Equal(t, other, got)
	for _, id := range []string{"i1", "i2", "i3"} {
		v, err := st.Incidents.VerifyHistory(bg, p, id)
		require.NoError(t, err)
		require.True(t, v.Intact, id)
	}
	require.NoError(t, s.Close())
	require.Empty(t, found(files()), "after closing")
}
