package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The Home and the join form say the same of someone's open matches (who,
// by when to answer, or that the other person's answer is awaited),
// each in its place's words: the Home, beside the Messages tab, says where
// the DM that asks them is.
func TestOpenMatchesReadTheSameOnTheHomeAndInTheJoinForm(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ps := []store.Proposal{
		{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", CreatedAt: at},
		{ID: 2, MentorID: "UCAROL", MenteeID: "UALICE", MenteeOK: 1, CreatedAt: at},
	}
	by := proposalDeadline(ps[0], loc)
	waiting := ":sparkles: *A match is waiting for your answer:* you as <@UBOB>'s mentor. Accept or decline it in my message to you%s by " + by + "; after that it lapses."
	accepted := ":hourglass_flowing_sand: You accepted a match, <@UCAROL> as your mentor; I'll make the pair as soon as <@UCAROL> accepts too."

	home := homeMatches(homeData{user: store.User{ID: "UALICE"}, loc: loc, matches: ps})
	if want := strings.ReplaceAll(waiting, "%s", ", in the Messages tab,") + "\n" + accepted; home != want {
		t.Errorf("Home:\n got %q\nwant %q", home, want)
	}

	form := openMatchLines(openMatches(ps, loc), "UALICE")
	want := []string{strings.ReplaceAll(waiting, "%s", ""), accepted,
		"_Saving a role that leaves out mentoring withdraws the matches where you'd mentor; one that leaves out being a mentee, the match where you'd be the mentee._"}
	if strings.Join(form, "\n") != strings.Join(want, "\n") {
		t.Errorf("join form:\n got %q\nwant %q", form, want)
	}
	if got := openMatchLines(nil, "UALICE"); got != nil {
		t.Errorf("join form without matches = %q", got)
	}
}
