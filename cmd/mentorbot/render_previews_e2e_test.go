package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// A DM's top-level text is what Slack's push notifications and the
// sidebar show of it. These tests read it as a phone would: one line that
// says what happened and who did it, with no mrkdwn marks shown as typed.

// previewMarkRe is mrkdwn a notification shows as typed: a code span,
// *bold*, _italic_ or ~strike~ around words, a quote's ">" at a line's
// start. Slack's own markup (<@U…>, <!date^…|…>) is taken out first:
// notifications render it.
var previewMarkRe = regexp.MustCompile("`|(^|[\\s(])\\*[^*\\s][^*]*\\*|(^|[\\s(])_[^_\\s][^_]*_($|[\\s.,;:)])|(^|[\\s(])~[^~\\s][^~]*~|(?m)^> ")

func previewMarks(text string) string {
	return previewMarkRe.FindString(regexp.MustCompile(`<[^<>]*>`).ReplaceAllString(text, ""))
}

// meetWhenToken is a meeting time as the bot writes it for a reader in
// New York (bob): Slack's date token, its fallback in his zone.
func meetWhenToken(at, fallback string) string {
	return fmt.Sprintf("<!date^%d^{date_long_pretty} at {time}|%s>", schedAt(at).Unix(), fallback)
}

// The partner's "meeting set" and "session logged" DMs, and the file of
// /mentor export, each show one short line: they used to show the whole
// message, every coming meeting, each to-do and every count, with their
// mrkdwn marks.
func TestPartnerDMPreviewsAreOneLine(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	set := e.waitDM(bob, "set your meetings")
	// Thu 5 Nov 15:00 in Berlin is 09:00 in New York.
	want := "<@UALICE> set your meetings: every week, 30 min; the next is " + meetWhenToken("2026-11-05 14:00", "Thu 5 Nov 2026 at 09:00 EST") + "."
	if set.Text != want {
		t.Errorf("bob's meeting-set DM's text\n = %q\nwant %q", set.Text, want)
	}
	// The message itself still lists the meetings.
	if shown := blockText(set.Blocks); !strings.Contains(shown, "*Next:*") || !strings.Contains(shown, "*Then:*") {
		t.Errorf("bob's meeting-set DM lost its list of meetings:\n%s", shown)
	}

	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-10 17:00 for 1h")
	once := e.waitDM(bob, "set up a meeting with you")
	if want := "<@UALICE> set up a meeting with you: " + meetWhenToken("2026-11-10 16:00", "Tue 10 Nov 2026 at 11:00 EST") + ", 1 h."; once.Text != want {
		t.Errorf("bob's DM of a single meeting\n = %q\nwant %q", once.Text, want)
	}

	e.cmd(alice, "/session", "log <@UBOB|bob> talked about the *promotion* case todo: read the book todo: <@UALICE|alice> intro to the SRE team")
	logged := e.waitDM(bob, "logged your session")
	if want := "<@UALICE> logged your session #1, held on Mon 2 Nov 2026, with 2 to-dos."; logged.Text != want {
		t.Errorf("bob's session DM's text\n = %q\nwant %q", logged.Text, want)
	}
	if shown := blockText(logged.Blocks); !strings.Contains(shown, "read the book") || !strings.Contains(shown, "promotion") {
		t.Errorf("bob's session DM lost its notes or to-dos:\n%s", shown)
	}

	e.cmd(bob, "/mentor", "export")
	file := pgWaitFile(e, bob, "mentorbot-data-")
	if !strings.HasPrefix(file.Text, ":package: Your mentorbot data as of <!date^") ||
		!strings.Contains(file.Text, "as you asked: 1 pair, 0 goals, 1 session, 2 to-dos and more") {
		t.Errorf("the export's comment = %q", file.Text)
	}
	for _, m := range []slacksim.Message{set, once, logged, file} {
		if strings.Contains(m.Text, "\n") || previewMarks(m.Text) != "" {
			t.Errorf("a preview of more than a line, or with marks shown as typed: %q", m.Text)
		}
	}
	noFailures(t, e)
}

