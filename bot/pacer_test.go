package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

var pacerStart = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func TestPacerBurstThenInterval(t *testing.T) {
	clk := clock.NewFake(pacerStart)
	p := newPacer(&Limits{PostWorkspace: Limit{PerMinute: 60, Burst: 3}}, clk)
	var got []time.Duration
	for range 6 {
		at, _, _ := p.reserve("post/workspace", p.limits.PostWorkspace)
		got = append(got, at.Sub(pacerStart))
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 3 * time.Second}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("slots %v, want %v", got, want)
	}
	// After a quiet spell the whole burst is back.
	clk.Advance(time.Minute)
	for i := range 3 {
		if at, _, _ := p.reserve("post/workspace", p.limits.PostWorkspace); !at.Equal(clk.Now()) {
			t.Errorf("call %d after a quiet minute waits until %v", i, at.Sub(clk.Now()))
		}
	}
}

func TestPacerThrottledPausesWaitersAndSlowsDown(t *testing.T) {
	clk := clock.NewFake(pacerStart)
	l := &Limits{PostWorkspace: Limit{PerMinute: 60, Burst: 1}}
	p := newPacer(l, clk)
	ctx := context.Background()
	if err := p.wait(ctx, postMethod, ""); err != nil { // the first goes at once
		t.Fatal(err)
	}
	done := make(chan time.Time, 1)
	go func() {
		_ = p.wait(ctx, postMethod, "") // its slot is in 1s
		done <- clk.Now()
	}()
	waitFor(t, func() bool { return clk.Waiters() == 1 })
	// Slack answers 429 Retry-After 5 to someone else meanwhile: the waiter
	// must not go at its old slot.
	p.throttled(postMethod, "", 5*time.Second)
	waitFor(t, func() bool { next, ok := clk.Next(); return ok && next.Sub(pacerStart) == 5*time.Second })
	clk.Advance(time.Second)
	select {
	case <-done:
		t.Fatal("a waiter went at its old slot after a 429")
	case <-time.After(10 * time.Millisecond):
	}
	clk.Advance(4 * time.Second)
	if at := <-done; at.Sub(pacerStart) != 5*time.Second {
		t.Errorf("waiter went at %v, want 5s (Retry-After)", at.Sub(pacerStart))
	}
	// And the bucket is slower for a while: 1.25s between calls...
	at, _, _ := p.reserve("post/workspace", l.PostWorkspace)
	if d := at.Sub(clk.Now()); d != 1250*time.Millisecond {
		t.Errorf("next slot after a 429 in %v, want 1.25s", d)
	}
	// ...until calls that go through bring it back.
	for range 2000 {
		p.done(postMethod, "")
	}
	if b := p.b["post/workspace"]; b.slow != 1 {
		t.Errorf("slow = %v after 2000 calls went through, want 1", b.slow)
	}
}

