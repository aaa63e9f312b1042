package main

import (
	"strings"
	"testing"
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
