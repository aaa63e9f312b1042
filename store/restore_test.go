package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// enqueue stores n DMs keyed prefix0, prefix1, ….
func enqueue(t *testing.T, db *store.DB, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := db.Enqueue(context.Background(), store.Notification{Key: fmt.Sprintf("%s%d", prefix, i), Kind: "intro", RecipientID: "UBOB",
			Payload: `{"text":"` + strings.Repeat("x", 500) + `"}`, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
}

// keysIn opens path as the bot would and counts the DMs keyed with prefix,
// after SQLite's own check of the whole file.
func keysIn(t *testing.T, path, prefix string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v", path, check, err)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM notifications WHERE key LIKE ?`, prefix+"%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreOverADatabaseACrashLeft: the bot crashed, leaving its
// database with a write-ahead log of recent commits beside it, and the
// operator restores last night's backup. Copied over by hand, SQLite
// replays the old log onto the backup and damages it; restored, the
// backup opens sound and as it was, and the database it replaced is kept
// aside, its last commits in it.
func TestRestoreOverADatabaseACrashLeft(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	enqueue(t, db, "before-", 50)
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "after-", 200)
	// What the crash left: the file and its log as they are now.
	crashed := filepath.Join(dir, "crashed.db")
	copyFile(t, live, crashed)
	copyFile(t, live+"-wal", crashed+"-wal")
	if st, err := os.Stat(crashed + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the crash left no log to replay: %v", err)
	}

	r, err := store.Restore(ctx, backup, crashed, time.Date(2026, 12, 7, 4, 30, 0, 0, time.UTC))
	aside := r.Aside
	if err != nil {
		t.Fatal(err)
	}
	if want := crashed + ".replaced-20261207T043000Z"; aside != want {
		t.Errorf("moved aside to %q, want %q", aside, want)
	}
	if b, a := keysIn(t, crashed, "before-"), keysIn(t, crashed, "after-"); b != 50 || a != 0 {
		t.Errorf("restored: %d DMs from before the backup (want 50), %d after (want 0)", b, a)
	}
	if a := keysIn(t, aside, "after-"); a != 200 {
		t.Errorf("the database replaced holds %d of the 200 DMs stored after the backup", a)
	}
	if st, err := os.Stat(crashed); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("restored file: %v, %v; want readable by its owner only", st.Mode(), err)
	}
	// And the bot opens it.
	re, err := store.Open(ctx, crashed, store.Options{})
	if err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	re.Close()
}

// TestRestoreRefuses: what Restore will not put in the database's place,
// or where, leaves both files as they were.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	enqueue(t, db, "k", 5)
	good := filepath.Join(dir, "good.db")
	if err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.db")
	b, _ := os.ReadFile(good)
	for i := 4096 + 200; i < 4096*3; i++ { // the second page on: the schema's header stays readable
		b[i] = 0xA5
	}
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	copyFile(t, good, newer)
	raw, err := sql.Open("sqlite", "file:"+newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, store.SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	other := filepath.Join(dir, "other.db")
	if err := os.WriteFile(other, []byte("not a database at all, but long enough to have a header of a hundred bytes, if it were one........"), 0o600); err != nil {
		t.Fatal(err)
	}

	target := filepath.Join(dir, "target.db")
	tdb, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	enqueue(t, tdb, "target-", 3)
	if err := tdb.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, backup, want string }{
		{"damaged", damaged, "damaged"},
		{"newer", newer, "made by a newer mentorbot"},
		{"not a database", other, "not a SQLite database"},
		{"missing", filepath.Join(dir, "missing.db"), "no such file"},
		{"a database in use", live, "not a backup"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := store.Restore(ctx, c.backup, target, time.Now())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("restore %s: %v; want an error saying %q", c.name, err, c.want)
			}
			if n := keysIn(t, target, "target-"); n != 3 {
				t.Errorf("the database holds %d of its 3 DMs after a refused restore", n)
			}
		})
	}
	t.Run("a bot sending from it", func(t *testing.T) {
		tdb, err := store.Open(ctx, target, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer tdb.Close()
		if held, err := tdb.LockSender(); !held || err != nil {
			t.Fatalf("lock: %v %v", held, err)
		}
		if _, err := store.Restore(ctx, good, target, time.Now()); !errors.Is(err, store.ErrInUse) {
			t.Errorf("restore under a running bot: %v", err)
		}
		if n := keysIn(t, target, "target-"); n != 3 {
			t.Errorf("the database holds %d of its 3 DMs after a refused restore", n)
		}
	})
}

