package report

import (
	"fmt"
	"strings"

	"github.com/armband/armband/watch"
)

// Audience is who a rendered report is for; every renderer takes one.
// docs/formats.md section 9.3 lists every field per audience.
type Audience string

// The audiences.
const (
	// AudiencePublic is the notice board: names masked (张三 -> 张*), no
	// volunteer ids, incidents at beat level (a date, no instant, no
	// contact point), and never a phone number, birth date, description,
	// reporter, note text, escalation or history head.
	AudiencePublic Audience = "public"
	// AudienceOffice is the community office: everything a report holds.
	AudienceOffice Audience = "office"
	// AudiencePolice is the police station: everything but the
	// volunteers' patrol notes.
	AudiencePolice Audience = "police"
)

// ParseAudience reads public, office or police.
func ParseAudience(s string) (Audience, error) {
	switch Audience(s) {
	case AudiencePublic, AudienceOffice, AudiencePolice:
		return Audience(s), nil
	}
	return "", fmt.Errorf("%w: audience: %q is not public, office or police", watch.ErrInvalid, s)
}

// MaskName keeps a name's first character and writes one * for each
// other: 张三 -> 张*, 欧阳小明 -> 欧***.
func MaskName(name string) string {
	var b strings.Builder
	for i, r := range []rune(name) {
		if i == 0 {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// No report carries a phone number or a birth date for any audience:
// they are not in the report model at all.

// For returns the report as audience a may see it. A report is never
// changed in place; an unknown audience sees what the public sees.
func (r DailyReport) For(a Audience) DailyReport {
	out := r
	out.Patrols = make([]PatrolLine, len(r.Patrols))
	for i, p := range r.Patrols {
		if a != AudienceOffice {
			p.Notes = ""
		}
		p.Volunteers = people(p.Volunteers, a)
		out.Patrols[i] = p
	}
	out.OnDuty = people(r.OnDuty, a)
	out.Incidents = lines(r.Incidents, a)
	if public(a) {
		out.Escalations = []EscalationLine{}
	}
	return out
}

// For returns the brief as audience a may see it (see DailyReport.For).
func (b MonthlyBrief) For(a Audience) MonthlyBrief {
	out := b
	out.Volunteers = make([]VolunteerHours, len(b.Volunteers))
	for i, v := range b.Volunteers {
		v.Volunteer = person(v.Volunteer, a)
		out.Volunteers[i] = v
	}
	out.CarriedOver = lines(b.CarriedOver, a)
	return out
}

func public(a Audience) bool { return a != AudienceOffice && a != AudiencePolice }

func person(p Person, a Audience) Person {
	if public(a) {
		return Person{Name: MaskName(p.Name)}
	}
	return p
}

func people(ps []Person, a Audience) []Person {
	out := make([]Person, len(ps))
	for i, p := range ps {
		out[i] = person(p, a)
	}
	return out
}

func lines(ls []IncidentLine, a Audience) []IncidentLine {
	out := make([]IncidentLine, len(ls))
	for i, l := range ls {
		if public(a) {
			l = IncidentLine{ID: l.ID, Kind: l.Kind, Severity: l.Severity, State: l.State, Date: l.Date,
				Beat: l.Beat, PoliceCase: l.PoliceCase}
		} else if l.ReportedBy != nil {
			p := *l.ReportedBy
			l.ReportedBy = &p
		}
		out[i] = l
	}
	return out
}
