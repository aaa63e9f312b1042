package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestSnoozeEndedEarlyReleasesWhatItHeld: the feedback prompt after the
// fourth session, logged during a snooze, goes when the snooze is ended
// early, not never (its own time had passed by then). Four weeks is
// beyond the plan's reach, so the prompt was not stored during the snooze.
func TestSnoozeEndedEarlyReleasesWhatItHeld(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	p := ps[0]
	if got := e.cmd(bob, "/mentor", "snooze 4w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	for i := 1; i <= 4; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	keys := []string{fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, alice), fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, bob)}
	e.schedWalk(e.clock.Now().Add(3 * 24 * time.Hour))
	for _, k := range keys {
		if _, ok := e.schedSent()[k]; ok {
			t.Errorf("%s went during the snooze", k)
		}
	}
	ended := e.clock.Now()
	if got := e.cmd(bob, "/mentor", "snooze off"); !strings.Contains(got, "snooze is over") {
		t.Fatalf("snooze off: %q", got)
	}
	e.schedWalk(ended.Add(24 * time.Hour))
	sent := e.schedSent()
	for _, k := range keys {
		m, ok := sent[k]
		if !ok {
			t.Errorf("%s never went after the snooze was ended", k)
			continue
		}
		if at := schedTime(m); at.Before(ended) || at.After(ended.Add(14*time.Hour)) {
			t.Errorf("%s went at %v; the snooze ended at %v", k, at, ended)
		}
	}
}

// TestTheSameSnoozeAgainTellsNobody: "2w" typed twice, minutes apart,
// changes nothing and does not tell the partner twice; a longer snooze
// does.
func TestTheSameSnoozeAgainTellsNobody(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	e.clock.Advance(3 * time.Minute)
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "already snoozed until") || !strings.Contains(got, "haven't told them again") {
		t.Errorf("the same snooze again: %q", got)
	}
	// The same from the App Home's form: a plain-text field error.
	ack := e.submit(alice, "snooze", fmt.Sprintf(`{"id":%d}`, e.meetPair().ID), map[string]string{"snooze_for/value": "2 weeks"})
	var res struct {
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(ack), &res); err != nil || !strings.Contains(res.Errors["snooze_for"], "Already snoozed until") {
		t.Errorf("the form's answer to the same snooze: %s (%v)", ack, err)
	}
	plainFieldErrors(t, "snooze", res.Errors)
	e.settle()
	if n := len(e.dms(bob, "snoozed the nudges")); n != 1 {
		t.Errorf("bob was told %d times of one snooze:%s", n, e.describeDMs(bob))
	}
	if got := e.cmd(alice, "/mentor", "snooze 3w"); !strings.Contains(got, "Snoozed") {
		t.Errorf("a longer snooze: %q", got)
	}
	e.settle()
	// The first notice is edited to say when the snooze ends now.
	if n, m := len(e.dms(bob, "snoozed the nudges")), len(e.dms(bob, "changed this snooze: it now ends <!date^")); n != 1 || m != 1 {
		t.Errorf("bob has %d snooze notices and %d retired ones, want 1 and 1:%s", n, m, e.describeDMs(bob))
	}
}

// TestANewSnoozeLeavesAnEndedOnesNoticeAlone: a snooze that ran its
// course was not changed by a later one; its notice stays as it was, and
// the person who snoozes now is not told of themselves, "<@them> changed
// this snooze", in their own DM.
func TestANewSnoozeLeavesAnEndedOnesNoticeAlone(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze 1w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("alice's snooze: %q", got)
	}
	e.settle()
	e.advance(10 * 24 * time.Hour) // alice's snooze is over
	if got := e.cmd(bob, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("bob's snooze: %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "changed this snooze")); n != 0 {
		t.Errorf("bob's notice of alice's ended snooze was edited to say it changed:%s", e.describeDMs(bob))
	}
	if n := len(e.dms(bob, "snoozed the nudges")); n != 1 {
		t.Errorf("bob has %d notices of alice's snooze, want it kept:%s", n, e.describeDMs(bob))
	}
}