// No DM's top-level text shows mrkdwn marks as typed — the welcome's
// *mentor*, a to-do's *#1*, a moved meeting's *time*, the pause's
// `/mentor resume` — while the messages themselves keep them.
func TestDMPreviewsShowNoMrkdwnMarks(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	e.cmd(alice, "/session", "log <@UBOB|bob> talked todo: <@UBOB|bob> read the book todo: <@UALICE|alice> intro to the SRE team")
	e.cmd(alice, "/session", "done 1")
	goal := goalNumberIn(t, e.cmd(bob, "/goal", "add Give a 20-minute talk at the Go meetup by 2026-12-11"))
	e.cmd(alice, "/goal", fmt.Sprintf("comment %d the outline looks good", goal))
	e.cmd(bob, "/goal", fmt.Sprintf("comment %d thanks, on it", goal))
	e.cmd(bob, "/mentor", "feedback <@UALICE|alice> the _stories_ helped")
	e.cmd(alice, "/mentor", "move <@UBOB|bob> thu 16:00")
	e.cmd(bob, "/mentor", "skip")
	e.cmd(alice, "/mentor", "pause")
	e.cmd(bob, "/mentor", "resume")
	e.schedWalk(schedAt("2026-11-03 12:00")) // and the first check-ins

	seen := map[string]bool{}
	for _, who := range []string{alice, bob} {
		for _, m := range e.dms(who, "") {
			kind := schedKind(m)
			seen[kind] = true
			if mark := previewMarks(m.Text); mark != "" {
				t.Errorf("%s's %s DM shows %q as typed in its text: %q", who, kind, mark, m.Text)
			}
		}
	}
	for _, kind := range []string{"intro", "meeting_set", "session_logged", "todo_done", "goal_comment", "feedback_received",
		"meeting_moved", "meeting_skipped", "meetings_paused", "meetings_resumed", scheduler.KindCheckin} {
		if !seen[kind] {
			t.Errorf("no %s DM went; those that did: %v", kind, seen)
		}
	}
	// What the DM shows keeps its marks: they are mrkdwn there.
	if shown := blockText(e.waitDM(bob, "paused your meetings").Blocks); !strings.Contains(shown, "`/mentor resume @alice`") {
		t.Errorf("the pause's DM lost its code span: %q", shown)
	}
	noFailures(t, e)
}

// schedKind is the kind of notification a bot message carries in its
// metadata ("" for none).
func schedKind(m slacksim.Message) string {
	key := schedKey(m)
	kind, _, _ := strings.Cut(key, ":")
	switch kind {
	case "meet":
		return "meeting_set"
	case "session":
		return "session_logged"
	case "todo-done":
		return "todo_done"
	case "goal-comment":
		return "goal_comment"
	case "feedback":
		return "feedback_received"
	case "move":
		return "meeting_moved"
	case "skip":
		return "meeting_skipped"
	case "pause":
		return "meetings_paused"
	case "resume":
		return "meetings_resumed"
	}
	return kind
}

// The weekly check-in's text says whom it is about, the next meeting in
// the reader's zone and how many to-dos are open: it used to read "Your
// weekly mentoring check-in: meetings, open to-dos and goals." for
// everyone.
func TestCheckinPreviewNamesThePartnerAndTheNextMeeting(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	e.cmd(alice, "/session", "log <@UBOB|bob> talked todo: <@UBOB|bob> read the book todo: <@UBOB|bob> draft the talk")
	// Monday 09:00 in New York; 09:00 in Berlin was before the pairs.
	e.schedWalk(schedAt("2026-11-09 14:30"))

	if got, want := e.lastCheckin(bob).Text, "Your weekly mentoring check-in with <@UALICE>: next meeting "+
		meetWhenToken("2026-11-12 14:00", "Thu 12 Nov 2026 at 09:00 EST")+"; 2 open to-dos."; got != want {
		t.Errorf("bob's check-in's text\n = %q\nwant %q", got, want)
	}
	// alice, in two pairs, one with no meeting set: both named, and with
	// whom the next meeting is, in her zone.
	if got, want := e.lastCheckin(alice).Text, "Your weekly mentoring check-in with <@UBOB> and <@UCAROL>: next meeting with <@UBOB> "+
		fmt.Sprintf("<!date^%d^{date_long_pretty} at {time}|Thu 12 Nov 2026 at 15:00 CET>", schedAt("2026-11-12 14:00").Unix())+"; no open to-dos."; got != want {
		t.Errorf("alice's check-in's text\n = %q\nwant %q", got, want)
	}
	noFailures(t, e)
}

