package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// The lines that count what a list left out count one as one: "1 more
// to-do … lists it", "1 more pair", never "1 more … them" or "1 more
// pairs".
func TestMoreCountsOneAsOne(t *testing.T) {
	own := func(n int) []store.Todo {
		var todos []store.Todo
		for i := range n {
			todos = append(todos, store.Todo{ID: int64(i + 1), PairID: 1, OwnerID: "UALICE", Text: fmt.Sprintf("to-do %d", i+1)})
		}
		return todos
	}
	home := homeData{user: store.User{ID: "UALICE"}, handles: map[string]string{"UBOB": "@bob"}}
	hp := homePair{partner: "UBOB"}
	for _, c := range []struct{ name, got, want string }{
		{"the Home, one of yours", homeMoreTodos(home, hp, own(1)), "…and 1 more open to-do of yours: `/session todos` lists it, 40 to a page."},
		{"the Home, two of yours", homeMoreTodos(home, hp, own(2)), "…and 2 more open to-dos of yours: `/session todos` lists them, 40 to a page."},
		{"a check-in or /mentor next, one of yours", moreTodosText(own(1), "UALICE"), "…and 1 more to-do of yours. `/session todos` lists it, 40 to a page."},
		{"a check-in or /mentor next, two of yours", moreTodosText(own(2), "UALICE"), "…and 2 more to-dos of yours. `/session todos` lists them, 40 to a page."},
		{"a check-in's meetings, one", checkinMoreMeetings(1), "_…and 1 more: `/mentor pairs` lists it, `/mentor next @partner` shows its next meeting._"},
		{"a check-in's meetings, two", checkinMoreMeetings(2), "_…and 2 more: `/mentor pairs` lists them, `/mentor next @partner` shows each._"},
		{"an agenda, one", agendaMore("@bob")(1), "_…and 1 more: `/mentor agenda @bob` shows it._"},
		{"an agenda, two", agendaMore("@bob")(2), "_…and 2 more: `/mentor agenda @bob` shows them all._"},
	} {
		if c.got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, c.got, c.want)
		}
	}
}

// A message quoting a session whose last to-do does not fit says that
// /session show shows it, not "them all".
func TestSessionTodosLeftOutCountOneAsOne(t *testing.T) {
	s := store.Session{ID: 7, PairID: 1}
	for i := range 3 {
		s.Todos = append(s.Todos, store.Todo{ID: int64(i + 1), PairID: 1, OwnerID: "UBOB", Text: fmt.Sprintf("to-do %d %s", i+1, strings.Repeat("word ", 60))})
	}
	blocks := todoBlocks(s.Todos, "UBOB", nil, 0)
	got := fitSessionTodos(blocks, s, false, blockTextLen(blocks...)-1)
	last := blocksText(t, got[len(got)-1:])
	if want := "…and 1 more to-do (*#3*) that didn't fit in this message: `/session show 7` shows it."; !strings.Contains(last, want) {
		t.Errorf("the pointer after two of three to-dos is %q, want %q", last, want)
	}
}

// A matching review with one pair past those shown with a Drop button
// counts "1 more pair".
func TestReviewCountsOneMorePair(t *testing.T) {
	var proposals []store.Proposal
	for i := range maxReviewPairBlocks + 1 {
		proposals = append(proposals, store.Proposal{ID: int64(i + 1), MentorID: fmt.Sprintf("UM%d", i), MenteeID: fmt.Sprintf("UE%d", i), Status: store.ProposalDraft})
	}
	review := blocksText(t, roundReview(1, proposals, nil, reviewNotes{}, 0).Blocks)
	if !strings.Contains(review, "*1 more pair* (published with the rest):") || strings.Contains(review, "1 more pairs") {
		t.Errorf("the review of %d pairs does not count one more pair:\n%s", len(proposals), review)
	}
}

// Asked which pair to end, someone with one pair past the buttons is told
// of "1 more pair", which `/mentor end @name` ends.
func TestEndWhichCountsOneMorePair(t *testing.T) {
	for _, c := range []struct {
		extra int
		want  string
	}{
		{1, "(1 more pair is not shown: `/mentor end @name` ends it.)"},
		{2, "(2 more pairs are not shown: `/mentor end @name` ends one of them.)"},
	} {
		var pairs []store.Pair
		var names []string
		for i := range maxPickButtons + c.extra {
			pairs = append(pairs, store.Pair{ID: int64(i + 1), MentorID: "UALICE", MenteeID: fmt.Sprintf("UM%d", i)})
			names = append(names, fmt.Sprintf("m%d", i))
		}
		if got := endWhichMessage(pairs, names).Blocks[0].(*slack.SectionBlock).Text.Text; !strings.HasSuffix(got, c.want) {
			t.Errorf("with %d pairs: %q, want it to end %q", len(pairs), got, c.want)
		}
	}
}
