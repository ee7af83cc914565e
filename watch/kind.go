package watch

import (
	"github.com/armband/armband/internal/strict"

	"slices"
	"strconv"
)

// Kind names a kind of incident: one of the 18 built-in kinds of docs/formats.md
// section 3.2 (KindSuspiciousPerson ... KindOther, and KindPatrolOverdue,
// which armband's overdue alarm raises) or a kind that a programme, policy
// or goals file declares with a KindDef.
type Kind string

// The built-in kinds.
const (
	KindSuspiciousPerson   Kind = "suspicious_person"
	KindAttemptedTheft     Kind = "attempted_theft"
	KindTheft              Kind = "theft"
	KindBurglary           Kind = "burglary"
	KindHomeRobbery        Kind = "home_robbery"
	KindCivilDispute       Kind = "civil_dispute"
	KindSafetyAccident     Kind = "safety_accident"
	KindCollectivePetition Kind = "collective_petition"
	KindViolentCrime       Kind = "violent_crime"
	KindFire               Kind = "fire"
	KindHazard             Kind = "hazard"
	KindGangCrime          Kind = "gang_crime"
	KindDrugs              Kind = "drugs"
	KindCult               Kind = "cult"
	KindHomicide           Kind = "homicide"
	KindMassIncident       Kind = "mass_incident"
	KindOther              Kind = "other"
	// KindPatrolOverdue (巡逻超时未归) is raised by the overdue alarm when a
	// patrol is not back (docs/formats.md section 12); it is in no goal.
	KindPatrolOverdue Kind = "patrol_overdue"
)

// KindDef describes a kind: its id and its Chinese and English names,
// written {"id": "noise", "name": "噪音扰民", "name_en": "Noise"}.
type KindDef struct {
	ID     Kind   `json:"id" armband:"required"`
	Name   string `json:"name,omitempty"`
	NameEn string `json:"name_en,omitempty"`
}

var builtinKinds = []KindDef{
	{KindSuspiciousPerson, "可疑人员", "Suspicious person"},
	{KindAttemptedTheft, "盗窃未遂", "Attempted theft"},
	{KindTheft, "盗窃", "Theft"},
	{KindBurglary, "入室盗窃", "Burglary"},
	{KindHomeRobbery, "入室抢劫", "Home robbery"},
	{KindCivilDispute, "民事纠纷", "Civil dispute"},
	{KindSafetyAccident, "安全事故", "Safety accident"},
	{KindCollectivePetition, "集访事件", "Collective petition"},
	{KindViolentCrime, "恶性案件", "Serious violent crime"},
	{KindFire, "火灾事故", "Fire"},
	{KindHazard, "安全隐患", "Hazard"},
	{KindGangCrime, "黑恶势力", "Gang crime"},
	{KindDrugs, "涉毒", "Drugs"},
	{KindCult, "邪教", "Cult"},
	{KindHomicide, "命案", "Homicide"},
	{KindMassIncident, "群体性事件", "Mass incident"},
	{KindOther, "其他", "Other"},
	{KindPatrolOverdue, "巡逻超时未归", "Patrol overdue"},
}

// BuiltinKinds returns the 18 built-in kinds in the order of docs/formats.md
// section 3.2. The slice is a copy.
func BuiltinKinds() []KindDef { return slices.Clone(builtinKinds) }

// IsBuiltin reports whether k is a built-in kind.
func (k Kind) IsBuiltin() bool {
	_, ok := builtinKind(k)
	return ok
}

func builtinKind(k Kind) (KindDef, bool) {
	for _, d := range builtinKinds {
		if d.ID == k {
			return d, true
		}
	}
	return KindDef{}, false
}

// Kinds is the set of kinds a document may use: the built-in ones and
// those declared. The zero Kinds holds the built-in kinds only.
type Kinds struct {
	declared []KindDef
}

// NewKinds returns the built-in kinds plus the declared ones. A declared
// kind with an empty id, the id of a built-in kind or an id declared twice
// is an error naming kinds[i].id.
func NewKinds(declared []KindDef) (Kinds, error) {
	var p strict.Problems
	validateKindDefs(&p, "kinds", declared)
	if err := p.Err(); err != nil {
		return Kinds{}, err
	}
	return Kinds{declared: slices.Clone(declared)}, nil
}

func validateKindDefs(p *strict.Problems, path string, defs []KindDef) {
	seen := map[Kind]bool{}
	for i, d := range defs {
		ip := index(path, i) + ".id"
		switch {
		case d.ID == "":
			p.Add(ip, string(d.ID), "is empty")
		case d.ID.IsBuiltin():
			p.Add(ip, string(d.ID), "is a built-in kind: declare only new kinds")
		case seen[d.ID]:
			p.Add(ip, string(d.ID), "is declared twice")
		}
		seen[d.ID] = true
	}
}

// Lookup returns the definition of k, built in or declared.
func (ks Kinds) Lookup(k Kind) (KindDef, bool) {
	if d, ok := builtinKind(k); ok {
		return d, true
	}
	for _, d := range ks.declared {
		if d.ID == k {
			return d, true
		}
	}
	return KindDef{}, false
}

// Has reports whether k is built in or declared.
func (ks Kinds) Has(k Kind) bool {
	_, ok := ks.Lookup(k)
	return ok
}

// All returns the built-in kinds followed by the declared ones.
func (ks Kinds) All() []KindDef { return append(BuiltinKinds(), ks.declared...) }

// check records a problem at path when k is not in the set.
func (ks Kinds) check(p *strict.Problems, path string, k Kind) {
	if !ks.Has(k) {
		p.Add(path, string(k), "is not a built-in or declared kind")
	}
}

// Severity grades an incident: SeverityMinor < SeverityMajor <
// SeverityCritical. The zero Severity means none was given.
type Severity int

// The severities, in order.
const (
	SeverityMinor Severity = iota + 1
	SeverityMajor
	SeverityCritical
)

var severityNames = []string{"", "minor", "major", "critical"}

// ParseSeverity reads minor, major or critical.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && n == s {
			return Severity(i), nil
		}
	}
	return 0, &FieldError{Value: strconv.Quote(s), Reason: "is not a severity (want minor, major or critical)"}
}

// String returns minor, major or critical ("" for the zero Severity).
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "severity(" + strconv.Itoa(int(s)) + ")"
	}
	return severityNames[s]
}

// Name returns the severity's Chinese name (一般, 重大, 特别重大).
func (s Severity) Name() string {
	switch s {
	case SeverityMinor:
		return "一般"
	case SeverityMajor:
		return "重大"
	case SeverityCritical:
		return "特别重大"
	}
	return ""
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseSeverity.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
