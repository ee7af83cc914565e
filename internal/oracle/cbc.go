package oracle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/armband/armband/rota"
)

// ErrNoCBC is returned by Solve when the cbc command is not installed.
var ErrNoCBC = errors.New("oracle: cbc is not installed (Debian package coinor-cbc)")

// errNoRota is returned by a solve in which CBC found no rota.
var errNoRota = errors.New("oracle: cbc found no rota")

// Result is what CBC found for a programme.
type Result struct {
	// Seats is the largest filled headcount CBC found; SeatsProven says
	// it proved no rota fills more.
	Seats       int
	SeatsProven bool
	// MaxHours is the smallest largest hours of any volunteer CBC found
	// among rotas that fill Seats (NaN when it was not asked, or found
	// none in its time); HoursProven says it proved it.
	MaxHours    float64
	HoursProven bool
	// Time is the time CBC took.
	Time time.Duration
}

// Solve writes the problem's model into dir and solves it with cbc for at
// most limit per solve: first the most seats, then, when hours is true,
// the smallest largest hours among rotas that fill them.
func Solve(ctx context.Context, p *rota.Problem, dir string, limit time.Duration, hours bool) (Result, error) {
	if err := haveCBC(); err != nil {
		return Result{}, err
	}
	m := newModel(p)
	if m.empty() {
		return Result{SeatsProven: true, HoursProven: true}, nil // nobody may take anything
	}
	var res Result
	start := time.Now()
	seats, proven, err := m.solve(ctx, dir, "seats", 0, 0, limit)
	if err != nil {
		return res, err
	}
	res.Seats, res.SeatsProven = int(math.Round(seats)), proven
	res.MaxHours = math.NaN()
	if hours && res.Seats > 0 {
		// CBC may find no rota with those seats in its time: the hours
		// are then unknown (NaN), which is not an error.
		most, proven, err := m.solve(ctx, dir, "hours", res.Seats, 0, limit)
		switch {
		case errors.Is(err, errNoRota):
		case err != nil:
			return res, err
		default:
			res.MaxHours, res.HoursProven = most/60, proven
		}
	}
	res.Time = time.Since(start)
	return res, nil
}

// ProveHours asks CBC whether a rota can fill seats seats with every
// volunteer's hours below hours, by the smallest step hour totals can
// take (the greatest common divisor of the instances' lengths): it maximises
// the seats under that cap, and reports true when CBC proves fewer than
// seats possible. A rota that fills seats with largest hours equal to
// hours is then optimal in both aims: ProveHours is the proof, and the
// rota (which rota.Check accepts) the witness.
func ProveHours(ctx context.Context, p *rota.Problem, dir string, seats int, hours float64, limit time.Duration) (bool, error) {
	if err := haveCBC(); err != nil {
		return false, err
	}
	m := newModel(p)
	step := 0
	for _, in := range m.inside {
		step = gcd(step, int(in.End.Sub(in.Start).Minutes()))
	}
	capMinutes := int(math.Round(hours*60)) - step
	if m.empty() || capMinutes < 0 {
		return seats > 0, nil
	}
	if capMinutes == 0 {
		return true, nil // nobody may work: no seat at all
	}
	most, proven, err := m.solve(ctx, dir, "cap", 0, capMinutes, limit)
	if errors.Is(err, errNoRota) {
		return false, nil
	}
	return proven && int(math.Round(most)) < seats, err
}

// haveCBC returns ErrNoCBC when the cbc command is not on the path.
func haveCBC() error {
	if _, err := exec.LookPath("cbc"); err != nil {
		return ErrNoCBC
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// empty reports whether no volunteer may take any instance.
func (m *model) empty() bool {
	for _, vs := range m.x {
		if len(vs) > 0 {
			return false
		}
	}
	return true
}

// solve runs one cbc solve and returns its objective (the seats, or the
// largest minutes) and whether cbc proved it optimal.
func (m *model) solve(ctx context.Context, dir, name string, seats, capMinutes int, limit time.Duration) (float64, bool, error) {
	lp := filepath.Join(dir, name+".lp")
	sol := filepath.Join(dir, name+".sol")
	f, err := os.Create(lp)
	if err != nil {
		return 0, false, err
	}
	if err := m.write(f, seats, capMinutes); err != nil {
		f.Close()
		return 0, false, err
	}
	if err := f.Close(); err != nil {
		return 0, false, err
	}
	cmd := exec.CommandContext(ctx, "cbc", lp, "sec", strconv.Itoa(max(1, int(limit.Seconds()))), "threads", "1",
		"solve", "solu", sol)
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, false, fmt.Errorf("oracle: cbc %s: %v\n%s", name, err, out)
	}
	return readSolution(sol, seats == 0)
}

// readSolution reads cbc's solution file: a status line, then one line
// per nonzero variable (index, name, value, reduced cost). It sums the x
// variables for the seats, or returns M.
func readSolution(path string, seats bool) (float64, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, false, fmt.Errorf("oracle: %s is empty", path)
	}
	status := sc.Text()
	if strings.HasPrefix(status, "Infeasible") || strings.Contains(status, "no integer solution") {
		return 0, false, fmt.Errorf("%w: %q", errNoRota, status)
	}
	proven := strings.HasPrefix(status, "Optimal")
	var total float64
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "**"))
		if len(fields) < 3 {
			continue
		}
		v, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			return 0, false, fmt.Errorf("oracle: %s: %q: %v", path, sc.Text(), err)
		}
		switch name := fields[1]; {
		case seats && strings.HasPrefix(name, "x"):
			total += v
		case !seats && name == "M":
			total = v
		}
	}
	return total, proven, sc.Err()
}
