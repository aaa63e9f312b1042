package bot

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/match"
	"github.com/mentorbot/mentorbot/store"
)

// Each of a proposed pair reads the reasons written for them: nobody
// reads about themselves as "mentee" or "mentor". The admin's review keeps
// the neutral wording.
func TestProposalReasonsAreWrittenForTheReader(t *testing.T) {
	for _, c := range []struct {
		stored, review, mentor, mentee string
	}{
		{"mentee open to any topic; same time zone", "mentee open to any topic; same time zone",
			"<@UE> is open to any topic; same time zone", "you're open to any topic; same time zone"},
		{"mentor open to any topic — note: 8 h apart", "mentor open to any topic — note: time zones 8 h apart",
			"you're open to any topic", "<@UM> is open to any topic"},
		{"mentee open to any topic", "mentee open to any topic",
			"<@UE> is open to any topic", "you're open to any topic"},
		{"both open to any topic; both prefer weekly", "both open to any topic; both prefer to meet every week",
			"both open to any topic; both prefer to meet every week", "both open to any topic; both prefer to meet every week"},
		{"both: Go &amp; <Rust>; 2 h apart", "both: Go &amp;amp; &lt;Rust&gt;; time zones 2 h apart",
			"both: Go &amp;amp; &lt;Rust&gt;; time zones 2 h apart", "both: Go &amp;amp; &lt;Rust&gt;; time zones 2 h apart"},
		// In the join form's words, as the note gives them; a topic that
		// ends in "apart" is left as typed.
		{"both: Far apart; 4.5 h apart; both prefer biweekly", "both: Far apart; time zones 4.5 h apart; both prefer to meet every two weeks",
			"both: Far apart; time zones 4.5 h apart; both prefer to meet every two weeks", "both: Far apart; time zones 4.5 h apart; both prefer to meet every two weeks"},
		{"mentee open to any topic; both prefer monthly", "mentee open to any topic; both prefer to meet once a month",
			"<@UE> is open to any topic; both prefer to meet once a month", "you're open to any topic; both prefer to meet once a month"},
	} {
		p := store.Proposal{ID: 7, Round: 1, MentorID: "UM", MenteeID: "UE", Reasons: c.stored, Status: store.ProposalDraft}
		if review := blocksText(t, roundReview(1, []store.Proposal{p}, nil, reviewNotes{}, 0).Blocks); !strings.Contains(review, "<@UM> mentors <@UE>\n"+c.review+"\n") {
			t.Errorf("review of %q:\n%s", c.stored, review)
		}
		for to, want := range map[string]string{"UM": c.mentor, "UE": c.mentee} {
			dm := blocksText(t, proposalMessage(p, to, nil, "", nil).Blocks)
			if !strings.Contains(dm, "*Why you two:* "+want+"\n") {
				t.Errorf("%s's DM of %q lacks %q:\n%s", to, c.stored, want, dm)
			}
			if strings.Contains(dm, "mentee open") || strings.Contains(dm, "mentor open") {
				t.Errorf("%s's DM of %q speaks of a mentor or mentee in the third person:\n%s", to, c.stored, dm)
			}
		}
	}
}

// The review counts the people left unmatched, not their roles: someone
// signed up as both mentor and mentee, left out as both, is one person,
// though each role has its line with its reason.
func TestRoundReviewCountsPeopleLeftUnmatched(t *testing.T) {
	unmatched := []match.Unmatched{{ID: "UF", Side: match.AsMentor}, {ID: "UF", Side: match.AsMentee}, {ID: "UC", Side: match.AsMentee}}
	notes := reviewNotes{full: []string{"• <@UF> as a mentor: their 1 place is taken"}, fullIDs: []string{"UF"}}
	review := blocksText(t, roundReview(1, nil, unmatched, notes, 0).Blocks)
	if !strings.Contains(review, "0 pairs, 2 left unmatched.") {
		t.Errorf("review of 2 people left unmatched, one in both roles:\n%s", review)
	}
	for _, want := range []string{"<@UF> as a mentor:", "<@UF> as a mentee:", "<@UC> as a mentee:"} {
		if !strings.Contains(review, want) {
			t.Errorf("review lacks %q:\n%s", want, review)
		}
	}
}

// The review says how many published proposals from earlier rounds still
// wait for answers in a sentence that reads for one as for several.
func TestRoundReviewCountsOpenProposalsFromEarlierRounds(t *testing.T) {
	for open, want := range map[int]string{
		1: "1 published proposal from earlier rounds is still waiting for answers;",
		2: "2 published proposals from earlier rounds are still waiting for answers;",
	} {
		if review := blocksText(t, roundReview(1, nil, nil, reviewNotes{}, open).Blocks); !strings.Contains(review, want) {
			t.Errorf("review with %d open:\n%s", open, review)
		}
	}
}
