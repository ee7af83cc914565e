package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/sqlstore/postgres"
	"github.com/armband/armband/watch/sqlstore/sqlite"
	"github.com/armband/armband/watch/storekit"
)

// The commands that read or write state take --store STORE, a SQLite file
// or a postgres:// URL (docs/stores.md sections 6 and 7): rota generate
// saves the programme and the rota there, incidents import keeps
// incidents there, and sixnos, report series and escalate read a
// programme's incidents from there, named by the programme's id where a
// file would go. store copy moves a programme between two stores.

func init() {
	register(&command{
		name: "incidents import", args: "PROGRAM INCIDENTS", nargs: 2, formats: []string{"text", "json"}, stateful: true,
		summary: "keep a programme and its incidents in the store; events added to the file since are appended",
		setup: noFlags(func(e *env, args []string) int {
			return runImport(e, "incidents import", args,
				func(pf *watch.ProgramFile) ([]watch.Incident, error) { return e.loadIncidentsFile(args[1], pf.Kinds) },
				importIncidents)
		}),
	})
	register(&command{
		name: "store copy", args: "", nargs: 0, formats: []string{"text", "json"},
		summary: "copy a programme with its whole history from one store to another; run again to finish an interrupted copy",
		setup: func(fs *flag.FlagSet) runFunc {
			from := fs.String("from", "", "the store to copy from: a SQLite file or a postgres:// URL")
			to := fs.String("to", "", "the store to copy to: a SQLite file or a postgres:// URL")
			program := fs.String("program", "", "the id of the programme to copy")
			return func(e *env, _ []string) int {
				for _, f := range []struct{ name, value string }{{"--from", *from}, {"--to", *to}, {"--program", *program}} {
					if f.value == "" {
						return e.missing("store copy", f.name)
					}
				}
				return e.copyStore(*from, *to, *program)
			}
		},
	})
}

// copyResult is what store copy prints: watch.CopyReport.
type copyResult struct {
	Program    string `json:"program"`
	Volunteers int    `json:"volunteers"`
	Erased     int    `json:"erased_volunteers"`
	Rotas      int    `json:"rotas"`
	Policies   int    `json:"policies"`
	Incidents  int    `json:"incidents"`
	Events     int    `json:"events"`
	Bindings   int    `json:"bindings"`
	Deliveries int    `json:"deliveries"`
	Settled    int    `json:"settled"`
	Patrols    int    `json:"patrols"`
	// Sessions and SessionEvents count the patrol sessions copied and
	// the events appended to them.
	Sessions      int      `json:"sessions"`
	SessionEvents int      `json:"session_events"`
	Kept          int      `json:"kept"`
	Rehashed      []string `json:"rehashed"`
}

// copyStore runs store copy. Ctrl-C stops it between writes; what was
// copied stays, and running it again finishes the copy.
func (e *env) copyStore(from, to, program string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if from == to {
		fmt.Fprintln(e.stderr, e.say("armband store copy: --from 和 --to 是同一个存储", "armband store copy: --from and --to name the same store"))
		return exitUsage
	}
	// Opening a SQLite file that is not there would make an empty one.
	if !isPostgres(from) {
		if _, err := os.Stat(from); err != nil {
			return e.inputError(displayStore(from), err)
		}
	}
	src, closeSrc, err := openStore(ctx, from)
	if err != nil {
		return e.inputError(displayStore(from), err)
	}
	defer closeSrc()
	dst, closeDst, err := openStore(ctx, to)
	if err != nil {
		return e.inputError(displayStore(to), err)
	}
	defer closeDst()
	r, err := watch.Copy(ctx, dst, src, program)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "armband store copy: %s\n", e.say("已中断；再次运行即可继续复制", "interrupted: run it again to finish the copy"))
		}
		return e.inputError(displayStore(to), err)
	}
	// A bulk load: let the destination's planner see the rows.
	if a, ok := dst.Incidents.(interface{ Analyze(context.Context) error }); ok && r.Incidents > 0 {
		if err := a.Analyze(ctx); err != nil {
			return e.inputError(displayStore(to), err)
		}
	}
	res := copyResult{Program: program, Volunteers: r.Volunteers, Erased: r.Erased, Rotas: r.Rotas, Policies: r.Policies,
		Incidents: r.Incidents, Events: r.Events, Bindings: r.Bindings, Deliveries: r.Deliveries, Settled: r.Settled,
		Patrols: r.Patrols, Sessions: r.Sessions, SessionEvents: r.SessionEvents, Kept: r.Kept, Rehashed: r.Rehashed}
	if res.Rehashed == nil {
		res.Rehashed = []string{}
	}
	return e.emit(res, func(w io.Writer) {
		fmt.Fprintf(w, "%s %s\n", e.say("已复制方案", "copied programme"), strict.Quote(program))
		for _, c := range []struct {
			zh, en string
			n      int
		}{
			{"志愿者", "volunteers", res.Volunteers}, {"已抹除的志愿者", "erased volunteers", res.Erased}, {"排班版本", "rota versions", res.Rotas},
			{"升级策略", "policies", res.Policies}, {"事件", "incidents", res.Incidents}, {"事件记录", "events", res.Events},
			{"策略绑定", "bindings", res.Bindings}, {"通知", "deliveries", res.Deliveries}, {"通知结果", "settled deliveries", res.Settled},
			{"巡逻记录", "patrols", res.Patrols}, {"目标库已有", "already held", res.Kept},
		} {
			fmt.Fprintf(w, "  %s %d\n", e.say(c.zh, c.en), c.n)
		}
		if len(res.Rehashed) > 0 {
			ids := make([]string, len(res.Rehashed))
			for i, id := range res.Rehashed {
				ids[i] = strict.Quote(id)
			}
			fmt.Fprintf(w, "%s: %s\n", e.say("含已抹除文字、哈希链头不同的事件", "incidents with erased text, whose history head differs"),
				strings.Join(ids, ", "))
		}
	})
}

