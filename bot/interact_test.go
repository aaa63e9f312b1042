package bot

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Field errors of modals are plain text in Slack: what the bot writes in
// mrkdwn reads there as it would in a message, without markup.
func TestPlainTextOfFieldErrors(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SaveProfile(ctx, store.Profile{ID: "UERIN", Name: "erin", RealName: "Erin Evans"}, nil); err != nil {
		t.Fatal(err)
	}
	// Erin's partner Gil has no name stored (he asked to be forgotten).
	if _, err := db.CreatePair(ctx, "UADMIN", "UGIL", "UERIN"); err != nil {
		t.Fatal(err)
	}
	b := New(Options{DB: db})
	for _, c := range []struct{ in, want string }{
		{`I couldn't read "&lt;b&gt;&amp;" as a snooze.`, `I couldn't read "<b>&" as a snooze.`},
		{"I don't know who @&lt;b&gt;x is in your pair.", "I don't know who @<b>x is in your pair."},
		{"Your pair with <@UERIN> has ended.", "Your pair with @erin has ended."},
		{"Your pair with <@UERIN|someone> has ended.", "Your pair with @erin has ended."},
		{"<@UNOBODY|nobody> and <@UNOONE> are unknown.", "@nobody and someone are unknown."},
		{"Your pair with <@UGIL> has ended.", "Your pair has ended."},
		{"<@UGIL> ended it. <@UGIL> did.", "Your partner ended it. Your partner did."},
		{"*<@UGIL>* ended it.", "Your partner ended it."},
		{":warning: <@UGIL> ended it.\n<@UGIL> did; <@UNOONE> did not! _<@UGIL>_ will?", "Your partner ended it.\nYour partner did; someone did not! Your partner will?"},
		{"Done.\n\n<@UNOONE> saw it.", "Done.\n\nSomeone saw it."},
		{"With <@UGIL>: a pair with <@UERIN>.", "With your partner: a pair with @erin."},
		{"Write it after `todo:`; `/session log` logs it.", "Write it after todo:; /session log logs it."},
		{"Logged as *#6*, *not* 5*3*2.", "Logged as #6, not 5*3*2."},
		{":warning: Sorry, it went wrong :sweat: here.", "Sorry, it went wrong here."},
		{"On <!date^1790000000^{date}|Mon 2 Nov 2026> in <#C1|general>: <https://x.test/a|a link>.", "On Mon 2 Nov 2026 in #general: https://x.test/a."},
		{"Typed &lt;@UERIN&gt; and a <b> stays as typed.", "Typed <@UERIN> and a <b> stays as typed."},
		{"at 10:30: fine", "at 10:30: fine"},
	} {
		if got := b.plainText(ctx, "UERIN", c.in); got != c.want {
			t.Errorf("plainText(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
