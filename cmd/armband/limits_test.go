package main

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// billionLaughs is a 342-byte YAML document whose nested aliases stand for
// 9^9 strings.
const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

// endless is a reader of one byte, repeated n times.
type endless struct {
	b byte
	n int64
}

func (r *endless) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n)
	for i := range k {
		p[i] = r.b
	}
	r.n -= k
	return int(k), nil
}

// TestHostileInputs gives every loader of the command each hostile input
// of docs/formats.md section 0.7: it exits 2 with one message naming the
// limit, never a crash.
func TestHostileInputs(t *testing.T) {
	program, policy, incidents := examples+"program.json", examples+"policy.json", examples+"incidents.json"
	hostile := map[string]func(t *testing.T) (path string, stdin io.Reader, limit string){
		"billion laughs": func(t *testing.T) (string, io.Reader, string) {
			return writeFile(t, "laughs.yaml", billionLaughs), nil, "yaml_aliases limit"
		},
		"3 MB of [": func(t *testing.T) (string, io.Reader, string) {
			return writeFile(t, "deep.json", strings.Repeat("[", 3<<20)), nil, "depth limit"
		},
		"3 MB of [ in YAML": func(t *testing.T) (string, io.Reader, string) {
			return writeFile(t, "deep.yaml", strings.Repeat("[", 3<<20)), nil, ""
		},
		"100 MB of [ on standard input": func(t *testing.T) (string, io.Reader, string) {
			return "-", &endless{'[', 100 << 20}, "bytes limit"
		},
		"/dev/zero": func(t *testing.T) (string, io.Reader, string) { return "/dev/zero", nil, "bytes limit" },
	}
	commands := []struct {
		name string
		args func(hostile string) []string
	}{
		{"validate program", func(h string) []string { return []string{"validate", "program", h} }},
		{"validate rota (programme)", func(h string) []string { return []string{"validate", "rota", h, examples + "rota-tiny.json"} }},
		{"validate rota (rota)", func(h string) []string {
			return []string{"validate", "rota", examples + "program-tiny.json", h}
		}},
		{"validate incidents", func(h string) []string { return []string{"validate", "incidents", h} }},
		{"rota generate", func(h string) []string { return []string{"rota", "generate", h} }},
		{"rota check", func(h string) []string { return []string{"rota", "check", program, h} }},
		{"escalate (policy)", func(h string) []string {
			return []string{"escalate", "--policy", h, "--until", "2026-04-18T00:30:00+08:00", incidents}
		}},
		{"escalate (incidents)", func(h string) []string {
			return []string{"escalate", "--policy", policy, "--until", "2026-04-18T00:30:00+08:00", h}
		}},
		{"sixnos (goals)", func(h string) []string {
			return []string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", "--goals", h, incidents}
		}},
		{"sixnos (incidents)", func(h string) []string {
			return []string{"sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", "Asia/Shanghai", h}
		}},
		{"rules lint", func(h string) []string { return []string{"rules", "lint", h} }},
		{"rules test", func(h string) []string { return []string{"rules", "test", h} }},
	}
	for hname, make := range hostile {
		for _, c := range commands {
			t.Run(hname+"/"+c.name, func(t *testing.T) {
				path, stdin, limit := make(t)
				if stdin == nil {
					stdin = strings.NewReader("")
				}
				var out, errb strings.Builder
				code := run(c.args(path), stdin, &out, &errb)
				require.Equal(t, exitUsage, code, "stderr: %.300s", errb.String())
				require.Empty(t, out.String())
				lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
				require.Len(t, lines, 1, "one message: %.300s", errb.String())
				require.Less(t, len(lines[0]), 400, "a short message")
				require.Contains(t, lines[0], limit)
			})
		}
	}
}

// TestHorizonOfTenThousandYears: validation refuses it at once, naming the
// horizon limit, and generation never starts.
func TestHorizonOfTenThousandYears(t *testing.T) {
	path := writeFile(t, "program.json", `{"program": {"id": "x", "timezone": "Asia/Shanghai"},
 "beats": [{"id": "b"}],
 "volunteers": [{"id": "a", "birth_date": "1970-01-01"}, {"id": "b", "birth_date": "1970-01-01"}],
 "shifts": [{"id": "s", "beat": "b", "start": "22:00", "end": "02:00", "need": 2}],
 "horizon": {"from": "0001-01-01", "to": "9999-12-31"}}`)
	for _, args := range [][]string{{"validate", "program", path}, {"rota", "generate", path}} {
		code, out, errs := runCLI(t, "", args...)
		require.Equal(t, exitUsage, code)
		require.Empty(t, out)
		require.Contains(t, errs, `horizon: "0001-01-01..9999-12-31" covers 3652059 days, is over the horizon_days limit of 400`)
		require.Contains(t, errs, `horizon.to: "9999-12-31" is after 9999-12-30`)
	}
}

// TestManyProblemsAreLinear: 20,000 bad records give 100 lines and a
// count of the rest.
func TestManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 20_000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "i%d", "kind": "nope", "severity": "minor", "occurred_at": "x"}`, i)
	}
	b.WriteString("]")
	path := writeFile(t, "incidents.json", b.String())
	code, _, errs := runCLI(t, "", "validate", "incidents", path)
	require.Equal(t, exitUsage, code)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	require.Len(t, lines, 101)
	require.Equal(t, "... and 39900 more", lines[100])
}

// TestEchoedValuesCannotHurtATerminal: an id with escape sequences and a
// zone name of megabytes come back quoted, escaped and cut short.
func TestEchoedValuesCannotHurtATerminal(t *testing.T) {
	rota := writeFile(t, "rota.json", `{"program": "t\u001b[2J\u001b]0;x\u0007", "horizon": {"from": "2026-12-01", "to": "2026-12-03"},
 "assignments": [], "gaps": [], "stats": {"hours": {}}}`)
	code, _, errs := runCLI(t, "", "rota", "check", examples+"program-tiny.json", rota)
	require.Equal(t, exitUsage, code)
	require.NotContains(t, errs, "\x1b")
	require.NotContains(t, errs, "\a")
	require.Contains(t, errs, `\x1b[2J`)

	zone := strings.Repeat("Asia/", 1<<20)
	code, _, errs = runCLI(t, "", "sixnos", "--from", "2026-04-01", "--to", "2026-04-30", "--timezone", zone, examples+"incidents.json")
	require.Equal(t, exitUsage, code)
	require.Less(t, len(errs), 300, "%.300s", errs)
	require.Contains(t, errs, fmt.Sprintf("(%d bytes)", len(zone)))
}

// TestYear9999RoundTrips: the last horizon allowed, with an overnight
// shift, gives a rota that rota check reads back and passes.
func TestYear9999RoundTrips(t *testing.T) {
	program := writeFile(t, "program.json", `{"program": {"id": "x", "timezone": "Asia/Shanghai"},
 "beats": [{"id": "b"}],
 "volunteers": [{"id": "a", "birth_date": "9970-01-01"}, {"id": "b", "birth_date": "9971-01-01"}, {"id": "c", "birth_date": "9972-01-01"}],
 "shifts": [{"id": "night", "beat": "b", "start": "22:00", "end": "02:00", "need": 2}],
 "horizon": {"from": "9999-12-28", "to": "9999-12-30"}}`)
	code, out, errs := runCLI(t, "", "rota", "generate", "--format", "json", program)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, `"end": "9999-12-31T02:00:00+08:00"`)
	rota := writeFile(t, "rota.json", out)
	code, out, errs = runJSON(t, "", "rota", "check", program, rota)
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, "[]\n", out)
}
