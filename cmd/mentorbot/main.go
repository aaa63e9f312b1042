// Command mentorbot runs the mentorbot Slack bot and its tools.
//
//	mentorbot [run]            the bot (Socket Mode); the default
//	mentorbot playground       the bot against a built-in Slack simulator, in a browser
//	mentorbot manifest         the Slack app manifest
//	mentorbot migrate          apply database migrations and exit
//	mentorbot backup FILE      a consistent copy of the database, while it runs
//	mentorbot bench            measured figures of speed and scale
//	mentorbot health           whether the running bot is ready (its /healthz)
//	mentorbot version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	_ "time/tzdata" // users' zones work on hosts and images without zoneinfo

	"github.com/mentorbot/mentorbot/store"
)

func main() {
	// The first signal starts a shutdown that waits for in-flight work,
	// up to its Slack timeouts when Slack is stuck; from then on a second
	// one stops the process at once, as Ctrl+C twice does elsewhere. The
	// signals go back to their default action before the shutdown begins:
	// after it (signal.NotifyContext's stop, called on Done), a second
	// signal sent as soon as the shutdown was logged could still be caught
	// and dropped.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		signal.Stop(sigs)
		cancel()
	}()
	err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "mentorbot:", err)
	os.Exit(1)
}

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func versionString() string {
	v := version
	if v == "" {
		v = "dev"
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return v
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		// Built from a checkout: the commit go build stamped, so that a
		// report of "dev" can still say which code it was.
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) >= 12 {
			v += " (" + rev[:12] + dirty + ")"
		}
	}
	return v
}

const usage = `usage: mentorbot [command]

commands:
  run                     run the bot over Socket Mode (the default)
  playground [-addr A]    the bot against a built-in Slack simulator, in your browser
  manifest                print the Slack app manifest
  migrate                 apply database migrations and exit
  backup FILE             write a consistent copy of the database, even while it runs
  restore FILE            put a backup in the database's place (stop the bot first)
  bench [-quick]          measure speed and scale; prints a table and JSON
  health                  exit 0 if the running bot's /healthz says ready (for HEALTHCHECK)
  version                 print the version

Configuration comes from the environment (see README.md):
  SLACK_BOT_TOKEN                 xoxb-… bot token (required for run)
  SLACK_APP_TOKEN                 xapp-… app-level token with connections:write (required for run)
  SLACK_API_URL                   base URL of the Web API (default Slack's own)
  MENTORBOT_DB                    SQLite file (default mentorbot.db)
  MENTORBOT_ADMINS                comma-separated Slack user IDs of programme admins
  MENTORBOT_REMIND_BEFORE         meeting reminder lead times (default 24h,1h)
  MENTORBOT_AGENDA_PROMPT_BEFORE  when the mentee is asked for agenda items (default 48h)
  MENTORBOT_FOLLOWUP_AFTER        the "how did it go?" after a meeting ends (default 1h)
  MENTORBOT_CHECKIN_SCHEDULE      weekly check-in, cron, in each user's zone (default "0 9 * * MON")
  MENTORBOT_QUIET_HOURS           user-local hours when nudges wait; empty for none (default 20:00-08:00)
  MENTORBOT_DEFAULT_TZ            zone of users without one (default UTC)
  MENTORBOT_HTTP_ADDR             /healthz and /metrics (default :8080)
  MENTORBOT_LOG_LEVEL             DEBUG, INFO, WARN or ERROR (default INFO)
  MENTORBOT_SOCKET_CONNECTIONS    Socket Mode connections, 1 to 10 (default 1; 2 rides out Slack's refreshes)
`

// backupUsage is what backup -h prints.
const backupUsage = `usage: mentorbot backup FILE

Writes a consistent copy of the database (MENTORBOT_DB) to FILE, even while
the bot runs. FILE must not exist yet; the copy is readable by its owner only.
`

// run is main without the process: tests call it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	sub := "run"
	if len(args) > 0 && isHelp(args[0]) {
		sub, args = "help", args[1:]
	} else if len(args) > 0 && (args[0] == "-version" || args[0] == "--version") {
		sub, args = "version", args[1:]
	} else if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	// Help asked of a subcommand without flags of its own is the usage.
	switch sub {
	case "manifest", "migrate", "version", "health":
		if len(args) == 1 && isHelp(args[0]) {
			sub = "help"
		}
	}
	err := runSub(ctx, sub, args, trimLineEndings(env), stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		// The flag set printed the usage asked for: that is no failure
		// (exit status 0, as with -h alone).
		return nil
	}
	return err
}

