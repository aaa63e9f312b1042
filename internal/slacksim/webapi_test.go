package slacksim_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func newAPI(sim *slacksim.Server) *slack.Client {
	return slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
}

func TestAuth(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	ctx := ctxT(t)

	t.Run("bot token", func(t *testing.T) {
		got, err := newAPI(sim).AuthTestContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != sim.BotUserID() || got.TeamID != "T0SIM" || got.BotID == "" {
			t.Errorf("auth.test = %+v", got)
		}
	})
	t.Run("wrong token is invalid_auth and flagged", func(t *testing.T) {
		api := slack.New("xoxb-wrong", slack.OptionAPIURL(sim.APIURL()))
		_, err := api.AuthTestContext(ctx)
		if err == nil || err.Error() != "invalid_auth" {
			t.Fatalf("err = %v, want invalid_auth", err)
		}
		if f := sim.Failures(); len(f) != 1 || !strings.Contains(f[0], "invalid_auth") {
			t.Errorf("failures = %v", f)
		}
	})
	t.Run("missing token is not_authed", func(t *testing.T) {
		api := slack.New("", slack.OptionAPIURL(sim.APIURL()))
		if _, err := api.GetUserInfoContext(ctx, "U1"); err == nil || err.Error() != "not_authed" {
			t.Fatalf("err = %v, want not_authed", err)
		}
	})
	t.Run("app token where the bot token belongs", func(t *testing.T) {
		api := slack.New(sim.AppToken(), slack.OptionAPIURL(sim.APIURL()))
		if _, err := api.GetUserInfoContext(ctx, "U1"); err == nil || err.Error() != "not_allowed_token_type" {
			t.Fatalf("err = %v, want not_allowed_token_type", err)
		}
	})
	t.Run("apps.connections.open needs the app token", func(t *testing.T) {
		api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.BotToken()))
		if _, _, err := api.StartSocketModeContext(ctx); err == nil || err.Error() != "not_allowed_token_type" {
			t.Fatalf("err = %v, want not_allowed_token_type", err)
		}
		_, wsURL, err := newAPI(sim).StartSocketModeContext(ctx)
		if err != nil || !strings.HasPrefix(wsURL, "ws://127.0.0.1:") {
			t.Fatalf("url %q, err %v", wsURL, err)
		}
	})
}

