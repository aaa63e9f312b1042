package playground

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type advanceOut struct {
	From  int64     `json:"from"` // unix ms
	Clock clockJSON `json:"clock"`
	Note  string    `json:"note,omitempty"`
}

// apiAdvance moves the virtual clock: {"by": "1h"} (a Go duration, or
// "1d"/"1w"), or {"to": "next"} for the next pending notification.
func (s *Server) apiAdvance(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		By string `json:"by"`
		To string `json:"to"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.advanceMu.Lock()
	defer s.advanceMu.Unlock()
	ctx := s.base
	from := s.clock.Now()
	out := advanceOut{From: from.UnixMilli()}
	var target time.Time
	switch {
	case in.To == "next" && in.By == "":
		if s.o.NextWake == nil {
			out.Note = "Nothing is scheduled."
			out.Clock = s.clockState(ctx)
			return out, nil
		}
		// What is due already goes first; the next is what comes after.
		s.settle(ctx)
		next, ok, err := s.nextPlanned(ctx)
		if err != nil {
			return nil, err
		}
		if !ok || !next.After(from) {
			out.Note = "Nothing is scheduled yet: no notification is pending."
			if now := s.clock.Now(); now.After(from) {
				out.Note = fmt.Sprintf("Nothing is due in the %d days after %s; the clock moved on to %s looking for it.",
					int(now.Sub(from).Hours()/24), from.UTC().Format("Mon 2 Jan 15:04 UTC"), now.UTC().Format("Mon 2 Jan 15:04 UTC"))
			}
			if ok {
				out.Note = "A notification is due now and on its way."
			}
			out.Clock = s.clockState(ctx)
			return out, nil
		}
		target = next
	case in.By != "" && in.To == "":
		d, err := parseStep(in.By)
		if err != nil {
			return nil, err
		}
		target = from.Add(d)
	default:
		return nil, badRequest(`send {"by": "24h"} or {"to": "next"}`)
	}
	if err := s.advanceTo(ctx, target); err != nil {
		return nil, err
	}
	out.Clock = s.clockState(ctx)
	s.nudge()
	return out, nil
}

// nextLookAhead bounds how far "next" moves the clock looking for what the
// app has not planned yet: past a month of days with nothing due (check-ins
// off, pairs paused), it stops and says so.
const nextLookAhead = 35 * 24 * time.Hour

// nextPlanned is NextWake, looked for past the days the app has planned
// ahead: while nothing is pending before the app's next planning, the
// clock moves to it (nothing is due on the way) and it looks again, up to
// nextLookAhead on.
func (s *Server) nextPlanned(ctx context.Context) (time.Time, bool, error) {
	limit := s.clock.Now().Add(nextLookAhead)
	for {
		next, ok, err := s.o.NextWake(ctx)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("next notification: %w", err)
		}
		if s.o.NextPlan == nil {
			return next, ok, nil
		}
		now := s.clock.Now()
		plan, planned := s.o.NextPlan(ctx)
		if !planned || !plan.After(now) || plan.After(limit) || (ok && !plan.Before(next)) {
			return next, ok, nil
		}
		if err := s.advanceTo(ctx, plan); err != nil {
			return time.Time{}, false, err
		}
	}
}

// parseStep reads how far to move: a Go duration, or whole days ("3d") or
// weeks ("1w"). At most a year, and never backwards.
func parseStep(v string) (time.Duration, error) {
	var d time.Duration
	var n int
	var unit string
	if _, err := fmt.Sscanf(v, "%d%s", &n, &unit); err == nil && (unit == "d" || unit == "w") {
		if n <= 0 || n > 366 {
			// Checked before multiplying: a large n would wrap around.
			return 0, badRequest("move the clock forward by up to a year, not %s", v)
		}
		d = time.Duration(n) * 24 * time.Hour
		if unit == "w" {
			d *= 7
		}
	} else if d, err = time.ParseDuration(v); err != nil {
		return 0, badRequest("%q is not a duration like 1h, 1d or 1w", v)
	}
	if d <= 0 || d > 366*24*time.Hour {
		return 0, badRequest("move the clock forward by up to a year, not %s", v)
	}
	return d, nil
}

// advanceTo moves the clock to target as time would pass: it stops at each
// pending notification's due time and at least every MaxStep, and lets
// what is due go out before moving on.
func (s *Server) advanceTo(ctx context.Context, target time.Time) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.settle(ctx)
		now := s.clock.Now()
		if !now.Before(target) {
			return nil
		}
		next := now.Add(s.o.MaxStep)
		if s.o.NextWake != nil {
			if due, ok, err := s.o.NextWake(ctx); err == nil && ok && due.After(now) && due.Before(next) {
				next = due
			}
		}
		if next.After(target) {
			next = target
		}
		s.clock.Set(next)
	}
}

func (s *Server) settle(ctx context.Context) {
	if s.o.Settle == nil {
		return
	}
	if err := s.o.Settle(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("settle", "err", err)
	}
}

// apiDemo seeds a demo programme by running the demo script's slash
// commands, one after another, as the people would type them.
func (s *Server) apiDemo(r *http.Request, body json.RawMessage) (any, error) {
	if s.o.Demo == nil {
		return nil, badRequest("This playground has no demo.")
	}
	if !s.demoMu.TryLock() {
		return nil, &apiError{http.StatusConflict, "The demo is already being seeded."}
	}
	s.mu.Lock()
	s.demo = "running"
	s.notifyLocked()
	s.mu.Unlock()
	type stepOut struct {
		User   string `json:"user"`
		Line   string `json:"line"`
		Answer string `json:"answer,omitempty"`
		Error  string `json:"error,omitempty"`
	}
	var steps []stepOut
	end := "done"
	defer func() {
		s.mu.Lock()
		s.demo = end
		s.notifyLocked()
		s.mu.Unlock()
		s.demoMu.Unlock()
	}()
	script := s.o.Demo(s.base, s.clock.Now())
	if len(script) == 0 {
		end = "off" // no longer offered
		return nil, &apiError{http.StatusConflict, "The demo only seeds an empty programme, and this one has pairs in it already."}
	}
	for _, st := range script {
		if s.base.Err() != nil {
			break
		}
		out := stepOut{User: st.User, Line: st.Line}
		res, err := s.runCommand(st.User, s.o.Sim.IMChannel(st.User), st.Line)
		switch {
		case err != nil:
			out.Error = err.Error()
		case res.Error != "":
			out.Error = res.Error
		case res.Answer != nil:
			out.Answer = res.Answer.Text
		}
		steps = append(steps, out)
		s.settle(s.base)
	}
	return map[string]any{"steps": steps, "clock": s.clockState(r.Context())}, nil
}
