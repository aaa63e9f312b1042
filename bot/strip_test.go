package bot

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// plainTestBot is a Bot whose plainText can name erin (UERIN) and no one
// else.
func plainTestBot(t *testing.T) *Bot {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SaveProfile(ctx, store.Profile{ID: "UERIN", Name: "erin", RealName: "Erin Evans"}, nil); err != nil {
		t.Fatal(err)
	}
	return New(Options{DB: db})
}

// A notification's text and a form's error take the same marks out of
// the same mrkdwn: what a code span holds stays as typed, an address
// stays whole, a strike people typed stays. They differ in what else
// they do (plainText also turns Slack's markup and entities into text),
// never in the marks.
func TestPlainTextAndPreviewTextTakeOutTheSameMarks(t *testing.T) {
	b := plainTestBot(t)
	for in, want := range map[string]string{
		"type `/goal add *Ship it*` now":                         "type /goal add *Ship it* now",
		"type `/goal add *Ship it* by _Friday_` now":             "type /goal add *Ship it* by _Friday_ now",
		"Logged as *#6*, *not* 5*3*2.":                           "Logged as #6, not 5*3*2.",
		"the _stories_ helped":                                   "the stories helped",
		"the stories were ~boring~ great":                        "the stories were ~boring~ great",
		"~#1 draft the outline~ — done":                          "#1 draft the outline — done",
		"shared:\n> The stories helped.":                         "shared:\nThe stories helped.",
		"see https://x.test/_draft_ now":                         "see https://x.test/_draft_ now",
		"see https://x.test/*a*/b and *this*":                    "see https://x.test/*a*/b and this",
		"*https://x.test/a_b_*":                                  "https://x.test/a_b_",
		"_read https://x.test/a_b_c_":                            "read https://x.test/a_b_c",
		"(https://x.test/_a_) and www.x.test/_b_/~#1~ _ok_":      "(https://x.test/_a_) and www.x.test/_b_/~#1~ ok",
		"snake_case_name, 2 * 3 * 4":                             "snake_case_name, 2 * 3 * 4",
		"see ```\ncode *x* _y_\n> z\n``` and _this_":             "see \ncode *x* _y_\n> z\n and this",
		"`https://x.test/_a_` and https://x.test/`_b_` and _ok_": "https://x.test/_a_ and https://x.test/_b_ and ok",
	} {
		if got := previewText(in); got != want {
			t.Errorf("previewText(%q)\n = %q\nwant %q", in, got, want)
		}
		if got := b.plainText(context.Background(), "UERIN", in); got != want {
			t.Errorf("plainText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// A link's address, once plainText has made it plain, is an address:
// its underscores and stars are not marks.
func TestPlainTextKeepsLinksWhole(t *testing.T) {
	b := plainTestBot(t)
	for in, want := range map[string]string{
		"See <https://x.test/_draft_|the draft> now.":    "See https://x.test/_draft_ now.",
		"See <https://x.test/*a*/b> and *this*.":         "See https://x.test/*a*/b and this.",
		"*<@UERIN>* wrote `<https://x.test/_a_|a>` _ok_": "@erin wrote https://x.test/_a_ ok",
	} {
		if got := b.plainText(context.Background(), "UERIN", in); got != want {
			t.Errorf("plainText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}