func TestUnknownMethod(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	resp, err := http.PostForm(sim.APIURL()+"reactions.add", url.Values{"token": {sim.BotToken()}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := decodeBody(resp, &body); err != nil {
		t.Fatal(err)
	}
	if body.OK || body.Error != "unknown_method" {
		t.Errorf("answer = %+v", body)
	}
	if calls := sim.CallsTo("reactions.add"); len(calls) != 1 || calls[0].Error != "unknown_method" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestUsersInfo(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	sim.AddUser(slacksim.User{ID: "U3", Name: "nozone", RealName: "No Zone"})
	api := newAPI(sim)
	ctx := ctxT(t)

	u, err := api.GetUserInfoContext(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if u.TZ != "Europe/Berlin" || u.TZOffset != 2*3600 || u.RealName != "Alice Mentee" || u.Profile.RealName != "Alice Mentee" || u.Profile.DisplayName != "alice" {
		t.Errorf("summer user = %+v", u)
	}
	// The offset follows the clock across DST.
	fake.Set(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
	if u, _ := api.GetUserInfoContext(ctx, "U1"); u.TZOffset != 3600 {
		t.Errorf("winter tz_offset = %d, want 3600", u.TZOffset)
	}
	if u, _ := api.GetUserInfoContext(ctx, "U2"); !u.IsAdmin || u.TZOffset != -5*3600 {
		t.Errorf("bob = admin %v offset %d", u.IsAdmin, u.TZOffset)
	}
	if u, _ := api.GetUserInfoContext(ctx, "U3"); u.TZ != "" || u.TZOffset != 0 {
		t.Errorf("user without zone = %q %d", u.TZ, u.TZOffset)
	}
	if _, err := api.GetUserInfoContext(ctx, "U404"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("unknown user err = %v", err)
	}
	// user_not_found is an answer a correct bot can get, not a failure.
	noFailures(t, sim)
}

func TestConversationsOpen(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	ch, _, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil {
		t.Fatal(err)
	}
	if ch.ID != sim.IMChannel("U1") || already {
		t.Errorf("first open: %s already=%v", ch.ID, already)
	}
	ch2, _, already, _ := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if ch2.ID != ch.ID || !already {
		t.Errorf("second open: %s already=%v", ch2.ID, already)
	}
	if _, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U404"}}); err == nil || err.Error() != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
}

func TestPostMessageMetadataAndHistory(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	api := newAPI(sim)
	ctx := ctxT(t)

	meta := slack.SlackMetadata{EventType: "mentorbot_notification", EventPayload: map[string]any{"key": "reminder:42:U1:24h"}}
	// To a user ID: Slack posts in the IM and answers with the IM's ID.
	channel, ts, err := api.PostMessageContext(ctx, "U1",
		slack.MsgOptionText("Your meeting is tomorrow", false),
		slack.MsgOptionBlocks(section("*Meeting* tomorrow"), slack.NewActionBlock("", button("skip", "42", "Skip"))),
		slack.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatal(err)
	}
	if channel != "DU1" || ts != "1740992400.000000" {
		t.Errorf("posted to %s at %s", channel, ts)
	}
	// Same clock instant: the ts still increases.
	_, ts2, err := api.PostMessageContext(ctx, channel, slack.MsgOptionText("second", false))
	if err != nil {
		t.Fatal(err)
	}
	if ts2 != "1740992400.000001" {
		t.Errorf("second ts = %s", ts2)
	}
	if _, err := api.PostEphemeralContext(ctx, channel, "U1", slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}

	hist, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel, IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Messages) != 2 {
		t.Fatalf("history has %d messages, want 2 (no ephemeral)", len(hist.Messages))
	}
	if hist.Messages[0].Timestamp != ts2 || hist.Messages[1].Timestamp != ts {
		t.Errorf("history not newest first: %s, %s", hist.Messages[0].Timestamp, hist.Messages[1].Timestamp)
	}
	first := hist.Messages[1]
	if first.Metadata.EventType != meta.EventType || first.Metadata.EventPayload["key"] != "reminder:42:U1:24h" {
		t.Errorf("metadata = %+v", first.Metadata)
	}
	if first.BotID == "" || first.User != sim.BotUserID() || len(first.Blocks.BlockSet) != 2 {
		t.Errorf("message = %+v", first)
	}
	plainHist, _ := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel})
	if plainHist.Messages[1].Metadata.EventType != "" {
		t.Error("metadata returned without include_all_metadata")
	}

	msgs := sim.MessagesTo("U1")
	if len(msgs) != 3 || msgs[0].Via != "chat.postMessage" || !msgs[2].Ephemeral || msgs[0].User != "U1" {
		t.Errorf("MessagesTo = %+v", msgs)
	}
	if string(msgs[0].Metadata) != `{"event_payload":{"key":"reminder:42:U1:24h"},"event_type":"mentorbot_notification"}` {
		t.Errorf("recorded metadata = %s", msgs[0].Metadata)
	}
	noFailures(t, sim)
}

func TestHistoryPaging(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	var posted []string
	for i := range 5 {
		_, ts, err := api.PostMessageContext(ctx, "DU2", slack.MsgOptionText(fmt.Sprint("m", i), false))
		if err != nil {
			t.Fatal(err)
		}
		posted = append(posted, ts)
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "DU2", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range h.Messages {
			got = append(got, m.Timestamp)
		}
		if !h.HasMore {
			break
		}
		cursor = h.ResponseMetaData.NextCursor
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	want := []string{posted[4], posted[3], posted[2], posted[1], posted[0]}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paged = %v, want %v", got, want)
	}
	h, _ := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "DU2", Oldest: posted[1], Latest: posted[3]})
	if len(h.Messages) != 1 || h.Messages[0].Timestamp != posted[2] {
		t.Errorf("oldest/latest window = %+v", h.Messages)
	}
	h, _ = api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "DU2", Oldest: posted[1], Latest: posted[3], Inclusive: true})
	if len(h.Messages) != 3 {
		t.Errorf("inclusive window has %d messages", len(h.Messages))
	}
}

