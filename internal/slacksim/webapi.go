package slacksim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBodyBytes bounds request bodies. Slack's own limits are lower (a view is
// at most 250 kB), so anything bigger is a bug anyway.
const maxBodyBytes = 4 << 20

// apiRequest is a Web API call, with form and JSON bodies unified: for JSON
// the top-level fields become params, non-strings JSON-encoded, which is
// also how Slack accepts them in forms ("view" as a JSON-encoded string).
type apiRequest struct {
	method string
	params url.Values
	body   json.RawMessage
	token  string
}

// result is a handler's answer.
type result struct {
	status   int            // 0 means 200
	fields   map[string]any // merged into {"ok":true}
	err      string         // Slack error code; "" means ok
	messages []string       // response_metadata.messages
	// quiet: an error that is Slack working as intended for a correct bot
	// (user_not_found, hash_conflict), so not a Failure.
	quiet bool
}

func ok(fields map[string]any) result { return result{fields: fields} }

func fail(code string, messages ...string) result {
	return result{err: code, messages: messages}
}

func quietFail(code string) result { return result{err: code, quiet: true} }

type methodSpec struct {
	appToken bool // needs the app-level token instead of the bot token
	handle   func(*Server, *apiRequest) result
}

// methodSpecs is the Web API the simulator serves; anything else is
// unknown_method.
func methodSpecs() map[string]methodSpec {
	return map[string]methodSpec{
		"auth.test":             {handle: (*Server).apiAuthTest},
		"apps.connections.open": {appToken: true, handle: (*Server).apiConnectionsOpen},
		"users.info":            {handle: (*Server).apiUsersInfo},
		"conversations.open":    {handle: (*Server).apiConversationsOpen},
		"conversations.history": {handle: (*Server).apiConversationsHistory},
		"chat.postMessage":      {handle: (*Server).apiPostMessage},
		"chat.postEphemeral":    {handle: (*Server).apiPostEphemeral},
		"chat.update":           {handle: (*Server).apiUpdate},
		"chat.delete":           {handle: (*Server).apiDelete},
		"views.open":            {handle: (*Server).apiViewsOpen},
		"views.push":            {handle: (*Server).apiViewsPush},
		"views.update":          {handle: (*Server).apiViewsUpdate},
		"views.publish":         {handle: (*Server).apiViewsPublish},

		"files.getUploadURLExternal":   {handle: (*Server).apiGetUploadURLExternal},
		"files.completeUploadExternal": {handle: (*Server).apiCompleteUploadExternal},
	}
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	req, perr := parseAPIRequest(r, method)
	var res result
	var retryAfter = -1
	spec, known := s.api[method]
	switch {
	case perr != "":
		res = fail(perr)
	case !known:
		res = fail("unknown_method")
	default:
		res, retryAfter = s.serveAPI(req, spec)
	}
	status := res.status
	if status == 0 {
		status = http.StatusOK
	}
	body := map[string]any{"ok": res.err == ""}
	if res.err != "" {
		body["error"] = res.err
		if res.err == "unknown_method" {
			body["req_method"] = method
		}
	}
	maps.Copy(body, res.fields)
	if len(res.messages) > 0 {
		body["response_metadata"] = map[string]any{"messages": res.messages}
	}

	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, At: s.clock.Now(), Status: status, Error: res.err, Params: req.params, Body: req.body})
	if res.err != "" && !res.quiet {
		detail := ""
		if len(res.messages) > 0 {
			detail = ": " + strings.Join(res.messages, "; ")
		}
		s.failLocked("%s: %s%s", method, res.err, detail)
	}
	s.mu.Unlock()
	s.log.Debug("web api", logKeyMethod, method, logKeyStatus, status, logKeyError, res.err)

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if retryAfter >= 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// serveAPI checks the token, injected faults and rate limits, then runs the
// handler. retryAfter is -1 unless the answer is a 429.
func (s *Server) serveAPI(req *apiRequest, spec methodSpec) (res result, retryAfter int) {
	if code := s.checkToken(req.token, spec.appToken); code != "" {
		return fail(code), -1
	}
	if res, ok := s.outage(req, spec); ok {
		return res, -1
	}
	s.mu.Lock()
	f, faulted := s.takeFaultLocked(req.method)
	s.mu.Unlock()
	if faulted {
		res := result{status: f.status, err: f.slackError, quiet: true}
		if f.rateLimit {
			return res, retryAfterSeconds(f.retryAfter)
		}
		return res, -1
	}
	if s.opts.RateLimits {
		if t, ok := methodTiers[req.method]; ok {
			keys, tiers := []string{req.method}, []tier{t}
			if req.method == "chat.postMessage" {
				// One bucket per conversation (a user ID names their IM),
				// and one for the whole workspace.
				w := s.opts.WorkspacePostLimit
				keys = []string{req.method + "/" + s.limitChannel(req.params.Get("channel")), req.method + "/workspace"}
				tiers = []tier{t, {"chat.postMessage (workspace)", w.PerMinute, w.Burst}}
			}
			if allowed, wait := s.limiter.allowAll(req.method, keys, tiers); !allowed {
				return result{status: http.StatusTooManyRequests, err: "ratelimited", quiet: true}, retryAfterSeconds(wait)
			}
		}
	}
	return spec.handle(s, req), -1
}

// limitChannel is the conversation a chat.postMessage channel argument
// counts against: a user's ID counts as their IM with the bot.
func (s *Server) limitChannel(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.resolveChannelLocked(id); c != nil {
		return c.ID
	}
	return id
}

