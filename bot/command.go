package bot

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// request is one person's command, button or modal submission, with what
// every handler needs: who asks, their profile and zone, and one "now".
type request struct {
	ctx       context.Context
	b         *Bot
	user      store.User
	admin     bool
	loc       *time.Location
	now       time.Time
	command   string // "/mentor", "/goal", "/session"
	text      string // the command's text as Slack sent it (namedUnknown)
	sub       string // the subcommand being run, e.g. "next"
	reads     bool   // it only reads (subcommand.reads; usage and help too)
	channelID string
	triggerID string
	respURL   string
	// pressed is the ts of the message whose button was pressed, which
	// the press's answer replaces: redraws of what the press changed
	// leave it to that answer.
	pressed string
	// typedAt is when the command was typed, for one a "which pair?"
	// button runs later (rerun.At); zero when it is now. typed reads it.
	typedAt time.Time
}

// typed is when the command was typed: now, or for one run by a "which
// pair?" button, when it was first typed, so that "today" is the day it
// was typed on (a session logged a day later is held the day it was
// typed).
func (r *request) typed() time.Time {
	if !r.typedAt.IsZero() {
		return r.typedAt
	}
	return r.now
}

// reply is what a handler answers; ephemeral unless InChannel.
type reply struct {
	Text      string
	Blocks    []slack.Block
	InChannel bool
	// Silent: the handler answered another way (it opened a modal).
	Silent bool
}

func textReply(format string, args ...any) reply { return reply{Text: fmt.Sprintf(format, args...)} }

// handler runs a subcommand with the text after its name.
type handler func(r *request, args string) (reply, error)

// subcommand is one entry of a command's table.
type subcommand struct {
	run   handler
	usage string // one line for the help text, "" to leave it out
	// adminUsage, when set, is the line admins see instead: the
	// subcommand does more for them.
	adminUsage string
	admin      bool // admins only
	// reads: it never writes, so a redelivery of it has nothing to find
	// (dedup.go) and is simply answered again.
	reads bool
}

// commandTable returns every subcommand of every slash command. Each
// feature file contributes its own entries. The table never changes: it
// is built at the first command.
func (b *Bot) commandTable() map[string]map[string]subcommand {
	b.commandsOnce.Do(func() { b.commands = b.buildCommandTable() })
	return b.commands
}

func (b *Bot) buildCommandTable() map[string]map[string]subcommand {
	mentor := map[string]subcommand{}
	for _, part := range []map[string]subcommand{b.pairCommands(), b.meetingCommands(), b.programmeCommands(), b.matchingCommands()} {
		for k, v := range part {
			mentor[k] = v
		}
	}
	return map[string]map[string]subcommand{
		"/mentor":  mentor,
		"/goal":    b.goalCommands(),
		"/session": b.sessionCommands(),
	}
}

// Bare commands: what "/goal" or "/session" alone does ("" key of the table
// runs when present; otherwise usage is shown).

type cmdResponse struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func (rp reply) payload() *cmdResponse {
	if rp.Silent {
		return nil
	}
	rt := "ephemeral"
	if rp.InChannel {
		rt = "in_channel"
	}
	return &cmdResponse{ResponseType: rt, Text: rp.Text, Blocks: rp.Blocks}
}

// handleCommand acks a slash command with its answer when the work fits in
// the ack budget, and otherwise acks at once and answers through the
// response_url when the work is done. A redelivery of a command already
// taken on is answered as the first delivery was, and not run again
// (dedup.go).
func (b *Bot) handleCommand(ctx context.Context, req socketmode.Request, cmd slack.SlashCommand) {
	start := time.Now()
	type result struct {
		d      *delivery
		rp     reply
		replay json.RawMessage // a redelivery's recorded answer
	}
	ctx, runLater := afterAck(ctx)
	defer runLater()
	// Past the budget, the command is acked without its answer, which
	// then goes to its response_url.
	res, inTime := withinAck(start.Add(b.ackBudget), func() { b.ack(req, nil) }, func() result {
		// A delivery Slack says is a retry asks the database first; any
		// other asks afterwards, if it wrote nothing (dedup.go).
		ctx, d := b.takeOn(ctx, req, cmd.TriggerID, cmd.UserID, b.ackBudget-time.Since(start), req.RetryAttempt > 0)
		if d.first {
			rp, reads := b.runCommandRecovered(ctx, cmd)
			if reads || !d.seenBefore(ctx) {
				return result{d: d, rp: rp}
			}
		}
		payload, ok := d.replay()
		if !ok {
			return result{d: d, rp: reply{Text: interruptedText(cmd.Command)}}
		}
		return result{d: d, replay: payload, rp: reply{Silent: payload == nil}}
	})
	// The answer is encoded once: for the ack, the size check and the
	// delivery's record.
	payload := func(res result) json.RawMessage {
		if res.replay != nil {
			return res.replay
		}
		if p := res.rp.payload(); p != nil {
			js, err := json.Marshal(p)
			if err == nil {
				return js
			}
			b.log.Error("encode a command's answer; acked without it", "command", cmd.Command, "err", err)
		}
		return nil
	}
	if inTime {
		p := payload(res)
		if res.replay == nil && len(p) > maxAckPayload {
			// Too big for the ack frame: Slack would close the socket.
			b.ack(req, nil)
			b.respond(ctx, cmd, res.rp, res.d.mayHaveWritten())
		} else {
			b.ack(req, p)
		}
		res.d.finish(ctx, p)
	} else {
		if res.replay == nil {
			b.respond(ctx, cmd, res.rp, res.d.mayHaveWritten())
		}
		res.d.finish(ctx, payload(res))
	}
	if !res.d.first {
		return
	}
	b.metrics.Add("mentorbot_commands_total", helpCommands, 1, "command", cmd.Command)
	b.metrics.Observe("mentorbot_command_ack_seconds", helpCommandAck, time.Since(start), "command", cmd.Command)
}

