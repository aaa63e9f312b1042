package main

import (
	"strings"
	"testing"
)

func TestMentorFeedbackReachesOnlyThePartner(t *testing.T) {
	e := goalEnv(t) // alice mentors bob

	if got := e.cmd(bob, "/mentor", "feedback"); !strings.Contains(got, "Usage: `/mentor feedback @partner TEXT`") {
		t.Errorf("bare feedback = %q", got)
	}
	got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> The mock interview helped &lt;!here&gt; a lot")
	if !strings.Contains(got, "passed your feedback on to <@UALICE>") {
		t.Fatalf("feedback answer = %q", got)
	}
	e.settle()
	dm := e.waitDM(alice, "<@UBOB> shared feedback on your mentoring together")
	if !contains(dm, "The mock interview helped &lt;!here&gt; a lot") {
		t.Errorf("feedback DM lacks the escaped text: %s", blockText(dm.Blocks))
	}
	if strings.Contains(blockText(dm.Blocks)+dm.Text, "<!here>") {
		t.Error("feedback DM has a raw <!here>")
	}
	// The partner may be left out when there is one pair; the mentor can
	// answer in kind.
	if got := e.cmd(alice, "/mentor", "feedback Your preparation shows"); !strings.Contains(got, "passed your feedback on to <@UBOB>") {
		t.Errorf("feedback without a mention = %q", got)
	}
	e.settle()
	e.waitDM(bob, "Your preparation shows")

	// Someone outside the pair cannot send feedback into it, and nothing is
	// stored or sent.
	if got := e.cmd(carol, "/mentor", "feedback <@UALICE|alice> hello"); !strings.Contains(got, "are not a pair") {
		t.Errorf("outsider feedback = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UCAROL|carol> hello"); !strings.Contains(got, "not a pair") {
		t.Errorf("feedback to a non-partner = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("x", 2501)); !strings.Contains(got, "limit is 2500") {
		t.Errorf("over-long feedback = %q", got)
	}
	e.settle()
	if n := len(e.dms(carol, "")); n != 0 {
		t.Errorf("carol got %d DMs", n)
	}
	if n := len(e.dms(alice, "shared feedback")); n != 1 {
		t.Errorf("alice got %d feedback DMs, want 1", n)
	}
	received, err := e.app.DB.FeedbackReceived(e.ctx, alice, 10)
	if err != nil || len(received) != 1 || received[0].Text != "The mock interview helped <!here> a lot" {
		t.Errorf("alice's received feedback = %+v, %v", received, err)
	}
}

// Feedback reaches the partner whole, every line quoted; a line too long
// to show once escaped is refused before anything is stored or sent.
func TestMentorFeedbackArrivesWholeOrIsRefused(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	// 500 '&' are 2500 characters once escaped: the lines cannot share a
	// section.
	long := strings.Repeat("&amp;", 500)
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> first line\n"+long+"\n"+long+" end"); !strings.Contains(got, "passed your feedback on") {
		t.Fatalf("feedback = %q", got)
	}
	e.settle()
	dm := e.waitDM(alice, "shared feedback")
	txt := blockText(dm.Blocks)
	for _, want := range []string{"> first line", "> " + long + "\n", "> " + long + " end"} {
		if !strings.Contains(txt, want) {
			t.Errorf("feedback DM lacks %.40q…; it reads %.200q…", want, txt)
		}
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("&lt;", 1000)); !strings.Contains(got, "too long to show") {
		t.Errorf("a line of 1000 '<' = %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "shared feedback")); n != 1 {
		t.Errorf("alice got %d feedback DMs, want 1", n)
	}
	if received, _ := e.app.DB.FeedbackReceived(e.ctx, alice, 10); len(received) != 1 {
		t.Errorf("alice has %d feedback stored, want 1", len(received))
	}
}

// Feedback whose lines each fit a section, but not one Slack message
// together once escaped, is refused: the partner's DM would be cut short,
// and feedback is shown nowhere else.
func TestMentorFeedbackTooLongForOneMessageIsRefused(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	// 575 '&' are 2,875 characters once escaped; four such lines, 11,500.
	line := strings.Repeat("&amp;", 575)
	got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Join([]string{line, line, line, line}, "\n"))
	if !strings.Contains(got, "too long to show") || strings.Contains(got, "passed your feedback on") {
		t.Errorf("feedback too long for one message = %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "shared feedback")); n != 0 {
		t.Errorf("alice got %d feedback DMs, want none", n)
	}
	if received, _ := e.app.DB.FeedbackReceived(e.ctx, alice, 10); len(received) != 0 {
		t.Errorf("alice has %d feedback stored, want none", len(received))
	}
}

// Feedback over the limit is told the limit, whatever its lines.
func TestMentorFeedbackOverTheLimitSaysSo(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("word ", 1500)); !strings.Contains(got, "the limit is 2500") {
		t.Errorf("7,500 characters of feedback = %q", got)
	}
}
