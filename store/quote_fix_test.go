package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A refusal that names a round quotes the whole name, up to the longest a
// name may be: a cut name reads as a different round.
func TestReusedRoundNameIsQuotedWhole(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	name := strings.Repeat("Spring ", 11) + "2027 end" // 85 characters
	name = name[len(name)-store.MaxCohortName:]
	c, err := db.StartCohort(ctx, "UADMIN", name, "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndCohort(ctx, "UADMIN", c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.StartCohort(ctx, "UADMIN", c.Name, "2026-11-02", "2027-03-31")
	if msg := store.ErrorMessage(err); !strings.Contains(msg, `"`+c.Name+`"`) {
		t.Errorf("reused name: %q, want the whole name %q", msg, c.Name)
	}
}

// Bidirectional control characters in what someone typed are not echoed:
// one without its closing U+202C (or cut off by the quote's limit) would
// show the rest of the bot's sentence reversed.
func TestQuotedTextHasNoBidiControls(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for _, topic := range []string{
		"\u202eRTL, more",
		strings.Repeat("x", 58) + "\u202eRTL\u202c" + strings.Repeat("y", 30),
		"a\u2066b\u2067c\u2068d\u2069e\u202af\u202bg\u202ch\u202di, j",
	} {
		_, _, err := db.AddTopics(ctx, "UADMIN", []string{topic})
		msg := store.ErrorMessage(err)
		if msg == "" {
			t.Fatalf("AddTopics(%q): %v, want a refusal", topic, err)
		}
		if i := strings.IndexFunc(msg, isBidiControl); i >= 0 {
			t.Errorf("AddTopics(%q): the refusal echoes %U: %q", topic, []rune(msg[i:])[0], msg)
		}
	}
}

func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