// maxAckPayload bounds the answer carried in an ack. Slack closes a Socket
// Mode connection on a frame over 20 KiB (and the simulator treats one of
// 20 KB or more as lost); the envelope around the payload needs some room.
const maxAckPayload = 16 * 1024

// respond posts a command's answer to its response_url, for answers that
// came too late or are too big for the ack. Slack always sends one; from
// a stand-in that does not, the answer is shown to the person as other
// answers without a message to replace are (tell): ephemerally where they
// typed the command, or in their DM. wrote says whether the command may
// have changed anything.
func (b *Bot) respond(ctx context.Context, cmd slack.SlashCommand, rp reply, wrote bool) {
	p := rp.payload()
	if p == nil {
		return
	}
	if cmd.ResponseURL == "" {
		b.tell(ctx, cmd.UserID, cmd.ChannelID, rp)
		return
	}
	if b.cutOff() {
		// The shutdown's grace ended before the answer was ready: the work
		// may have been cut half-way, and its answer, often an error of
		// the cut itself, does not hold (see delivery.finish). The person
		// hears, once, what is true: nothing was done when nothing was
		// written; otherwise to check.
		text := stoppingText
		if wrote {
			text = interruptedText(cmd.Command)
		}
		if err := b.slack.RespondLast(ctx, cmd.ResponseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text}); err != nil {
			b.log.Error("answer through response_url failed", "command", cmd.Command, "err", err)
		}
		return
	}
	msg := &slack.WebhookMessage{ResponseType: p.ResponseType, Text: p.Text}
	if len(rp.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: rp.Blocks}
	}
	err := b.slack.Respond(ctx, cmd.ResponseURL, msg)
	if err != nil && b.cutOff() {
		// The answer was ready before the grace ended, so it holds; the
		// grace cut its post. It goes in one brief try rather than not
		// at all.
		err = b.slack.RespondLast(ctx, cmd.ResponseURL, msg)
	}
	if err != nil {
		b.log.Error("answer through response_url failed", "command", cmd.Command, "err", err)
	}
}

// newRequest loads the person behind an envelope. That they did something
// is recorded when the envelope is done with (delivery.finish).
func (b *Bot) newRequest(ctx context.Context, userID string) (*request, error) {
	u, err := b.slack.Profile(ctx, userID)
	var unknown *unknownUserError
	if errors.As(err, &unknown) {
		// It is the person asking whom Slack does not know (a guest
		// account removed meanwhile, a stand-in's user list): "that
		// person" would read as someone they named.
		// Slack's answer is final (user_not_found, a guest gone): trying
		// again would not help.
		return nil, sayf("Slack doesn't know your account in this workspace (it may be a guest account, or one from another organisation), so I haven't done anything. mentorbot is for members of this workspace; a programme admin can help.")
	}
	if err != nil {
		return nil, err
	}
	return &request{ctx: ctx, b: b, user: u, admin: b.isAdmin(u), loc: b.loc(u), now: b.clock.Now()}, nil
}

// runCommandRecovered is runCommand, with a panic logged and answered as
// an internal error: goHandle's recover would only log it, and the person
// would get no answer, nor Slack its ack.
func (b *Bot) runCommandRecovered(ctx context.Context, cmd slack.SlashCommand) (rp reply, reads bool) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("command panicked", "command", cmd.Command, "panic", p, "stack", string(debug.Stack()))
			rp, reads = reply{Text: b.friendly(fmt.Errorf("command panicked: %v", p), cmd.Command)}, false
		}
	}()
	return b.runCommand(ctx, cmd)
}

// runCommand runs a command; its bool reports that the subcommand only
// reads (subcommand.reads), so a redelivery of it has nothing to find.
func (b *Bot) runCommand(ctx context.Context, cmd slack.SlashCommand) (reply, bool) {
	r, err := b.newRequest(ctx, cmd.UserID)
	if err != nil {
		return reply{Text: b.friendly(err, cmd.Command)}, false
	}
	r.command, r.text, r.channelID, r.triggerID, r.respURL = cmd.Command, cmd.Text, cmd.ChannelID, cmd.TriggerID, cmd.ResponseURL
	rp, err := b.route(r, cmd.Command, b.nameMentions(ctx, strings.TrimSpace(cmd.Text)))
	if err != nil {
		err = r.namedUnknown(err)
		var amb *ambiguousPair
		if asAmbiguous(err, &amb) {
			return amb.reply(cmd.Command), r.reads
		}
		return reply{Text: b.friendly(err, cmd.Command+" "+firstWord(cmd.Text))}, r.reads
	}
	return rp, r.reads
}

// bareMentionRe is a mention that Slack sent without a name: <@U123>.
var bareMentionRe = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)

// maxNamedMentions bounds the profiles one command may look up.
const maxNamedMentions = 8

