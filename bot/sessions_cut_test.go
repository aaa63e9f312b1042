package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A session's notes quoted in its messages and in /session list are cut
// as they read: never inside a mention, a link or an escape, which would
// show the rest of the markup ("&lt;@UA…") as text.
func TestSessionNotesCutAsTheyRead(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	words := strings.Repeat("word ", 239) // 1,195 characters
	for _, tail := range []string{
		"<@UALICE|alice> should intro me to the SRE team & ops ",
		"<https://example.com/a/very/long/path|the doc> is where it is & ops ",
		"a & b & c & d & e & f & g & h & i ",
	} {
		notes := words + tail + strings.Repeat("more ", 60)
		s := store.Session{ID: 2, PairID: 1, HeldOn: "2026-12-08", Notes: notes, LoggedBy: "UBOB", CreatedAt: p.CreatedAt}
		for _, rp := range []reply{
			sessionLoggedMessage(s, p, "UBOB", "UBOB", time.UTC),
			sessionLoggedMessage(s, p, "UBOB", "UALICE", time.UTC),
			sessionListMessage(sessionPage{sessions: []store.Session{s}, total: 1, page: 1, listCmd: "/session list"},
				map[int64]store.Pair{1: p}, "UBOB", "", "/session log", time.UTC),
		} {
			got := blocksText(t, rp.Blocks)
			for _, bad := range []string{"&lt;@", "&lt;http", "<https"} {
				if strings.Contains(got, bad) {
					t.Errorf("notes ending %q cut inside markup (%q):\n%s", tail, bad, got)
				}
			}
			for _, part := range strings.Split(got, "&") {
				if i := strings.Index(part, "…"); i >= 0 && i < 4 && !strings.HasPrefix(part, "amp;") {
					t.Errorf("notes ending %q cut inside an escape: …&%s", tail, part[:i+3])
				}
			}
			// Cut at a word's end: "word…", never "wo…".
			if !strings.Contains(got, "word…") && !strings.Contains(got, " a &amp;…") {
				t.Errorf("notes ending %q not cut at a word's end:\n%s", tail, got)
			}
		}
	}
	// The pointer to the whole notes comes with a cut, and only then.
	short := store.Session{ID: 3, PairID: 1, HeldOn: "2026-12-08", Notes: "short <@UALICE|alice>", LoggedBy: "UBOB"}
	if got := blocksText(t, sessionLoggedMessage(short, p, "UBOB", "UBOB", time.UTC).Blocks); strings.Contains(got, "shows all of the notes") || !strings.Contains(got, "> short @alice") {
		t.Errorf("short notes:\n%s", got)
	}
}

func TestShownExcerpt(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
		cut  bool
	}{
		{"hello world", 20, "hello world", false},
		{"hello <@U1|alice> and more words", 16, "hello @alice…", true},
		{"a & b", 5, "a &amp; b", false},
		{"a & b & c", 6, "a &amp; b…", true},
		{"see <https://x.example/y|doc> now please", 24, "see https://x.example/y…", true},
		{"abcdefghijklmnop", 8, "abcdefg…", true},
	}
	for _, c := range cases {
		got, cut := shownExcerpt(c.in, c.n)
		if got != c.want || cut != c.cut {
			t.Errorf("shownExcerpt(%q, %d) = %q, %v; want %q, %v", c.in, c.n, got, cut, c.want, c.cut)
		}
	}
}
