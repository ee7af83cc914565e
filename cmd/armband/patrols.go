package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/armband/armband/watch"
)

func init() {
	register(&command{
		name: "patrols import", args: "PROGRAM PATROLS", nargs: 2, formats: []string{"text", "json"}, stateful: true,
		summary: "keep a programme and its patrol logs in the store",
		setup: noFlags(func(e *env, args []string) int {
			return runImport(e, "patrols import", args, func(*watch.ProgramFile) ([]watch.PatrolLog, error) {
				return e.loadPatrols(args[1])
			}, importPatrols)
		}),
	})
}

// importPatrols records each log; one already kept the same is left, one
// kept differently under its id is an error naming it.
func importPatrols(ctx context.Context, st watch.Stores, program string, logs []watch.PatrolLog) (importResult, error) {
	var res importResult
	for i, l := range logs {
		l.Program = program
		err := st.Patrols.RecordPatrol(ctx, l)
		switch {
		case err == nil:
			res.Created++
			continue
		case !errors.Is(err, watch.ErrConflict):
			return res, fmt.Errorf("[%d]: %w", i, err)
		}
		kept, err := st.Patrols.ListPatrols(ctx, program, watch.DateRange{From: l.Date, To: l.Date})
		if err != nil {
			return res, err
		}
		if !slices.ContainsFunc(kept, func(k watch.PatrolLog) bool { return samePatrol(k, l) }) {
			return res, &watch.FieldError{Path: fmt.Sprintf("[%d].id", i), Value: fmt.Sprintf("%q", l.ID),
				Reason: "is kept in the store as a different patrol log"}
		}
		res.Unchanged++
	}
	return res, nil
}

func samePatrol(a, b watch.PatrolLog) bool {
	return a.ID == b.ID && a.Date == b.Date && a.Shift == b.Shift && a.Beat == b.Beat && a.Start.Equal(b.Start) &&
		a.End.Equal(b.End) && a.AllNormal == b.AllNormal && a.Notes == b.Notes &&
		slices.Equal(a.Volunteers, b.Volunteers) && slices.Equal(a.Incidents, b.Incidents)
}