// nameMentions gives each mention Slack sent without a name the person's
// name (<@U123> becomes <@U123|bob>), so that text kept from the command
// reads "@bob" wherever it is shown, as when Slack sends the name. A
// mention of someone who cannot be looked up stays as it came.
func (b *Bot) nameMentions(ctx context.Context, text string) string {
	if !strings.Contains(text, "<@") {
		return text
	}
	names := map[string]string{}
	return bareMentionRe.ReplaceAllStringFunc(text, func(m string) string {
		id := m[2 : len(m)-1]
		name, ok := names[id]
		if !ok {
			if len(names) < maxNamedMentions {
				if u, err := b.slack.Profile(ctx, id); err == nil && !strings.ContainsAny(u.Name, "<>|") {
					name = u.Name
				}
			}
			names[id] = name
		}
		if name == "" {
			return m
		}
		return "<@" + id + "|" + name + ">"
	})
}

func firstWord(s string) string { w, _ := splitWord(s); return w }

func (b *Bot) route(r *request, command, text string) (reply, error) {
	r.reads = true // until a subcommand that may write runs
	text = strings.TrimSpace(normalizeSpaces(text))
	table, ok := b.commandTable()[command]
	if !ok {
		return textReply("I don't know the command `%s`. Try `/mentor help`.", esc(truncate(command, 40))), nil
	}
	typed, args := splitWord(text)
	name := strings.ToLower(typed)
	if name == "" {
		if sc, ok := table[""]; ok {
			r.reads = sc.reads
			return sc.run(r, "")
		}
		return usage(command, table, r.admin, ""), nil
	}
	if name == "help" {
		return usage(command, table, r.admin, ""), nil
	}
	sc, ok := table[name]
	r.sub = name
	if !ok {
		// Quoted as typed: lowercased, Slack's markup in it (<@U…|name>)
		// would no longer read as a mention, and show raw.
		first := fmt.Sprintf("I don't know %s.", inCode(command+" "+echoTyped(typed, 40)))
		_, canShow := table["show"]
		if n, ok := parseNumber(name); ok && canShow {
			// "/goal 3": a number alone most likely asks to see that one.
			first += fmt.Sprintf(" Did you mean `%s show %d`?", command, n)
		} else if guess := closestSubcommand(name, table, r.admin); guess != "" {
			first += fmt.Sprintf(" Did you mean `%s %s`?", command, guess)
		}
		return usage(command, table, r.admin, first), nil
	}
	if sc.admin && !r.admin {
		return textReply("Only programme admins can use `%s %s`. Ask an admin, or see `%s help`.", command, name, command), nil
	}
	if strings.EqualFold(strings.TrimSpace(args), "help") && sc.usage != "" {
		// "/goal add help" asks how, rather than adding a goal called help.
		line := sc.usage
		if r.admin && sc.adminUsage != "" {
			line = sc.adminUsage
		}
		return textReply("%s\n`%s help` lists every command.", usageLine(line), command), nil
	}
	r.reads = sc.reads
	return sc.run(r, numberHashes(command, name, args))
}

// numberSubs are the subcommands whose text starts with a number (a
// goal's, a session's, a to-do's), each with whether all of it is
// numbers (to-dos closed or reopened several at once).
var numberSubs = map[string]map[string]bool{
	"/goal":    {"show": false, "progress": false, "done": false, "drop": false, "reopen": false, "edit": false, "share": false, "comment": false},
	"/session": {"show": false, "edit": false, "done": true, "reopen": true},
}

var (
	// hashSpaceFirstRe is a number at the start written with a space
	// after its #: "# 3".
	hashSpaceFirstRe = regexp.MustCompile(`^#\s+(\d)`)
	// hashSpaceRe is any such number among others: "#2, # 3".
	hashSpaceRe = regexp.MustCompile(`(^|[\s,])#\s+(\d)`)
)

// numberHashes reads "# 3", a number written with a space after its #,
// as "#3" where the subcommand of command takes a number there
// (numberSubs): at the start of args, or anywhere in args that holds
// only numbers. Elsewhere, as in a note after the number, "# 3" is text.
func numberHashes(command, sub, args string) string {
	all, ok := numberSubs[command][sub]
	switch {
	case !ok || !strings.Contains(args, "#"):
		return args
	case all:
		return hashSpaceRe.ReplaceAllString(strings.TrimSpace(args), "$1#$2")
	}
	return hashSpaceFirstRe.ReplaceAllString(strings.TrimSpace(args), "#$1")
}

// usage is the short help for a command, with an optional first line: its
// subcommands in the order people meet them (helpOrder), and those for
// admins under a heading of their own, shown only to admins.
func usage(command string, table map[string]subcommand, admin bool, first string) reply {
	var lines, admins []string
	if first != "" {
		lines = append(lines, first)
	}
	lines = append(lines, fmt.Sprintf("*%s* — %s", command, commandPurpose[command]))
	for _, name := range helpNames(command, table) {
		switch sc := table[name]; {
		case sc.usage == "":
		case sc.admin:
			// Under their own heading, "admins:" goes without saying.
			admins = append(admins, usageLine(strings.Replace(sc.usage, " — admins: ", " — ", 1)))
		case admin && sc.adminUsage != "":
			// Everyone's form with everyone's, the admin's under its heading.
			lines = append(lines, usageLine(sc.usage))
			admins = append(admins, usageLine(strings.Replace(sc.adminUsage, " — admins: ", " — ", 1)))
		default:
			lines = append(lines, usageLine(sc.usage))
		}
	}
	if admin && len(admins) > 0 {
		lines = append(lines, "*For programme admins*")
		lines = append(lines, admins...)
	}
	return reply{Text: strings.Join(lines, "\n")}
}

