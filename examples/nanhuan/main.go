// Command nanhuan runs armband end to end on its seed community: the
// red-armband (红袖标) patrol of the Nanhuan No. 2 community (南环第二社区)
// of Canglang district, Suzhou: 0.6 km², 48 buildings, 5,421 residents,
// four security-information contact points, the market beat, and a team
// of 40 volunteers, most of them aged 60 to 80 and a few younger ones for
// the late patrols. Every person in it is fictional.
//
// It keeps the community in a store, makes December's rota and has it
// judged, lives through the month on a simulated clock (patrols filed,
// incidents reported and handled, the escalator running, one evening
// patrol coming back late and raising the overdue alarm), then prints the
// rota summary, one day's safety report and the monthly meeting brief for
// the notice board, and the six-nos result, and writes the HTML brief and
// every volunteer's iCalendar file to an output folder.
//
//	go run ./examples/nanhuan                      # a SQLite file in a fresh temporary folder
//	go run ./examples/nanhuan -store nanhuan.db    # another (new) SQLite file
//	go run ./examples/nanhuan -store postgres://... # PostgreSQL
//	go run ./examples/nanhuan -memory              # nothing kept
//	go run ./examples/nanhuan -out DIR             # where the HTML and calendars go
//
// It prints where the store and the output folder are; both stay for a
// look afterwards (for example armband report monthly --store PATH
// --program nanhuan-2 --month 2026-12).
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
	"github.com/armband/armband/watch/sqlstore/postgres"
	"github.com/armband/armband/watch/sqlstore/sqlite"
)

//go:embed program.json
var programJSON []byte

//go:embed incidents.json
var incidentsJSON []byte

//go:embed policy.json
var policyJSON []byte

func main() {
	store := flag.String("store", "", "a new SQLite file, or a postgres:// URL, to keep the community in (default: a fresh temporary folder)")
	memory := flag.Bool("memory", false, "keep the community in memory only")
	out := flag.String("out", "", "the folder for the HTML brief and the calendars (default: a fresh temporary folder)")
	flag.Parse()
	if err := main1(*store, *memory, *out); err != nil {
		fmt.Fprintln(os.Stderr, "nanhuan:", err)
		os.Exit(1)
	}
}

func main1(store string, memory bool, out string) error {
	tmp := ""
	fresh := func() (string, error) {
		if tmp == "" {
			var err error
			if tmp, err = os.MkdirTemp("", "armband-nanhuan-"); err != nil {
				return "", err
			}
		}
		return tmp, nil
	}
	if out == "" {
		dir, err := fresh()
		if err != nil {
			return err
		}
		out = filepath.Join(dir, "out")
	}
	if !memory && store == "" {
		dir, err := fresh()
		if err != nil {
			return err
		}
		store = filepath.Join(dir, "nanhuan.db")
	}
	return run(os.Stdout, store, memory, out)
}

// run opens the store and runs the demo, writing files under out.
func run(w io.Writer, store string, memory bool, out string) (err error) {
	ctx := context.Background()
	var st watch.Stores
	switch {
	case memory:
		st = memstore.New().Stores()
		fmt.Fprintln(w, "Store: memory")
	case strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://"):
		db, err := postgres.Open(ctx, store)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, db.Close()) }()
		st = db.Stores()
		fmt.Fprintln(w, "Store: PostgreSQL")
	default:
		db, err := sqlite.Open(ctx, store)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, db.Close()) }()
		st = db.Stores()
		fmt.Fprintf(w, "Store: %s (SQLite)\n", db.Path())
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(w, "Output: %s\n\n", out)
	return demo(ctx, w, st, out)
}

// demo is the whole story, on any store.
func demo(ctx context.Context, w io.Writer, st watch.Stores, out string) error {
	pf, err := watch.LoadProgramFile(bytes.NewReader(programJSON))
	if err != nil {
		return fmt.Errorf("program.json: %w", err)
	}
	incs, err := watch.LoadIncidents(bytes.NewReader(incidentsJSON), pf.Kinds...)
	if err != nil {
		return fmt.Errorf("incidents.json: %w", err)
	}
	if _, err := st.Programs.GetProgram(ctx, pf.Program.ID); err == nil {
		return fmt.Errorf("the store already holds %s: give the demo a new store", pf.Program.ID)
	}
	if err := st.Programs.PutProgram(ctx, watch.RecordOf(pf)); err != nil {
		return err
	}
	for _, v := range pf.Volunteers {
		if err := st.Volunteers.PutVolunteer(ctx, pf.Program.ID, v); err != nil {
			return err
		}
	}
	communitySection(w, pf)
	r, err := rotaSection(ctx, w, st, pf)
	if err != nil {
		return err
	}
	if err := liveTheMonth(ctx, w, st, pf, r, incs); err != nil {
		return err
	}
	brief, err := reportSections(ctx, w, st, pf)
	if err != nil {
		return err
	}
	return writeFiles(w, pf, r, brief, out)
}

// communitySection prints the community and its team by age, without
// names.
func communitySection(w io.Writer, pf *watch.ProgramFile) {
	c := pf.Program.Community
	fmt.Fprintf(w, "%s (%s)\n", pf.Program.Name, pf.Program.ID)
	fmt.Fprintf(w, "%s: %.1f km², %d buildings, %d residents, %d contact points, beats:", c.Name, c.AreaKM2, c.Buildings, c.Residents, len(pf.ContactPoints))
	for _, b := range pf.Beats {
		fmt.Fprintf(w, " %s", b.Name)
	}
	fmt.Fprintln(w)
	bands := map[string]int{}
	for _, v := range pf.Volunteers {
		age := v.AgeOn(pf.Horizon.From)
		switch {
		case !v.IsActive():
			bands["inactive"]++
		case age >= 80:
			bands["80 and over (may not patrol)"]++
		case age >= 70:
			bands["70 to 79"]++
		case age >= 60:
			bands["60 to 69"]++
		default:
			bands["under 60"]++
		}
	}
	fmt.Fprintf(w, "Team: %d volunteers:", len(pf.Volunteers))
	for _, k := range []string{"under 60", "60 to 69", "70 to 79", "80 and over (may not patrol)", "inactive"} {
		if bands[k] > 0 {
			fmt.Fprintf(w, " %d %s;", bands[k], k)
		}
	}
	fmt.Fprintf(w, " teams of at least %d, a member under %d on patrols after 21:00\n", pf.Policy.Team(), pf.Policy.Night.RequireMemberUnder)
}