// TestChangingYourPartnersSnoozeSaysYou: bob changes the snooze alice
// set; alice's notice in bob's DM says that he changed it ("You"), with
// its end in his own zone, not his own name in the third person.
func TestChangingYourPartnersSnoozeSaysYou(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("alice's snooze: %q", got)
	}
	e.settle()
	e.advance(3 * 24 * time.Hour)
	if got := e.cmd(bob, "/mentor", "snooze 3w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("bob's snooze: %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "You changed this snooze: it now ends <!date^")); n != 1 {
		t.Errorf("bob's notice of alice's snooze should say he changed it:%s", e.describeDMs(bob))
	}
	if n := len(e.dms(bob, "<@UBOB> changed this snooze")); n != 0 {
		t.Errorf("bob is told of himself in the third person:%s", e.describeDMs(bob))
	}
	if n := len(e.dms(bob, "EST>")); n == 0 {
		t.Errorf("the new end is not shown in bob's zone:%s", e.describeDMs(bob))
	}
}

// TestEndingYourPartnersSnoozeSaysYou: bob ends the snooze alice set; her
// notice in his DM says that he ended it, not "<@UBOB> ended …".
func TestEndingYourPartnersSnoozeSaysYou(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("alice's snooze: %q", got)
	}
	e.settle()
	e.advance(24 * time.Hour)
	if got := e.cmd(bob, "/mentor", "snooze off"); !strings.Contains(got, "snooze is over") {
		t.Fatalf("bob's snooze off: %q", got)
	}
	e.settle()
	if n, m := len(e.dms(bob, "You ended this snooze early.")), len(e.dms(bob, "<@UBOB> ended")); n != 1 || m != 0 {
		t.Errorf("bob's notice of alice's snooze should say he ended it:%s", e.describeDMs(bob))
	}
}

// A snooze "until 2026-11-20" typed in Berlin ends at midnight there, the
// evening before in New York. /mentor pairs (and pairs all) shows that end
// as the snooze notice does, a day and a time in the reader's zone, so bob
// does not read "until Nov 19" as a day early or as another day than his
// notice says.
func TestPairsShowsTheSnoozeEndLikeTheNotice(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze until 2026-11-20"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	e.settle()
	note := e.waitDM(bob, "snoozed the nudges")
	noted := meetDateRe.FindStringSubmatch(note.Text)
	if noted == nil {
		t.Fatalf("bob's notice has no date: %q", note.Text)
	}
	for _, c := range []struct{ who, text, zone string }{
		{"bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"), "EST"},
		{"alice's /mentor pairs", e.cmd(alice, "/mentor", "pairs"), "CET"},
		{"dana's /mentor pairs all", e.cmd(dana, "/mentor", "pairs all"), "GMT"},
	} {
		_, line, ok := strings.Cut(c.text, "snoozed until ")
		m := meetDateRe.FindStringSubmatch(line)
		if !ok || m == nil || !strings.HasPrefix(line, m[0]) {
			t.Errorf("%s shows no snooze end as a date token: %q", c.who, c.text)
			continue
		}
		if m[1] != noted[1] {
			t.Errorf("%s: the snooze ends at %s, the notice says %s", c.who, m[1], noted[1])
		}
		if !strings.Contains(m[2], "{time}") {
			t.Errorf("%s shows the snooze end as a bare date (%q), not a day and time like the notice (%q)", c.who, m[0], noted[0])
		}
		if !strings.HasSuffix(m[3], " "+c.zone) {
			t.Errorf("%s: fallback %q, want it in %s", c.who, m[3], c.zone)
		}
	}
}

// The Home shows the snooze's end the same way.
func TestHomeShowsTheSnoozeEndLikeTheNotice(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze until 2026-11-20"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	home := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "snoozed until") }))
	_, line, _ := strings.Cut(home, "snoozed until ")
	m := meetDateRe.FindStringSubmatch(line)
	if m == nil || !strings.HasPrefix(line, m[0]) {
		t.Fatalf("bob's Home shows no snooze end as a date token:\n%s", home)
	}
	if !strings.Contains(m[2], "{time}") || !strings.HasSuffix(m[3], " EST") {
		t.Errorf("bob's Home shows the snooze end as %q, want a day and time in his zone", m[0])
	}
}

