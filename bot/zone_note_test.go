package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Where times are read in the programme's default zone, the scheduling
// help and the move form say so rather than "your time zone".
func TestDefaultZoneIsSaidWhereTimesAreTyped(t *testing.T) {
	note := "_Your Slack profile has no time zone, so I read the times you type in UTC, the programme's default._"
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	help := homeMeetHelp(homeMeetInfo{partner: "UALICE", handle: "@alice", now: now, loc: time.UTC, zoneNote: note})
	if !strings.Contains(help, note) || strings.Contains(help, "read in your time zone") {
		t.Errorf("the scheduling help: %q", help)
	}
	if help := homeMeetHelp(homeMeetInfo{partner: "UALICE", handle: "@alice", now: now, loc: time.UTC}); !strings.Contains(help, "Times are read in your time zone") {
		t.Errorf("the scheduling help for someone with a zone: %q", help)
	}
	for defaulted, want := range map[bool]string{
		true:  "In UTC, the programme's default: your Slack profile has no time zone.",
		false: "In your time zone, UTC.",
	} {
		raw, err := json.Marshal(moveModal("UALICE", now.Add(48*time.Hour), time.UTC, modalMeta{ID: 1}, defaulted))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), want) {
			t.Errorf("the move form (defaulted %v) lacks %q: %s", defaulted, want, raw)
		}
	}
}

// The settings form's quiet hours say in which zone they are kept.
func TestSettingsQuietHoursSayTheZone(t *testing.T) {
	b := &Bot{cfg: Config{Config: scheduler.Config{DefaultTZ: time.UTC}}}
	for tz, want := range map[string]string{
		"":              "Quiet hours, in UTC (your Slack profile has no time zone)",
		"Europe/Berlin": "Quiet hours, in your own time zone",
	} {
		raw, err := json.Marshal(b.settingsModal(store.User{ID: "U1", TZ: tz, Settings: store.DefaultSettings()}, "D1"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), want) {
			t.Errorf("zone %q: the settings form lacks %q", tz, want)
		}
	}
}