func TestUpdateAndDelete(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Accept?", false),
		slack.MsgOptionBlocks(section("Accept?"), slack.NewActionBlock("b", button("accept", "1", "Accept"))))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("Accepted", false), slack.MsgOptionBlocks(section("Accepted :tada:"))); err != nil {
		t.Fatal(err)
	}
	m, _ := sim.LookupMessage(ch, ts)
	if !m.Updated || m.Via != "chat.update" || m.Text != "Accepted" || !strings.Contains(string(m.Blocks), "Accepted :tada:") {
		t.Errorf("updated = %+v", m)
	}
	// Text alone keeps the blocks, as Slack does; an empty blocks array
	// clears them.
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("plain now", false)); err != nil {
		t.Fatal(err)
	}
	if m, _ := sim.LookupMessage(ch, ts); m.Text != "plain now" || !strings.Contains(string(m.Blocks), "Accepted :tada:") {
		t.Errorf("text alone: %+v", m)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("plain now", false), slack.MsgOptionBlocks()); err != nil {
		t.Fatal(err)
	}
	if m, _ := sim.LookupMessage(ch, ts); len(m.Blocks) != 0 && string(m.Blocks) != "[]" {
		t.Errorf("blocks kept after blocks=[]: %s", m.Blocks)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, "1.000000", slack.MsgOptionText("x", false)); err == nil || err.Error() != "message_not_found" {
		t.Errorf("update missing: %v", err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, ch, ts); err != nil {
		t.Fatal(err)
	}
	if m, _ := sim.LookupMessage(ch, ts); !m.Deleted {
		t.Error("not deleted")
	}
	if len(sim.MessagesTo("U1")) != 0 {
		t.Error("deleted message still visible")
	}
}

func TestPostMessageErrors(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	for _, tc := range []struct {
		name    string
		channel string
		opts    []slack.MsgOption
		want    string
	}{
		{"no text", "U1", nil, "no_text"},
		{"unknown channel", "C404", []slack.MsgOption{slack.MsgOptionText("hi", false)}, "channel_not_found"},
		{"unknown user", "U404", []slack.MsgOption{slack.MsgOptionText("hi", false)}, "channel_not_found"},
		{"text over 40k", "U1", []slack.MsgOption{slack.MsgOptionText(strings.Repeat("x", 40001), false)}, "msg_too_long"},
		{"51 blocks", "U1", []slack.MsgOption{slack.MsgOptionBlocks(manySections(51)...)}, "invalid_blocks"},
		{"long section", "U1", []slack.MsgOption{slack.MsgOptionBlocks(section(strings.Repeat("é", 3001)))}, "invalid_blocks"},
		{"long button text", "U1", []slack.MsgOption{slack.MsgOptionBlocks(slack.NewActionBlock("", button("a", "v", strings.Repeat("b", 76))))}, "invalid_blocks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := api.PostMessageContext(ctx, tc.channel, tc.opts...)
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != tc.want {
				t.Fatalf("err = %v, want %s", err, tc.want)
			}
			if tc.want == "invalid_blocks" && len(se.ResponseMetadata.Messages) == 0 {
				t.Error("invalid_blocks without response_metadata.messages")
			}
		})
	}
	if got := len(sim.Failures()); got != 7 {
		t.Errorf("%d failures recorded, want 7: %v", got, sim.Failures())
	}
	// 50 blocks and a text of exactly 40,000 characters are fine.
	if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionBlocks(manySections(50)...)); err != nil {
		t.Errorf("50 blocks: %v", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText(strings.Repeat("x", 40000), false)); err != nil {
		t.Errorf("40k text: %v", err)
	}
}

