package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armband/armband/watch"
	"github.com/stretchr/testify/require"
)

const examples = "../../testdata/examples/"

// runCLI runs the command in-process and returns its exit status and
// streams.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// writeFile writes a file into a fresh temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

const baseProgram = `{
 "program": {"id": "t", "name": "测试", "timezone": "Asia/Shanghai"},
 "contact_points": [{"id": "cp1", "name": "北门"}],
 "beats": [{"id": "north", "name": "北片"}],
 "volunteers": [
  {"id": "v1", "name": "张三", "birth_date": "1954-06-02", "availability": [{"days": ["mon"], "from": "07:00", "to": "12:00"}]},
  {"id": "v2", "name": "李四", "birth_date": "1960-02-29", "unavailable": [{"from": "2026-12-10", "to": "2026-12-12"}]}
 ],
 "shifts": [{"id": "am", "beat": "north", "days": ["mon", "tue"], "start": "08:00", "end": "11:00", "need": 2}],
 "policy": {"min_team": 2, "min_age": 18,
  "age_bands": [{"from_age": 60, "max_shift_hours": 4}, {"from_age": 70, "latest_end": "18:00"}],
  "night": {"from": "21:00", "to": "06:00", "require_member_under": 65}},
 "horizon": {"from": "2026-12-01", "to": "2026-12-31"},
 "fixed": [{"shift": "am", "date": "2026-12-01", "volunteers": ["v1"]}]
}`

func TestValidateExamples(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "program", examples + "program.json"},
		{"validate", "program", examples + "program-tiny.json"},
		{"validate", "rota", examples + "program-tiny.json", examples + "rota-tiny.json"},
		{"validate", "incidents", examples + "incidents.json"},
		{"validate", "program", "--format", "text", "--lang", "en", examples + "program.json"},
	} {
		code, out, errs := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, "%v: %s", args, errs)
		require.Contains(t, out, "valid")
	}
	code, _, _ := runCLI(t, "", "validate", "program", writeFile(t, "program.json", baseProgram))
	require.Equal(t, exitOK, code, "the base of the broken variants must be valid")
}

