package watch_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

// The fuzz targets' seed corpora run on every go test; go test -fuzz
// explores further. Their invariant: a loader never panics, returns either
// a value or an error, and what it accepts it writes back in a form it
// accepts again, unchanged.

func FuzzLoadProgramFile(f *testing.F) {
	for _, name := range []string{"program.json", "program-tiny.json"} {
		f.Add(open(f, name))
	}
	f.Add([]byte(`{"program": {"id": "x", "timezone": "Europe/London"}, "shifts": [{"id": "n", "start": "22:00", "end": "06:00", "need": 2}]}`))
	f.Add([]byte(`{"program": {"id": "x", "timezone": "UTC"}, "volunteers": []}`))
	f.Add([]byte(`{"program": null}`))
	f.Add([]byte(`[1, 2`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := watch.LoadProgramFile(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, pf)
			require.NotEmpty(t, err.Error())
			return
		}
		require.NoError(t, pf.Validate())
		out, err := json.Marshal(pf)
		require.NoError(t, err)
		again, err := watch.LoadProgramFile(bytes.NewReader(out))
		require.NoError(t, err, "%s", out)
		require.Equal(t, pf, again)
	})
}

func FuzzLoadRota(f *testing.F) {
	f.Add(open(f, "rota-tiny.json"))
	f.Add([]byte(`{"program": "x", "horizon": {"from": "2026-12-02", "to": "2026-12-01"}, "assignments": [], "gaps": [], "stats": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := watch.LoadRota(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, r)
			return
		}
		out, err := json.Marshal(r)
		require.NoError(t, err)
		again, err := watch.LoadRota(bytes.NewReader(out))
		require.NoError(t, err, "%s", out)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}

func FuzzLoadIncidents(f *testing.F) {
	f.Add(open(f, "incidents.json"))
	f.Add([]byte(`[{"id": "a", "kind": "fire", "severity": "minor", "occurred_at": "2026-04-01T08:00:00Z", "events": [{"type": "resolved", "at": "2026-04-01T08:00:00Z"}, {"type": "acknowledged", "at": "2026-04-01T08:00:00Z"}]}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		incs, err := watch.LoadIncidents(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, incs)
			return
		}
		for _, inc := range incs {
			require.NoError(t, inc.Validate(watch.Kinds{}))
		}
		out, err := json.Marshal(incs)
		require.NoError(t, err)
		again, err := watch.LoadIncidents(bytes.NewReader(out))
		require.NoError(t, err, "%s", out)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}
