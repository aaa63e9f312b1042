package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `mentorbot restore FILE`: refused while the bot runs on the database;
// once it has stopped, the backup takes the database's place and the
// database it replaced is kept aside; what was written after the backup
// is gone from the restored one, and a /mentor forget made after it is
// made again.
func TestRestoreABackupOnceTheBotHasStopped(t *testing.T) {
	clk, sim, cfg := simAndConfig(t)
	useMigratedDB(t, cfg)
	t.Cleanup(sim.Close)
	e := &env{t: t, ctx: context.Background(), sim: sim, clock: clk, cfg: cfg, net: &fastNet{}}
	app, stop := runServe(t, e.ctx, cfg, serveOptions{Clock: clk, NetWait: e.net})
	e.app = app
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			stop(10 * time.Second)
		}
	})
	e.waitReady()
	e.pair(alice, bob)
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.settle()
	env := envOf(map[string]string{"MENTORBOT_DB": e.cfg.DB})
	backup := filepath.Join(t.TempDir(), "backup.db")
	var out, errOut bytes.Buffer
	if err := run(e.ctx, []string{"backup", backup}, env, &out, &errOut); err != nil {
		t.Fatalf("backup: %v", err)
	}
	e.cmd(bob, "/goal", "add Write the design doc by 2026-12-20")
	e.settle()
	// After the backup, bob asks to be forgotten: restored, the backup
	// must not bring his goal back.
	pgForget(e, bob)
	e.settle()

	err := run(e.ctx, []string{"restore", backup}, env, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "a mentorbot process is running on it; stop it first") {
		t.Fatalf("restore while the bot runs: %v", err)
	}
	stop(10 * time.Second)
	stopped = true
	out.Reset()
	if err := run(e.ctx, []string{"restore", backup}, env, &out, &errOut); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got := out.String(); !strings.HasPrefix(got, "restored "+backup+" to "+e.cfg.DB+"; the database it replaced is at "+e.cfg.DB+".replaced-") {
		t.Errorf("restore said %q", got)
	}
	if !strings.Contains(out.String(), "\n1 person who used /mentor forget after the backup was taken is forgotten again\n") {
		t.Errorf("restore said %q; want it to say bob was forgotten again", out.String())
	}
	if n := goalsIn(t, e.cfg.DB); n != 0 {
		t.Errorf("the restored database has %d goals of bob's, who used /mentor forget after the backup", n)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Errorf("the backup is gone: %v", err)
	}
}

// goalsIn counts the goals stored in the database at path.
func goalsIn(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM goals`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRestoreRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "m.db")
	if err := os.WriteFile(dbPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"MENTORBOT_DB": dbPath})
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"restore"}, "usage: mentorbot restore FILE"},
		{"two files", []string{"restore", "a.db", "b.db"}, "usage: mentorbot restore FILE"},
		{"a flag", []string{"restore", "-x"}, `"-x" looks like a flag`},
		{"the database itself", []string{"restore", dbPath}, "is the database itself"},
		{"a missing backup", []string{"restore", filepath.Join(dir, "none.db")}, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), c.args, env, &out, &errOut)
			if err == nil {
				t.Fatalf("restore %v succeeded: %s", c.args, out.String())
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q; want one line naming %q", msg, c.want)
			}
		})
	}
}
