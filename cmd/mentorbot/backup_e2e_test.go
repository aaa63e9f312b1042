package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// `mentorbot backup FILE` while the bot runs and people use it: the copy
// opens with a fresh store, holds everything written before it began, and
// is one consistent snapshot (no session without its to-dos).
func TestBackupWhileTheBotRunsIsAConsistentCopy(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(alice, "/session", "log <@UBOB> talked about the RFC todo: read the book todo: <@UALICE> intro to the SRE team")
	e.settle()
	env := envOf(map[string]string{"MENTORBOT_DB": e.cfg.DB})

	// People keep logging sessions (each with two to-dos, in one commit)
	// and adding goals while the backups run.
	ctx, stop := context.WithCancel(e.ctx)
	var wg sync.WaitGroup
	var logged atomic.Int64
	wg.Go(func() {
		for i := 0; ctx.Err() == nil && i < 500; i++ {
			e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> meeting %d todo: first %d todo: second %d", i, i, i))
			e.cmd(bob, "/goal", fmt.Sprintf("add Goal %d by 2026-12-31", i))
			logged.Add(1)
		}
	})
	dir := t.TempDir()
	var backups []string
	for i := range 3 {
		// Each backup after more sessions were logged, while more are.
		n := logged.Load()
		eventually(t, "more sessions to be logged", func() bool { return logged.Load() != n })
		path := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		var out, errOut bytes.Buffer
		if err := run(e.ctx, []string{"backup", path}, env, &out, &errOut); err != nil {
			stop()
			wg.Wait()
			t.Fatalf("backup %d: %v\n%s", i, err, errOut.String())
		}
		if !strings.Contains(out.String(), "wrote a consistent copy of "+e.cfg.DB+" to "+path) {
			t.Errorf("backup said %q", out.String())
		}
		backups = append(backups, path)
	}
	stop()
	wg.Wait()

	lastSessions := 0
	for _, path := range backups {
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: integrity_check = %q, %v", path, check, err)
		}
		// Later backups hold more.
		var sessions int
		if err := raw.QueryRow(`SELECT count(*) FROM sessions`).Scan(&sessions); err != nil || sessions <= lastSessions {
			t.Errorf("%s: %d sessions after %d in the backup before (%v)", path, sessions, lastSessions, err)
		}
		lastSessions = sessions
		// One snapshot: every session has all its to-dos.
		var broken int
		if err := raw.QueryRow(`SELECT count(*) FROM sessions s
			WHERE (SELECT count(*) FROM todos WHERE session_id = s.id) != 2`).Scan(&broken); err != nil || broken != 0 {
			t.Errorf("%s: %d sessions without their two to-dos (%v)", path, broken, err)
		}
		raw.Close()

		b, err := store.Open(e.ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("open %s with a fresh store: %v", path, err)
		}
		pairs, err := b.PairsOf(e.ctx, bob, false)
		if err != nil || len(pairs) != 1 || pairs[0].MentorID != alice {
			t.Errorf("%s: pairs %+v, %v", path, pairs, err)
		}
		goals, err := b.Goals(e.ctx, bob, bob, true)
		if err != nil || len(goals) == 0 || goals[0].Text != "Ship 3 PRs to the payments service" {
			t.Errorf("%s: goals %+v, %v", path, goals, err)
		}
		logs, err := b.Sessions(e.ctx, alice, pairs[0].ID, 1000)
		found := false
		for _, s := range logs {
			found = found || s.Notes == "talked about the RFC"
		}
		if err != nil || !found {
			t.Errorf("%s: the first session is missing: %+v, %v", path, logs, err)
		}
		todos, err := b.PairTodos(e.ctx, bob, pairs[0].ID)
		if err != nil || len(todos) < 2 {
			t.Errorf("%s: to-dos %+v, %v", path, todos, err)
		}
		if mp, err := b.Meetings(e.ctx, alice, pairs[0].ID); err != nil || !mp.Scheduled {
			t.Errorf("%s: the schedule is missing: %+v, %v", path, mp, err)
		}
		notes, err := b.Notifications(e.ctx, store.NoteFilter{})
		intro := false
		for _, n := range notes {
			intro = intro || n.Key == "intro:pair=1:to=UBOB"
		}
		if err != nil || !intro {
			t.Errorf("%s: the notifications are missing (%d): %v", path, len(notes), err)
		}
		b.Close()
	}
}

func TestBackupRefusesAnExistingFileABadPathAndNoFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "mentorbot.db")
	db, err := store.Open(context.Background(), dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"MENTORBOT_DB": dbPath})
	for _, c := range []struct {
		name string
		args []string
		env  func(string) (string, bool)
		want string
	}{
		{"an existing file", []string{"backup", existing}, env, existing + " already exists"},
		{"a directory", []string{"backup", dir}, env, dir + " already exists"},
		{"a missing directory", []string{"backup", filepath.Join(dir, "no", "such", "dir", "b.db")}, env, "directory " + filepath.Join(dir, "no", "such", "dir") + " does not exist"},
		{"no file", []string{"backup"}, env, "usage: mentorbot backup FILE"},
		{"two files", []string{"backup", "a.db", "b.db"}, env, "usage: mentorbot backup FILE"},
		{"a flag", []string{"backup", "-x"}, env, `"-x" looks like a flag`},
		{"no database", []string{"backup", filepath.Join(dir, "b.db")}, envOf(map[string]string{"MENTORBOT_DB": filepath.Join(dir, "missing.db")}), "there is no database at " + filepath.Join(dir, "missing.db")},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), c.args, c.env, &out, &errOut)
			if err == nil {
				t.Fatalf("backup %v succeeded: %s", c.args, out.String())
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q; want one line naming %q", msg, c.want)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "precious" {
		t.Errorf("the existing file was changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("backup created the missing database")
	}
}
