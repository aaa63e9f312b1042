package slacksim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// CommandResult is what happened when a user ran a slash command.
type CommandResult struct {
	EnvelopeID string
	// Ack is the ack's payload; nil when the bot acked without one.
	Ack         json.RawMessage
	AckLatency  time.Duration // real time from sending the envelope to the ack
	ResponseURL string
	TriggerID   string
	// Message is the ack payload as shown to the user, when it had text or
	// blocks.
	Message *Message
}

// InteractionResult is what happened when a user clicked or selected
// something.
type InteractionResult struct {
	// EnvelopeID is "" when Slack sends nothing: a choice in an input
	// block without dispatch_action only changes the view's state.
	EnvelopeID  string
	Ack         json.RawMessage
	AckLatency  time.Duration
	ResponseURL string // "" for modals and App Home, as Slack
	TriggerID   string
}

// ViewSubmitResult is what happened when a user submitted a modal.
type ViewSubmitResult struct {
	EnvelopeID string
	Ack        json.RawMessage
	AckLatency time.Duration
	TriggerID  string
	// ResponseAction is the ack's response_action ("", "errors",
	// "update", "push", "clear").
	ResponseAction string
	// Errors are the field errors of response_action "errors", by
	// block_id; the view stays open.
	Errors map[string]string
	// Closed: the submitted view was closed (empty ack or "clear").
	Closed bool
	// View is the view now on top after "update" or "push".
	View *View
}

// actingUserLocked returns the user a simulated action is done by.
func (s *Server) actingUserLocked(userID string) (User, error) {
	u, ok := s.users[userID]
	switch {
	case !ok:
		return User{}, fmt.Errorf("slacksim: unknown user %q; AddUser first", userID)
	case u.IsBot:
		return User{}, fmt.Errorf("slacksim: %s is a bot and cannot act as a person", userID)
	case u.Deleted:
		return User{}, fmt.Errorf("slacksim: %s is deactivated and cannot act", userID)
	}
	return u, nil
}

func (s *Server) userRef(u User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.opts.TeamID}
}

func (s *Server) teamRef() map[string]any {
	return map[string]any{"id": s.opts.TeamID, "domain": teamDomain}
}

// actionTSLocked is an action_ts/event_ts: the clock's time in ts form.
func (s *Server) actionTSLocked() string { return formatTS(s.clock.Now().UnixMicro()) }

// commandChannelLocked resolves where a slash command was typed: "" or the
// user's IM is the DM with the bot; other IDs are channels, registered on
// first use.
func (s *Server) commandChannelLocked(userID, channelID string) (*channel, error) {
	if channelID == "" {
		channelID = s.IMChannel(userID)
	}
	if strings.HasPrefix(channelID, "D") {
		c := s.channelLocked(channelID)
		if c == nil || (c.User != userID && !slices.Contains(c.Members, userID)) {
			return nil, fmt.Errorf("slacksim: %s is not %s's DM with the bot (that is %s) nor one of theirs with someone (DirectMessage)", channelID, userID, s.IMChannel(userID))
		}
		return c, nil
	}
	if c := s.channelLocked(channelID); c != nil {
		return c, nil
	}
	c := &channel{ID: channelID, Name: strings.ToLower(channelID)}
	s.channels[channelID] = c
	return c, nil
}