func manySections(n int) []slack.Block {
	var out []slack.Block
	for i := range n {
		out = append(out, section(fmt.Sprint("item ", i)))
	}
	return out
}

func TestRateLimitNext(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	sim.RateLimitNext("chat.postMessage", 1, 1500*time.Millisecond)
	_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("err = %v, want RateLimitedError after 2s", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatalf("after the injected 429: %v", err)
	}
	calls := sim.CallsTo("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[0].Error != "ratelimited" || calls[1].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}

	sim.FailNext("users.info", 1, "internal_error", 500)
	sim.FailNext("users.info", 1, "fatal_error", 0)
	_, err = api.GetUserInfoContext(ctx, "U1")
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != 500 {
		t.Errorf("first: %v, want status 500", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); err == nil || err.Error() != "fatal_error" {
		t.Errorf("second: %v, want fatal_error", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Errorf("third: %v", err)
	}
	noFailures(t, sim)
}

func TestRateLimitsEnforced(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake, RateLimits: true})
	api := newAPI(sim)
	ctx := ctxT(t)

	post := func(ch string) error {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false))
		return err
	}
	// A short burst to one channel is allowed...
	for i := range 4 {
		if err := post("U1"); err != nil {
			t.Fatalf("burst message %d: %v", i, err)
		}
	}
	// ...then about one per second.
	var rl *slack.RateLimitedError
	if err := post("U1"); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("5th message: %v, want 429 Retry-After 1", err)
	}
	// Other channels have their own allowance.
	if err := post("U2"); err != nil {
		t.Fatalf("other channel: %v", err)
	}
	fake.Advance(time.Second)
	if err := post("U1"); err != nil {
		t.Fatalf("after waiting: %v", err)
	}

	// users.info is Tier 4: 100 at once, then wait.
	for i := range 100 {
		if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
			t.Fatalf("users.info %d: %v", i, err)
		}
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); !errors.As(err, &rl) {
		t.Fatalf("101st users.info: %v", err)
	}
	fake.Advance(time.Minute)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
	noFailures(t, sim)
}

func TestWorkspacePostLimit(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake, RateLimits: true, WorkspacePostLimit: slacksim.Limit{PerMinute: 60, Burst: 3}})
	for _, id := range []string{"U3", "U4", "U5"} {
		sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id)})
	}
	api := newAPI(sim)
	ctx := ctxT(t)
	post := func(ch string) error {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false))
		return err
	}
	// Three channels at once use up the workspace's burst...
	for _, ch := range []string{"U1", "U2", "U3"} {
		if err := post(ch); err != nil {
			t.Fatalf("post to %s: %v", ch, err)
		}
	}
	// ...so a fourth channel, whose own allowance is untouched, waits.
	var rl *slack.RateLimitedError
	if err := post("U4"); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("4th channel: %v, want 429 Retry-After 1", err)
	}
	fake.Advance(time.Second)
	if err := post("U4"); err != nil {
		t.Fatalf("after a second: %v", err)
	}
	if got := sim.RateLimited()["chat.postMessage"]; got != 1 {
		t.Errorf("RateLimited = %d, want 1", got)
	}
	if got := sim.WorkspacePostLimit(); got.PerMinute != 60 {
		t.Errorf("WorkspacePostLimit = %+v", got)
	}
}

func TestPostLimitCountsUserIDAsTheirIM(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake, RateLimits: true})
	api := newAPI(sim)
	ctx := ctxT(t)
	for i := range 4 {
		if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hi", false)); err != nil {
			t.Fatalf("burst message %d: %v", i, err)
		}
	}
	var rl *slack.RateLimitedError
	if _, _, err := api.PostMessageContext(ctx, sim.IMChannel("U1"), slack.MsgOptionText("hi", false)); !errors.As(err, &rl) {
		t.Fatalf("5th message, to the IM's ID: %v, want 429", err)
	}
	if got := sim.WorkspacePostLimit(); got != slacksim.DefaultWorkspacePostLimit {
		t.Errorf("default WorkspacePostLimit = %+v", got)
	}
}
