package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// restoreUsage is what restore -h prints.
const restoreUsage = `usage: mentorbot restore FILE

Puts the backup FILE (written by mentorbot backup) in the place of the
database (MENTORBOT_DB). Stop the bot first. The database it replaces is
moved aside, with its write-ahead log, to MENTORBOT_DB.replaced-TIME, so
nothing it held is lost. FILE itself is left as it is.
`

func cmdRestore(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, restoreUsage)
		return nil
	}
	if len(args) != 1 || args[0] == "" {
		return errors.New("usage: mentorbot restore FILE")
	}
	if strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("restore: %q looks like a flag, not a file; for a file of that name write ./%s", args[0], args[0])
	}
	cfg, err := loadConfig(env, false)
	if err != nil {
		return err
	}
	if same, err := sameFile(args[0], cfg.DB); err == nil && same {
		return fmt.Errorf("restore: %s is the database itself (MENTORBOT_DB); name a backup", args[0])
	}
	r, err := store.Restore(ctx, args[0], cfg.DB, time.Now())
	if err != nil {
		return err
	}
	switch {
	case strings.HasSuffix(r.Aside, "-wal"):
		fmt.Fprintf(stdout, "restored %s to %s; a write-ahead log left there without its database was moved to %s\n", args[0], cfg.DB, r.Aside)
	case r.Aside != "":
		fmt.Fprintf(stdout, "restored %s to %s; the database it replaced is at %s\n", args[0], cfg.DB, r.Aside)
	default:
		fmt.Fprintf(stdout, "restored %s to %s\n", args[0], cfg.DB)
	}
	if r.Unsettled != nil {
		fmt.Fprintf(stderr, "note: %v. Each DM pending in the backup and due within the hour is looked for in Slack before it goes "+
			"(Slack allows about 50 such reads a minute); a DM planned after the backup was taken (an old backup) may go a second time.\n", r.Unsettled)
	}
	if r.ForgetUnknown != nil {
		fmt.Fprintf(stderr, "warning: %v. Anyone who used /mentor forget after the backup was taken may be back in the restored database%s.\n",
			r.ForgetUnknown, asideRecord(r))
	}
	switch {
	case r.ForgottenAgain == 1:
		fmt.Fprintln(stdout, "1 person who used /mentor forget after the backup was taken is forgotten again")
	case r.ForgottenAgain > 1:
		fmt.Fprintf(stdout, "%d people who used /mentor forget after the backup was taken are forgotten again\n", r.ForgottenAgain)
	}
	return nil
}

// sameFile reports whether a and b name one file.
func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// asideRecord points at the database moved aside when it is the one
// record of who used /mentor forget (it could not be read here).
func asideRecord(r store.Restored) string {
	if r.Aside == "" || strings.HasSuffix(r.Aside, "-wal") || !errors.Is(r.ForgetUnknown, store.ErrReplacedUnreadable) {
		return ""
	}
	return "; the database moved aside (" + r.Aside + "), damaged, is the only record of who used it"
}
