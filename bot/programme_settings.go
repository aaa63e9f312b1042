package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Block and action IDs of the settings modal.
const (
	blockSettingsLead   = "settings_lead"
	blockSettingsToggle = "settings_toggles"
	blockSettingsQuiet  = "settings_quiet"
	actionSettingsValue = "value"

	settingCheckins = "checkins"
	settingNudges   = "nudges"
)

// The settings modal reads an empty field as "the programme default" and
// these words as "none at all".
var settingsNone = []string{"none", "off", "no", "never", "-"}

// What the settings form's errors add, in the words of the fields' hints.
const (
	leadTimesHint = "Write at least one lead time, e.g. 24h,1h or 2d,30m — or \"none\" for no meeting reminders. Leave it empty for the programme default."
	quietHoursOff = "Write \"none\" for no quiet hours, or leave it empty for the programme default."
)

func (b *Bot) cmdSettings(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor settings` — opens a form with your reminder times, check-ins, nudges and quiet hours."), nil
	}
	if err := b.openSettings(r); err != nil {
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// openSettings opens the settings form; its refusals are openModal's,
// worded as for every other form.
func (b *Bot) openSettings(r *request) error {
	return b.openModal(r, b.settingsModal(r.user, r.channelID))
}

// programmeLeadTimes is the programme's reminder lead times as people type them.
func (b *Bot) programmeLeadTimes() string {
	if len(b.cfg.RemindBefore) == 0 {
		return "none"
	}
	return formatLeadTimes(b.cfg.RemindBefore)
}

func (b *Bot) programmeQuietHours() string {
	if q, err := datetext.ParseQuietHours(b.cfg.QuietHours); err == nil && q.Set {
		return q.String()
	}
	return "none"
}

// settingsModal shows a person's own settings. Fields left empty follow the
// programme's defaults, which the placeholders show.
func (b *Bot) settingsModal(u store.User, channel string) slack.ModalViewRequest {
	s := u.Settings
	lead := slack.NewPlainTextInputBlockElement(plain("Programme default: "+b.programmeLeadTimes()), actionSettingsValue).WithMaxLength(100)
	if s.RemindBefore != nil {
		lead = lead.WithInitialValue(ownValue(leadTimesText(*s.RemindBefore)))
	}
	leadBlock := slack.NewInputBlock(blockSettingsLead, plain("Meeting reminders, how long before"),
		plain("Lead times separated by commas, e.g. 24h,1h or 2d,30m. Leave empty for the programme default; write \"none\" for no meeting reminders."), lead)
	leadBlock.Optional = true

	// Slack refuses an option's description over 75 characters, and with
	// it the whole form.
	checkins, often := "Check-ins", "on the programme's schedule"
	if b.cfg.weeklyCheckins() {
		checkins, often = "Weekly check-ins", "once a week"
	}
	opts := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(settingCheckins, plain(checkins), plain("Your open to-dos, goals and next meeting, "+often)),
		slack.NewOptionBlockObject(settingNudges, plain("Nudges"), plain("\"How did it go?\", goal and quiet-pair reminders, feedback, good-fit check")),
	}
	boxes := slack.NewCheckboxGroupsBlockElement(actionSettingsValue, opts...)
	var initial []*slack.OptionBlockObject
	if s.CheckinsOn {
		initial = append(initial, opts[0])
	}
	if s.NudgesOn && u.NudgesStoppedAt.IsZero() {
		initial = append(initial, opts[1])
	}
	if len(initial) > 0 {
		boxes.InitialOptions = initial
	}
	toggleBlock := slack.NewInputBlock(blockSettingsToggle, plain("What I send you"), nil, boxes)
	toggleBlock.Optional = true

	quiet := slack.NewPlainTextInputBlockElement(plain("Programme default: "+b.programmeQuietHours()), actionSettingsValue).WithMaxLength(40)
	if s.QuietHours != nil {
		quiet = quiet.WithInitialValue(ownValue(*s.QuietHours))
	}
	quietLabel := "Quiet hours, in your own time zone"
	if b.zoneNote(u) != "" {
		// Without a zone in Slack, they are kept in the default's.
		quietLabel = fmt.Sprintf("Quiet hours, in %s (your Slack profile has no time zone)", b.cfg.DefaultTZ)
	}
	quietBlock := slack.NewInputBlock(blockSettingsQuiet, plain(quietLabel),
		plain("Check-ins, agenda prompts and nudges wait until they are over (meeting reminders don't). e.g. 20:00-08:00. Leave empty for the programme default; write \"none\" for no quiet hours."), quiet)
	quietBlock.Optional = true

	blocks := []slack.Block{contextText(":gear: Your own settings override the programme's defaults for what I send *you*.")}
	if !u.NudgesStoppedAt.IsZero() {
		blocks = append(blocks, section(":no_bell: Nudges to you stopped because the last three went unanswered. Tick *Nudges* and save to turn them back on."))
	}
	blocks = append(blocks, leadBlock, toggleBlock, quietBlock)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      viewSettings,
		Title:           plain("Your settings"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{Channel: channel}.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// ownValue shows a stored setting in the form: "" (none) as "none".
func ownValue(v string) string {
	if v == "" {
		return "none"
	}
	return v
}

// formatLeadTimes writes lead times as people type them, which
// datetext.ParseLeadTimes reads back: up to a week, unless in whole days,
// in hours and minutes ("24h", "1h30m", "25h": "1d 1h" read as two
// reminders, in a list where "24h,1h" is two), longer ones in weeks or
// days ("2w", "30d", "8d 12h"), never "720h".
func formatLeadTimes(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = formatLeadTime(d)
	}
	return strings.Join(parts, ",")
}

func formatLeadTime(d time.Duration) string {
	const day, week = 24 * time.Hour, 7 * 24 * time.Hour
	if d <= day || d%time.Minute != 0 || (d%day != 0 && d < week) {
		return datetext.FormatLeadTimes([]time.Duration{d})
	}
	if d%week == 0 {
		return fmt.Sprintf("%dw", d/week)
	}
	text := fmt.Sprintf("%dd", d/day)
	if rest := d % day; rest > 0 {
		text += " " + datetext.FormatLeadTimes([]time.Duration{rest})
	}
	return text
}

// leadTimesText shows stored lead times as formatLeadTimes writes them,
// including those saved before it did ("720h"); what it cannot read is
// shown as stored.
func leadTimesText(stored string) string {
	ds, err := datetext.ParseLeadTimes(stored)
	if err != nil || len(ds) == 0 {
		return stored
	}
	return formatLeadTimes(ds)
}

func isNone(s string) bool {
	return slices.Contains(settingsNone, strings.ToLower(strings.TrimSpace(s)))
}

// parseSettings reads the settings form; errors are by block ID.
func parseSettings(lead, quiet string, toggles []string) (store.Settings, map[string]string) {
	s := store.Settings{CheckinsOn: slices.Contains(toggles, settingCheckins), NudgesOn: slices.Contains(toggles, settingNudges)}
	errs := map[string]string{}
	switch {
	case strings.TrimSpace(lead) == "":
	case isNone(lead):
		s.RemindBefore = new("")
	default:
		ds, err := datetext.ParseLeadTimes(lead)
		switch {
		case err != nil:
			errs[blockSettingsLead] = esc(userText(err)) // it quotes what was typed
		case len(ds) == 0:
			// Only commas: not taken as "none", which has to be written
			// out to turn every reminder off.
			errs[blockSettingsLead] = leadTimesHint
		case len(ds) > 5:
			errs[blockSettingsLead] = "Five reminders per meeting are plenty; please give at most five lead times."
		default:
			s.RemindBefore = new(formatLeadTimes(ds))
		}
	}
	switch {
	case strings.TrimSpace(quiet) == "":
	case isNone(quiet):
		s.QuietHours = new("")
	default:
		q, err := datetext.ParseQuietHours(quiet)
		if err != nil {
			errs[blockSettingsQuiet] = esc(userText(err)) + " " + quietHoursOff
		} else {
			s.QuietHours = new(q.String())
		}
	}
	return s, errs
}

// userText is the message of a parsing error written for people.
func userText(err error) string {
	if um, ok := err.(userMessenger); ok {
		return um.UserMessage()
	}
	return err.Error()
}

func (b *Bot) submitSettings(r *request, cb slack.InteractionCallback) (viewReply, error) {
	s, errs := parseSettings(input(cb, blockSettingsLead, actionSettingsValue), input(cb, blockSettingsQuiet, actionSettingsValue),
		inputs(cb, blockSettingsToggle, actionSettingsValue))
	if len(errs) > 0 {
		return viewReply{Errors: errs}, nil
	}
	if err := b.db.SaveSettings(r.ctx, r.user.ID, s); err != nil {
		return viewReply{}, err
	}
	b.userChanged(r.ctx, r.user.ID)
	b.refreshHome(r.ctx, r.user.ID)
	if s.NudgesOn {
		b.nudgesBackOn(r.ctx, r.user.ID)
	}
	return viewReply{Confirm: &reply{Text: ":gear: Saved. " + b.describeSettings(s, b.zoneNote(r.user) != "")}}, nil
}

// nudgesOnNotice marks a notice that nudges stopped edited to say they are
// back on, so that it is edited once.
const nudgesOnNotice = "nudges on"

// nudgesBackOn edits, after the ack, the notices sent to user that their
// nudges stopped (scheduler.KindNudgesStopped), with nudges on again: they
// would go on saying nudges are stopped and how to turn them on. One still
// to go is no longer sent (renderNudgesStopped).
func (b *Bot) nudgesBackOn(ctx context.Context, user string) {
	later(ctx, func() {
		ctx := b.detach(ctx)
		sent, err := b.db.SentPersonDMs(ctx, user, []string{scheduler.KindNudgesStopped}, time.Time{})
		if err != nil {
			b.log.Warn("notices of stopped nudges to edit", "user", user, "err", err)
			return
		}
		text := ":bell: Nudges are back on: you turned them on again in `/mentor settings`, where you can turn them off any time."
		for _, n := range sent {
			if n.LastError != "" || n.Channel == "" || n.TS == "" {
				continue
			}
			if err := b.editMessage(ctx, n.Channel, n.TS, textReply("%s", text)); err != nil {
				continue // logged there
			}
			if err := b.db.MarkOutdated(ctx, n.ID, nudgesOnNotice); err != nil {
				b.log.Warn("mark a notice of stopped nudges edited", "key", n.Key, "err", err)
			}
		}
	})
}

// describeSettings says in one paragraph what a person's settings mean.
// defaulted: the reader's times are kept in the programme's default zone.
func (b *Bot) describeSettings(s store.Settings, defaulted bool) string {
	var parts []string
	switch {
	case s.RemindBefore == nil:
		parts = append(parts, fmt.Sprintf("Meeting reminders: the programme default (%s before).", b.programmeLeadTimes()))
	case *s.RemindBefore == "":
		parts = append(parts, "Meeting reminders: none.")
	default:
		parts = append(parts, fmt.Sprintf("Meeting reminders: %s before.", leadTimesText(*s.RemindBefore)))
	}
	onOff := func(on bool) string {
		if on {
			return "on"
		}
		return "off"
	}
	parts = append(parts, fmt.Sprintf("Check-ins: %s. Nudges: %s.", onOff(s.CheckinsOn), onOff(s.NudgesOn)))
	switch {
	case s.QuietHours == nil:
		parts = append(parts, fmt.Sprintf("Quiet hours: the programme default (%s).", b.programmeQuietHours()))
	case *s.QuietHours == "":
		parts = append(parts, "Quiet hours: none.")
	default:
		zone := "your time zone"
		if defaulted {
			zone = fmt.Sprintf("%s, the programme's default, as your Slack profile has no time zone", b.cfg.DefaultTZ)
		}
		parts = append(parts, fmt.Sprintf("Quiet hours: %s in %s.", *s.QuietHours, zone))
	}
	return strings.Join(parts, " ") + " Change them any time with `/mentor settings`."
}