// checkToken returns "" for the right kind of token, else Slack's error.
func (s *Server) checkToken(token string, wantApp bool) string {
	want, other := s.opts.BotToken, s.opts.AppToken
	if wantApp {
		want, other = other, want
	}
	switch token {
	case "":
		return "not_authed"
	case want:
		return ""
	case other:
		return "not_allowed_token_type"
	default:
		return "invalid_auth"
	}
}

// parseAPIRequest reads the call's arguments from the query, a form or a
// JSON body. On a malformed body it returns Slack's error code.
func parseAPIRequest(r *http.Request, method string) (*apiRequest, string) {
	req := &apiRequest{method: method, params: url.Values{}}
	for k, v := range r.URL.Query() {
		req.params[k] = v
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return req, "request_timeout"
	}
	if len(raw) > maxBodyBytes {
		return req, "invalid_arguments"
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ctype == "application/json" && len(bytes.TrimSpace(raw)) > 0:
		fields, err := valuesFromJSON(raw)
		if err != nil {
			return req, "invalid_json"
		}
		req.body = raw
		for k, v := range fields {
			req.params[k] = v
		}
	case len(raw) > 0:
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return req, "invalid_form_data"
		}
		for k, v := range form {
			req.params[k] = v
		}
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		req.token = strings.TrimSpace(tok)
	}
	if req.token == "" {
		req.token = req.params.Get("token")
	}
	req.params.Del("token")
	return req, ""
}

// boolParam reads a Slack boolean argument ("true", "1").
func boolParam(v url.Values, key string) bool {
	switch strings.ToLower(v.Get(key)) {
	case "1", "true", "yes":
		return true
	}
	return false
}

func (s *Server) apiAuthTest(*apiRequest) result {
	return ok(map[string]any{
		"url":                   "https://" + teamDomain + ".slack.com/",
		"team":                  teamName,
		"user":                  s.opts.BotName,
		"team_id":               s.opts.TeamID,
		"user_id":               s.opts.BotUserID,
		"bot_id":                botID,
		"is_enterprise_install": false,
	})
}

// apiConnectionsOpen hands out a single-use websocket URL, as Slack does.
func (s *Server) apiConnectionsOpen(*apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	ticket := fmt.Sprintf("sim-ticket-%d", s.newIDLocked())
	s.tickets[ticket] = true
	wsURL := "ws" + strings.TrimPrefix(s.base, "http") + "/socket?ticket=" + ticket + "&app_id=" + appID
	return ok(map[string]any{"url": wsURL})
}

func (s *Server) apiUsersInfo(req *apiRequest) result {
	id := req.params.Get("user")
	s.mu.Lock()
	u, found := s.users[id]
	loc := s.zones[id]
	s.mu.Unlock()
	if !found {
		return quietFail("user_not_found")
	}
	return ok(map[string]any{"user": s.userJSON(u, loc)})
}

// userJSON renders a user as users.info does, with tz_offset computed for
// the simulator's current time, so that DST follows the clock.
func (s *Server) userJSON(u User, loc *time.Location) map[string]any {
	offset, label := 0, ""
	if loc != nil {
		name, off := s.clock.Now().In(loc).Zone()
		offset, label = off, name
	}
	display := u.Name
	profile := map[string]any{
		"real_name":               u.RealName,
		"real_name_normalized":    u.RealName,
		"display_name":            display,
		"display_name_normalized": display,
		"team":                    s.opts.TeamID,
	}
	out := map[string]any{
		"id":                  u.ID,
		"team_id":             s.opts.TeamID,
		"name":                u.Name,
		"deleted":             u.Deleted,
		"color":               "9f69e7",
		"real_name":           u.RealName,
		"tz_label":            label,
		"tz_offset":           offset,
		"profile":             profile,
		"is_admin":            u.IsAdmin,
		"is_owner":            u.IsOwner,
		"is_primary_owner":    false,
		"is_restricted":       false,
		"is_ultra_restricted": false,
		"is_bot":              u.IsBot,
		"is_app_user":         false,
		"updated":             0,
	}
	if u.TZ != "" {
		out["tz"] = u.TZ
	}
	if u.IsBot {
		profile["bot_id"] = botID
		profile["api_app_id"] = appID
	}
	return out
}

func (s *Server) apiConversationsOpen(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	var c *channel
	if ch := req.params.Get("channel"); ch != "" {
		c = s.channelLocked(ch)
		if c == nil || !c.IM {
			return fail("channel_not_found")
		}
	} else {
		users := strings.Split(req.params.Get("users"), ",")
		if len(users) != 1 || users[0] == "" {
			if len(users) > 1 {
				return fail("invalid_arguments", "[ERROR] slacksim: multi-person DMs are not simulated")
			}
			return fail("users_list_not_supplied")
		}
		u, found := s.users[users[0]]
		switch {
		case !found:
			return quietFail("user_not_found")
		case u.IsBot:
			return fail("cannot_dm_bot")
		case u.Deleted:
			return quietFail("user_disabled")
		}
		c = s.channelLocked(s.IMChannel(u.ID))
	}
	already := c.Opened
	c.Opened = true
	out := map[string]any{"id": c.ID}
	if boolParam(req.params, "return_im") {
		out = map[string]any{"id": c.ID, "created": 0, "is_im": true, "is_org_shared": false, "user": c.User, "is_user_deleted": false, "priority": 0}
	}
	fields := map[string]any{"channel": out}
	if already {
		fields["no_op"] = true
		fields["already_open"] = true
	}
	return ok(fields)
}
