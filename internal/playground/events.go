package playground

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// keepAlive is how often an idle event stream gets a comment line, so that
// proxies and browsers keep it open.
const keepAlive = 15 * time.Second

// activityJSON tells the page that someone other than the viewer got
// something new, for the person switcher's badges. It carries no content.
type activityJSON struct {
	User    string `json:"user"` // "" for everyone (a public channel)
	Channel string `json:"channel"`
	Key     string `json:"key"`
}

// handleEvents streams what changes for one person as server-sent events:
//
//	state     the whole state, first (after subscribing, so nothing is missed)
//	message   a message they see was posted, updated or deleted
//	activity  someone else got a message (for badges; no content)
//	modals    their open modals, root first, whenever one changes
//	home      their App Home view, when it is published
//	local     a playground-only entry they see
//	clock     the virtual time and the next notification, when either may have changed
//	demo      what the page offers of the demo, after each thing done
//	users     the workspace's users, when their titles changed (a pair made)
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	user, ok := s.personParam(w, r.URL.Query().Get("user"))
	if !ok {
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	msgs, stopMsgs := s.o.Sim.Subscribe()
	defer stopMsgs()
	views, stopViews := s.o.Sim.SubscribeViews()
	defer stopViews()
	clockChanged := s.clock.Changed()
	s.mu.Lock()
	localChanged := s.changed
	s.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ctx := r.Context()
	send := func(event string, v any) bool {
		data, err := json.Marshal(v)
		if err != nil {
			s.log.Error("encode event", "event", event, "err", err)
			return true
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	st, localSeen := s.stateAndSeen(ctx, user)
	if !send("state", st) {
		return
	}
	users, _ := json.Marshal(st.Users)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.base.Done():
			return
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case m, ok := <-msgs:
			if !ok {
				return
			}
			mj := toMessageJSON(m)
			if s.visible(m, user) {
				if !send("message", mj) {
					return
				}
			}
			// A DM going out is a notification sent, or one a command
			// queued: what comes next has changed.
			if !m.Ephemeral && !send("clock", s.clockState(ctx)) {
				return
			}
			if aud := s.audience(m); aud != user && !m.Deleted {
				if !send("activity", activityJSON{User: aud, Channel: m.Channel, Key: mj.Key}) {
					return
				}
			}
		case v, ok := <-views:
			if !ok {
				return
			}
			if v.UserID != user {
				continue
			}
			if v.Type == "home" {
				if !send("home", toViewJSON(v)) {
					return
				}
				continue
			}
			modals := []viewJSON{}
			for _, o := range s.o.Sim.OpenViews(user) {
				modals = append(modals, toViewJSON(o))
			}
			if !send("modals", modals) {
				return
			}
		case <-clockChanged:
			clockChanged = s.clock.Changed()
			if !send("clock", s.clockState(ctx)) {
				return
			}
		case <-localChanged:
			s.mu.Lock()
			localChanged = s.changed
			var fresh []Local
			for _, l := range s.local[min(localSeen, len(s.local)):] {
				if localVisible(l, user) {
					fresh = append(fresh, l)
				}
			}
			localSeen = len(s.local)
			demo := s.demo
			s.mu.Unlock()
			for _, l := range fresh {
				if !send("local", l) {
					return
				}
			}
			if !send("clock", s.clockState(ctx)) {
				return
			}
			if s.o.Demo != nil {
				if !send("demo", s.demoState(demo)) {
					return
				}
			}
			// Something done may have made or ended a pair: the person
			// switcher's titles follow.
			if s.o.Titles != nil {
				now := s.users(ctx)
				if b, err := json.Marshal(now); err == nil && string(b) != string(users) {
					users = b
					if !send("users", now) {
						return
					}
				}
			}
		}
	}
}