// SlashCommand runs command (e.g. "/goal") with text, typed by the user in
// channelID ("" or the user's IM ID for the DM with the bot, or a channel
// ID), and waits for the ack. An ack payload with text or blocks is shown
// as Slack shows it, ephemeral to the user unless response_type is
// "in_channel", and recorded with Via "ack". Errors: ErrAckTimeout,
// ErrNotConnected, ErrInvalidResponse (the result is still returned).
func (s *Server) SlashCommand(ctx context.Context, userID, channelID, command, text string) (*CommandResult, error) {
	if !strings.HasPrefix(command, "/") {
		return nil, fmt.Errorf("slacksim: command %q must start with /", command)
	}
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	ch, err := s.commandChannelLocked(userID, channelID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	trig := s.newTriggerLocked(userID)
	ru := s.newResponseURLLocked(userID, ch.ID, "", "slash command "+command)
	payload, _ := json.Marshal(map[string]any{
		"token":                 verificationToken,
		"team_id":               s.opts.TeamID,
		"team_domain":           teamDomain,
		"channel_id":            ch.ID,
		"channel_name":          ch.Name,
		"user_id":               u.ID,
		"user_name":             u.Name,
		"command":               command,
		"text":                  text,
		"api_app_id":            appID,
		"is_enterprise_install": "false",
		"response_url":          ru.url,
		"trigger_id":            trig,
	})
	s.mu.Unlock()

	what := "slash command " + command
	a, latency, envID, err := s.deliver(ctx, "slash_commands", payload, what)
	res := &CommandResult{EnvelopeID: envID, Ack: nonEmpty(a.payload), AckLatency: latency, ResponseURL: ru.url, TriggerID: trig}
	if err != nil {
		return res, err
	}
	m, err := s.applyCommandAck(res.Ack, u, ch, ru, what)
	res.Message = m
	return res, err
}

// nonEmpty turns an absent or null payload into nil.
func nonEmpty(p json.RawMessage) json.RawMessage {
	t := bytes.TrimSpace(p)
	if len(t) == 0 || string(t) == "null" {
		return nil
	}
	return p
}

// valuesFromJSON flattens a JSON object into arguments the way Slack reads
// a JSON body: strings as they are, everything else as JSON text.
func valuesFromJSON(raw []byte) (map[string][]string, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for k, v := range fields {
		var str string
		if err := json.Unmarshal(v, &str); err == nil {
			out[k] = []string{str}
			continue
		}
		out[k] = []string{string(v)}
	}
	return out, nil
}

// applyCommandAck shows a slash command's ack payload.
func (s *Server) applyCommandAck(ack json.RawMessage, u User, ch *channel, ru *responseURL, what string) (*Message, error) {
	if ack == nil {
		return nil, nil
	}
	vals, err := valuesFromJSON(ack)
	if err != nil {
		s.fail("%s: ack payload is not a JSON object: %v", what, err)
		return nil, fmt.Errorf("%w: ack payload is not a JSON object: %v", ErrInvalidResponse, err)
	}
	c, bad := parseContent(vals)
	if bad != nil {
		s.fail("%s: ack payload: %s %s", what, bad.err, strings.Join(bad.messages, "; "))
		return nil, fmt.Errorf("%w: ack payload: %s %s", ErrInvalidResponse, bad.err, strings.Join(bad.messages, "; "))
	}
	if c.empty() {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.postResponseLocked(c, u.ID, ch, "ack")
	ru.orig = msgKey(st.Channel, st.TS)
	m := st.Message
	return &m, nil
}

// postResponseLocked posts a new message in answer to a user's action:
// ephemeral to the user unless response_type is "in_channel".
func (s *Server) postResponseLocked(c messageContent, userID string, ch *channel, via string) *stored {
	fillIDs(c.blocks, s.genIDLocked)
	public := c.responseType == "in_channel"
	st := &stored{author: s.opts.BotUserID, Message: Message{
		Channel:   ch.ID,
		TS:        s.newTSLocked(),
		ThreadTS:  c.threadTS,
		User:      userID,
		Ephemeral: !public,
		InChannel: public && !ch.IM,
		Via:       via,
		Text:      c.text,
		Blocks:    marshalBlocks(c.blocks),
		Metadata:  c.metadata,
	}}
	if public && !ch.IM {
		st.User = ""
	}
	s.recordLocked(st)
	return st
}

// target is what a click or selection happens on: a message or a view.
type target struct {
	st     *stored
	ch     *channel
	v      *view
	blocks []any
	state  *elementState
	key    string
}

// targetLocked finds what msg stands for, in its current state, and checks
// the user can see it.
func (s *Server) targetLocked(userID string, msg Message) (*target, error) {
	if msg.ViewID != "" {
		v, ok := s.views[msg.ViewID]
		switch {
		case !ok:
			return nil, fmt.Errorf("slacksim: no view %s", msg.ViewID)
		case v.user != userID:
			return nil, fmt.Errorf("slacksim: view %s belongs to %s, not %s", v.id, v.user, userID)
		case !v.open:
			return nil, fmt.Errorf("slacksim: view %s is closed", v.id)
		case v.surf == surfHome && s.homes[userID] != v.id:
			return nil, fmt.Errorf("slacksim: view %s is not %s's current App Home", v.id, userID)
		}
		return &target{v: v, blocks: v.blocks(), state: v.state}, nil
	}
	key := msgKey(msg.Channel, msg.TS)
	st, ok := s.msgIndex[key]
	switch {
	case !ok:
		return nil, fmt.Errorf("slacksim: no message %s in %s", msg.TS, msg.Channel)
	case st.Deleted:
		return nil, fmt.Errorf("slacksim: message %s in %s was deleted", msg.TS, msg.Channel)
	case st.Ephemeral && st.User != userID:
		return nil, fmt.Errorf("slacksim: ephemeral message %s is shown to %s, not %s", msg.TS, st.User, userID)
	}
	ch := s.channelLocked(st.Channel)
	if ch.IM && ch.User != userID {
		return nil, fmt.Errorf("slacksim: message %s is in %s's DM, not %s's", msg.TS, ch.User, userID)
	}
	var blocks []any
	if len(st.Blocks) > 0 {
		if err := decodeJSON(st.Blocks, &blocks); err != nil {
			return nil, fmt.Errorf("slacksim: message %s blocks: %w", msg.TS, err)
		}
	}
	state := s.msgState[key]
	if state == nil {
		state = newElementState()
		s.msgState[key] = state
	}
	return &target{st: st, ch: ch, blocks: blocks, state: state, key: key}, nil
}

// blockActionsLocked builds a block_actions payload for an action on t.
func (s *Server) blockActionsLocked(u User, t *target, action map[string]any) (payload json.RawMessage, trig, respURL string) {
	trig = s.newTriggerLocked(u.ID)
	p := map[string]any{
		"type":                  "block_actions",
		"user":                  s.userRef(u),
		"api_app_id":            appID,
		"token":                 verificationToken,
		"trigger_id":            trig,
		"team":                  s.teamRef(),
		"enterprise":            nil,
		"is_enterprise_install": false,
		"actions":               []any{action},
	}
	if t.v != nil {
		p["container"] = map[string]any{"type": "view", "view_id": t.v.id}
		p["view"] = s.viewJSONLocked(t.v)
	} else {
		ru := s.newResponseURLLocked(u.ID, t.st.Channel, t.key, "block_actions "+fmt.Sprint(action["action_id"]))
		respURL = ru.url
		container := map[string]any{"type": "message", "message_ts": t.st.TS, "channel_id": t.st.Channel, "is_ephemeral": t.st.Ephemeral}
		if t.st.ThreadTS != "" {
			container["thread_ts"] = t.st.ThreadTS
		}
		p["container"] = container
		p["channel"] = map[string]any{"id": t.ch.ID, "name": t.ch.Name}
		p["state"] = map[string]any{"values": stateValues(t.blocks, t.state)}
		p["response_url"] = respURL
		// Slack leaves the message out for ephemeral messages.
		if !t.st.Ephemeral {
			m := s.messageJSONLocked(t.st, true)
			if raw, ok := m["blocks"].(json.RawMessage); ok {
				m["blocks"] = slackEchoBlocks(raw)
			}
			p["message"] = m
		}
	}
	payload, _ = json.Marshal(p)
	return payload, trig, respURL
}

// ClickButton clicks the button with actionID in msg (a message, or a view
// through View.Message), using the message's current state, and waits for
// the ack. It is an error if no button or several have that action_id.
func (s *Server) ClickButton(ctx context.Context, userID string, msg Message, actionID string) (*InteractionResult, error) {
	return s.click(ctx, userID, msg, actionID, nil)
}

// ClickButtonValue is ClickButton for the button with that action_id and
// value, for messages with a row of same-action buttons.
func (s *Server) ClickButtonValue(ctx context.Context, userID string, msg Message, actionID, value string) (*InteractionResult, error) {
	return s.click(ctx, userID, msg, actionID, &value)
}

func (s *Server) click(ctx context.Context, userID string, msg Message, actionID string, value *string) (*InteractionResult, error) {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	t, err := s.targetLocked(userID, msg)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	el, err := findElement(t.blocks, actionID, value, "button")
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	action := map[string]any{
		"type":      "button",
		"action_id": el.actionID,
		"block_id":  el.blockID,
		"text":      el.element["text"],
		"action_ts": s.actionTSLocked(),
	}
	for _, k := range []string{"value", "style", "url"} {
		if v, ok := el.element[k]; ok {
			action[k] = v
		}
	}
	payload, trig, ru := s.blockActionsLocked(u, t, action)
	s.mu.Unlock()
	a, latency, envID, err := s.deliver(ctx, "interactive", payload, "button "+actionID)
	return &InteractionResult{EnvelopeID: envID, Ack: nonEmpty(a.payload), AckLatency: latency, ResponseURL: ru, TriggerID: trig}, err
}

// SelectOption picks value in the select menu, radio buttons, overflow
// menu, date or time picker (or any single-value element) with actionID,
// and sends block_actions when Slack would: always outside input blocks,
// and inside one only with dispatch_action. Otherwise it only records the
// choice in the view's state, which SubmitView then carries, and returns a
// result with no EnvelopeID.
func (s *Server) SelectOption(ctx context.Context, userID string, msg Message, actionID, value string) (*InteractionResult, error) {
	return s.choose(ctx, userID, msg, actionID, value)
}

// SelectOptions is SelectOption for checkboxes and multi-selects.
func (s *Server) SelectOptions(ctx context.Context, userID string, msg Message, actionID string, values []string) (*InteractionResult, error) {
	if values == nil {
		values = []string{}
	}
	return s.choose(ctx, userID, msg, actionID, values)
}

func (s *Server) choose(ctx context.Context, userID string, msg Message, actionID string, value any) (*InteractionResult, error) {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	t, err := s.targetLocked(userID, msg)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	el, err := findElement(t.blocks, actionID, nil)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	action := map[string]any{}
	switch el.typ {
	case "button":
		s.mu.Unlock()
		return nil, fmt.Errorf("slacksim: %s is a button; use ClickButton", actionID)
	case "overflow":
		str, _ := value.(string)
		o, found := findOption(el.element, str)
		if !found {
			s.mu.Unlock()
			return nil, fmt.Errorf("%w: %q is not an option of %s", ErrNotSubmittable, str, actionID)
		}
		action["type"] = "overflow"
		action["selected_option"] = optionPayload(o)
	default:
		sv, err := choiceValue(el, value)
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		t.state.set(el.blockID, el.actionID, sv)
		maps.Copy(action, sv)
		if t.v != nil {
			s.viewChangedLocked(t.v)
		}
		if dispatch, _ := el.block["dispatch_action"].(bool); el.inInput && !dispatch {
			s.mu.Unlock()
			return &InteractionResult{}, nil
		}
	}
	action["action_id"] = el.actionID
	action["block_id"] = el.blockID
	action["action_ts"] = s.actionTSLocked()
	if p, ok := el.element["placeholder"]; ok {
		action["placeholder"] = p
	}
	payload, trig, ru := s.blockActionsLocked(u, t, action)
	s.mu.Unlock()
	a, latency, envID, err := s.deliver(ctx, "interactive", payload, el.typ+" "+actionID)
	return &InteractionResult{EnvelopeID: envID, Ack: nonEmpty(a.payload), AckLatency: latency, ResponseURL: ru, TriggerID: trig}, err
}

// topModalLocked returns the user's open modal viewID if it is the top of
// their stack, the only one they can act on.
func (s *Server) topModalLocked(userID, viewID string) (*view, error) {
	v, ok := s.views[viewID]
	switch {
	case !ok:
		return nil, fmt.Errorf("slacksim: no view %s", viewID)
	case v.user != userID:
		return nil, fmt.Errorf("slacksim: view %s belongs to %s, not %s", viewID, v.user, userID)
	case v.surf != surfModal:
		return nil, fmt.Errorf("slacksim: view %s is not a modal", viewID)
	case !v.open:
		return nil, fmt.Errorf("slacksim: view %s is closed", viewID)
	}
	stack := s.stacks[userID]
	if stack[len(stack)-1] != viewID {
		return nil, fmt.Errorf("%w: view %s is under %s in the modal stack", ErrNotSubmittable, viewID, stack[len(stack)-1])
	}
	return v, nil
}

// SubmitView submits the user's top modal with values[blockID][actionID]
// filled in: a string for text inputs, date pickers ("YYYY-MM-DD"), time
// pickers ("HH:mm"), single selects and radio buttons (the option value),
// users/conversations/channels selects (the ID); a []string for
// checkboxes and multi-selects. Inputs not named keep their initial value
// or earlier SelectOption choice. As Slack's client does, it refuses
// (ErrNotSubmittable) an empty required input, an unknown option or text
// outside min_length/max_length. It then sends view_submission with
// view.state.values in Slack's shape and applies the ack: empty closes the
// view, "errors" keeps it open, "update" and "push" apply, "clear" closes
// the stack.
func (s *Server) SubmitView(ctx context.Context, userID, viewID string, values map[string]map[string]any) (*ViewSubmitResult, error) {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	v, err := s.topModalLocked(userID, viewID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if v.def["submit"] == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: view %s has no submit button", ErrNotSubmittable, viewID)
	}
	blocks := v.blocks()
	els := elements(blocks)
	next := newElementState()
	for bid, acts := range v.state.values {
		for aid, sv := range acts {
			next.set(bid, aid, sv)
		}
	}
	for bid, acts := range values {
		for aid, val := range acts {
			var el *located
			for i := range els {
				if els[i].blockID == bid && els[i].actionID == aid && els[i].inInput {
					el = &els[i]
				}
			}
			if el == nil {
				s.mu.Unlock()
				return nil, fmt.Errorf("%w: view %s has no input %s/%s", ErrNotSubmittable, viewID, bid, aid)
			}
			sv, err := choiceValue(*el, val)
			if err != nil {
				s.mu.Unlock()
				return nil, err
			}
			next.set(bid, aid, sv)
		}
	}
	state := stateValues(blocks, next)
	for _, el := range els {
		if !el.inInput {
			continue
		}
		if optional, _ := el.block["optional"].(bool); optional {
			continue
		}
		bv, _ := state[el.blockID].(map[string]any)
		sv, _ := bv[el.actionID].(map[string]any)
		if isEmptyValue(sv) {
			s.mu.Unlock()
			return nil, inputError(el, "Please complete this required field.",
				fmt.Errorf("%w: required input %s/%s is empty", ErrNotSubmittable, el.blockID, el.actionID))
		}
	}
	v.state = next
	trig := s.newTriggerLocked(userID)
	payload, _ := json.Marshal(map[string]any{
		"type":                  "view_submission",
		"team":                  s.teamRef(),
		"user":                  s.userRef(u),
		"api_app_id":            appID,
		"token":                 verificationToken,
		"trigger_id":            trig,
		"view":                  s.viewJSONLocked(v),
		"response_urls":         []any{},
		"is_enterprise_install": false,
		"enterprise":            nil,
	})
	s.mu.Unlock()

	what := "view_submission " + v.str("callback_id")
	a, latency, envID, err := s.deliver(ctx, "interactive", payload, what)
	res := &ViewSubmitResult{EnvelopeID: envID, Ack: nonEmpty(a.payload), AckLatency: latency, TriggerID: trig}
	if err != nil {
		return res, err
	}
	return res, s.applySubmitAck(res, v, what)
}

// applySubmitAck does what Slack does with a view_submission ack.
func (s *Server) applySubmitAck(res *ViewSubmitResult, v *view, what string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ack map[string]any
	if res.Ack != nil {
		if err := decodeJSON(res.Ack, &ack); err != nil {
			s.failLocked("%s: ack payload is not a JSON object: %v", what, err)
			return fmt.Errorf("%w: ack payload is not a JSON object: %v", ErrInvalidResponse, err)
		}
	}
	invalid := func(format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		s.failLocked("%s: %s (Slack shows the user an error in the modal)", what, msg)
		return fmt.Errorf("%w: %s", ErrInvalidResponse, msg)
	}
	action, _ := ack["response_action"].(string)
	res.ResponseAction = action
	if !v.open {
		// The bot closed or replaced the view itself while handling it.
		res.Closed = true
		return nil
	}
	switch action {
	case "":
		s.closeModalsLocked(v.user, false)
		res.Closed = true
	case "clear":
		s.closeModalsLocked(v.user, true)
		res.Closed = true
	case "errors":
		errs, ok := asObject(ack["errors"])
		if !ok || len(errs) == 0 {
			return invalid("response_action errors without an errors object")
		}
		res.Errors = map[string]string{}
		inputs := map[string]bool{}
		for _, el := range elements(v.blocks()) {
			if el.inInput {
				inputs[el.blockID] = true
			}
		}
		var bad []string
		for bid, msg := range errs {
			str, _ := msg.(string)
			res.Errors[bid] = str
			if !inputs[bid] {
				bad = append(bad, bid)
			}
		}
		if len(bad) > 0 {
			return invalid("errors name %v, which are not input blocks of view %s", bad, v.id)
		}
	case "update", "push":
		def, ok := asObject(ack["view"])
		if !ok {
			return invalid("response_action %s without a view", action)
		}
		surf, errs := checkView(def, "/view")
		if len(errs) > 0 {
			return invalid("response_action %s: invalid view: %s", action, strings.Join(errs, "; "))
		}
		if surf != surfModal {
			return invalid("response_action %s: view type must be modal", action)
		}
		var nv *view
		if action == "update" {
			s.replaceViewLocked(v, def)
			nv = v
		} else {
			if len(s.stacks[v.user]) >= maxModalStack {
				return invalid("response_action push: push_limit_reached (at most %d views)", maxModalStack)
			}
			nv = s.pushModalLocked(v.user, def)
		}
		pv := s.publicViewLocked(nv)
		res.View = &pv
	default:
		return invalid("unknown response_action %q", action)
	}
	return nil
}

// CloseView closes the user's top modal as its Close button does, sending
// view_closed when the view asked for notify_on_close.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) error {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	v, err := s.topModalLocked(userID, viewID)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	notify, _ := v.def["notify_on_close"].(bool)
	payload, _ := json.Marshal(map[string]any{
		"type":                  "view_closed",
		"team":                  s.teamRef(),
		"user":                  s.userRef(u),
		"api_app_id":            appID,
		"token":                 verificationToken,
		"view":                  s.viewJSONLocked(v),
		"is_cleared":            false,
		"is_enterprise_install": false,
		"enterprise":            nil,
	})
	s.closeModalsLocked(userID, false)
	s.mu.Unlock()
	if !notify {
		return nil
	}
	_, _, _, err = s.deliver(ctx, "interactive", payload, "view_closed "+v.str("callback_id"))
	return err
}

// OpenEvent sends app_home_opened for the user opening the bot's Home tab,
// with the current home view if one was published.
func (s *Server) OpenEvent(ctx context.Context, userID string) error {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	event := map[string]any{
		"type":     "app_home_opened",
		"user":     u.ID,
		"channel":  s.IMChannel(u.ID),
		"tab":      "home",
		"event_ts": s.actionTSLocked(),
	}
	if id, ok := s.homes[u.ID]; ok {
		event["view"] = s.viewJSONLocked(s.views[id])
	}
	payload := s.eventPayloadLocked(event, u.ID)
	s.mu.Unlock()
	_, _, _, err = s.deliver(ctx, "events_api", payload, "app_home_opened")
	return err
}

// MessageEvent sends the bot the message.im event of a message userID
// wrote in their DM with it, as Slack does to an app subscribed to it.
// The message itself is not recorded: the bot never reads it back.
func (s *Server) MessageEvent(ctx context.Context, userID, text string) error {
	s.mu.Lock()
	u, err := s.actingUserLocked(userID)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	ts := s.actionTSLocked()
	event := map[string]any{
		"type":         "message",
		"channel_type": "im",
		"channel":      s.IMChannel(u.ID),
		"user":         u.ID,
		"text":         text,
		"ts":           ts,
		"event_ts":     ts,
	}
	payload := s.eventPayloadLocked(event, u.ID)
	s.mu.Unlock()
	_, _, _, err = s.deliver(ctx, "events_api", payload, "message.im")
	return err
}

// ChangeUser changes a user's profile (a new time zone, say) and sends the
// bot user_change, as Slack does to an app subscribed to it.
func (s *Server) ChangeUser(ctx context.Context, u User) error {
	s.mu.Lock()
	_, known := s.users[u.ID]
	s.mu.Unlock()
	if !known {
		return fmt.Errorf("slacksim: no user %s", u.ID)
	}
	s.AddUser(u)
	s.mu.Lock()
	event := map[string]any{
		"type":     "user_change",
		"user":     s.userJSON(u, s.zones[u.ID]),
		"cache_ts": s.clock.Now().Unix(),
		"event_ts": s.actionTSLocked(),
	}
	payload := s.eventPayloadLocked(event, u.ID)
	s.mu.Unlock()
	_, _, _, err := s.deliver(ctx, "events_api", payload, "user_change")
	return err
}

// eventPayloadLocked wraps an event in the Events API's envelope.
func (s *Server) eventPayloadLocked(event map[string]any, user string) json.RawMessage {
	payload, _ := json.Marshal(map[string]any{
		"token":      verificationToken,
		"team_id":    s.opts.TeamID,
		"api_app_id": appID,
		"event":      event,
		"type":       "event_callback",
		"event_id":   fmt.Sprintf("Ev%010d", s.newIDLocked()),
		"event_time": s.clock.Now().Unix(),
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": s.opts.TeamID, "user_id": s.opts.BotUserID, "is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
		"event_context":         "4-sim-" + user,
	})
	return payload
}

// slackEchoBlocks is blocks as Slack echoes a stored message in a
// block_actions payload: every text object carries its defaults, a
// mrkdwn one "verbatim": false and a plain_text one "emoji": true. A bot
// that sends the echoed blocks back (a replace_original built from the
// message clicked) sends them in that shape.
func slackEchoBlocks(raw json.RawMessage) json.RawMessage {
	var blocks any
	if err := decodeJSON(raw, &blocks); err != nil {
		return raw
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, isText := v["text"].(string); isText {
				switch v["type"] {
				case "mrkdwn":
					if _, ok := v["verbatim"]; !ok {
						v["verbatim"] = false
					}
				case "plain_text":
					if _, ok := v["emoji"]; !ok {
						v["emoji"] = true
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(blocks)
	out, err := json.Marshal(blocks)
	if err != nil {
		return raw
	}
	return out
}
