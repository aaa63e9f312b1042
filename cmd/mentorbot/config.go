package main

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
)

// config is the whole configuration, read from the environment.
type config struct {
	BotToken           string
	AppToken           string
	APIURL             string // with a trailing slash, as slack-go wants
	DB                 string
	Admins             []string
	RemindBefore       []time.Duration
	AgendaPromptBefore time.Duration
	FollowupAfter      time.Duration
	CheckinSchedule    string
	QuietHours         string
	DefaultTZ          *time.Location
	HTTPAddr           string
	// SocketConns is how many Socket Mode connections the bot keeps open
	// (MENTORBOT_SOCKET_CONNECTIONS, 1 to 10; bot.Options.Sockets).
	SocketConns int
}

// configError names the variable and the value that stopped start-up.
type configError struct {
	Var, Value, Why string
}

func (e *configError) Error() string {
	return fmt.Sprintf("invalid %s=%q: %s", e.Var, e.Value, e.Why)
}

const slackAPIDefault = "https://slack.com/api/"

// loadConfig reads the configuration from env (os.LookupEnv in
// production); needTokens is true for `run`. An empty variable means its
// default, except MENTORBOT_QUIET_HOURS, where empty turns quiet hours off.
func loadConfig(env func(string) (string, bool), needTokens bool) (config, error) {
	getenv := func(k string) string { v, _ := env(k); return v }
	get := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := config{
		// A token has no spaces: one with a stray space or line ending (an
		// env file saved on Windows) is still the token, and would be
		// refused by Slack behind a redacted value that hides why.
		BotToken:        strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:        strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		DB:              get("MENTORBOT_DB", "mentorbot.db"),
		CheckinSchedule: get("MENTORBOT_CHECKIN_SCHEDULE", "0 9 * * MON"),
		HTTPAddr:        get("MENTORBOT_HTTP_ADDR", ":8080"),
	}
	if needTokens {
		if c.BotToken == "" {
			return c, &configError{"SLACK_BOT_TOKEN", "", "required: the xoxb-… bot token from your Slack app's OAuth page"}
		}
		if !strings.HasPrefix(c.BotToken, "xoxb-") {
			return c, &configError{"SLACK_BOT_TOKEN", redact(c.BotToken), "must be a bot token starting with xoxb-"}
		}
		if c.AppToken == "" {
			return c, &configError{"SLACK_APP_TOKEN", "", "required: an xapp-… app-level token with connections:write"}
		}
		if !strings.HasPrefix(c.AppToken, "xapp-") {
			return c, &configError{"SLACK_APP_TOKEN", redact(c.AppToken), "must be an app-level token starting with xapp-"}
		}
	}
	if strings.TrimSpace(c.DB) != c.DB {
		// A stray space in an env file: started again without it, the bot
		// would open another, empty database, and the data look lost.
		return c, &configError{"MENTORBOT_DB", c.DB, "starts or ends with a space; a file name like that is almost surely a typo"}
	}
	if c.DB == ":memory:" || strings.HasPrefix(c.DB, "file:") {
		// SQLite would take either, and give each connection a database
		// of its own, or read options from the name: the bot would say it
		// was ready while nothing it stored was there to read.
		return c, &configError{"MENTORBOT_DB", c.DB, "must be the path of a file, like /data/mentorbot.db"}
	}
	if dir := filepath.Dir(c.DB); !isDir(dir) {
		return c, &configError{"MENTORBOT_DB", c.DB, fmt.Sprintf("directory %s does not exist", dir)}
	}
	api := get("SLACK_API_URL", slackAPIDefault)
	if u, err := url.Parse(api); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, &configError{"SLACK_API_URL", api, "must be an http:// or https:// URL with a host, like https://slack.com/api/"}
	}
	c.APIURL = strings.TrimRight(api, "/") + "/"

	for _, a := range strings.Split(getenv("MENTORBOT_ADMINS"), ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if !validUserID(a) {
			return c, &configError{"MENTORBOT_ADMINS", getenv("MENTORBOT_ADMINS"), fmt.Sprintf("%q is not a Slack user ID (like U012AB3CD)", a)}
		}
		c.Admins = append(c.Admins, a)
	}
	var err error
	if c.RemindBefore, err = parseLeadTimes("MENTORBOT_REMIND_BEFORE", get("MENTORBOT_REMIND_BEFORE", "24h,1h")); err != nil {
		return c, err
	}
	// 0 turns agenda prompts off; a prompt further ahead than a month would
	// come before most meetings are even set.
	if c.AgendaPromptBefore, err = parseDuration("MENTORBOT_AGENDA_PROMPT_BEFORE", get("MENTORBOT_AGENDA_PROMPT_BEFORE", "48h"), 0, 30*day); err != nil {
		return c, err
	}
	if c.AgendaPromptBefore > 0 && c.AgendaPromptBefore < time.Minute {
		// Meetings are set to the minute, as are the reminders' leads.
		return c, &configError{"MENTORBOT_AGENDA_PROMPT_BEFORE", getenv("MENTORBOT_AGENDA_PROMPT_BEFORE"), "want 0 (no agenda prompts) or a duration from 1 minute to 30 days"}
	}
	if c.FollowupAfter, err = parseDuration("MENTORBOT_FOLLOWUP_AFTER", get("MENTORBOT_FOLLOWUP_AFTER", "1h"), 0, 7*day); err != nil {
		return c, err
	}
	if err := checkCheckinSchedule(c.CheckinSchedule); err != nil {
		return c, err
	}
	c.QuietHours = "20:00-08:00"
	if v, ok := env("MENTORBOT_QUIET_HOURS"); ok {
		c.QuietHours = strings.TrimSpace(v)
	}
	if _, err := datetext.ParseQuietHours(c.QuietHours); err != nil {
		why := "want HH:MM-HH:MM, e.g. 20:00-08:00, or empty to turn it off"
		if from, to, ok := strings.Cut(c.QuietHours, "-"); ok && sameClock(from, to) {
			why = "they start where they end: give a span, e.g. 20:00-08:00, or empty to turn them off"
		}
		return c, &configError{"MENTORBOT_QUIET_HOURS", c.QuietHours, why}
	}
	tz := strings.TrimSpace(get("MENTORBOT_DEFAULT_TZ", "UTC")) // names have no spaces
	if c.DefaultTZ, err = time.LoadLocation(tz); err != nil || tz == "Local" {
		return c, &configError{"MENTORBOT_DEFAULT_TZ", tz, "not an IANA time zone like Europe/Berlin"}
	}
	_, port, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil {
		return c, &configError{"MENTORBOT_HTTP_ADDR", c.HTTPAddr, "want host:port, e.g. :8080"}
	}
	// A port is checked here, not first when it is listened on, after a
	// call to Slack: one line, before anything else happens.
	if _, err := net.LookupPort("tcp", port); err != nil {
		return c, &configError{"MENTORBOT_HTTP_ADDR", c.HTTPAddr, "the port must be a number from 0 to 65535 (0 picks a free one), e.g. :8080"}
	}
	c.SocketConns = 1
	if v := strings.TrimSpace(getenv("MENTORBOT_SOCKET_CONNECTIONS")); v != "" {
		// Slack allows an app ten connections at once.
		if c.SocketConns, err = strconv.Atoi(v); err != nil || c.SocketConns < 1 || c.SocketConns > 10 {
			return c, &configError{"MENTORBOT_SOCKET_CONNECTIONS", v, "want a number from 1 to 10 (Slack allows ten)"}
		}
	}
	if _, err := logLevel(env, slog.LevelInfo); err != nil {
		return c, err
	}
	return c, nil
}

