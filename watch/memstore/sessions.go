package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/armband/armband/watch"
	"github.com/armband/armband/watch/storekit"
)

var _ watch.SessionStore = (*Store)(nil)

// StartSession implements watch.SessionStore.
func (s *Store) StartSession(ctx context.Context, ses watch.PatrolSession) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	if err := ses.Validate(); err != nil {
		return watch.PatrolSession{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireProgram(ses.Program); err != nil {
		return watch.PatrolSession{}, err
	}
	k := key{ses.Program, ses.ID}
	if _, dup := s.sessions[k]; dup {
		return watch.PatrolSession{}, fmt.Errorf("patrol session %s/%s: %w", ses.Program, ses.ID, watch.ErrConflict)
	}
	if err := s.refuseErasedText(ses.Program, ses.Events[0]); err != nil {
		return watch.PatrolSession{}, err
	}
	ses = storekit.StoredSession(ses)
	ses.Version = 1
	s.sessions[k] = ses
	s.open[k] = true
	return ses.Clone(), nil
}

// AppendSessionEvent implements watch.SessionStore.
func (s *Store) AppendSessionEvent(ctx context.Context, program, id string, expected int, e watch.SessionEvent) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.sessions[key{program, id}]
	if !ok {
		return watch.PatrolSession{}, notFound("patrol session", program, id)
	}
	if ses.Version != expected {
		return watch.PatrolSession{}, &watch.VersionError{Expected: expected, Actual: ses.Version}
	}
	e.At = storekit.StoredInstant(e.At)
	if err := ses.CheckAppend(e); err != nil {
		return watch.PatrolSession{}, err
	}
	if err := s.refuseErasedText(program, e); err != nil {
		return watch.PatrolSession{}, err
	}
	ses = ses.Clone()
	ses.Events = append(ses.Events, e)
	ses.Version++
	s.sessions[key{program, id}] = ses
	if e.Type == watch.SessionEnded {
		delete(s.open, key{program, id})
	}
	return ses.Clone(), nil
}

// refuseErasedText refuses free text by an erased volunteer. The caller
// holds the lock.
func (s *Store) refuseErasedText(program string, e watch.SessionEvent) error {
	if e.Text != "" && s.erased[key{program, e.By}] {
		return fmt.Errorf("text by erased volunteer %s/%s: %w", program, e.By, watch.ErrConflict)
	}
	return nil
}

// GetSession implements watch.SessionStore.
func (s *Store) GetSession(ctx context.Context, program, id string) (watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return watch.PatrolSession{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ses, ok := s.sessions[key{program, id}]
	if !ok {
		return watch.PatrolSession{}, notFound("patrol session", program, id)
	}
	return ses.Clone(), nil
}

// ListSessions implements watch.SessionStore.
func (s *Store) ListSessions(ctx context.Context, program string, period watch.DateRange) ([]watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.PatrolSession{}
	for k, ses := range s.sessions {
		if k.program == program && period.Contains(ses.Date) {
			out = append(out, ses.Clone())
		}
	}
	slices.SortFunc(out, func(a, b watch.PatrolSession) int { return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID)) })
	return out, nil
}

// OpenSessions implements watch.SessionStore; it reads the open sessions
// only.
func (s *Store) OpenSessions(ctx context.Context, program string) ([]watch.PatrolSession, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []watch.PatrolSession{}
	for k := range s.open {
		if k.program == program {
			out = append(out, s.sessions[k].Clone())
		}
	}
	slices.SortFunc(out, func(a, b watch.PatrolSession) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