func TestValidateProgramBroken(t *testing.T) {
	// sub replaces each old text of the base programme with its new text.
	sub := func(oldNew ...string) string {
		doc := baseProgram
		for i := 0; i < len(oldNew); i += 2 {
			require.Contains(t, doc, oldNew[i])
			doc = strings.Replace(doc, oldNew[i], oldNew[i+1], 1)
		}
		return doc
	}
	cases := []struct {
		name, content string
		want          []string // lines of standard error must contain each
	}{
		{"31 June", sub(`"1954-06-02"`, `"1954-06-31"`), []string{`volunteers[0].birth_date: "1954-06-31" is not a date`}},
		{"month 13", sub(`"1954-06-02"`, `"1954-13-01"`), []string{`volunteers[0].birth_date: "1954-13-01" is not a date`}},
		{"29 February in a common year", sub(`"1960-02-29"`, `"1961-02-29"`), []string{`volunteers[1].birth_date: "1961-02-29" is not a date`}},
		{"24:00", sub(`"start": "08:00"`, `"start": "24:00"`), []string{`shifts[0].start: "24:00" is not a clock time`}},
		{"one-digit hour", sub(`"from": "07:00"`, `"from": "7:00"`), []string{`volunteers[0].availability[0].from: "7:00" is not a clock time`}},
		{"unknown key", sub(`"name": "张三"`, `"nmae": "张三"`), []string{`volunteers[0].nmae: is not a known key`}},
		{"unknown top-level key", sub(`"horizon"`, `"extra": 1, "horizon"`), []string{`extra: is not a known key`}},
		{"empty list", sub(`"fixed": [{"shift": "am", "date": "2026-12-01", "volunteers": ["v1"]}]`, `"fixed": []`), []string{`fixed: [] is an empty list`}},
		{"empty nested list", sub(`"days": ["mon"], `, `"days": [], `), []string{`volunteers[0].availability[0].days: [] is an empty list`}},
		{"duplicate volunteer id", sub(`"id": "v2"`, `"id": "v1"`), []string{`volunteers[1].id: "v1" is used twice`}},
		{"empty beat id", sub(`{"id": "north", "name": "北片"}`, `{"id": "", "name": "北片"}`), []string{`beats[0].id: "" is empty`, `shifts[0].beat: "north" is not the id of a beat`}},
		{"dangling beat", sub(`"beat": "north"`, `"beat": "south"`), []string{`shifts[0].beat: "south" is not the id of a beat`}},
		{"need below min_team", sub(`"need": 2`, `"need": 1`), []string{`shifts[0].need: 1 is below the policy's min_team of 2`}},
		{"need below the default team", sub(`"min_team": 2, `, ``, `"need": 2`, `"need": 1`), []string{`shifts[0].need: 1 is below the policy's min_team of 2`}},
		{"need zero", sub(`"need": 2`, `"need": 0`), []string{`shifts[0].need: 0 must be from 1 to 1000`}},
		{"need as a string", sub(`"need": 2`, `"need": "2"`), []string{`shifts[0].need: "2" is not a whole number`}},
		{"unknown timezone", sub(`Asia/Shanghai`, `Asia/Suzhou`), []string{`program.timezone: "Asia/Suzhou" is not a known IANA time zone`}},
		{"Local timezone", sub(`Asia/Shanghai`, `Local`), []string{`program.timezone: "Local" is not an IANA time zone name`}},
		{"missing timezone", sub(`, "timezone": "Asia/Shanghai"`, ``), []string{`program.timezone: is required`}},
		{"missing birth date", sub(`, "birth_date": "1954-06-02"`, ``), []string{`volunteers[0].birth_date: is required`}},
		{"window from equals to", sub(`"from": "07:00", "to": "12:00"`, `"from": "07:00", "to": "07:00"`), []string{`volunteers[0].availability[0].to: "07:00" equals from`}},
		{"night from equals to", sub(`"from": "21:00", "to": "06:00"`, `"from": "21:00", "to": "21:00"`), []string{`policy.night.to: "21:00" equals from`}},
		{"shift start equals end", sub(`"end": "11:00"`, `"end": "08:00"`), []string{`shifts[0].end: "08:00" equals start`}},
		{"two bands with one from_age", sub(`{"from_age": 70`, `{"from_age": 60`), []string{`policy.age_bands[1].from_age: 60 is the from_age of age_bands[0] too`}},
		{"negative min_age", sub(`"min_age": 18`, `"min_age": -1`), []string{`policy.min_age: -1 must be from 0 to 150`}},
		{"day name", sub(`"days": ["mon", "tue"]`, `"days": ["monday", "tue"]`), []string{`shifts[0].days[0]: "monday" is not a day`}},
		{"horizon backwards", sub(`"to": "2026-12-31"`, `"to": "2026-11-30"`), []string{`horizon.to: "2026-11-30" is before from 2026-12-01`}},
		{"unavailable backwards", sub(`"to": "2026-12-12"`, `"to": "2026-12-09"`), []string{`volunteers[1].unavailable[0].to: "2026-12-09" is before from`}},
		{"fixed unknown shift", sub(`"shift": "am"`, `"shift": "pm"`), []string{`fixed[0].shift: "pm" is not the id of a shift`}},
		{"fixed unknown volunteer", sub(`"volunteers": ["v1"]`, `"volunteers": ["v9"]`), []string{`fixed[0].volunteers[0]: "v9" is not the id of a volunteer`}},
		{"fixed someone twice", sub(`"volunteers": ["v1"]`, `"volunteers": ["v1", "v1"]`), []string{`fixed[0].volunteers[1]: "v1" is named twice`}},
		{"fixed over need", sub(`"volunteers": ["v1"]`, `"volunteers": ["v1", "v2", "v3"]`), []string{`fixed[0].volunteers: names 3 volunteers, more than the shift's need of 2`, `fixed[0].volunteers[2]: "v3" is not the id of a volunteer`}},
		{"fixed on a day the shift does not run", sub(`"date": "2026-12-01"`, `"date": "2026-12-02"`), []string{`fixed[0].date: "2026-12-02" is a wed`}},
		{"declared kind is built in", sub(`"horizon"`, `"kinds": [{"id": "fire", "name": "火"}], "horizon"`), []string{`kinds[0].id: "fire" is a built-in kind`}},
		{"other major version", sub(`{
 "program"`, `{"format": "armband/v2",
 "program"`), []string{`format: "armband/v2" is another major version`}},
		{"null", sub(`"name": "张三"`, `"name": null`), []string{`volunteers[0].name: null is null`}},
		{"key twice", sub(`"id": "t", `, `"id": "t", "id": "u", `), []string{`program.id: appears twice`}},
		{"not JSON", sub(`"beats": [`, `"beats": [,`), []string{`is not valid JSON at line 4`}},
		{"every problem, not the first", sub(`"1954-06-02"`, `"1954-06-31"`, `"start": "08:00"`, `"start": "24:00"`, `"beat": "north"`, `"beat": "south"`),
			[]string{`volunteers[0].birth_date`, `shifts[0].start`, `shifts[0].beat`}},
	}
	require.GreaterOrEqual(t, len(cases), 30)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "program.json", tc.content)
			code, out, errs := runCLI(t, "", "validate", "program", path)
			require.Equal(t, exitUsage, code, "stdout: %s", out)
			require.Empty(t, out)
			for _, w := range tc.want {
				require.Contains(t, errs, w)
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			require.Len(t, lines, len(tc.want), "one line per problem:\n%s", errs)
			for _, line := range lines {
				require.True(t, strings.HasPrefix(line, path+": "), "line %q names the file", line)
			}
		})
	}
}