// storeFlag registers --store into e.
func storeFlag(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.store, "store", "", "a SQLite database file or a postgres:// URL that keeps state")
}

// openStore opens a store: a postgres:// or postgresql:// URL is a
// PostgreSQL database, anything else a SQLite file.
func openStore(ctx context.Context, spec string) (watch.Stores, func() error, error) {
	if isPostgres(spec) {
		s, err := postgres.Open(ctx, spec)
		if err != nil {
			return watch.Stores{}, nil, err
		}
		return s.Stores(), s.Close, nil
	}
	s, err := sqlite.Open(ctx, spec)
	if err != nil {
		return watch.Stores{}, nil, err
	}
	return s.Stores(), s.Close, nil
}

func isPostgres(spec string) bool {
	return strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://")
}

// displayStore names a store in messages: a URL without its password.
func displayStore(spec string) string {
	if !isPostgres(spec) {
		return displayName(spec)
	}
	u, err := url.Parse(spec)
	if err != nil {
		return "(a postgres:// URL)"
	}
	return u.Redacted()
}

// withStore opens the --store store, runs fn on it and closes it.
func (e *env) withStore(fn func(ctx context.Context, st watch.Stores) error) error {
	ctx := context.Background()
	st, closeStore, err := openStore(ctx, e.store)
	if err != nil {
		return err
	}
	return errors.Join(fn(ctx, st), closeStore())
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

// runImport is an import command: it reads the programme (args[0]) and
// the file (args[1], with read), keeps the programme in the store, writes
// the records with write and prints what it did.
func runImport[T any](e *env, name string, args []string, read func(*watch.ProgramFile) (T, error),
	write func(context.Context, watch.Stores, string, T) (importResult, error)) int {
	if e.store == "" {
		return e.missing(name, "--store")
	}
	pf, err := e.loadProgram(args[0])
	if err != nil {
		return e.inputError(displayName(args[0]), err)
	}
	records, err := read(pf)
	if err != nil {
		return e.inputError(displayName(args[1]), err)
	}
	var res importResult
	err = e.withStore(func(ctx context.Context, st watch.Stores) error {
		if err := keepProgram(ctx, st, pf); err != nil {
			return err
		}
		res, err = write(ctx, st, pf.Program.ID, records)
		return err
	})
	if err != nil {
		return e.inputError(displayStore(e.store), err)
	}
	return e.emit(res, func(w io.Writer) {
		fmt.Fprintf(w, "%s %d, %s %d, %s %d\n", e.say("新增", "new"), res.Created, e.say("追加事件", "with events appended"),
			res.Appended, e.say("未变", "unchanged"), res.Unchanged)
	})
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
		return e.inputError(displayStore(e.store), err)
	}
	fmt.Fprintf(e.stderr, e.say("已保存为排班表第 %d 版：%s\n", "saved as rota version %d: %s\n"), version, strict.SafeText(displayStore(e.store)))
	return exitOK
}