// TestRestoreTwiceAndOverAStrayLog: a second restore within the same
// second keeps what the first moved aside, and a log left without its
// database (moved away by hand) is moved aside too rather than replayed
// onto the restored file.
func TestRestoreTwiceAndOverAStrayLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	enqueue(t, db, "before-", 10)
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "after-", 100)
	target := filepath.Join(dir, "target.db")
	copyFile(t, live, target)
	copyFile(t, live+"-wal", target+"-wal")
	at := time.Date(2026, 12, 7, 4, 30, 0, 0, time.UTC)
	r1, err := store.Restore(ctx, backup, target, at)
	first := r1.Aside
	if err != nil {
		t.Fatal(err)
	}
	r2, err := store.Restore(ctx, backup, target, at)
	second := r2.Aside
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both restores moved aside to %s", first)
	}
	if n := keysIn(t, first, "after-"); n != 100 {
		t.Errorf("the database the first restore replaced holds %d of its 100 later DMs", n)
	}

	// The database moved away by hand, its log left behind.
	copyFile(t, live, target)
	copyFile(t, live+"-wal", target+"-wal")
	if err := os.Rename(target, filepath.Join(dir, "broken.db")); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, backup, target, at); err != nil {
		t.Fatal(err)
	}
	if b, a := keysIn(t, target, "before-"), keysIn(t, target, "after-"); b != 10 || a != 0 {
		t.Errorf("restored over a stray log: %d DMs from before the backup (want 10), %d after (want 0)", b, a)
	}
}

// TestRestoredDMsAreLookedForBeforeTheyGo: a DM pending in the backup may
// have been sent between the backup and the restore; restored, it is
// looked for in its DM before it is sent (attempts > 1 once claimed),
// while one due later is sent as planned.
func TestRestoredDMsAreLookedForBeforeTheyGo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for key, due := range map[string]time.Time{"due": now.Add(-time.Hour), "soon": now.Add(30 * time.Minute), "later": now.Add(48 * time.Hour)} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "UBOB", Payload: `{"text":"hi"}`,
			DueAt: due, ExpiresAt: due.Add(72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "target.db")
	r, err := store.Restore(ctx, backup, target, now)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing there to tell what went, or who was forgotten, since.
	if r.Unsettled == nil || !errors.Is(r.ForgetUnknown, store.ErrForgottenUnknown) {
		t.Errorf("restore to a new place says nothing of what it cannot know: %+v", r)
	}
	re, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	claimed, err := re.ClaimDue(ctx, now.Add(72*time.Hour), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range claimed {
		if looked := n.Attempts > 1; looked != (n.Key != "later") {
			t.Errorf("%s claimed at attempt %d; looked for first = %v", n.Key, n.Attempts, looked)
		}
	}
	if len(claimed) != 3 {
		t.Errorf("claimed %d of 3", len(claimed))
	}
}

