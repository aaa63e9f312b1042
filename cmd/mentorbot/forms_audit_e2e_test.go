package main

import (
	"strings"
	"testing"
)

// Findings of the audit of the forms (modals).

// A form's error names a partner who asked to be forgotten as "your
// partner": field errors are plain text, where a mention reads as the
// name stored for it, which the forget emptied, and was shown as the raw
// Slack ID ("@UBOB").
func TestFormErrorNamesAForgottenPartnerAsYourPartner(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
	e.settle()

	res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}})
	got := res.Errors["rating"]
	if !strings.HasPrefix(got, "Your pair with your partner has ended") || strings.Contains(got, "UBOB") {
		t.Errorf("alice's feedback form after bob's forget answered %q, want her pair with \"your partner\" ended, without his ID", res.Errors)
	}
}