// trimLineEndings is env without a carriage return or line feed at the
// end of a value: an env file saved on Windows leaves one on every value,
// never meant, and invisible in a file name it would end up in.
func trimLineEndings(env func(string) (string, bool)) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env(k)
		return strings.TrimRight(v, "\r\n"), ok
	}
}

func runSub(ctx context.Context, sub string, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	switch sub {
	case "run":
		return cmdRun(ctx, args, env, stdout, stderr)
	case "playground":
		return cmdPlayground(ctx, args, env, stdout, stderr)
	case "manifest":
		if len(args) > 0 {
			return fmt.Errorf("manifest takes no arguments (got %q)", args)
		}
		return cmdManifest(stdout)
	case "migrate":
		if len(args) > 0 {
			return fmt.Errorf("migrate takes no arguments (got %q); the database is MENTORBOT_DB", args)
		}
		return cmdMigrate(ctx, env, stdout)
	case "backup":
		return cmdBackup(ctx, args, env, stdout)
	case "restore":
		return cmdRestore(ctx, args, env, stdout, stderr)
	case "bench":
		return cmdBench(ctx, args, env, stdout, stderr)
	case "health":
		return cmdHealth(ctx, args, env, stdout)
	case benchBotCommand:
		return cmdBenchBot(ctx, args, env, stderr)
	case "version":
		if len(args) > 0 {
			return fmt.Errorf("version takes no arguments (got %q)", args)
		}
		fmt.Fprintln(stdout, "mentorbot", versionString())
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", sub)
}

// openDB opens the configured database. A file that is no database, or
// cannot be opened or created, stops the command with a line naming
// MENTORBOT_DB, as a bad value of a variable must; other failures (a lock
// held too long, a failed migration) are not the value's fault.
func openDB(ctx context.Context, path string, o store.Options) (*store.DB, error) {
	db, err := store.Open(ctx, path, o)
	if err != nil {
		if badDatabaseFile(err) {
			return nil, &configError{"MENTORBOT_DB", path, "cannot open it as mentorbot's database: " + err.Error()}
		}
		return nil, err
	}
	return db, nil
}

// badDatabaseFile reports whether err says the database's file itself is
// wrong: missing a directory, not allowed, a directory, or not a database.
func badDatabaseFile(err error) bool {
	if errors.Is(err, store.ErrNotOurDatabase) {
		return true
	}
	var pe *fs.PathError
	return errors.As(err, &pe) || store.IsBadFile(err)
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

func cmdMigrate(ctx context.Context, env func(string) (string, bool), stdout io.Writer) error {
	cfg, err := loadConfig(env, false)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB, store.Options{NoMigrate: true})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "%s is up to date (schema version %d)\n", cfg.DB, store.SchemaVersion())
		return nil
	}
	fmt.Fprintf(stdout, "%s: applied %s; schema version %d\n", cfg.DB, strings.Join(applied, ", "), store.SchemaVersion())
	return nil
}

func cmdBackup(ctx context.Context, args []string, env func(string) (string, bool), stdout io.Writer) error {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, backupUsage)
		return nil
	}
	if len(args) != 1 || args[0] == "" {
		return errors.New("usage: mentorbot backup FILE")
	}
	if strings.HasPrefix(args[0], "-") {
		// A flag mistaken for a file would be a stray copy of everybody's
		// notes under an awkward name.
		return fmt.Errorf("backup: %q looks like a flag, not a file; for a file of that name write ./%s", args[0], args[0])
	}
	if _, err := os.Stat(args[0]); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", args[0])
	}
	if dir := filepath.Dir(args[0]); !isDir(dir) {
		return fmt.Errorf("backup: directory %s does not exist; create it or choose another place", dir)
	}
	cfg, err := loadConfig(env, false)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DB); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: there is no database at %s (MENTORBOT_DB)", cfg.DB)
	} else if err != nil {
		return fmt.Errorf("backup: database %s: %w", cfg.DB, err)
	}
	// A backup copies the database as it is: it never migrates it, even
	// when the running bot is older than this binary.
	db, err := openDB(ctx, cfg.DB, store.Options{NoMigrate: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a consistent copy of %s to %s\n", cfg.DB, args[0])
	return nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