// TestPostDMKeepsToLimits sends DMs to people whose DM channel is not known
// yet through the simulator's limits on a fake clock: none is refused, none
// needs conversations.open, and they take the time the limit says.
func TestPostDMKeepsToLimits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		sim, bot   Limit
		n          int
		want       time.Duration // time to send n
		max429     int
		wantExactT bool
	}{
		{name: "limits as assumed", sim: Limit{60, 5}, bot: Limit{60, 5}, n: 20, want: 15 * time.Second, wantExactT: true},
		// Slack's (unpublished) limit is half what the client assumes: a few
		// 429s, then it finds the pace; no storm.
		{name: "slack slower than assumed", sim: Limit{30, 5}, bot: Limit{60, 5}, n: 40, want: 70 * time.Second, max429: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewFake(pacerStart)
			sim := slacksim.New(slacksim.Options{Clock: clk, RateLimits: true,
				WorkspacePostLimit: slacksim.Limit{PerMinute: tc.sim.PerMinute, Burst: tc.sim.Burst}})
			defer sim.Close()
			db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), store.Options{Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			limits := SlackLimits()
			limits.PostWorkspace = tc.bot
			tr := &slacksim.InFlight{}
			api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionHTTPClient(&http.Client{Transport: tr}))
			sl := &Slack{API: api, DB: db, Log: slog.New(slog.DiscardHandler),
				Wait: clk, ProfileTTL: time.Hour, Now: clk.Now, Limits: limits}
			var users []string
			for i := range tc.n {
				id := fmt.Sprintf("UP%03d", i)
				sim.AddUser(slacksim.User{ID: id, Name: id})
				users = append(users, id)
			}
			ctx := context.Background()
			var wg sync.WaitGroup
			errs := make(chan error, tc.n)
			for _, u := range users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := sl.Post(ctx, sim.IMChannel(u), slack.MsgOptionText("hello", false))
					errs <- err
				}()
			}
			finished := make(chan struct{})
			go func() { wg.Wait(); close(finished) }()
			driveUntil(t, clk, tr, finished)
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if got := clk.Now().Sub(pacerStart); (tc.wantExactT && got != tc.want) || got < tc.want-time.Second || got > tc.want*3/2 {
				t.Errorf("%d DMs took %v, want %v (%d 429s)", tc.n, got, tc.want, sim.RateLimited()["chat.postMessage"])
			}
			for _, c := range sim.CallsTo("chat.postMessage") {
				if c.Status == 429 {
					t.Logf("429 at %v to %s", c.At.Sub(pacerStart), c.Params.Get("channel"))
				}
			}
			if got := sim.RateLimited()["chat.postMessage"]; got > tc.max429 {
				t.Errorf("%d 429s, want at most %d", got, tc.max429)
			}
		})
	}
}

// driveUntil moves the fake clock to the next timer whenever no request is
// on its way to Slack, until done closes.
func driveUntil(t *testing.T, clk *clock.Fake, tr *slacksim.InFlight, done <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return
		case <-time.After(2 * time.Millisecond):
		}
		if next, ok := clk.Next(); ok && tr.Count() == 0 {
			clk.Set(next)
		}
	}
	t.Fatal("senders did not finish")
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

// A 429 whose Retry-After is longer than a call may wait hands the failure
// back, and the method is held until Retry-After has passed: a call in
// between (the scheduler's next try, seconds later) is handed back at
// once without asking Slack, rather than wait past its claim; one after
// it goes.
func TestLongRetryAfterHoldsTheMethodUntilItEnds(t *testing.T) {
	clk := clock.NewFake(pacerStart)
	sim := slacksim.New(slacksim.Options{Clock: clk})
	defer sim.Close()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sim.AddUser(slacksim.User{ID: "UP1", Name: "p1"})
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	sl := &Slack{API: api, DB: db, Log: slog.New(slog.DiscardHandler), Wait: clk, ProfileTTL: time.Hour, Now: clk.Now, Limits: SlackLimits()}
	ctx := context.Background()
	post := func() error {
		_, err := sl.Post(ctx, sim.IMChannel("UP1"), slack.MsgOptionText("hello", false))
		return err
	}
	sim.RateLimitNext("chat.postMessage", 1, 90*time.Second)
	if err := post(); err == nil {
		t.Fatal("a 90 s Retry-After was waited out within the call")
	}
	for _, after := range []time.Duration{10 * time.Second, 25 * time.Second} {
		clk.Advance(after - clk.Now().Sub(pacerStart))
		if err := post(); !errors.Is(err, errHeldByRetryAfter) {
			t.Errorf("a call %v after a 90 s Retry-After: %v, want it handed back as held", after, err)
		}
	}
	if n := len(sim.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d chat.postMessage calls before Retry-After passed, want only the refused one", n)
	}
	clk.Advance(91*time.Second - clk.Now().Sub(pacerStart))
	if err := post(); err != nil {
		t.Fatalf("after Retry-After: %v", err)
	}
}