// helpOrder lists subcommands in the order help shows them: a pair's life
// before the programme's tools. A subcommand missing here comes last, in
// alphabetical order.
var helpOrder = map[string][]string{
	"/mentor": {"request", "pairs", "meet", "next", "agenda", "move", "skip", "pause", "resume", "feedback", "snooze", "settings",
		"end", "join", "leave", "topics", "cohort", "export", "forget", "pair", "match", "report"},
	"/goal":    {"", "add", "list", "show", "progress", "done", "drop", "reopen", "edit", "share", "comment"},
	"/session": {"", "log", "edit", "list", "todos", "done", "reopen"},
}

func helpNames(command string, table map[string]subcommand) []string {
	names := slices.DeleteFunc(slices.Clone(helpOrder[command]), func(n string) bool { _, ok := table[n]; return !ok })
	for _, n := range sortedKeys(table) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// closestSubcommand is the subcommand a typo most likely meant: one edit
// or two away (a missing, extra, changed or swapped letter), or one that
// starts with what was typed; "" when none is close or two are as close.
func closestSubcommand(typed string, table map[string]subcommand, admin bool) string {
	best, bestDist, tie := "", 3, false
	for _, name := range sortedKeys(table) {
		if name == "" || (table[name].admin && !admin) {
			continue
		}
		d := editDistance(typed, name)
		if len(typed) >= 3 && strings.HasPrefix(name, typed) {
			d = min(d, 1)
		}
		switch {
		case d < bestDist:
			best, bestDist, tie = name, d, false
		case d == bestDist:
			tie = true
		}
	}
	if tie || len(typed) < 2 || (bestDist == 2 && len(typed) < 4) {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// usageLine renders one subcommand's usage ("/mentor end [@partner] — end a
// pair") as a bullet with only the command as code, so the description
// reads as prose.
func usageLine(usage string) string {
	cmd, desc, ok := strings.Cut(usage, " — ")
	if !ok {
		return "• `" + usage + "`"
	}
	return "• `" + cmd + "` — " + desc
}

var commandPurpose = map[string]string{
	"/mentor":  "pairs, meetings and the programme",
	"/goal":    "your SMART goals (seen only by you and your mentors)",
	"/session": "what happened at a meeting, and the to-dos that came out of it",
}

// ambiguousPair is returned when a command needs a partner and the person is
// in several pairs; the answer offers one button per partner that re-runs
// the command with that partner.
type ambiguousPair struct {
	partners []string // user IDs
	labels   []string // their names, for the buttons
	command  string
	sub      string
	args     string
	at       time.Time // when the command was typed (request.typed)
}

func (e *ambiguousPair) Error() string { return "ambiguous pair" }

func asAmbiguous(err error, target **ambiguousPair) bool {
	a, ok := err.(*ambiguousPair)
	if ok {
		*target = a
	}
	return ok
}

// maxPickButtons is how many partners the "which pair?" answer offers as
// buttons (Slack allows 25 elements in an actions block).
const maxPickButtons = 20

func (e *ambiguousPair) reply(command string) reply {
	var buttons []slack.BlockElement
	fits := true
	labels := pickLabels(e.partners, e.labels)
	for i, p := range e.partners {
		if i == maxPickButtons {
			break
		}
		v, ok := rerunValue(rerun{Command: e.command, Text: strings.TrimSpace(e.sub + " <@" + p + "> " + e.args), At: unixOrZero(e.at)})
		if !ok {
			fits = false
			break
		}
		btn := slack.NewButtonBlockElement(fmt.Sprintf("%s%d", actionPickPartner, i), v,
			slack.NewTextBlockObject(slack.PlainTextType, labels[i], false, false))
		buttons = append(buttons, btn)
	}
	example := inCode(strings.TrimSpace(e.command + " " + e.sub + " @name " + echoTyped(e.args, maxEchoed)))
	if !fits {
		// What was typed is too long to carry in a button (Slack allows
		// 2,000 characters in a value), and nothing keeps it on the
		// bot's side: ask for the command again, with the partner.
		text := "You're in more than one pair (with " + cappedMentions(e.partners, 20) + "), and what you wrote is too long for me to offer " +
			"buttons to choose from, so I haven't done anything with it. Please send the command again naming your partner, e.g. " + example + "."
		return reply{Text: text}
	}
	text := "You're in more than one pair — which one do you mean? You can also name them, e.g. " + example + "."
	if hidden := e.partners[len(buttons):]; len(hidden) > 0 {
		text = fmt.Sprintf("You're in %d pairs — which one do you mean? Here are the first %d; for one of the other %d (%s), name them instead, e.g. %s.",
			len(e.partners), len(buttons), len(hidden), cappedMentions(hidden, 20), example)
	}
	return reply{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil),
		slack.NewActionBlock("pick_partner", buttons...),
	}}
}

// pickLabels are the partner buttons' labels, "With NAME", within Slack's
// 75 characters: a long name keeps its start and its end, where names
// alike at the start differ; labels still alike get the partner's user ID,
// which their Slack profile shows, so no two buttons read the same.
func pickLabels(partners, names []string) []string {
	const maxLabel = 75
	labels := make([]string, len(partners))
	count := map[string]int{}
	for i, n := range names {
		labels[i] = middleCut("With "+n, maxLabel)
		count[labels[i]]++
	}
	for i, l := range labels {
		if count[l] > 1 && i < len(partners) {
			id := " (" + partners[i] + ")"
			labels[i] = middleCut("With "+names[i], maxLabel-utf8.RuneCountInString(id)) + id
		}
	}
	return labels
}

// middleCut shortens s to at most n characters by leaving out its middle,
// marked "…": "With Alexandra Example-Longname…Smith".
func middleCut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	tail := (n - 1) / 3
	return string(r[:n-1-tail]) + "…" + string(r[len(r)-tail:])
}

