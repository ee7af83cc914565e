package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/storekit"
)

// The commands that read or write state take --store PATH, a SQLite file
// (docs/stores.md section 6): rota generate saves the programme and the
// rota there, incidents import keeps incidents there, and sixnos, report
// series and escalate read a programme's incidents from there, named by
// the programme's id where a file would go.

func init() {
	register(&command{
		name: "incidents import", args: "PROGRAM INCIDENTS", nargs: 2, formats: []string{"json", "text"}, stateful: true,
		summary: "keep a programme and its incidents in the store; events added to the file since are appended (docs/commands.md)",
		setup: noFlags(func(e *env, args []string) int {
			if e.store == "" {
				fmt.Fprintln(e.stderr, "armband incidents import: --store is required")
				return exitUsage
			}
			pf, err := e.loadProgram(args[0])
			if err != nil {
				return e.inputError(displayName(args[0]), err)
			}
			incs, err := e.loadIncidentsFile(args[1], pf.Kinds)
			if err != nil {
				return e.inputError(displayName(args[1]), err)
			}
			var res importResult
			err = e.withStore(func(ctx context.Context, st watch.Stores) error {
				if err := keepProgram(ctx, st, pf); err != nil {
					return err
				}
				res, err = importIncidents(ctx, st, pf.Program.ID, incs)
				return err
			})
			if err != nil {
				return e.inputError(e.store, err)
			}
			return e.emit(res, func(w io.Writer) {
				fmt.Fprintf(w, "%s %d, %s %d, %s %d\n", e.say("新增", "new"), res.Created, e.say("追加事件", "with events appended"),
					res.Appended, e.say("未变", "unchanged"), res.Unchanged)
			})
		}),
	})
}

// storeFlag registers --store into e.
func storeFlag(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.store, "store", "", "a SQLite database file that keeps state (docs/stores.md section 6)")
}

// withStore opens the --store file, runs fn on it and closes it.
func (e *env) withStore(fn func(ctx context.Context, st watch.Stores) error) error {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, e.store)
	if err != nil {
		return err
	}
	return errors.Join(fn(ctx, s.Stores()), s.Close())
}

// keepProgram puts a programme file in the store: its record and every
// volunteer.
func keepProgram(ctx context.Context, st watch.Stores, pf *watch.ProgramFile) error {
	if err := st.Programs.PutProgram(ctx, watch.RecordOf(pf)); err != nil {
		return err
	}
	for i, v := range pf.Volunteers {
		if err := st.Volunteers.PutVolunteer(ctx, pf.Program.ID, v); err != nil {
			if errors.Is(err, watch.ErrConflict) {
				return &watch.FieldError{Path: fmt.Sprintf("volunteers[%d]", i), Value: strconv.Quote(v.ID),
					Reason: "was erased in the store: take their personal data out of the programme file"}
			}
			return fmt.Errorf("volunteers[%d]: %w", i, err)
		}
	}
	return nil
}

// importResult counts what incidents import did.
type importResult struct {
	Created   int `json:"created"`
	Appended  int `json:"appended"`
	Unchanged int `json:"unchanged"`
}

