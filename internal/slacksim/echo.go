package slacksim

import (
	"context"
	"maps"
)

// Slack sends an app subscribed to message.im every message in its IMs,
// its own included: a DM the bot posts comes back as a message event with
// its bot_id, an edit as message_changed and a deletion as
// message_deleted. Options.EchoOwnMessages (or SetEchoOwnMessages) turns
// this on, so that a test can check that the bot neither answers nor
// chokes on its own messages.

// SetEchoOwnMessages turns Options.EchoOwnMessages on or off.
func (s *Server) SetEchoOwnMessages(on bool) { s.echo.Store(on) }

// echoNewLocked sends the message event of a message the bot posted in
// an IM with a person.
func (s *Server) echoNewLocked(st *stored) {
	ch := s.echoChannelLocked(st)
	if ch == nil {
		return
	}
	event := s.messageJSONLocked(st, false)
	event["channel"], event["channel_type"], event["event_ts"] = ch.ID, "im", st.TS
	s.echoLocked(event, ch.User)
}

// echoChangedLocked sends message_changed for an edit of st; prev is the
// message as it was before (messageJSONLocked).
func (s *Server) echoChangedLocked(st *stored, prev map[string]any) {
	ch := s.echoChannelLocked(st)
	if ch == nil {
		return
	}
	ts := s.newTSLocked()
	s.echoLocked(map[string]any{
		"type": "message", "subtype": "message_changed", "hidden": true,
		"message": s.messageJSONLocked(st, false), "previous_message": prev,
		"channel": ch.ID, "channel_type": "im", "ts": ts, "event_ts": ts,
	}, ch.User)
}

// echoDeletedLocked sends message_deleted for st; prev is the message as
// it was.
func (s *Server) echoDeletedLocked(st *stored, prev map[string]any) {
	ch := s.echoChannelLocked(st)
	if ch == nil {
		return
	}
	ts := s.newTSLocked()
	s.echoLocked(map[string]any{
		"type": "message", "subtype": "message_deleted", "hidden": true,
		"deleted_ts": st.TS, "previous_message": prev,
		"channel": ch.ID, "channel_type": "im", "ts": ts, "event_ts": ts,
	}, ch.User)
}

// echoPrevLocked is st as it is, for the previous_message of an echo
// about to change it; nil when no echo will be sent.
func (s *Server) echoPrevLocked(st *stored) map[string]any {
	if s.echoChannelLocked(st) == nil {
		return nil
	}
	return s.messageJSONLocked(st, false)
}

// echoChannelLocked returns the IM of st when its event is to be sent:
// echoes are on, and st is a visible message in the bot's IM with someone.
func (s *Server) echoChannelLocked(st *stored) *channel {
	if !s.echo.Load() || st.Ephemeral {
		return nil
	}
	ch := s.channelLocked(st.Channel)
	if ch == nil || !ch.IM || ch.User == "" {
		return nil
	}
	return ch
}

// echoLocked delivers a message event in the background, as Slack does:
// whoever posted is not held up by it. The bot must ack it in time like
// any other envelope.
func (s *Server) echoLocked(event map[string]any, user string) {
	payload := s.eventPayloadLocked(maps.Clone(event), user)
	what := "message.im echo"
	if sub, ok := event["subtype"].(string); ok {
		what += " " + sub
	}
	s.echoing.Add(1)
	if !s.goLocked(func() {
		defer s.echoing.Add(-1)
		_, _, _, _ = s.deliver(context.Background(), "events_api", payload, what)
	}) {
		s.echoing.Add(-1)
	}
}

// EchoesPending counts the echoes of the bot's own messages
// (Options.EchoOwnMessages) not yet acknowledged or given up.
func (s *Server) EchoesPending() int64 { return s.echoing.Load() }