const day = 24 * time.Hour

// compactDuration is a Go duration that may also count days and weeks
// (2d, 1w, 1d12h), as the settings form and earlier releases read them.
var compactDuration = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(w|d|h|m|s|ms))+$`)

// parseDuration reads a Go duration (or one with days and weeks) from lo
// to hi.
func parseDuration(name, v string, lo, hi time.Duration) (time.Duration, error) {
	t := strings.TrimSpace(v)
	d, err := time.ParseDuration(t)
	if err != nil && compactDuration.MatchString(t) {
		d, err = datetext.ParseDuration(t)
	}
	if err != nil {
		return 0, &configError{name, v, "want a Go duration like 48h, 90m or 1h30m (2d and 1w work too)"}
	}
	if d < lo || d > hi {
		return 0, &configError{name, v, fmt.Sprintf("want a duration from %s to %s", spell(lo), spell(hi))}
	}
	return d, nil
}

// parseLeadTimes reads comma-separated Go durations, each from a minute to
// 30 days, at least one; duplicates count once, longest first.
func parseLeadTimes(name, v string) ([]time.Duration, error) {
	var out []time.Duration
	for part := range strings.SplitSeq(v, ",") {
		d, err := parseDuration(name, part, time.Minute, 30*day)
		if err != nil {
			var ce *configError
			if strings.TrimSpace(part) == "" {
				return nil, &configError{name, v, "want comma-separated Go durations like 24h,1h, with no empty item"}
			}
			if errors.As(err, &ce) {
				ce.Value, ce.Why = v, fmt.Sprintf("%q: %s", strings.TrimSpace(part), ce.Why)
			}
			return nil, err
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return out, nil
}

// checkCheckinSchedule accepts a calendar cron spec that fires, and at most
// once a day: it is read in each user's own zone, and a check-in is weekly
// by nature ("@every 1h" would message everyone every hour).
func checkCheckinSchedule(spec string) error {
	bad := func(why string) error { return &configError{"MENTORBOT_CHECKIN_SCHEDULE", spec, why} }
	if strings.Contains(spec, "TZ=") {
		return bad("leave out CRON_TZ/TZ: the spec is read in each user's own time zone")
	}
	if strings.HasPrefix(strings.TrimSpace(spec), "@every") {
		return bad("want a calendar spec like 0 9 * * MON, not @every: check-ins follow each user's clock")
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		// robfig/cron's errors speak of its parser ("failed to parse int
		// from FUNDAY: strconv.Atoi: …"); the person who set the value
		// wants to know which part is wrong and what goes there.
		return bad(explainCronSpec(spec) + "; want a cron spec of five fields like \"0 9 * * MON\" (minute hour day-of-month month day-of-week)")
	}
	// A fixed reference keeps the verdict the same on every start.
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := sched.Next(at)
	if first.IsZero() || first.Sub(at) > 4*366*day { // 29 February fires
		return bad("it never fires (no such date)")
	}
	for prev, n := first, 0; n < 400; n++ {
		next := sched.Next(prev)
		if next.IsZero() || next.Sub(first) > 8*day {
			break
		}
		if next.Sub(prev) < 23*time.Hour {
			return bad("it fires more than once a day; a check-in is at most daily, e.g. 0 9 * * MON")
		}
		prev = next
	}
	return nil
}

// cronFields are the five fields of a standard cron spec, in order, with
// what robfig/cron accepts in each.
var cronFields = []struct {
	what   string // "a minute (0 to 59)": what one value must be
	lo, hi int
	names  []string // accepted names (any case), for lo, lo+1, …
}{
	{"a minute (0 to 59)", 0, 59, nil},
	{"an hour (0 to 23)", 0, 23, nil},
	{"a day of the month (1 to 31)", 1, 31, nil},
	{"a month (1 to 12, or JAN to DEC)", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{"a day of the week (0 to 6 from Sunday, or SUN to SAT)", 0, 6, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

// explainCronSpec says, in a sentence, what is wrong with a spec
// robfig/cron refused: the number of fields, or the first value that is
// not what its field takes.
func explainCronSpec(spec string) string {
	fields := strings.Fields(spec)
	switch {
	case len(fields) == 0:
		return "it is empty"
	case len(fields) == 1 && strings.HasPrefix(fields[0], "@"):
		return fmt.Sprintf("%q is not a schedule name (@weekly, @daily, @monthly and @yearly are)", fields[0])
	case len(fields) != len(cronFields):
		return fmt.Sprintf("it has %d fields, not five", len(fields))
	}
	for i, f := range fields {
		if why := explainCronField(f, i); why != "" {
			return why
		}
	}
	return fmt.Sprintf("%q is not a schedule", spec) // robfig/cron refused what we could not fault
}

// explainCronField says what is wrong with field f, the i-th of a spec
// (a comma-separated list of *, values, ranges A-B, each with an optional
// /STEP), or "" when nothing is.
func explainCronField(f string, i int) string {
	spec := cronFields[i]
	value := func(v string) (int, string) {
		for n, name := range spec.names {
			if strings.EqualFold(v, name) {
				return spec.lo + n, ""
			}
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < spec.lo || n > spec.hi {
			return 0, fmt.Sprintf("%q is not %s", v, spec.what)
		}
		return n, ""
	}
	for item := range strings.SplitSeq(f, ",") {
		rng, step, stepped := strings.Cut(item, "/")
		if stepped {
			if n, err := strconv.Atoi(step); err != nil || n < 1 {
				return fmt.Sprintf("in %q, the step after / must be a whole number from 1", f)
			}
		}
		if rng == "*" || rng == "?" {
			continue
		}
		ends := strings.Split(rng, "-")
		if len(ends) > 2 {
			return fmt.Sprintf("%q is not a range: one from A to B is written A-B", item)
		}
		var at [2]int
		for k, v := range ends {
			if v == "" { // "-1", "5-": a value left out, or a negative one
				return fmt.Sprintf("%q is not %s", item, spec.what)
			}
			n, why := value(v)
			if why != "" {
				return why
			}
			at[k] = n
		}
		if len(ends) == 2 && at[0] > at[1] {
			return fmt.Sprintf("the range %q runs backwards", rng)
		}
	}
	return ""
}

// spell writes a duration the way people write one: 30d, 1m, 0.
func spell(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d%day == 0:
		return fmt.Sprintf("%dd", d/day)
	}
	return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m")
}

func validUserID(s string) bool {
	if len(s) < 3 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func redact(tok string) string {
	if len(tok) <= 8 {
		return tok
	}
	return tok[:5] + "…"
}

// sameClock reports whether a and b are the same time of day.
func sameClock(a, b string) bool {
	ah, am, err1 := datetext.ParseClock(strings.TrimSpace(a))
	bh, bm, err2 := datetext.ParseClock(strings.TrimSpace(b))
	return err1 == nil && err2 == nil && ah == bh && am == bm
}

// schedulerConfig is the programme's timing, for the scheduler.
func (c config) schedulerConfig() scheduler.Config {
	return scheduler.Config{RemindBefore: c.RemindBefore, AgendaPromptBefore: c.AgendaPromptBefore,
		FollowupAfter: c.FollowupAfter, CheckinSchedule: c.CheckinSchedule, QuietHours: c.QuietHours, DefaultTZ: c.DefaultTZ}
}