func TestValidateYAML(t *testing.T) {
	const good = `# the same programme, as people write it
program: {id: t, timezone: Asia/Shanghai}
beats:
  - id: north
volunteers:
  - id: 0012
    name: 张三
    birth_date: 1954-06-02
    availability:
      - {days: [mon, tue], from: 07:00, to: 12:00}
  - id: v2
    birth_date: 1960-02-29
    active: false
    max_hours_per_week: 7.5
shifts:
  - id: am
    beat: north
    start: 08:00
    end: 11:00
    need: 2
policy:
  min_rest_hours: 12
  age_bands:
    - {from_age: 60, earliest_start: 07:00, latest_end: 21:00, eligible: true}
horizon: {from: 2026-12-01, to: 2026-12-31}
fixed:
  - {shift: am, date: 2026-12-01, volunteers: ["0012"]}
`
	for _, name := range []string{"program.yaml", "program.yml"} {
		code, out, errs := runJSON(t, "", "validate", "program", writeFile(t, name, good))
		require.Equal(t, exitOK, code, errs)
		require.Contains(t, out, `"volunteers": 2`)
	}
	code, _, errs := runCLI(t, good, "validate", "program", "-")
	require.Equal(t, exitOK, code, "standard input is read as YAML: %s", errs)

	bad := []struct{ name, old, new, want string }{
		{"typo'd key", "birth_date: 1954", "brith_date: 1954", "volunteers[0].brith_date: is not a known key"},
		{"sexagesimal-looking clock", "start: 08:00", "start: 8:00", `shifts[0].start: "8:00" is not a clock time`},
		{"bad date", "to: 2026-12-31", "to: 2026-12-32", `horizon.to: "2026-12-32" is not a date`},
		{"number where a number belongs", "need: 2", "need: two", `shifts[0].need: "two" is not a whole number`},
		{"yes is not a boolean", "active: false", "active: yes", `volunteers[1].active: "yes" is not true or false`},
		{"empty list", "beats:\n  - id: north\n", "beats: []\n", "beats: [] is an empty list"},
		{"not YAML", "program: {", "program: {{", "program.yaml: is not valid YAML"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, good, tc.old)
			code, _, errs := runCLI(t, "", "validate", "program", writeFile(t, "program.yaml", strings.Replace(good, tc.old, tc.new, 1)))
			require.Equal(t, exitUsage, code)
			require.Contains(t, errs, tc.want)
		})
	}
}

func TestValidateIncidentsAndRotaBroken(t *testing.T) {
	incidents, err := os.ReadFile(examples + "incidents.json")
	require.NoError(t, err)
	rota, err := os.ReadFile(examples + "rota-tiny.json")
	require.NoError(t, err)
	sub := func(doc []byte, old, new string) string {
		require.Contains(t, string(doc), old)
		return strings.Replace(string(doc), old, new, 1)
	}
	cases := []struct{ name, command, content, want string }{
		{"unknown kind", "incidents", sub(incidents, `"kind": "other"`, `"kind": "noise"`), `[5].kind: "noise" is not a built-in or declared kind`},
		{"unknown severity", "incidents", sub(incidents, `"severity": "minor"`, `"severity": "low"`), `[0].severity: "low" is not a severity`},
		{"reported before occurred", "incidents", sub(incidents, `"reported_at": "2026-04-12T09:42:00+08:00"`, `"reported_at": "2026-04-12T09:00:00+08:00"`), `[0].reported_at: "2026-04-12T09:00:00+08:00" is before occurred_at`},
		{"event before reported", "incidents", sub(incidents, `"at": "2026-04-12T09:45:00+08:00"`, `"at": "2026-04-12T09:41:00+08:00"`), `[0].events[0].at: "2026-04-12T09:41:00+08:00" is before reported_at`},
		{"illegal transition", "incidents", sub(incidents, `"type": "resolved",
        "at": "2026-04-12T10:30:00+08:00"`, `"type": "acknowledged",
        "at": "2026-04-12T10:30:00+08:00"`), `[0].events[1].type: "acknowledged" is not legal when the incident is acknowledged`},
		{"instant without offset", "incidents", sub(incidents, `"2026-04-17T23:00:00+08:00"`, `"2026-04-17T23:00:00"`), `[5].occurred_at: "2026-04-17T23:00:00" is not an instant`},
		{"duplicate incident id", "incidents", sub(incidents, `"id": "inc-0413"`, `"id": "inc-0412"`), `[1].id: "inc-0412" is used twice`},
		{"rota instant", "rota", sub(rota, `"2026-12-01T18:30:00+08:00"`, `"2026-12-01 18:30"`), `assignments[0].start: "2026-12-01 18:30" is not an instant`},
		{"rota of another programme", "rota", sub(rota, `"program": "tiny"`, `"program": "big"`), `program: "big" is not the programme tiny`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"validate", tc.command}
			if tc.command == "rota" {
				args = append(args, examples+"program-tiny.json")
			}
			code, _, errs := runCLI(t, "", append(args, writeFile(t, "f.json", tc.content))...)
			require.Equal(t, exitUsage, code)
			require.Contains(t, errs, tc.want)
		})
	}
}