// TestRestoreLooksForNothingPastItsTime: a restored DM whose time has
// passed is not marked to be looked for in Slack (a history read each,
// which today's DMs would queue behind after an old backup): it will not
// be sent, and the start drops it as never sent.
func TestRestoreLooksForNothingPastItsTime(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	due := now.Add(-48 * time.Hour)
	if _, err := db.Enqueue(ctx, store.Notification{Key: "stale", Kind: "intro", RecipientID: "UBOB", Payload: `{"text":"hi"}`,
		DueAt: due, ExpiresAt: due.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Restored over the database it came from, and to a new place.
	for _, target := range []string{live, filepath.Join(dir, "target.db")} {
		if _, err := store.Restore(ctx, backup, target, now); err != nil {
			t.Fatal(err)
		}
		re, err := store.Open(ctx, target, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d, err := re.DropExpired(ctx, now)
		re.Close()
		if err != nil || d.Count() != 1 {
			t.Errorf("%s: the start dropped %d, %v; want the DM past its time, unlooked for", target, d.Count(), err)
		}
	}
}

// TestRestoreTakesWhatWentFromTheDatabaseItReplaces: of the DMs pending in
// the backup, those the replaced database records as sent or given up
// since are so in the restored one (a sent one keeps where it went, for
// edits); one it still had pending goes as planned; one under way when it
// stopped, or gone from it, is looked for before it is sent.
func TestRestoreTakesWhatWentFromTheDatabaseItReplaces(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"went", "given-up", "still", "in-flight", "gone"}
	for _, key := range keys {
		due := now.Add(-time.Hour)
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "UBOB", Payload: `{"text":"hi"}`,
			DueAt: due, ExpiresAt: due.Add(72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// After the backup, in the database that will be replaced.
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, q := range []string{
			`UPDATE notifications SET status = 'sent', channel = 'DUBOB', ts = '1700000000.000100', sent_at = 1700000000, attempts = 1 WHERE key = 'went'`,
			`UPDATE notifications SET status = 'cancelled' WHERE key = 'given-up'`,
			`UPDATE notifications SET status = 'sending', attempts = 1, lease_until = 1 WHERE key = 'in-flight'`,
			`DELETE FROM notifications WHERE key = 'gone'`,
			// Planned after the backup and sent: the copy has no row of
			// it, and the next start would plan it afresh.
			`INSERT INTO notifications (key, kind, recipient_id, due_at, expires_at, status, attempts, channel, ts, created_at, sent_at)
				VALUES ('planned-after', 'checkin', 'UBOB', 1700000000, 1800000000, 'sent', 1, 'DUBOB', '1700000000.000200', 1700000000, 1700000000)`,
			// About a pair made after the backup: the restored database
			// will give its id to the next pair made, whose welcome this
			// row must not stop.
			`INSERT INTO notifications (key, kind, recipient_id, pair_id, due_at, expires_at, status, attempts, channel, ts, created_at, sent_at)
				VALUES ('intro:pair=99:to=UBOB', 'intro', 'UBOB', 99, 1700000000, 1800000000, 'sent', 1, 'DUBOB', '1700000000.000300', 1700000000, 1700000000)`,
		} {
			if _, err := tx.ExecForTest(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Another connection writing to the database replaced (a bot waiting
	// for the lock, say) does not stop the settling.
	raw, err := sql.Open("sqlite", "file:"+live)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	writer, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	r, err := store.Restore(ctx, backup, live, now)
	writer.ExecContext(ctx, `ROLLBACK`)
	writer.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r.Unsettled != nil {
		t.Errorf("restore could not settle from the database replaced: %v", r.Unsettled)
	}
	re, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	want := map[string]struct {
		status   string
		attempts int
		ts       string
	}{
		"went": {store.NoteSent, 1, "1700000000.000100"},
		// Cancelled since (a pause the restore undoes): the planner
		// decides again; looked for first, as it is no longer pending there.
		"given-up":      {store.NotePending, 1, ""},
		"still":         {store.NotePending, 0, ""},
		"in-flight":     {store.NotePending, 1, ""},
		"gone":          {store.NotePending, 1, ""},
		"planned-after": {store.NoteSent, 1, "1700000000.000200"},
	}
	if _, err := re.Notification(ctx, "intro:pair=99:to=UBOB"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("a DM about a pair the backup lacks was copied: %v", err)
	}
	for _, key := range append(keys, "planned-after") {
		n, err := re.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if w := want[key]; n.Status != w.status || n.Attempts != w.attempts || n.TS != w.ts {
			t.Errorf("%s restored as %s, attempt %d, ts %q; want %s, %d, %q", key, n.Status, n.Attempts, n.TS, w.status, w.attempts, w.ts)
		}
	}
}

// TestRestoreGivesNoNumberAgainAndLetsNewDMsGo: after a restore, what is
// made anew takes numbers the database replaced never gave (a Done button
// on a DM sent after the backup names nothing new), and the DMs that tell
// of it go: one that went after the backup about another row of the same
// number is not copied over them. A planned DM that went is.
func TestRestoreGivesNoNumberAgainAndLetsNewDMsGo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePair(ctx, "UDANA", "UALICE", "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddGoal(ctx, "UBOB", store.GoalInput{Text: "before the backup"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// After the backup: goals #2 and #3, a session's DM and a reminder.
	var lastGoal int64
	for _, text := range []string{"after one", "after two"} {
		g, err := db.AddGoal(ctx, "UBOB", store.GoalInput{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		lastGoal = g.ID
	}
	sent := func(key, kind, payload string) string {
		return fmt.Sprintf(`INSERT INTO notifications (key, kind, recipient_id, pair_id, due_at, expires_at, status, attempts, channel, ts, payload, created_at, sent_at)
			VALUES ('%s', '%s', 'UBOB', %d, 1700000000, 1800000000, 'sent', 1, 'DUBOB', '1700000000.000400', '%s', 1700000000, 1700000000)`, key, kind, p.ID, payload)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, q := range []string{
			sent("session:1:to=UBOB", "session_logged", `{"text":"after the backup"}`),
			sent("reminder:24h:pair=1:at=1700086400:to=UBOB", "reminder", ""),
		} {
			if _, err := tx.ExecForTest(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, backup, live, now); err != nil {
		t.Fatal(err)
	}
	re, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	g, err := re.AddGoal(ctx, "UBOB", store.GoalInput{Text: "after the restore"})
	if err != nil {
		t.Fatal(err)
	}
	if g.ID <= lastGoal {
		t.Errorf("the restored database gave goal #%d again (the one replaced had given up to #%d)", g.ID, lastGoal)
	}
	if _, err := re.Notification(ctx, "session:1:to=UBOB"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the DM of a session logged after the backup was copied, and would stop the next session #1's: %v", err)
	}
	if n, err := re.Notification(ctx, "reminder:24h:pair=1:at=1700086400:to=UBOB"); err != nil || n.Status != store.NoteSent {
		t.Errorf("a reminder that went after the backup: %+v, %v", n, err)
	}
}