// A snooze ended early releases the check-in it held at once: the partner
// reads that the snooze ended before the check-in it lets through.
func TestSnoozeEndedEarlyTellsThePartnerBeforeWhatItHeld(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	// Monday 2 Nov, 10:00 in New York: bob's check-in of 09:00 is held.
	e.schedWalk(schedAt("2026-11-02 15:00"))
	checkin := "checkin:to=UBOB:on=2026-11-02"
	if _, ok := e.schedSent()[checkin]; ok {
		t.Fatalf("bob's check-in went during the snooze")
	}
	if got := e.cmd(alice, "/mentor", "snooze off"); !strings.Contains(got, "snooze is over") {
		t.Fatalf("snooze off: %q", got)
	}
	e.settle()
	e.schedDM(checkin)
	var order []string
	for _, m := range e.sim.MessagesTo(bob) {
		switch {
		case schedKey(m) == checkin:
			order = append(order, "check-in")
		case contains(m, "ended the snooze"):
			order = append(order, "ended")
		}
	}
	if len(order) != 2 || order[0] != "ended" {
		t.Errorf("bob got %v, want the snooze's end first:%s", order, e.describeDMs(bob))
	}
}

// A snooze changed twice and then ended early leaves no notice saying it
// still holds: each earlier notice is edited again at each change, and all
// say it ended; a later snooze does not touch the ended ones.
func TestSnoozeChangedTwiceThenEndedLeavesNoStaleNotice(t *testing.T) {
	e := meetEnv(t)
	for _, d := range []string{"1w", "2w", "3w"} {
		if got := e.cmd(alice, "/mentor", "snooze "+d); !strings.Contains(got, "Snoozed") {
			t.Fatalf("snooze %s: %q", d, got)
		}
		e.settle()
	}
	if n := len(e.dms(bob, "changed this snooze: it now ends <!date^")); n != 2 {
		t.Errorf("bob has %d notices saying the snooze changed, want 2:%s", n, e.describeDMs(bob))
	}
	for _, m := range e.dms(bob, "changed this snooze") {
		if !strings.Contains(m.Text, fmt.Sprint(e.meetPair().SnoozedUntil.Unix())) {
			t.Errorf("a notice gives an end the snooze no longer has: %q", m.Text)
		}
	}
	if got := e.cmd(alice, "/mentor", "snooze off"); !strings.Contains(got, "snooze is over") {
		t.Fatalf("snooze off: %q", got)
	}
	e.settle()
	if n, m := len(e.dms(bob, "ended this snooze early")), len(e.dms(bob, "changed this snooze")); n != 3 || m != 0 {
		t.Errorf("after the end, %d notices say it ended early (want 3) and %d that it changed (want 0):%s", n, m, e.describeDMs(bob))
	}
	if got := e.cmd(alice, "/mentor", "snooze 10d"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("a new snooze: %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "ended this snooze early")); n != 3 {
		t.Errorf("a new snooze edited the notices of the one that ended:%s", e.describeDMs(bob))
	}
}

// Snoozing a paused pair says that the pause holds the reminders, not that
// they still come and may be skipped or paused.
func TestSnoozeOfAPausedPairSaysThePauseHoldsTheReminders(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	got := e.cmd(alice, "/mentor", "snooze 2w")
	if !strings.Contains(got, "Snoozed") || !strings.Contains(got, "paused too") || strings.Contains(got, "still come") || !strings.Contains(got, "`/mentor resume @bob`") {
		t.Errorf("alice's snooze: %q", got)
	}
	e.settle()
	note := e.waitDM(bob, "snoozed the nudges")
	if !contains(note, "paused too") || contains(note, "still come") || !contains(note, "`/mentor resume @alice`") {
		t.Errorf("bob's note: %q", note.Text)
	}
}
