package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// manifest is the Slack app manifest: Socket Mode, the three commands with
// should_escape (so mentions arrive as <@U…|name>), the scopes the bot
// actually calls, App Home and interactivity.
func manifest() map[string]any {
	cmd := func(name, desc, hint string) map[string]any {
		return map[string]any{"command": name, "description": desc, "usage_hint": hint, "should_escape": true}
	}
	return map[string]any{
		"_metadata": map[string]any{"major_version": 1, "minor_version": 1},
		"display_information": map[string]any{
			"name":             "mentorbot",
			"description":      "Runs your mentoring programme in Slack: goals, meetings, notes and gentle follow-ups.",
			"background_color": "#2c2d30",
			"long_description": "mentorbot pairs mentors and mentees, keeps SMART goals with /goal, plans meetings with reminders and agendas with /mentor meet, logs sessions and to-dos with /session, and follows up with kind, well-timed DMs. Only a pair sees its goals and notes; programme admins see counts.",
		},
		"features": map[string]any{
			"app_home": map[string]any{
				"home_tab_enabled":     true,
				"messages_tab_enabled": true,
				// Read-only would take the composer out of the bot's DM,
				// slash commands with it ("Allow users to send Slash
				// commands and messages from the messages tab"): the DM
				// is where people keep /goal and /session private.
				"messages_tab_read_only_enabled": false,
			},
			"bot_user": map[string]any{"display_name": "mentorbot", "always_online": true},
			"slash_commands": []any{
				cmd("/mentor", "Mentoring pairs, meetings, feedback and the programme", "help | pair @mentor @mentee | meet @partner weekly thu 15:00 | next | agenda …"),
				cmd("/goal", "Your SMART goals", "add TEXT [by DATE] | list | progress N PERCENT | done N | share N"),
				cmd("/session", "Log a meeting and its to-dos", "log [@partner] NOTES todo: … | list | todos | done N"),
			},
		},
		"oauth_config": map[string]any{
			"scopes": map[string]any{
				"bot": []string{
					"commands",    // the three slash commands
					"chat:write",  // DMs, replies, /goal share
					"im:write",    // conversations.open for DMs
					"im:history",  // conversations.history: find a DM sent before a crash
					"users:read",  // users.info: time zone and admin flag
					"files:write", // files.getUploadURLExternal, files.completeUploadExternal: /mentor export and report files
				},
			},
		},
		"settings": map[string]any{
			"event_subscriptions":    map[string]any{"bot_events": []string{"app_home_opened", "user_change", "message.im"}},
			"interactivity":          map[string]any{"is_enabled": true},
			"org_deploy_enabled":     false,
			"socket_mode_enabled":    true,
			"token_rotation_enabled": false,
		},
	}
}

func cmdManifest(stdout io.Writer) error {
	b, err := json.MarshalIndent(manifest(), "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	_, err = fmt.Fprintln(stdout, string(b))
	return err
}
