package main

import (
	"fmt"
	"net"
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
		BotToken:        getenv("SLACK_BOT_TOKEN"),
		AppToken:        getenv("SLACK_APP_TOKEN"),
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
	api := get("SLACK_API_URL", slackAPIDefault)
	if !strings.HasPrefix(api, "http://") && !strings.HasPrefix(api, "https://") {
		return c, &configError{"SLACK_API_URL", api, "must be an http:// or https:// URL"}
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
	rb := get("MENTORBOT_REMIND_BEFORE", "24h,1h")
	if c.RemindBefore, err = datetext.ParseLeadTimes(rb); err != nil {
		return c, &configError{"MENTORBOT_REMIND_BEFORE", rb, "want comma-separated Go durations like 24h,1h"}
	}
	if c.AgendaPromptBefore, err = parseDuration("MENTORBOT_AGENDA_PROMPT_BEFORE", get("MENTORBOT_AGENDA_PROMPT_BEFORE", "48h")); err != nil {
		return c, err
	}
	if c.FollowupAfter, err = parseDuration("MENTORBOT_FOLLOWUP_AFTER", get("MENTORBOT_FOLLOWUP_AFTER", "1h")); err != nil {
		return c, err
	}
	if _, err := cron.ParseStandard(c.CheckinSchedule); err != nil {
		return c, &configError{"MENTORBOT_CHECKIN_SCHEDULE", c.CheckinSchedule, "not a cron spec: " + err.Error()}
	}
	if strings.Contains(c.CheckinSchedule, "TZ=") {
		return c, &configError{"MENTORBOT_CHECKIN_SCHEDULE", c.CheckinSchedule, "leave out CRON_TZ/TZ: the spec is read in each user's own time zone"}
	}
	c.QuietHours = "20:00-08:00"
	if v, ok := env("MENTORBOT_QUIET_HOURS"); ok {
		c.QuietHours = strings.TrimSpace(v)
	}
	if _, err := datetext.ParseQuietHours(c.QuietHours); err != nil {
		return c, &configError{"MENTORBOT_QUIET_HOURS", c.QuietHours, "want HH:MM-HH:MM, e.g. 20:00-08:00, or empty to turn it off"}
	}
	tz := get("MENTORBOT_DEFAULT_TZ", "UTC")
	if c.DefaultTZ, err = time.LoadLocation(tz); err != nil {
		return c, &configError{"MENTORBOT_DEFAULT_TZ", tz, "not an IANA time zone like Europe/Berlin"}
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return c, &configError{"MENTORBOT_HTTP_ADDR", c.HTTPAddr, "want host:port, e.g. :8080"}
	}
	return c, nil
}

func parseDuration(name, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, &configError{name, v, "want a Go duration like 48h, 90m or 1h30m"}
	}
	return d, nil
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

// schedulerConfig is the programme's timing, for the scheduler.
func (c config) schedulerConfig() scheduler.Config {
	return scheduler.Config{RemindBefore: c.RemindBefore, AgendaPromptBefore: c.AgendaPromptBefore,
		FollowupAfter: c.FollowupAfter, CheckinSchedule: c.CheckinSchedule, QuietHours: c.QuietHours, DefaultTZ: c.DefaultTZ}
}