// maxButtonValue is Slack's limit on a button's value, in characters.
const maxButtonValue = 2000

// rerunValue encodes rr for a button's value; ok is false when it does not
// fit. The text stays as Slack sent it (escaped), since it is run again as
// a command; JSON's escaping of <, > and & is left out, as it would make the
// value up to six times as long for no gain. A text too long as it is goes
// compressed (rerun.Packed), which lets most of what people write through.
func rerunValue(rr rerun) (string, bool) {
	encode := func(rr rerun) (string, bool) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rr); err != nil {
			return "", false
		}
		v := strings.TrimSuffix(buf.String(), "\n")
		return v, utf8.RuneCountInString(v) <= maxButtonValue
	}
	if v, ok := encode(rr); ok {
		return v, true
	}
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression) // fails only for a bad level
	_, _ = zw.Write([]byte(rr.Text))                      // a bytes.Buffer does not fail
	if err := zw.Close(); err != nil {
		return "", false
	}
	return encode(rerun{Command: rr.Command, Packed: base64.RawURLEncoding.EncodeToString(buf.Bytes()), At: rr.At})
}

// maxEchoed is how much of what someone typed an answer quotes back, in
// characters: enough to recognise it, never enough to flood the answer.
const maxEchoed = 100

// typedMarkupRe is a mention, channel link, special mention or link as
// Slack sends it in command text; echoTyped never cuts one in half.
var typedMarkupRe = regexp.MustCompile(`<(?:[@#!]|https?:|mailto:)[^<>]*>`)

// echoTyped renders text from a slash command (as Slack sent it: &, < and >
// escaped, mentions as <@U…|name>) for quoting it back: exactly what the
// person typed, with mentions as a plain @name that pings nobody, cut to
// at most n characters (marked with "…"), and no bidirectional controls.
func echoTyped(slackText string, n int) string {
	return noBidi(shownText(cutTyped(unescapeSlack(slackText), n)))
}

// inCode puts text the bot shows (escaped, as echoTyped returns it) in a
// code span, unless the text holds a backtick, which would end the span
// early and leave the rest to be read as mrkdwn: then it goes in
// quotation marks instead. A code span ends at a line break, so that of
// text over several lines only the first is shown, marked cut.
func inCode(shown string) string {
	if first, _, more := strings.Cut(shown, "\n"); more {
		shown = strings.TrimRight(first, " \t\r") + "…"
	}
	if strings.Contains(shown, "`") {
		return "“" + shown + "”"
	}
	return "`" + shown + "`"
}

// unknownNameReply answers an @name that Slack did not turn into a
// mention (misspelt, or nobody in the workspace): whom to pick from
// Slack's list, the command to type (usage), and what was not done
// (undone, a sentence; "" for a command that only reads).
func unknownNameReply(typed, whom, usage, undone string) reply {
	rp := textReply("I couldn't find %s in this workspace. Type @ and pick %s from Slack's list, so that their name turns into a mention: `%s`.",
		echoTyped(typed, 40), whom, usage)
	if undone != "" {
		rp.Text += " " + undone
	}
	return rp
}

// cutTyped shortens s to at most n characters, marking the cut, without
// cutting a mention or link in half.
func cutTyped(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := len(string(r[:n-1])) // in bytes
	for _, m := range typedMarkupRe.FindAllStringIndex(s, -1) {
		if m[0] < cut && cut < m[1] {
			cut = m[0]
			break
		}
	}
	return s[:cut] + "…"
}

// rerun is a command to run again, carried in a button's value.
type rerun struct {
	Command string `json:"c"`
	Text    string `json:"t"`
	// Packed, in a button's value only, is Text deflated and in base64
	// (URL alphabet, no padding), for a text too long to carry as it is.
	// Decoding a rerun unpacks it into Text.
	Packed string `json:"z,omitempty"`
	// At is when the command was typed, in Unix seconds (0: not known), so
	// that pressed a day later it still means the day it was typed.
	At int64 `json:"a,omitempty"`
}

// unixOrZero is t in Unix seconds, 0 for the zero time.
func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// maxRerunText bounds the text a packed rerun may unpack to: a value is
// someone's button press, and a forged one must not inflate without end.
const maxRerunText = 64 << 10

// UnmarshalJSON decodes a rerun, unpacking a packed text into Text.
func (rr *rerun) UnmarshalJSON(b []byte) error {
	type fields rerun // without this method
	var f fields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*rr = rerun(f)
	if rr.Packed == "" {
		return nil
	}
	z, err := base64.RawURLEncoding.DecodeString(rr.Packed)
	if err != nil {
		return fmt.Errorf("rerun: %w", err)
	}
	text, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), maxRerunText+1))
	if err != nil {
		return fmt.Errorf("rerun: %w", err)
	}
	if len(text) > maxRerunText {
		return fmt.Errorf("rerun: text over %d bytes", maxRerunText)
	}
	rr.Text, rr.Packed = string(text), ""
	return nil
}

