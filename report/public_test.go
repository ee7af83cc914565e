package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"text/template"
	"time"

	"pgregory.net/rapid"

	"github.com/armband/armband/report"
	"github.com/armband/armband/watch"
)

// secrets are the marked personal values of a generated estate: none may
// reach a public rendering.
type secrets []string

func (s *secrets) add(v ...string) { *s = append(*s, v...) }

// rareRunes never occur in a label or phrase, so a full name made of them
// can only appear in an output by leaking.
var (
	surnames  = []rune("赵钱孙李周吴郑王")
	rareRunes = []rune("龘靐齉爨麤灪鱻")
)

func genName(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, label+"-ascii") {
		return "Zq" + rapid.StringMatching(`[a-z]{3,6}`).Draw(t, label+"-en")
	}
	given := rapid.SliceOfN(rapid.SampledFrom(rareRunes), 1, 3).Draw(t, label+"-given")
	return string(rapid.SampledFrom(surnames).Draw(t, label+"-surname")) + string(given)
}

func genText(t *rapid.T, label string) string {
	return "私密" + string(rapid.SampledFrom(rareRunes).Draw(t, label+"-r")) + rapid.StringMatching(`[a-z]{6}`).Draw(t, label)
}

// genEstate draws a programme, a day's rota and patrols, and incidents of
// December 2026 whose free text and people are all marked.
func genEstate(t *rapid.T) (*watch.ProgramFile, []watch.Assignment, []watch.PatrolLog, []watch.Incident, secrets) {
	var sec secrets
	loc, _ := time.LoadLocation("Asia/Shanghai")
	pf := &watch.ProgramFile{Program: watch.Program{ID: "p", Name: "Estate", Timezone: "Asia/Shanghai"},
		Beats: []watch.Beat{{ID: "b1", Name: "Beat one"}, {ID: "b2"}}, ContactPoints: []watch.ContactPoint{{ID: "cp", Name: "Gate", Phone: "051200000000"}}}
	n := rapid.IntRange(2, 6).Draw(t, "volunteers")
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("v%02d", i+1)
		birth := watch.Date{Year: rapid.IntRange(1930, 1966).Draw(t, "year"), Month: time.Month(rapid.IntRange(1, 12).Draw(t, "month")), Day: rapid.IntRange(1, 28).Draw(t, "day")}
		v := watch.Volunteer{ID: ids[i], Name: genName(t, "name"), BirthDate: birth,
			Phone: "1" + rapid.StringMatching(`[3-9][0-9]{9}`).Draw(t, "phone")}
		pf.Volunteers = append(pf.Volunteers, v)
		sec.add(v.Name, v.Phone, birth.String(),
			fmt.Sprintf("%d年%d月%d日", birth.Year, int(birth.Month), birth.Day),
			fmt.Sprintf("%02d/%02d/%04d", birth.Day, int(birth.Month), birth.Year))
	}
	day := func(label string) watch.Date {
		return watch.Date{Year: 2026, Month: time.December, Day: rapid.IntRange(1, 3).Draw(t, label)}
	}
	at := func(d watch.Date, label string) time.Time {
		return d.In(loc).Add(time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, label)) * time.Minute)
	}
	team := func(label string) []string {
		return rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 2, 2, rapid.ID[string]).Draw(t, label)
	}
	var rota []watch.Assignment
	var logs []watch.PatrolLog
	for i := range rapid.IntRange(0, 4).Draw(t, "assignments") {
		d := day("shift-day")
		start := at(d, "shift-start")
		a := watch.Assignment{Shift: fmt.Sprintf("s%d", i), Date: d, Beat: "b1", Start: start, End: start.Add(2 * time.Hour), Volunteers: team("team")}
		rota = append(rota, a)
		if rapid.Bool().Draw(t, "logged") {
			l := watch.PatrolLog{Program: "p", ID: fmt.Sprintf("log%d", i), Date: d, Shift: a.Shift, Volunteers: a.Volunteers,
				Start: a.Start, End: a.End, AllNormal: rapid.Bool().Draw(t, "normal"), Notes: genText(t, "notes")}
			sec.add(l.Notes)
			logs = append(logs, l)
		}
	}
	kinds := watch.BuiltinKinds()
	var incs []watch.Incident
	for i := range rapid.IntRange(0, 6).Draw(t, "incidents") {
		d := day("incident-day")
		occurred := at(d, "occurred")
		inc := watch.Incident{Program: "p", ID: fmt.Sprintf("inc%d", i), Kind: rapid.SampledFrom(kinds).Draw(t, "kind").ID,
			Severity: watch.Severity(rapid.IntRange(1, 3).Draw(t, "severity")), OccurredAt: occurred,
			Beat: rapid.SampledFrom([]string{"", "b1", "b2"}).Draw(t, "beat"), ContactPoint: "cp",
			ReportedBy: rapid.SampledFrom(ids).Draw(t, "reporter"), PoliceCase: rapid.Bool().Draw(t, "police"),
			Description: genText(t, "description")}
		sec.add(inc.Description)
		next := occurred
		for _, typ := range []watch.EventType{watch.EventNote, watch.EventAcknowledged, watch.EventResolved} {
			if rapid.Bool().Draw(t, "event") {
				next = next.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "after")) * time.Minute)
				e := watch.Event{Type: typ, At: next, By: rapid.SampledFrom(ids).Draw(t, "by")}
				if typ == watch.EventNote {
					e.Text = genText(t, "note")
					sec.add(e.Text)
				}
				inc.Events = append(inc.Events, e)
			}
		}
		incs = append(incs, inc)
	}
	return pf, rota, logs, incs, sec
}

