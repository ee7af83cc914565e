// Command embed shows armband inside another service that brings its own
// store: here a store that keeps an audit trail of every write for the
// host (who reported what, when a patrol set out) on top of the
// in-memory store. Anything that implements the contracts of package
// watch will do; store_test.go runs armband's conformance suite,
// storetest.Run, on this one, which is how a store proves it keeps every
// promise the engines rely on (docs/stores.md).
//
//	go run ./examples/embed
//	go test ./examples/embed
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/armband/armband/incident"
	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/memstore"
)

// auditStore is memstore with an audit trail of the writes a host wants
// to see. Embedding *memstore.Store gives it every contract (the
// optional OutboxStore and SessionStore too); it overrides the writes it
// audits.
type auditStore struct {
	*memstore.Store
	mu    sync.Mutex
	trail []string
}

func newAuditStore() *auditStore { return &auditStore{Store: memstore.New()} }

// Stores hands the same value out as every contract.
func (s *auditStore) Stores() watch.Stores {
	return watch.Stores{Programs: s, Volunteers: s, Rotas: s, Incidents: s, Escalations: s, Patrols: s, Sessions: s}
}

func (s *auditStore) audit(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trail = append(s.trail, fmt.Sprintf(format, args...))
}

// Trail returns the audit trail so far.
func (s *auditStore) Trail() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.trail...)
}

// CreateIncident audits new incidents (by id and kind: no free text in
// an audit trail).
func (s *auditStore) CreateIncident(ctx context.Context, inc watch.Incident) (watch.Incident, error) {
	out, err := s.Store.CreateIncident(ctx, inc)
	if err == nil {
		s.audit("incident %s/%s created (%s)", out.Program, out.ID, out.Kind)
	}
	return out, err
}

// StartSession audits patrols setting out.
func (s *auditStore) StartSession(ctx context.Context, ses watch.PatrolSession) (watch.PatrolSession, error) {
	out, err := s.Store.StartSession(ctx, ses)
	if err == nil {
		s.audit("patrol %s/%s set out with %s", out.Program, out.ID, strings.Join(out.Volunteers, ", "))
	}
	return out, err
}

var (
	_ watch.IncidentStore = (*auditStore)(nil)
	_ watch.SessionStore  = (*auditStore)(nil)
	_ watch.OutboxStore   = (*auditStore)(nil)
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

// run uses armband through the service's store: a patrol sets out and an
// incident is reported, and the host reads its audit trail.
func run(w io.Writer) error {
	ctx := context.Background()
	s := newAuditStore()
	st := s.Stores()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	if err := st.Programs.PutProgram(ctx, watch.ProgramRecord{Program: watch.Program{ID: "demo", Timezone: "Asia/Shanghai"},
		Beats: []watch.Beat{{ID: "market", Name: "菜场"}}}); err != nil {
		return err
	}
	at := time.Date(2026, 12, 8, 7, 30, 0, 0, loc)
	if _, err := incident.StartPatrol(ctx, st, "demo", incident.PatrolStart{Shift: "am", Date: watch.DateOf(at), Beat: "market",
		Volunteers: []string{"v1", "v2"}, ExpectedEnd: at.Add(3 * time.Hour), At: at, By: "v1"}); err != nil {
		return err
	}
	if _, err := st.Incidents.CreateIncident(ctx, watch.Incident{Program: "demo", ID: "i1", Kind: watch.KindAttemptedTheft,
		Severity: watch.SeverityMinor, OccurredAt: at.Add(2 * time.Hour), Beat: "market"}); err != nil {
		return err
	}
	for _, line := range s.Trail() {
		fmt.Fprintln(w, line)
	}
	return nil
}
