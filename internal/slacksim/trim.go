package slacksim

import "time"

// TakeMessages removes from the simulator's record, and returns, the
// messages posted before the time before (by their ts, on Options.Clock),
// with the calls and message events recorded before it. A long run (a
// simulated year of notifications) checks what it takes and keeps the
// simulator's memory bounded. Messages taken are gone from Slack too:
// conversations.history no longer finds them, and they cannot be
// updated or clicked.
func (s *Server) TakeMessages(before time.Time) []Message {
	cut := before.UnixMicro()
	older := func(ts string) bool {
		us, ok := parseTS(ts)
		return ok && us < cut
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var taken []Message
	keep := s.msgs[:0]
	for _, st := range s.msgs {
		if !older(st.TS) {
			keep = append(keep, st)
			continue
		}
		taken = append(taken, st.Message)
		key := msgKey(st.Channel, st.TS)
		delete(s.msgIndex, key)
		delete(s.msgState, key)
	}
	clear(s.msgs[len(keep):])
	s.msgs = keep
	s.trimmed += int64(len(taken))

	events := s.events[:0]
	for _, m := range s.events {
		if !older(m.TS) {
			events = append(events, m)
		}
	}
	clear(s.events[len(events):])
	s.events = events

	calls := s.calls[:0]
	for _, c := range s.calls {
		if !c.At.Before(before) {
			calls = append(calls, c)
		}
	}
	clear(s.calls[len(calls):])
	s.calls = calls
	return taken
}