func TestErrorCap(t *testing.T) {
	var vols []string
	for i := 0; i < 150; i++ {
		vols = append(vols, `{"id": "v`+strings.Repeat("x", i%3)+`", "birth_date": "1950-02-30"}`)
	}
	doc := `{"program": {"id": "t", "timezone": "UTC"}, "volunteers": [` + strings.Join(vols, ",") + `]}`
	code, _, errs := runCLI(t, "", "validate", "program", writeFile(t, "p.json", doc))
	require.Equal(t, exitUsage, code)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	require.Len(t, lines, maxErrorLines+1)
	require.Regexp(t, `^\.\.\. and \d+ more$`, lines[maxErrorLines])
}

func TestUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "Commands:"},
		{[]string{"help"}, exitOK, "validate program"},
		{[]string{"validate", "program", "--help"}, exitOK, "-format"},
		{[]string{"nonsense"}, exitUsage, `unknown command "nonsense"`},
		{[]string{"validate"}, exitUsage, "name one of: incidents, program, rota"},
		{[]string{"validate", "program"}, exitUsage, "wants PROGRAM, got 0"},
		{[]string{"validate", "program", "--format", "pdf", "x"}, exitUsage, `--format "pdf" is not one of`},
		{[]string{"validate", "program", "--lang", "fr", "x"}, exitUsage, `--lang "fr" is not zh or en`},
		{[]string{"validate", "program", "--bogus", "x"}, exitUsage, "unknown flag --bogus"},
		{[]string{"validate", "program", "/no/such/file.json"}, exitUsage, "/no/such/file.json: no such file or directory"},
	}
	for _, tc := range cases {
		code, out, errs := runCLI(t, "", tc.args...)
		require.Equal(t, tc.code, code, "%v", tc.args)
		require.Contains(t, out+errs, tc.want, "%v", tc.args)
	}
}

// FuzzYAMLBridge: the bridge never panics, and what it makes is JSON.
func FuzzYAMLBridge(f *testing.F) {
	f.Add([]byte("program: {id: 0012, timezone: Asia/Shanghai}\nvolunteers:\n  - {id: v1, birth_date: 1954-06-02}\n"))
	f.Add([]byte("a: &x [1, 2]\nb: *x\nc: !!binary aGVsbG8=\n"))
	f.Add([]byte("- ~\n- yes\n- 0x1F\n- .inf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _, err := yamlToJSON(data, reflect.TypeFor[watch.ProgramFile]())
		if err == nil {
			require.True(t, json.Valid(out), "%s", out)
		}
	})
}

// runJSON is runCLI asking for the --format json document.
func runJSON(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, stdin, append(args, "--format", "json")...)
}

// TestYAMLLineAndColumn: a problem in a YAML file says where it is.
func TestYAMLLineAndColumn(t *testing.T) {
	doc := "program: {id: t, name: 测试, timezone: Asia/Shanghai}\n" +
		"beats: [{id: north, name: 北片}]\n" +
		"volunteers:\n" +
		"  - id: v1\n" +
		"    birth_date: 1954-13-02\n" +
		"  - id: v2\n" +
		"    nmae: 李四\n" +
		"shifts:\n" +
		"  - {id: am, beat: south, days: [mon], start: \"08:00\", end: \"11:00\", need: 2}\n" +
		"horizon: {from: 2026-12-01, to: 2026-12-31}\n"
	path := writeFile(t, "program.yaml", doc)
	code, _, errs := runCLI(t, "", "validate", "program", path)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errs, path+`:5:5: volunteers[0].birth_date: "1954-13-02" is not a date`)
	require.Contains(t, errs, path+`:7:5: volunteers[1].nmae: is not a known key`)
	require.Contains(t, errs, path+`:9:14: shifts[0].beat: "south" is not the id of a beat`)
}
