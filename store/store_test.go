package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/store"
)

// MustOpen opens a fresh database file in a temp dir on a fake clock. The
// file starts as a copy of a migrated one (storetest.Path).
func MustOpen(tb testing.TB) (*store.DB, *clock.Fake) {
	tb.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), storetest.Path(tb, "mentorbot.db"), store.Options{Clock: clk})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, clk
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE"); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second migrate applied %v, err %v; want nothing", applied, err)
	}
	db.Close()

	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	ps, err := db.PairsOf(ctx, "UMENTEE", false)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pairs after reopen = %v, %v; want the one pair", ps, err)
	}
}

func TestPairRules(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UMENTEE", "UMENTOR"); store.ErrorCode(err) != store.EConflict {
		t.Errorf("reverse duplicate pair: err = %v, want conflict", err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UX", "UX"); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("self pair: err = %v, want invalid", err)
	}
	if _, err := db.Pair(ctx, "UOUTSIDER", p.ID); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("outsider reading pair: err = %v, want not found", err)
	}
	if _, err := db.EndPair(ctx, "UOUTSIDER", p.ID); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("outsider ending pair: err = %v, want not found", err)
	}
	ended, err := db.EndPair(ctx, "UMENTEE", p.ID)
	if err != nil || ended.Live() {
		t.Fatalf("end pair = %+v, %v", ended, err)
	}
	live, _ := db.PairsOf(ctx, "UMENTOR", false)
	all, _ := db.PairsOf(ctx, "UMENTOR", true)
	if len(live) != 0 || len(all) != 1 {
		t.Errorf("after end: live %d, with history %d; want 0 and 1", len(live), len(all))
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE"); err != nil {
		t.Errorf("pairing again after an end: %v", err)
	}
}

func TestRequestAcceptCreatesPairOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	r, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "hi")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "again"); store.ErrorCode(err) != store.EConflict {
		t.Errorf("duplicate request: err = %v, want conflict", err)
	}
	if _, _, err := answerRequest(ctx, db, "UMENTEE", r.ID, true); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("requester answering own request: err = %v, want not found", err)
	}
	_, p, err := answerRequest(ctx, db, "UMENTOR", r.ID, true)
	if err != nil || p.MentorID != "UMENTOR" || p.MenteeID != "UMENTEE" {
		t.Fatalf("accept: pair %+v, err %v", p, err)
	}
	if _, _, err := answerRequest(ctx, db, "UMENTOR", r.ID, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("second accept: err = %v, want conflict", err)
	}
}

func TestForeignDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecForTest(ctx, "PRAGMA user_version = 99")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(ctx, path, store.Options{}); err == nil {
		t.Fatal("opening a database newer than the binary succeeded; want a refusal")
	}
}

// A refusal that names a round shows the whole name, up to the longest a
// name may be: a cut name reads as a different round.
func TestReusedRoundNameIsQuotedWhole(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	name := strings.Repeat("Spring ", 11) + "2027 end" // 85 characters
	name = name[len(name)-store.MaxCohortName:]
	c, err := startCohort(ctx, db, "UADMIN", name, "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := endCohort(ctx, db, "UADMIN", c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = startCohort(ctx, db, "UADMIN", c.Name, "2026-11-02", "2027-03-31")
	if msg := store.ErrorMessage(err); !strings.Contains(msg, "*"+c.Name+"*") {
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

// A path with the characters a SQLite URI gives meaning to ('?', '#', '%')
// names the file as typed: "x.db?mode=memory" is a file, not a database in
// memory that each connection would have its own of.
func TestOddPathsNameTheirFile(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"m.db?mode=memory&", "we#ird.db", "100%25.db", "a%b.db"} {
		path := filepath.Join(t.TempDir(), name)
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Read on another connection: a database in memory would have none.
		if ps, err := db.AllPairs(ctx, false); err != nil || len(ps) != 1 {
			t.Errorf("%s: pairs read back %v, %v", name, ps, err)
		}
		db.Close()
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: no file at the path as typed: %v", name, err)
		}
	}
}
