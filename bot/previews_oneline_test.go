package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// What cuts a message's text never leaves half an address: the link it
// made would lead elsewhere.
func TestCutsKeepBareURLsWhole(t *testing.T) {
	if got, want := truncateMrkdwn("read https://x.test/a/very/long/path now", 20), "read…"; got != want {
		t.Errorf("truncateMrkdwn = %q, want %q", got, want)
	}
	if got, want := truncateMrkdwn("read https://x.test/a now", 22), "read https://x.test/a…"; got != want {
		t.Errorf("truncateMrkdwn = %q, want %q", got, want)
	}
	if got, cut := shownExcerpt("read https://x.example/a/very/long/path/to/the/doc now", 30); got != "read…" || !cut {
		t.Errorf("shownExcerpt = %q, %v; want %q, true", got, cut, "read…")
	}
}

// The logger's own DM of a session, as the partner's, shows one line in
// notifications: not the head and every to-do, cut wherever 3,000
// characters ended.
func TestLoggersSessionDMTextIsOneLine(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	s := store.Session{ID: 7, PairID: 1, HeldOn: "2026-12-08", Notes: "went well", LoggedBy: "UBOB", CreatedAt: p.CreatedAt}
	for i := range 20 {
		s.Todos = append(s.Todos, store.Todo{ID: int64(i + 1), PairID: 1, SessionID: 7, OwnerID: "UALICE",
			Text: "ask <@UALICE|alice> & <@UBOB|bob> about " + strings.Repeat("x", 150)})
	}
	for _, rp := range []reply{sessionLoggedMessage(s, p, "UBOB", "UBOB", time.UTC), sessionMessageNow(s, p, "UBOB", "UBOB", time.UTC)} {
		if want := "Logged session #7 with <@UALICE>, held on Tue 8 Dec 2026, with 20 to-dos."; rp.Text != want {
			t.Errorf("the logger's text\n = %q\nwant %q", rp.Text, want)
		}
	}
	s.MeetingAt = time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC)
	s.Todos = s.Todos[:1]
	if got, want := sessionLoggedMessage(s, p, "UBOB", "UBOB", time.UTC).Text, "Logged session #7 with <@UALICE>, your meeting of "; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, ", with 1 to-do.") {
		t.Errorf("the logger's text of a meeting's session = %q", got)
	}
}

// /session show's answer has the whole session as its text, and a cut
// of it, wherever it falls, leaves no mention or escape in two.
func TestSessionShownTextCutAsItReads(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	for pad := range 12 {
		s := store.Session{ID: 7, PairID: 1, HeldOn: "2026-12-08", Notes: "went well", LoggedBy: "UBOB", CreatedAt: p.CreatedAt}
		for i := range 20 {
			s.Todos = append(s.Todos, store.Todo{ID: int64(i + 1), PairID: 1, SessionID: 7, OwnerID: "UALICE",
				Text: strings.Repeat("y", pad) + strings.Repeat("a & b ", 20)})
		}
		got := sessionShownMessage(s, p, "UBOB", time.UTC).Text
		if !strings.HasSuffix(got, "…") {
			t.Fatalf("pad %d: the text was not cut: %d characters", pad, len(got))
		}
		if amp := strings.LastIndex(got, "&"); amp >= 0 && !strings.Contains(got[amp:], ";") {
			t.Errorf("pad %d: the text is cut inside an escape: …%s", pad, got[max(amp-10, 0):])
		}
		if lt := strings.LastIndex(got, "<"); lt >= 0 && !strings.Contains(got[lt:], ">") {
			t.Errorf("pad %d: the text is cut inside a mention: …%s", pad, got[max(lt-10, 0):])
		}
	}
}

// The feedback's DM shows one line in notifications, with the start of
// the feedback, cut as it reads: never inside a mention, a link or an
// escape.
func TestFeedbackDMTextIsOneLine(t *testing.T) {
	head := ":speech_balloon: <@UBOB> shared feedback on your mentoring together:"
	text := "The *mock* interview\nhelped a lot, see <https://x.test/_notes_|notes> & " + strings.Repeat("word ", 20) + "<@UALICE|alice> " + strings.Repeat("more ", 40)
	note, fit := feedbackNote(head, text, "foot")
	if fit != feedbackFits {
		t.Fatalf("fit = %v", fit)
	}
	want := head + " The *mock* interview helped a lot, see https://x.test/_notes_ &amp; " + strings.TrimSpace(strings.Repeat("word ", 20)) + " @alice more more"
	if !strings.HasPrefix(note.Text, want) || !strings.HasSuffix(note.Text, "…") || strings.Contains(note.Text, "\n") {
		t.Errorf("feedback DM's text\n = %q\nwant %q…", note.Text, want)
	}
	if n := len([]rune(note.Text)) - len([]rune(head)); n > feedbackPreviewLen+1 {
		t.Errorf("feedback DM's text quotes %d characters of the feedback", n)
	}
	// A rating's head ends in no colon: the comment follows one.
	rating := ":speech_balloon: <@UBOB> shared feedback on your mentoring together: ★★★★☆ *4/5* (good)"
	if note, _ := feedbackNote(rating, "thanks", "foot"); note.Text != rating+": thanks" {
		t.Errorf("rating DM's text = %q", note.Text)
	}
	if note, _ := feedbackNote(rating, "", "foot"); note.Text != rating {
		t.Errorf("rating DM's text without a comment = %q", note.Text)
	}
}