// pairFor finds the pair a command is about: the one with the mentioned
// partner at the start of args, or the person's only live pair. It returns
// the rest of args.
func (r *request) pairFor(args string) (store.Pair, string, error) {
	partner, rest := leadingMention(args)
	pairs, err := r.b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return store.Pair{}, "", err
	}
	if len(partner) > 32 {
		// No Slack user ID is this long; it is not worth quoting back.
		return store.Pair{}, "", sayf("That isn't anyone you're paired with. `/mentor pairs` lists your pairs.")
	}
	if partner != "" {
		for _, p := range pairs {
			if p.Partner(r.user.ID) == partner {
				return p, rest, nil
			}
		}
		ended, err := r.endedPairs()
		if err != nil {
			return store.Pair{}, "", err
		}
		for _, p := range ended {
			if p.Partner(r.user.ID) == partner {
				return store.Pair{}, "", sayf("Your pair with <@%s> ended on %s, so there is nothing more to do for it here; its history stays. `/mentor pairs` lists yours.",
					partner, dateTokenIn(p.EndedAt, "{date_long}", r.loc))
			}
		}
		if partner == r.user.ID {
			return store.Pair{}, "", sayf("That's you: name your partner, or leave the name out when you have one pair. `/mentor pairs` lists yours.")
		}
		if err := r.knownUser(partner); err != nil {
			return store.Pair{}, "", err
		}
		if len(pairs) == 0 && len(ended) == 0 {
			// No pairs to list: how to get one.
			return store.Pair{}, "", sayf("You and <@%s> are not a pair; you're not in a mentoring pair yet. To start one: %s", partner, r.howToGetAPair())
		}
		return store.Pair{}, "", sayf("You and <@%s> are not a pair. `/mentor pairs` lists yours.", partner)
	}
	// A meeting time or a snooze may start with a month or a day, even
	// when a partner is called April or June.
	if w, _ := splitWord(args); !freeTextSubs[r.sub] && !dateWord(strings.TrimRight(w, ",:")) {
		if id := r.partnerNamed(args, pairs); id != "" {
			return store.Pair{}, "", sayf("%s", r.bareNameHint(args, id))
		}
	}
	switch len(pairs) {
	case 0:
		return store.Pair{}, "", r.noLivePair()
	case 1:
		return pairs[0], args, nil
	}
	if fits, none := r.pairsThatFit(pairs, args); fits != nil {
		// Only some pairs can take the command: asking which one, when
		// one can, or when none can, would lead only to a refusal.
		switch len(fits) {
		case 0:
			return store.Pair{}, "", none
		case 1:
			return fits[0], args, nil
		}
		pairs = fits
	}
	amb := &ambiguousPair{command: r.command, sub: r.sub, args: args, at: r.typed()}
	for _, p := range pairs {
		id := p.Partner(r.user.ID)
		amb.partners = append(amb.partners, id)
		amb.labels = append(amb.labels, r.b.displayName(r.ctx, id))
	}
	return store.Pair{}, "", amb
}

// pairsThatFit are those of pairs (two or more, live) that the command
// can act on, for a command that only some pairs can take: resume a
// paused pair, pause or skip or move the meetings of one that is not,
// end the snooze of a snoozed one. fits is nil for any other command;
// none is the answer when no pair fits.
func (r *request) pairsThatFit(pairs []store.Pair, args string) (fits []store.Pair, none error) {
	if r.command != "/mentor" {
		return nil, nil
	}
	paused := func(p store.Pair) bool { return p.Status == store.PairPaused }
	var fit func(store.Pair) bool
	switch r.sub {
	case "resume":
		fit = paused
		none = sayf("Your meetings aren't paused in any of your pairs, so there is nothing to resume.")
	case "pause":
		fit = func(p store.Pair) bool { return !paused(p) }
		none = sayf("Your meetings are already paused in all your pairs, so nothing changed. `/mentor resume @partner` starts those of one again.")
	case "skip", "move":
		// A pair with no meetings set has none to skip or move either.
		// (Read only for a person with several pairs; a failed read
		// leaves the pair to choose.)
		scheduled := func(p store.Pair) bool {
			_, ok, err := r.b.db.Schedule(r.ctx, p.ID)
			return err != nil || ok
		}
		fit = func(p store.Pair) bool { return !paused(p) && scheduled(p) }
		none = sayf("Your meetings are paused in all your pairs, so there is nothing to %s. `/mentor resume @partner` starts those of one again.", r.sub)
		if !slices.ContainsFunc(pairs, paused) || slices.ContainsFunc(pairs, func(p store.Pair) bool { return !paused(p) }) {
			none = sayf("None of your pairs has a meeting to %s: their meetings are paused or not set. `/mentor meet @partner WHEN` sets a pair's.", r.sub)
		}
	case "snooze":
		if !slices.Contains(snoozeOffWords, strings.ToLower(strings.TrimSpace(args))) {
			return nil, nil
		}
		fit = func(p store.Pair) bool { return p.Snoozed(r.now) }
		none = sayf("None of your pairs is snoozed, so there's nothing to end. `/mentor snooze @partner 2w` holds a pair's nudges and check-ins for two weeks.")
	default:
		return nil, nil
	}
	fits = []store.Pair{}
	for _, p := range pairs {
		if fit(p) {
			fits = append(fits, p)
		}
	}
	return fits, none
}

