package bot

import (
	"testing"
	"time"
)

// A reminder a minute or so before its meeting says so; only one sent in
// its last half minute says the meeting is starting.
func TestUntilText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "starting now",
		time.Minute:      "in a minute",
		89 * time.Second: "in a minute",
		2 * time.Minute:  "in 2 minutes",
		45 * time.Minute: "in 45 minutes",
		time.Hour:        "in about an hour",
		90 * time.Minute: "in about an hour and a half",
		2 * time.Hour:    "in about 2 hours",
		24 * time.Hour:   "in about 24 hours",
		36 * time.Hour:   "in about 36 hours",
		48 * time.Hour:   "in 2 days",
		72 * time.Hour:   "in 3 days",
	} {
		if got := untilText(d); got != want {
			t.Errorf("untilText(%v) = %q, want %q", d, got, want)
		}
	}
}

// A message's text is what Slack's notifications and the sidebar show,
// without rendering mrkdwn: previewText takes the marks out and leaves
// Slack's markup, which they do render, whole.
func TestPreviewText(t *testing.T) {
	for in, want := range map[string]string{
		":wave: Welcome to mentoring! <@UALICE> is now your *mentor*.":                                            ":wave: Welcome to mentoring! <@UALICE> is now your mentor.",
		"moved it to *<!date^1796914800^{date_long_pretty} at {time}|Thu 10 Dec 2026 at 10:00 EST>*, for 30 min.": "moved it to <!date^1796914800^{date_long_pretty} at {time}|Thu 10 Dec 2026 at 10:00 EST>, for 30 min.",
		"*Next:* Thu _(in your time zone)_":                                                                       "Next: Thu (in your time zone)",
		"until one of you types `/mentor resume @erin`.":                                                          "until one of you types /mentor resume @erin.",
		"shared feedback:\n> The stories helped.":                                                                 "shared feedback:\nThe stories helped.",
		":white_check_mark: ~#1 draft the outline~ — done":                                                        ":white_check_mark: #1 draft the outline — done",
		"<@U1|first_last> and <https://x.test/a_b_c|a_b_c>":                                                       "<@U1|first_last> and <https://x.test/a_b_c|a_b_c>",
		"snake_case_name, 2 * 3 * 4 and &gt; typed":                                                               "snake_case_name, 2 * 3 * 4 and &gt; typed",
		"*#1* and *#2*":                "#1 and #2",
		":wastebasket: ~#3~ — deleted": ":wastebasket: #3 — deleted",
		// A strike people type says something.
		"the stories were ~boring~ great": "the stories were ~boring~ great",
		// What a code span holds is not mrkdwn.
		"type `/goal add *Ship it* by _Friday_` now":  "type /goal add *Ship it* by _Friday_ now",
		"see ```\ncode *x* _y_\n> z\n``` and _this_":  "see \ncode *x* _y_\n> z\n and this",
		"`<@U1>` and `<https://x.test/a_b|a_b>` _ok_": "<@U1> and <https://x.test/a_b|a_b> ok",
		// A stand-in typed inside a code span is left as typed.
		"`\uE0010\uE002` *x*": "\uE0010\uE002 x",
	} {
		if got := previewText(in); got != want {
			t.Errorf("previewText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}