// TestPublicNeverLeaks renders random estates for the notice board in
// every format and language, built in and through a custom template that
// prints everything it is given, and finds no phone number, birth date,
// full name or free text of the input.
func TestPublicNeverLeaks(t *testing.T) {
	dump := template.Must(template.New("dump").Funcs(report.Funcs(report.LangZh, nil)).Parse(`{{printf "%+v" .}}`))
	rapid.Check(t, func(t *rapid.T) {
		pf, rota, logs, incs, sec := genEstate(t)
		daily, err := report.Daily(report.DailyInput{Program: pf, Date: watch.MustParseDate("2026-12-02"),
			Assignments: rota, Patrols: logs, Incidents: incs})
		if err != nil {
			t.Fatal(err)
		}
		monthly, err := report.Monthly(report.MonthlyInput{Program: pf, Year: 2026, Month: time.December,
			Assignments: rota, Patrols: logs, Incidents: incs})
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range []any{daily, monthly} {
			var outs []string
			for _, f := range []report.Format{report.FormatJSON, report.FormatText, report.FormatMarkdown, report.FormatCSV} {
				for _, lang := range []report.Lang{report.LangZh, report.LangEn} {
					var buf bytes.Buffer
					if err := report.Render(&buf, doc, f, lang, report.AudiencePublic); err != nil {
						t.Fatal(err)
					}
					outs = append(outs, buf.String())
				}
			}
			var buf bytes.Buffer
			if err := report.ExecuteTemplate(&buf, dump, doc, report.AudiencePublic); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, buf.String())
			for _, out := range outs {
				for _, s := range sec {
					if strings.Contains(out, s) {
						t.Fatalf("public output holds %q:\n%s", s, out)
					}
				}
			}
		}
	})
}

// TestOfficeSeesWhatPublicDoesNot keeps the property test honest: the
// same values do reach the office.
func TestOfficeSeesWhatPublicDoesNot(t *testing.T) {
	fx := loadFixture(t)
	r, err := report.Daily(report.DailyInput{Program: fx.pf, Date: watch.MustParseDate("2026-12-04"),
		Assignments: fx.rota.Assignments, Patrols: fx.patrols, Incidents: fx.incidents})
	if err != nil {
		t.Fatal(err)
	}
	for aud, want := range map[report.Audience][]string{
		report.AudienceOffice: {"钱七", "菜场东口有人推销保健品", "一男子在菜场东口"},
		report.AudiencePolice: {"钱七", "一男子在菜场东口"},
		report.AudiencePublic: {"钱*"},
	} {
		var buf bytes.Buffer
		if err := report.Render(&buf, r, report.FormatText, report.LangZh, aud); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: %q missing from\n%s", aud, w, buf.String())
			}
		}
	}
}