// knownUser returns the error that id, mentioned in a command, names
// nobody in the workspace, or nil, also when Slack can't be asked: an
// answer that names them by their mention would show as a broken one.
func (r *request) knownUser(id string) error {
	if _, err := r.b.slack.Profile(r.ctx, id); isUnknownUser(err) {
		return r.namedUnknown(err)
	}
	return nil
}

// namedUnknown words err, when it says that a user ID names nobody in the
// workspace, by the name the ID's mention was typed with in the command
// ("I can't find @ghost"), or in plain words: never by the mention
// itself, which Slack shows broken for an unknown ID. Any other error is
// returned as it is.
func (r *request) namedUnknown(err error) error {
	var ue *unknownUserError
	if !errors.As(err, &ue) {
		return err
	}
	if name := mentionName(r.text, ue.id); name != "" {
		return sayf("I can't find @%s in this workspace.", echoTyped(name, 40))
	}
	return sayf("I can't find the person you mentioned in this workspace.")
}

// freeTextSubs are the subcommands whose text after the partner is
// the person's own words (notes, an agenda item, feedback), which may well
// start with the partner's name.
var freeTextSubs = map[string]bool{"log": true, "agenda": true, "feedback": true}

// partnerNamed reports the partner, among pairs, whose Slack handle (or
// first name) is the first word of args, typed without the @ that makes it
// a mention: `/mentor meet bob weekly tue 15:00` would otherwise be
// answered "I don't know the day bob".
func (r *request) partnerNamed(args string, pairs []store.Pair) (id string) {
	word, _ := splitWord(args)
	name := strings.TrimRight(word, ",:")
	if _, number := parseNumber(name); name == "" || number || strings.ContainsAny(name, "<@#&") {
		return ""
	}
	return r.partnerCalled(name, pairs, true)
}

// partnerCalled is the partner, among pairs, whose Slack handle is name,
// or else, with firstNames, whose first name it is: a handle names one
// person, a first name perhaps several.
func (r *request) partnerCalled(name string, pairs []store.Pair, firstNames bool) string {
	// A read of each partner's row, only for a command that has no
	// mention and starts with a word: a person has a pair or two.
	var users []store.User
	for _, p := range pairs {
		if u, err := r.b.db.User(r.ctx, p.Partner(r.user.ID)); err == nil {
			users = append(users, u)
		}
	}
	for _, u := range users {
		if strings.EqualFold(name, u.Name) {
			return u.ID
		}
	}
	if firstNames {
		for _, u := range users {
			if first, _ := splitWord(u.RealName); strings.EqualFold(name, first) {
				return u.ID
			}
		}
	}
	return ""
}

// dateWord reports whether w names a month or a day of the week.
func dateWord(w string) bool {
	if _, ok := datetext.Weekday(w); ok {
		return true
	}
	for m := time.January; m <= time.December; m++ {
		if strings.EqualFold(w, m.String()) || strings.EqualFold(w, m.String()[:3]) {
			return true
		}
	}
	return false
}

// bareName is the hint for a command that takes nothing but a partner
// and got a partner's name without the @ (see partnerNamed), or an @name
// of nobody Slack knows; ok is false when args is not that.
func (r *request) bareName(args string) (hint string, ok bool) {
	if id, _ := leadingMention(args); id != "" {
		return "", false
	}
	pairs, err := r.b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return "", false
	}
	if id := r.partnerNamed(args, pairs); id != "" {
		return r.bareNameHint(args, id), true
	}
	// An @name Slack did not make a mention of is nobody it knows: say
	// so, rather than that the command was not understood.
	if w, _ := splitWord(args); unknownName(w) {
		return r.unknownNamed(args, w, "your partner", r.command+" "+r.sub+" @partner", "").Text, true
	}
	return "", false
}

// unknownNamed answers an @name that Slack did not turn into a mention
// (word, one of the words of args, the command's text after its
// subcommand): "Did you mean @bob?" when it is most likely someone the
// person knows here (typedNameHint), as for a partner's name typed
// without the @; otherwise that nobody has that name (unknownNameReply).
func (r *request) unknownNamed(args, word, whom, usage, undone string) reply {
	if hint, ok := r.typedNameHint(args, word); ok {
		if undone != "" {
			hint += " " + undone
		}
		return textReply("%s", hint)
	}
	return unknownNameReply(word, whom, usage, undone)
}

// typedNameHint is the hint for an @name that Slack did not turn into a
// mention (word, one of args's words) that names someone the person
// likely meant: a partner of theirs (live or ended) by Slack handle or
// first name, or else the one person the bot knows by that handle.
// Slack makes a mention only of a name picked from its list, so a name
// typed out in full, or pasted, stays text even for a real person. ok is
// false when nobody matches.
func (r *request) typedNameHint(args, word string) (hint string, ok bool) {
	name := strings.TrimRight(strings.TrimPrefix(unescapeSlack(word), "@"), ",:;.")
	if name == "" || strings.ContainsAny(name, "<>@&# ") || utf8.RuneCountInString(name) > 80 {
		return "", false
	}
	// A handle names one person, a first name perhaps several: a
	// partner's handle first, then anyone's, then a partner's first name.
	// Pairing and asking name someone not yet a partner: no partner then.
	var pairs []store.Pair
	if r.sub != "pair" && r.sub != "request" {
		if all, err := r.b.db.PairsOf(r.ctx, r.user.ID, true); err == nil {
			live, ended := splitEnded(all)
			pairs = append(live, ended...)
		}
	}
	id := r.partnerCalled(name, pairs, false)
	if id == "" {
		if us, err := r.b.db.UsersNamed(r.ctx, name); err == nil && len(us) == 1 && us[0].ID != r.user.ID {
			id = us[0].ID
		}
	}
	if id == "" {
		id = r.partnerCalled(name, pairs, true)
	}
	if id == "" {
		return "", false
	}
	return didYouMean(id, r.command, r.sub, strings.Replace(args, word, "@"+r.b.suggestName(r, id), 1)), true
}

