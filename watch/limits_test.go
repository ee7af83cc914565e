package watch_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

func TestLimitsNameTheLimit(t *testing.T) {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	cases := []struct {
		name, doc string
		limits    watch.InputLimits
		want      string
	}{
		{"depth", deep, watch.InputLimits{}, "is over the depth limit of 64"},
		{"bytes", `{"program": {"id": "x", "timezone": "UTC"}}`, watch.InputLimits{Bytes: 10}, "is over the bytes limit of 10"},
		{"values", `{"program": {"id": "x", "timezone": "UTC"}}`, watch.InputLimits{Values: 3}, "is over the values limit of 3"},
		{"volunteers", `{"program": {"id": "x", "timezone": "UTC"}, "volunteers": [{"id": "a", "birth_date": "1960-01-01"}, {"id": "b", "birth_date": "1960-01-01"}]}`,
			watch.InputLimits{Volunteers: 1}, "volunteers: lists 2 volunteers, is over the volunteers limit of 1"},
		{"horizon", `{"program": {"id": "x", "timezone": "UTC"}, "horizon": {"from": "2026-01-01", "to": "2027-12-31"}}`,
			watch.InputLimits{}, `horizon: "2026-01-01..2027-12-31" covers 730 days, is over the horizon_days limit of 400`},
		{"instances", `{"program": {"id": "x", "timezone": "UTC"}, "shifts": [{"id": "s", "start": "08:00", "end": "10:00", "need": 2, "days": ["mon"]}], "horizon": {"from": "2026-11-30", "to": "2026-12-13"}}`,
			watch.InputLimits{Instances: 1}, "makes 2 shift instances, is over the instances limit of 1"},
		{"need", `{"program": {"id": "x", "timezone": "UTC"}, "shifts": [{"id": "s", "start": "08:00", "end": "10:00", "need": 9223372036854775807}]}`,
			watch.InputLimits{}, "shifts[0].need: 9223372036854775807 must be from 1 to 1000"},
		{"weekly hours", `{"program": {"id": "x", "timezone": "UTC"}, "policy": {"max_hours_per_week": 1e300}}`,
			watch.InputLimits{}, "policy.max_hours_per_week: 1e+300 must be from 0 to 168"},
		{"year 9999 overnight", `{"program": {"id": "x", "timezone": "UTC"}, "horizon": {"from": "9999-12-01", "to": "9999-12-31"}}`,
			watch.InputLimits{}, `horizon.to: "9999-12-31" is after 9999-12-30`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := watch.Loader{Limits: tc.limits}.ProgramFile(strings.NewReader(tc.doc))
			require.ErrorIs(t, err, watch.ErrInvalid)
			require.Contains(t, err.Error(), tc.want)
		})
	}
	// Raised limits let the same documents through.
	pf, err := watch.Loader{Limits: watch.InputLimits{Depth: 100}}.ProgramFile(strings.NewReader(deep))
	require.Nil(t, pf)
	require.NotContains(t, err.Error(), "depth limit")
}

func TestProblemsAreCappedAndCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"program": {"id": "x", "timezone": "UTC"}, "volunteers": [`)
	for i := range 20_000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "v%d", "birth_date": "x", "max_hours_per_week": -1}`, i)
	}
	b.WriteString("]}")
	_, err := watch.LoadProgramFile(strings.NewReader(b.String()))
	require.Len(t, watch.FieldErrors(err), watch.MaxProblems)
	var more *watch.MoreProblems
	require.True(t, errors.As(err, &more))
	require.Equal(t, 40_000-watch.MaxProblems, more.N)
	require.True(t, strings.HasSuffix(err.Error(), "... and 39900 more"))
}

func TestMessagesAreSafeForATerminal(t *testing.T) {
	_, err := watch.LoadProgramFile(strings.NewReader(`{"program": {"id": "x", "timezone": "UTC"}, "shifts": [{"id": "s", "beat": ` +
		`"v\u001b[2J\u001b]0;pwned\u0007", "start": "08:00", "end": "10:00", "need": 2}]}`))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "\x1b")
	require.Contains(t, err.Error(), `\x1b[2J`)

	long := strings.Repeat("Asia/", 1<<20)
	_, err = watch.LoadLocation(long)
	require.Error(t, err)
	require.Less(t, len(err.Error()), 200)
	require.Contains(t, err.Error(), fmt.Sprintf("(%d bytes)", len(long)))
	require.Equal(t, `"abc"`, strict.Quote("abc"))
	require.Equal(t, "line\\x1b", strict.SafeText("line\x1b"))
}

func TestInstantsKeepTheirOffsetSeconds(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	old := time.Date(1900, 6, 1, 8, 0, 0, 0, shanghai)
	s := watch.FormatInstant(old)
	require.Equal(t, "1900-06-01T08:00:00+08:05:43", s)
	back, err := watch.ParseInstant(s)
	require.NoError(t, err)
	require.True(t, back.Equal(old), "%s read back as %s", s, back)
	_, err = watch.ParseInstant("0000-12-31T23:00:00+00:00")
	require.ErrorContains(t, err, "before the year 0001")
}

func TestRotaWithoutListsRoundTrips(t *testing.T) {
	r, err := watch.LoadRota(strings.NewReader(`{"program": "x", "horizon": {"from": "2026-12-01", "to": "2026-12-02"}, "stats": {}}`))
	require.NoError(t, err)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	require.Contains(t, string(out), `"assignments":[]`)
	_, err = watch.LoadRota(bytes.NewReader(out))
	require.NoError(t, err, "%s", out)
}

// TestPersonalDataIsMasked: no fmt verb and no slog handler prints a
// volunteer's name, phone or birth date, or an incident's free text.
func TestPersonalDataIsMasked(t *testing.T) {
	pf := &watch.ProgramFile{Program: watch.Program{ID: "p", Timezone: "UTC"},
		Volunteers: []watch.Volunteer{{ID: "v01", Name: "张三", Phone: "13900000001", BirthDate: watch.MustParseDate("1954-03-14")}}}
	inc := watch.Incident{ID: "i1", Kind: watch.KindFire, Description: "张三 13900000001",
		Events: []watch.Event{{Type: watch.EventNote, By: "v01", Text: "张三补充"}}}
	log := watch.PatrolLog{ID: "pl", Volunteers: []string{"v01"}, Notes: "张三 1954-03-14"}
	secrets := []string{"张三", "13900000001", "1954-03-14", "1954", "13900000001"}
	values := []any{pf, *pf, pf.Volunteers, pf.Volunteers[0], inc, &inc, inc.Events, log}
	var out strings.Builder
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%t", "%q", "%x", "%X", "%o"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
	}
	for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
		slog.New(h).Info("loaded", "program", pf, "file", *pf, "volunteer", pf.Volunteers[0], "incident", inc, "event", inc.Events[0], "patrol", log)
	}
	for _, s := range secrets {
		require.NotContains(t, out.String(), s)
	}
	require.Contains(t, out.String(), "v01")
}