// Once a pair has ended, the DMs that named its coming meetings — the
// meetings set ("Next: …", "Then: …"), "the next one is …" after a skip
// or a resume — name them no more, in the message and in its text, and
// say when the pair ended: their reader would wait for meetings that will
// not take place. What happened stays: a meeting moved to after the end
// says where it was moved, and now that it won't take place, not that
// the meetings after it stay as they were.
func TestEndedPairsDMsNameNoComingMeetings(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	// Thu 5 Nov's meeting to Fri 6 Nov.
	e.cmd(alice, "/mentor", "move <@UBOB|bob> fri 16:00")
	e.cmd(bob, "/mentor", "skip")
	e.cmd(bob, "/mentor", "pause")
	e.cmd(bob, "/mentor", "resume")
	e.settle()
	thu12 := fmt.Sprint(schedAt("2026-11-12 14:00").Unix())
	sent := map[string]store.Notification{
		"meeting_set":      e.sentKey(t, p.ID, "meeting_set", bob),
		"meeting_moved":    e.sentKey(t, p.ID, "meeting_moved", bob),
		"meeting_skipped":  e.sentKey(t, p.ID, "meeting_skipped", alice),
		"meetings_resumed": e.sentKey(t, p.ID, "meetings_resumed", alice),
	}
	for kind, n := range sent {
		if m, _ := e.sim.LookupMessage(n.Channel, n.TS); kind != "meeting_moved" && !contains(m, thu12) {
			t.Fatalf("before the end, the %s DM does not name Thu 12 Nov's meeting: %q %s", kind, m.Text, blockText(m.Blocks))
		}
	}
	const stay = "The meetings after it stay as they were."
	if m, _ := e.sim.LookupMessage(sent["meeting_moved"].Channel, sent["meeting_moved"].TS); !contains(m, stay) {
		t.Fatalf("before the end, the moved DM does not say %q", stay)
	}

	e.clock.Set(schedAt("2026-11-03 10:00"))
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	ended := fmt.Sprintf("ended on <!date^%d^{date_long}|", schedAt("2026-11-03 10:00").Unix())
	for kind, n := range sent {
		m, ok := e.sim.LookupMessage(n.Channel, n.TS)
		if !ok {
			t.Fatalf("the %s DM is gone", kind)
		}
		shown := blockText(m.Blocks)
		if strings.Contains(m.Text+shown, "<!date^"+thu12) || strings.Contains(shown, "Then:") || strings.Contains(m.Text+shown, stay) {
			t.Errorf("after the end, the %s DM still names coming meetings:\ntext %q\n%s", kind, m.Text, shown)
		}
		if !strings.Contains(shown, ended) || !strings.Contains(shown, "its meetings won't take place") || !strings.Contains(m.Text, "ended on") {
			t.Errorf("after the end, the %s DM does not say the pair ended:\ntext %q\n%s", kind, m.Text, shown)
		}
		if hasActions(m) {
			t.Errorf("the %s DM kept its buttons:\n%s", kind, shown)
		}
	}
	// What happened stays.
	for kind, said := range map[string]string{
		"meeting_set": "<@UALICE> set your meetings: every Thursday at 15:00",
		"meeting_moved": "<@UALICE> moved your meeting from " + meetWhenToken("2026-11-05 14:00", "Thu 5 Nov 2026 at 09:00 EST") +
			" to *" + meetWhenToken("2026-11-06 15:00", "Fri 6 Nov 2026 at 10:00 EST") + "*, for 30 min. Its agenda goes with it.",
		"meeting_skipped":  "<@UBOB> skipped your meeting of",
		"meetings_resumed": "<@UBOB> resumed your meetings.",
	} {
		n := sent[kind]
		if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !strings.Contains(blockText(m.Blocks), said) {
			t.Errorf("the %s DM lost %q:\n%s", kind, said, blockText(m.Blocks))
		}
	}
	noFailures(t, e)
}
