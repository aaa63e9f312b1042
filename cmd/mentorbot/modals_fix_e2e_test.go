package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of what people read in and after modals: confirmations
// that read as sentences, settings shown as typed.

func TestJoinConfirmationReadsAsOneSentence(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, bob, signup{role: "mentee", cadence: "biweekly"})
	confirm := matchDM(e, bob, "signed up for matching")
	if !contains(confirm, "open to any topic; meeting every two weeks.") || contains(confirm, "; Every") {
		t.Errorf("confirmation = %s", confirm.Text+blockText(confirm.Blocks))
	}
}

func TestSettingsShowLongLeadTimesAsTyped(t *testing.T) {
	e := newEnv(t)
	e.cmd(alice, "/mentor", "settings")
	v := pgSettingsView(e, alice)
	res := pgSubmit(e, alice, v.ID, settingsValues("30d, 2w, 36h, 1h", []string{"nudges"}, ""))
	if !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("settings: closed %v, errors %v", res.Closed, res.Errors)
	}
	saved := pgWait(e, alice, "Meeting reminders:")
	if text := saved.Text + blockText(saved.Blocks); !strings.Contains(text, "Meeting reminders: 30d,2w,1d 12h,1h before.") || strings.Contains(text, "720h") {
		t.Errorf("confirmation = %s", text)
	}
	// The form shows them the same way, and saving it unchanged keeps them.
	e.cmd(alice, "/mentor", "settings")
	v = pgSettingsView(e, alice)
	if !strings.Contains(string(v.JSON), `"initial_value":"30d,2w,1d 12h,1h"`) {
		t.Errorf("reopened form: %s", v.JSON)
	}
	if u, err := e.app.DB.User(e.ctx, alice); err != nil || u.Settings.RemindBefore == nil || *u.Settings.RemindBefore != "30d,2w,1d 12h,1h" {
		t.Errorf("stored: %+v, %v", u.Settings, err)
	}
	pgNoFailures(e)
}

// A Done button on a to-do the partner closed meanwhile shows it done, as
// a successful press does, instead of staying open with its button.
func TestCheckinDoneOnATodoClosedMeanwhile(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log notes todo: read the SRE book")
	book := sessionTodoNumber(t, got, "read the SRE book")
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York
	ci := e.schedDM("checkin:to=" + bob + ":on=2026-11-09")
	button := "todo_done_" + strconv.FormatInt(book, 10)
	if !strings.Contains(string(ci.Blocks), button) {
		t.Fatalf("check-in lacks the Done button: %s", blockText(ci.Blocks))
	}
	if got := e.cmd(alice, "/session", "done "+strconv.FormatInt(book, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Fatalf("alice closes it: %q", got)
	}
	e.schedClick(bob, ci, button)
	e.idle()
	e.schedWaitMessage(ci, func(m slacksim.Message) bool {
		return strings.Contains(blockText(m.Blocks), "done (marked by <@UALICE>)") && !strings.Contains(string(m.Blocks), button)
	})
}