// typedNameIn is the answer to a command whose text after its
// subcommand (args) holds, anywhere, an @name that Slack did not turn
// into a mention, when that names someone the person likely meant
// (typedNameHint): "Did you mean @bob?", with what was not done (undone).
// ok is false when no word is such a name.
func (r *request) typedNameIn(args, undone string) (rp reply, ok bool) {
	for _, w := range words(args) {
		if !unknownName(w) {
			continue
		}
		hint, ok := r.typedNameHint(args, w)
		if !ok {
			return reply{}, false
		}
		if undone != "" {
			hint += " " + undone
		}
		return textReply("%s", hint), true
	}
	return reply{}, false
}

// bareNameHint answers a command that named a partner without the @: how
// to make the name a mention, with the command as it would then read.
// args starts with the partner's name (partnerNamed).
func (r *request) bareNameHint(args, id string) string {
	_, rest := splitWord(args)
	return didYouMean(id, r.command, r.sub, "@"+r.b.suggestName(r, id), rest)
}

// didYouMean asks whether id was meant by a name typed without becoming a
// mention, and shows the command, of the parts given, as it would read.
func didYouMean(id string, command ...string) string {
	fixed := strings.TrimSpace(strings.Join(command, " "))
	return fmt.Sprintf("Did you mean <@%s>? Type @ and pick them from Slack's list, so that the name turns into a mention: %s.",
		id, inCode(echoTyped(fixed, 120)))
}

// pairForEnd is pairFor for a command whose arguments hold no mention of
// their own (a meeting time, a duration): the partner may also be named
// last, as in `/mentor meet weekly thu 15:00 @alice`.
func (r *request) pairForEnd(args string) (store.Pair, string, error) {
	return r.pairFor(mentionFirst(args))
}

// mentionFirst moves a mention that ends args to its start, unless args
// starts with one.
func mentionFirst(args string) string {
	if id, _ := leadingMention(args); id != "" {
		return args
	}
	args = strings.TrimSpace(args)
	ws := words(args)
	if len(ws) < 2 || parseMention(ws[len(ws)-1]) == "" {
		return args
	}
	last := ws[len(ws)-1]
	return last + " " + strings.TrimSpace(strings.TrimSuffix(args, last))
}

// endedPairs lists the person's ended pairs, the latest ended first.
func (r *request) endedPairs() ([]store.Pair, error) {
	all, err := r.b.db.PairsOf(r.ctx, r.user.ID, true)
	if err != nil {
		return nil, err
	}
	_, ended := splitEnded(all)
	return ended, nil
}

// splitEnded splits pairs into the live ones, in their order, and the
// ended ones, the latest ended first.
func splitEnded(pairs []store.Pair) (live, ended []store.Pair) {
	for _, p := range pairs {
		if p.Live() {
			live = append(live, p)
		} else {
			ended = append(ended, p)
		}
	}
	sort.SliceStable(ended, func(i, j int) bool { return ended[i].EndedAt.After(ended[j].EndedAt) })
	return live, ended
}

// howToGetAPair tells r's user how to get into a pair: an admin makes one
// (they are not sent to ask an admin, themselves). It is the end of a
// sentence, after "To start one: ".
func (r *request) howToGetAPair() string {
	if r.admin {
		return "as a programme admin, `/mentor pair @mentor @mentee` makes one, with you in it if you like; or ask someone with `/mentor request @someone`."
	}
	return "ask someone with `/mentor request @someone`, or ask a programme admin to pair you."
}

// noLivePair is the answer to a command that needs a pair from someone in
// none: for someone whose pairs have ended, that they have, not that they
// were never in one.
func (r *request) noLivePair() error {
	ended, err := r.endedPairs()
	if err != nil {
		return err
	}
	next := "To start a new pair: " + r.howToGetAPair()
	switch len(ended) {
	case 0:
		return sayf("You're not in a mentoring pair yet. To start one: %s", r.howToGetAPair())
	case 1:
		return sayf("Your mentoring pair with <@%s> ended on %s, so there is nothing to do for it any more; its history stays (`/mentor pairs`). %s",
			ended[0].Partner(r.user.ID), dateTokenIn(ended[0].EndedAt, "{date_long}", r.loc), next)
	}
	return sayf("Your mentoring pairs have all ended, so there is nothing to do for them any more; their history stays (`/mentor pairs`). %s", next)
}

// actionKey tells one person's action from another in the identity of the
// DMs it sends: the trigger_id, which Slack gives every command, button
// press and modal submission, and repeats when it delivers the same one
// again. So two actions alike in all else (skip, set the meetings again,
// skip) send two DMs, and a redelivery of one sends none more.
func (r *request) actionKey() string {
	if r.triggerID != "" {
		return "trigger=" + r.triggerID
	}
	// Without one (Slack always sends one), the DM is named by what it
	// says alone: a redelivery must never send it twice, and a clock
	// reading would tell a redelivery from the original.
	return ""
}
