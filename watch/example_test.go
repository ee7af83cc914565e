package watch_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/armband/armband/watch"
)

func ExampleAgeOn() {
	birth := watch.MustParseDate("1944-02-29")
	for _, on := range []string{"2026-02-28", "2026-03-01"} {
		fmt.Println(on, watch.AgeOn(birth, watch.MustParseDate(on)))
	}
	// Output:
	// 2026-02-28 81
	// 2026-03-01 82
}

func ExampleClock_On() {
	london, _ := time.LoadLocation("Europe/London")
	day := watch.MustParseDate("2026-03-29") // clocks jump from 01:00 to 02:00
	fmt.Println(watch.MustParseClock("01:30").On(day, london).Format(time.RFC3339))
	back := watch.MustParseDate("2026-10-25") // 01:00 to 02:00 happens twice
	fmt.Println(watch.MustParseClock("01:30").On(back, london).Format(time.RFC3339))
	// Output:
	// 2026-03-29T02:30:00+01:00
	// 2026-10-25T01:30:00+01:00
}

func ExampleLoadProgramFile() {
	const program = `{
	  "program": {"id": "nanhuan-2", "timezone": "Asia/Shanghai"},
	  "beats": [{"id": "market", "name": "南环菜场"}],
	  "volunteers": [{"id": "v01", "name": "张三", "birth_date": "1954-13-01"}],
	  "shifts": [{"id": "market-am", "beat": "markte", "start": "07:30", "end": "10:30", "need": 1}]
	}`
	_, err := watch.LoadProgramFile(strings.NewReader(program))
	for _, fe := range watch.FieldErrors(err) {
		fmt.Println(fe)
	}
	// Output:
	// volunteers[0].birth_date: "1954-13-01" is not a date (want YYYY-MM-DD)
	// shifts[0].beat: "markte" is not the id of a beat
	// shifts[0].need: 1 is below the policy's min_team of 2: nobody patrols alone
}

func ExampleRotaRules_Limits() {
	earliest := watch.MustParseClock("08:00")
	p := watch.RotaRules{AgeBands: []watch.AgeBand{
		{FromAge: 60, MaxShiftHours: 4, MaxHoursPerWeek: 10},
		{FromAge: 70, MaxShiftHours: 3, EarliestStart: &earliest},
	}}
	l := p.Limits(72)
	fmt.Println(l.Eligible, l.MaxShiftHours, l.MaxHoursPerWeek, l.EarliestStart)
	// Output:
	// true 3 10 08:00
}

func ExampleState_Apply() {
	s := watch.StateOpen
	for _, e := range []watch.EventType{watch.EventAcknowledged, watch.EventResolved, watch.EventAcknowledged} {
		next, err := s.Apply(e)
		if err != nil {
			fmt.Println(err)
			continue
		}
		s = next
		fmt.Println(s)
	}
	// Output:
	// acknowledged
	// resolved
	// "acknowledged" is not legal when the incident is resolved
}

func ExampleVolunteer_String() {
	v := watch.Volunteer{ID: "v01", Name: "张三", Phone: "13900000001", BirthDate: watch.MustParseDate("1954-03-14")}
	fmt.Println(v)
	// Output:
	// Volunteer{id="v01" name=*** phone=*** birth_date=*** active=true}
}