// importIncidents creates the incidents the store does not hold, and
// appends to those it holds the events the file has beyond the stored
// ones. It compares the whole file with the store before writing: an
// incident stored otherwise than the file says is an error naming it
// (history is never rewritten), and then nothing is written. A refusal
// by the store while writing (an erased volunteer's new text) keeps the
// incidents written before it, each whole; importing again goes on from
// there.
func importIncidents(ctx context.Context, st watch.Stores, program string, incs []watch.Incident) (importResult, error) {
	var res importResult
	stored := make([]*watch.Incident, len(incs))
	for i, inc := range incs {
		got, err := st.Incidents.GetIncident(ctx, program, inc.ID)
		if errors.Is(err, watch.ErrNotFound) {
			continue
		}
		if err != nil {
			return res, err
		}
		if !sameAsCreated(got, inc) || len(got.Events) > len(inc.Events) ||
			!slices.EqualFunc(got.Events, inc.Events[:len(got.Events)], sameEvent) {
			return res, &watch.FieldError{Path: fmt.Sprintf("incidents[%d]", i), Value: strconv.Quote(inc.ID),
				Reason: "is stored otherwise than the file says: a stored history is only appended to"}
		}
		stored[i] = &got
	}
	for i, inc := range incs {
		inc.Program = program
		got := stored[i]
		switch {
		case got == nil:
			if _, err := st.Incidents.CreateIncident(ctx, inc); err != nil {
				return res, fmt.Errorf("incidents[%d] (%s): %w", i, inc.ID, err)
			}
			res.Created++
		case len(got.Events) == len(inc.Events):
			res.Unchanged++
		default:
			version := got.Version
			for _, ev := range inc.Events[len(got.Events):] {
				next, err := st.Incidents.AppendEvent(ctx, program, inc.ID, version, ev)
				if err != nil {
					return res, fmt.Errorf("incidents[%d] (%s): %w", i, inc.ID, err)
				}
				version = next.Version
			}
			res.Appended++
		}
	}
	return res, nil
}

// sameAsCreated compares an incident as stored with one from a file,
// events aside: instants as stores keep them, and text erasure blanked
// counts as the same.
func sameAsCreated(stored, file watch.Incident) bool {
	f := storekit.StoredIncident(file)
	return stored.Kind == f.Kind && stored.Severity == f.Severity && stored.OccurredAt.Equal(f.OccurredAt) &&
		stored.ReportedAt.Equal(f.ReportedAt) && stored.Beat == f.Beat && stored.ContactPoint == f.ContactPoint &&
		stored.ReportedBy == f.ReportedBy && stored.PoliceCase == f.PoliceCase && slices.Equal(stored.Tags, f.Tags) &&
		(stored.Description == f.Description || stored.Description == "")
}

// sameEvent compares a stored event with one from a file.
func sameEvent(stored, file watch.Event) bool {
	return stored.Type == file.Type && stored.At.Equal(storekit.StoredInstant(file.At)) && stored.By == file.By &&
		(stored.Text == file.Text || stored.Text == "")
}

// maxStoredIncidents bounds what a command reads from a store: twice the
// largest year the report benchmarks score.
const maxStoredIncidents = 2_000_000

// storedIncidents reads every incident of a programme from the store.
func (e *env) storedIncidents(program string) ([]watch.Incident, error) {
	var out []watch.Incident
	err := e.withStore(func(ctx context.Context, st watch.Stores) error {
		if _, err := st.Programs.GetProgram(ctx, program); err != nil {
			return err
		}
		for inc, err := range watch.AllIncidents(ctx, st.Incidents, watch.IncidentQuery{Program: program, Limit: watch.MaxPageSize}) {
			if err != nil {
				return err
			}
			if len(out) == maxStoredIncidents {
				return &watch.FieldError{Path: "incidents", Reason: fmt.Sprintf("more than %d in the store", maxStoredIncidents)}
			}
			out = append(out, inc)
		}
		return nil
	})
	return out, err
}

// saveRota keeps the programme and the rota in the store, and says which
// version the rota became on standard error.
func (e *env) saveRota(pf *watch.ProgramFile, r watch.Rota) int {
	var version int
	err := e.withStore(func(ctx context.Context, st watch.Stores) error {
		if err := keepProgram(ctx, st, pf); err != nil {
			return err
		}
		var err error
		version, err = st.Rotas.SaveRota(ctx, r)
		return err
	})
	if err != nil {
		return e.inputError(e.store, err)
	}
	fmt.Fprintf(e.stderr, e.say("已保存为排班表第 %d 版：%s\n", "saved as rota version %d: %s\n"), version, strict.SafeText(e.store))
	return exitOK
}
