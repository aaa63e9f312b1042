package bot

import (
	"encoding/json"
	"fmt"
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

// A session's message whose to-dos do not all fit in one Slack message
// as they are shortens them alike, each keeping its line and button,
// rather than let the last guard (fitBlocks) drop the last ones with a
// pointer to lists that do not show them; /session show too.
func TestSessionMessageFitsItsTodos(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	notes := strings.Repeat("if a<b && c>d ", 179)[:2500]
	s := store.Session{ID: 2, PairID: 1, HeldOn: "2026-12-08", Notes: notes, LoggedBy: "UBOB", CreatedAt: p.CreatedAt}
	for i := range 20 {
		owner := "UBOB"
		if i%2 == 1 {
			owner = "UALICE"
		}
		s.Todos = append(s.Todos, store.Todo{ID: int64(161 + i), PairID: 1, SessionID: 2, OwnerID: owner, Status: store.TodoOpen,
			Text: fmt.Sprintf("task %d ", 161+i) + strings.Repeat("x<y & ", 49)})
	}
	s.Todos[19].Status, s.Todos[19].DoneBy = store.TodoDone, "UBOB"
	check := func(who string, rp reply) {
		t.Helper()
		if _, cut := fitBlocks(rp.Blocks); cut {
			t.Errorf("%s: over Slack's size, cut by fitBlocks", who)
		}
		got := blocksText(t, rp.Blocks)
		if strings.Contains(got, "Home tab") || strings.Contains(got, "didn't fit") {
			t.Errorf("%s:\n%s", who, got)
		}
		for i := 161; i < 180; i++ {
			if !strings.Contains(got, fmt.Sprintf("*#%d* task %d x&lt;y", i, i)) {
				t.Errorf("%s lacks to-do #%d:\n%s", who, i, got)
			}
		}
		if !strings.Contains(got, "~#180 task 180 x&lt;y") {
			t.Errorf("%s lacks to-do #180 done:\n%s", who, got)
		}
		if n := strings.Count(string(mustJSON(t, rp.Blocks)), `"todo_done_`); n != 19 {
			t.Errorf("%s has %d Done buttons, want 19", who, n)
		}
	}
	for _, reader := range []string{"UBOB", "UALICE"} {
		check(reader+"'s message", sessionMessageNow(s, p, "UBOB", reader, time.UTC))
	}
	check("/session show", sessionShownMessage(s, p, "UALICE", time.UTC))
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// With long user IDs and to-do numbers, and every to-do done, no line is
// left out: the shortening goes on until all of them fit.
func TestSessionMessageFitsItsTodosWithLongIDs(t *testing.T) {
	alice, bob := "U01ALICE0AB", "U01BOBBY0CD"
	p := store.Pair{ID: 1, MentorID: alice, MenteeID: bob, CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	s := store.Session{ID: 123456, PairID: 1, HeldOn: "2026-12-08", Notes: strings.Repeat("if a<b && c>d ", 179)[:2500], LoggedBy: bob, CreatedAt: p.CreatedAt}
	for i := range 20 {
		s.Todos = append(s.Todos, store.Todo{ID: int64(1000001 + i), PairID: 1, SessionID: s.ID, OwnerID: bob, Status: store.TodoDone, DoneBy: alice,
			Text: fmt.Sprintf("task %d ", i) + strings.Repeat("x<y & ", 49)})
	}
	for _, rp := range []reply{sessionMessageNow(s, p, bob, bob, time.UTC), sessionShownMessage(s, p, bob, time.UTC)} {
		got := blocksText(t, rp.Blocks)
		if _, cut := fitBlocks(rp.Blocks); cut || strings.Contains(got, "didn't fit") {
			t.Errorf("a to-do left out (cut %v):\n%s", cut, got)
		}
		if n := strings.Count(string(mustJSON(t, rp.Blocks)), `"todo_reopen_`); n != 20 {
			t.Errorf("%d Undo buttons, want 20", n)
		}
	}
}

// The notes and to-dos of a form sent after the pair ended come back
// whole, a full to-dos field included.
func TestEndedPairNotesGiveBackTheWholeForm(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", Status: store.PairEnded, EndedAt: time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)}
	var todos []string
	for i := range 20 {
		todos = append(todos, fmt.Sprintf("line %02d: run the Q&A ", i)+strings.Repeat("y", 125))
	}
	rp, ok := endedPairNotes(p, "UBOB", "we met", strings.Join(todos, "\n"), time.UTC)
	if !ok {
		t.Fatal("nothing given back")
	}
	got := strings.NewReplacer("\n", "", "> ", "").Replace(blocksText(t, rp.Blocks))
	for i := range 20 {
		if !strings.Contains(got, fmt.Sprintf("line %02d: run the Q&amp;A %s", i, strings.Repeat("y", 125))) {
			t.Errorf("to-do line %d is not given back whole", i)
		}
	}
}
