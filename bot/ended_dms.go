package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// The DMs of a pair that has ended lose their buttons.
//
// Every way a pair ends (/mentor end, its End button, the good-fit "End
// the pair kindly", a round closing, /mentor forget, a member leaving the
// workspace) goes through meetingsChanged, which, after the ack, has
// retireEndedPairDMs take the buttons off what was sent about the pair:
// they would only be refused now (a session of an ended pair can't be
// logged, nor feedback given, nor a fit answered).
//
// The DM is read back from Slack (conversations.history) and edited to
// what it says now, less its buttons and the hints on using them, with a
// line saying why. What it says
// now, not what the bot stored or would render: the scheduler's DMs keep
// no copy, their renderers refuse an ended pair, and many DMs were changed
// in place since they were sent (a good-fit check answered, a follow-up
// whose meeting was logged), which an edit must not undo. A DM with no
// buttons left is not edited at all.

// endedPairKinds are the DMs about a pair whose buttons act on the pair.
// The intro has none; a session's to-dos may still be closed after the
// end (CompleteTodo), so its DMs keep their Done and Undo buttons;
// check-ins are a person's, across their pairs.
var endedPairKinds = []string{
	"meeting_set",          // Add agenda item
	scheduler.KindFollowup, // Log session
	scheduler.KindFit,      // yes / not sure / no; after a "no", end / tell an admin / keep going
	scheduler.KindFeedback, // the 1–5 rating (GiveFeedback refuses an ended pair)
	"cohort_closing",       // Continue / End with the round (AnswerClosing refuses)
	// The news of the pair's meetings, which names meetings to come or
	// says how to resume them (comingMeetingKinds): without buttons, but
	// edited not to.
	"meeting_moved", "meeting_skipped", kindUnskipped, kindPaused, "meetings_resumed",
	// The quiet-pair nudge, without buttons too, says how the pair goes
	// on: its next meeting, "a while away", to move sooner, or one to
	// schedule, and how to snooze or end it. It keeps its first sentence,
	// as newsKinds do (endedNudgeLine).
	scheduler.KindQuietPair,
	// Not reminders and agenda prompts: outdateMeetingDMs edits those of
	// meetings still ahead to say they won't take place, and the buttons
	// of those whose meeting has begun were spent before the end. Those
	// it had edited to say why, their meeting begun, are newsKinds.
}

// newsKinds are DMs about a pair, not of endedPairKinds, whose text after
// its first sentence says how the pair goes on, which its end calls off:
//   - the partner's DM of a snooze (cmdSnooze): that the meetings stay
//     paused "until one of you types `/mentor resume …`", that reminders
//     still come, and how to end the snooze sooner;
//   - a reminder or agenda prompt that outdateMeetingDMs edited to say
//     why its meeting won't take place, with how to resume the meetings
//     or find the next one (meetingGoneText). Once the meeting has begun
//     it edits the DM no more; one still ahead at the end it edits itself
//     to say the pair ended, so those are left to it (endedNews).
//
// Their edit keeps the first sentence alone (firstSentenceOnly) and says
// when the pair ended.
var newsKinds = []string{kindSnooze, scheduler.KindReminder, scheduler.KindAgenda}

// kindSnooze is the partner's DM of a snooze (cmdSnooze), and of its end
// (unsnooze), told apart by their keys.
const kindSnooze = "snooze"

// comingMeetingKinds are the DMs of endedPairKinds that name the pair's
// meetings to come (meetingSetMessage's Next and Then, "the next one is
// …") or how to have them again (a pause's "until one of you types
// `/mentor resume …`"): once the pair has ended they would have their
// reader expect meetings that will not take place, so their edit leaves
// those out (withoutComingMeetings) and says when the pair ended.
var comingMeetingKinds = []string{"meeting_set", "meeting_moved", "meeting_skipped", kindUnskipped, kindPaused, "meetings_resumed"}

// kindPaused is the partner's DM of a pause (cmdPause).
const kindPaused = "meetings_paused"

// endedReach is how far back an ended pair's DMs are read back and
// edited: the recent ones, which someone may still act on, and a bounded
// number of reads and edits (Slack allows about one edit a second) for a
// pair of a year or more. An older DM is edited only when it still tells
// of what the end called off (aheadOfEnd).
const endedReach = 30 * 24 * time.Hour

// endedWhat says what a DM of each of endedPairKinds and newsKinds was
// about, for the one sentence that replaces it when it can't be read back.
var endedWhat = map[string]string{
	kindSnooze:              "the news of your pair with <@%s> snoozed",
	scheduler.KindReminder:  "a reminder of a meeting with <@%s>",
	scheduler.KindAgenda:    "a prompt for the agenda of a meeting with <@%s>",
	"meeting_set":           "the meetings set for your pair with <@%s>",
	scheduler.KindFollowup:  "a follow-up asking how your meeting with <@%s> went",
	scheduler.KindFit:       "the good-fit check for your pair with <@%s>",
	scheduler.KindFeedback:  "a request for feedback on your mentoring with <@%s>",
	"cohort_closing":        "the question whether to keep mentoring with <@%s> after the programme round",
	"meeting_moved":         "the news of a meeting with <@%s> moved",
	"meeting_skipped":       "the news of a meeting with <@%s> skipped",
	kindUnskipped:           "the news of a skipped meeting with <@%s> taking place after all",
	kindPaused:              "the news of your meetings with <@%s> paused",
	"meetings_resumed":      "the news of your meetings with <@%s> resumed",
	scheduler.KindQuietPair: "a nudge to meet with <@%s>",
}

// endedMeetingsLine is the context line a DM of comingMeetingKinds gains
// once pair p has ended, for a reader in loc: when it ended, and that its
// meetings won't take place; buttons, as endedLine.
func endedMeetingsLine(p store.Pair, partner string, buttons int, loc *time.Location) string {
	line := fmt.Sprintf(":checkered_flag: Your pair with <@%s> ended", partner)
	if !p.EndedAt.IsZero() {
		line += " on " + dateTokenIn(p.EndedAt, "{date_long}", loc)
	}
	line += ", so its meetings won't take place"
	switch {
	case buttons == 1:
		line += " and its button is gone"
	case buttons > 1:
		line += " and its buttons are gone"
	}
	return line + "."
}

// endedSnoozeLine is the context line the partner's DM of a snooze gains
// once pair p has ended before the snooze ran out, for a reader in loc.
func endedSnoozeLine(p store.Pair, partner string, loc *time.Location) string {
	line := fmt.Sprintf(":checkered_flag: Your pair with <@%s> ended", partner)
	if !p.EndedAt.IsZero() {
		line += " on " + dateTokenIn(p.EndedAt, "{date_long}", loc)
	}
	return line + ", before the snooze ran out, so nothing resumes."
}

// endedNudgeLine is the context line the quiet-pair nudge gains once pair
// p has ended, for a reader in loc: when it ended, and, when the nudge
// named a meeting from the end on (meeting), that it won't take place.
func endedNudgeLine(p store.Pair, partner string, meeting bool, loc *time.Location) string {
	if meeting {
		return endedMeetingsLine(p, partner, 0, loc)
	}
	line := fmt.Sprintf(":checkered_flag: Your pair with <@%s> ended", partner)
	if !p.EndedAt.IsZero() {
		line += " on " + dateTokenIn(p.EndedAt, "{date_long}", loc)
	}
	return line + "."
}

// endedLine is the context line a DM of an ended pair gains, which had
// buttons buttons.
func endedLine(partner string, buttons int) string {
	if buttons == 1 {
		return fmt.Sprintf(":checkered_flag: Your pair with <@%s> has ended, so its button is gone.", partner)
	}
	return fmt.Sprintf(":checkered_flag: Your pair with <@%s> has ended, so its buttons are gone.", partner)
}

// retireEndedPairDMs takes the buttons off the DMs of endedPairKinds sent
// about pair pairID, once it has ended, and the hints on how the pair goes
// on off those of newsKinds; a live pair's are left alone. Each
// is edited once (marked store.NoteEnded); a DM Slack will never edit
// (PermanentError) is marked too. A failed read or edit is logged and
// tried again at the pair's next change, not in a loop. Nothing new is
// sent, and no profile is fetched: this runs after /mentor forget too.
func (b *Bot) retireEndedPairDMs(ctx context.Context, pairID int64) {
	p, err := b.db.LoadPair(ctx, pairID)
	if err != nil || p.Live() {
		if err != nil {
			b.log.Warn("ended pair's DMs", "pair", pairID, "err", err)
		}
		return
	}
	// With outdateMeetingDMs's lock: a DM is read, then edited and marked.
	defer lockStripe(&b.outdating, pairID)()
	now := b.clock.Now()
	sent, err := b.db.SentPairDMs(ctx, pairID, slices.Concat(endedPairKinds, newsKinds))
	if err != nil {
		b.log.Warn("ended pair's DMs", "pair", pairID, "err", err)
		return
	}
	// The DMs read back together: a channel's recent ones, and each older
	// one alone, as between it and the recent ones there may be a year of
	// the channel's messages.
	type batch struct {
		channel string
		ns      []store.Notification
	}
	var batches []batch
	recent := map[string]int{} // channel: its batch of recent DMs
	sc := &endSchedule{b: b, pairID: pairID, resumedAt: p.ResumedAt}
	for _, n := range sent {
		if n.LastError == store.NoteEnded || n.Channel == "" || n.TS == "" || !p.Has(n.RecipientID) {
			continue
		}
		if slices.Contains(newsKinds, n.Kind) && !endedNews(n, now) {
			continue
		}
		if n.SentAt.Before(now.Add(-endedReach)) {
			if b.aheadOfEnd(ctx, n, p, sc) {
				batches = append(batches, batch{n.Channel, []store.Notification{n}})
			}
			continue
		}
		i, ok := recent[n.Channel]
		if !ok {
			i = len(batches)
			recent[n.Channel] = i
			batches = append(batches, batch{channel: n.Channel})
		}
		batches[i].ns = append(batches[i].ns, n)
	}
	for _, bt := range batches {
		ch, ns := bt.channel, bt.ns
		msgs, err := b.readDMs(ctx, ch, ns)
		var pe *PermanentError
		switch {
		case errors.As(err, &pe):
			// The DM channel is gone for good, and its buttons with it.
			for _, n := range ns {
				b.markEnded(ctx, n)
			}
		case err != nil:
			b.log.Warn("ended pair's DMs: read them back", "pair", pairID, "channel", ch, "err", err)
		default:
			for _, n := range ns {
				b.retireEndedDM(ctx, n, p, msgs)
			}
		}
	}
}

// aheadOfEnd reports whether DM n about ended pair p, sent before
// endedReach, still tells of what the end called off, and so is edited
// all the same: it names a meeting from the end on (a pair sets its
// meetings once, near its start, and a biweekly or monthly pair's DM
// lists them up to months ahead), or it tells of the pause the pair was
// in at its end, and so says how to resume, or of a snooze still held at
// the end. Few of a pair's DMs are. sc is the pair's schedule at the end,
// read only for a DM whose stored copy /mentor forget blanked, or that
// may tell of a pause.
func (b *Bot) aheadOfEnd(ctx context.Context, n store.Notification, p store.Pair, sc *endSchedule) bool {
	switch {
	case n.Kind == kindPaused:
		// The pause in force at the end: none has resumed it since.
		return n.SentAt.After(p.ResumedAt)
	case n.Kind == kindSnooze:
		// A snooze the end cut short, or one sent in the pause in force
		// at the end, which it says how to resume.
		if until, ok := snoozeNoticeEnd(n.Key); ok && until.After(p.EndedAt) {
			return true
		}
		return sc.inEndPause(ctx, n.SentAt)
	case n.Kind == scheduler.KindReminder || n.Kind == scheduler.KindAgenda:
		// Outdated by the pause in force at the end (endedNews), which it
		// says how to resume; not by a skip or a move long before.
		at, _ := scheduler.ParseMeetingRef(n.Ref)
		return sc.inEndPause(ctx, at)
	case n.Kind == scheduler.KindQuietPair:
		// It names the first meeting after it went, if any.
		return sc.namesFrom(ctx, n.SentAt, p.EndedAt, 1)
	case !slices.Contains(comingMeetingKinds, n.Kind):
		return false
	case n.ExpiresAt.After(p.EndedAt):
		// A one-off, or a meeting moved, for after the end: its copy
		// may name it only as text, as for a time the clocks skip.
		return true
	case n.Payload != "":
		// Its copy, as it was sent: JSON, where "<" may be "\u003c".
		return namesTimeFrom(strings.ReplaceAll(n.Payload, `\u003c`, "<"), p.EndedAt)
	}
	return sc.namesFrom(ctx, n.SentAt, p.EndedAt, upcomingShown)
}

// endSchedule is an ended pair's schedule as it stood at the end, read
// once, when first needed.
type endSchedule struct {
	b         *Bot
	pairID    int64
	resumedAt time.Time // the pair's last resume
	read      bool
	ok        bool // read, and the pair had one
	setAt     time.Time
	rule      cadence.Rule
}

// inEndPause reports whether t fell in the pause the pair's meetings were
// in at its end: one that no resume (nor a schedule set anew, which
// resumes) has ended since, so after the last one.
func (s *endSchedule) inEndPause(ctx context.Context, t time.Time) bool {
	if t.IsZero() || !t.After(s.resumedAt) {
		return false
	}
	paused, err := s.b.db.PausedAt(ctx, s.pairID, t)
	if err != nil {
		s.b.log.Warn("ended pair's DMs: its pauses", "pair", s.pairID, "err", err)
	}
	return paused
}

// endedNews reports whether DM n, of newsKinds, may still say how the
// pair goes on, and so is the end's to edit, as of now: the partner's DM
// of a snooze (not of its end, nor one edited since to say the snooze
// changed or ended early, which says neither); a reminder or agenda
// prompt edited to say its meeting won't take place, or takes place after
// all (with how to see its agenda), once that meeting has begun
// (outdateMeetingDMs edits one still ahead to say the pair ended).
func endedNews(n store.Notification, now time.Time) bool {
	if n.Kind == kindSnooze {
		return strings.HasPrefix(n.Key, "snooze:") && !strings.HasPrefix(n.LastError, retiredNotice)
	}
	at, ok := scheduler.ParseMeetingRef(n.Ref)
	return ok && !at.After(now) && (strings.HasPrefix(n.LastError, store.NoteOutdated) || n.LastError == store.NoteBackOn)
}

// namesFrom reports whether a DM about the pair's meetings (their
// schedule set, one skipped, their resume; the quiet-pair nudge), sent at
// sent, can have named one at ended or later, judged by the schedule in
// force at the end: the most such a DM lists is its first shown meetings
// from sent (upcomingShown; the nudge, the next one). One
// sent before that schedule was set named another's meetings, which are
// not known: no. Skips and moves are left out, as they shift the list by
// a meeting or so.
func (s *endSchedule) namesFrom(ctx context.Context, sent, ended time.Time, shown int) bool {
	if !s.read {
		s.read = true
		sc, ok, err := s.b.db.Schedule(ctx, s.pairID)
		if err == nil && ok {
			s.rule, err = decodeSchedule(&s.b.zones, sc.Rule)
			s.ok, s.setAt = err == nil, sc.SetAt
		}
		if err != nil {
			s.b.log.Warn("ended pair's DMs: its schedule", "pair", s.pairID, "err", err)
		}
	}
	if !s.ok || sent.Before(s.setAt) {
		return false
	}
	ts := s.rule.Occurrences(sent, shown, nil)
	return len(ts) > 0 && !ts[len(ts)-1].Before(ended)
}

// retireEndedDM edits DM n of ended pair p to lose its buttons, and the
// meetings to come it names (comingMeetingKinds) or all but its news
// (newsKinds), given msgs, the messages of its channel read back by ts.
func (b *Bot) retireEndedDM(ctx context.Context, n store.Notification, p store.Pair, msgs map[string]slack.Message) {
	partner := p.Partner(n.RecipientID)
	var rp reply
	if m, found := msgs[n.TS]; found {
		blocks, buttons := withoutButtons(shownBlocks(m))
		named, meeting := false, false
		switch {
		case slices.Contains(comingMeetingKinds, n.Kind):
			blocks, named = withoutComingMeetings(blocks, p.EndedAt)
		case n.Kind == scheduler.KindQuietPair:
			// Whether it named the next meeting, or offered to schedule one.
			meeting = namesTimeFrom(sectionsText(blocks), p.EndedAt)
			blocks, named = firstSentenceOnly(blocks, p.EndedAt)
		case slices.Contains(newsKinds, n.Kind):
			blocks, named = firstSentenceOnly(blocks, p.EndedAt)
		}
		// A snooze the end cut short resumes nothing: its news no longer
		// says the nudges come back by themselves, and its line says why.
		cutShort := false
		if n.Kind == kindSnooze {
			until, ok := snoozeNoticeEnd(n.Key)
			if cutShort = ok && !until.Before(p.EndedAt); cutShort {
				blocks, named = withoutClause(blocks, snoozeResumes), true
			}
		}
		switch {
		case named:
			// The stored row, not Profile: this runs after /mentor
			// forget too, which must fetch no profile again.
			u, err := readUser(ctx, b.db, n.RecipientID)
			if err != nil && store.ErrorCode(err) != store.ENotFound {
				b.log.Warn("ended pair's DMs", "key", n.Key, "err", err)
				return
			}
			line := endedMeetingsLine(p, partner, buttons, b.loc(u))
			switch {
			case cutShort:
				line = endedSnoozeLine(p, partner, b.loc(u))
			case n.Kind == scheduler.KindQuietPair:
				line = endedNudgeLine(p, partner, meeting, b.loc(u))
			}
			// Its notification text named them too.
			rp = reply{Text: endedPreview(blocks, line), Blocks: append(blocks, contextText(line))}
		case buttons == 0:
			b.markEnded(ctx, n) // answered, or changed in place: nothing to take away
			return
		default:
			rp = reply{Text: m.Text, Blocks: append(blocks, contextText(endedLine(partner, buttons)))}
		}
	} else {
		// Not among its channel's messages (deleted, most likely; the edit
		// then fails for good): one sentence, should it still be there.
		what := fmt.Sprintf(endedWhat[n.Kind], partner)
		text := fmt.Sprintf(":checkered_flag: This was %s; your pair has since ended, so its buttons are gone.", what)
		switch {
		case n.Kind == scheduler.KindQuietPair:
			text = fmt.Sprintf(":checkered_flag: This was %s; your pair has since ended.", what)
		case slices.Contains(comingMeetingKinds, n.Kind) || slices.Contains(newsKinds, n.Kind):
			text = fmt.Sprintf(":checkered_flag: This was %s; your pair has since ended, so its meetings won't take place.", what)
		}
		rp = reply{Text: text, Blocks: []slack.Block{section(text)}}
	}
	err := b.editMessage(ctx, n.Channel, n.TS, rp)
	var pe *PermanentError
	if err == nil || errors.As(err, &pe) {
		b.markEnded(ctx, n)
	}
}

// shownBlocks are the blocks of m, read back, that show it. A DM sent as
// text alone comes back with none, or with the rich_text block Slack
// makes of its text, which the edit could not read sentence by sentence:
// its text, as a section, instead.
func shownBlocks(m slack.Message) []slack.Block {
	if m.Text == "" {
		return m.Blocks.BlockSet
	}
	for _, bl := range m.Blocks.BlockSet {
		if bl.BlockType() != slack.MBTRichText {
			return m.Blocks.BlockSet
		}
	}
	return []slack.Block{section(m.Text)}
}

func (b *Bot) markEnded(ctx context.Context, n store.Notification) {
	if err := b.db.MarkOutdated(ctx, n.ID, store.NoteEnded); err != nil {
		b.log.Warn("ended pair's DMs: mark", "key", n.Key, "err", err)
	}
}

// readDMs reads back from Slack the messages of channel between the
// oldest and the newest of ns, by ts, stopping once it has them all.
func (b *Bot) readDMs(ctx context.Context, channel string, ns []store.Notification) (map[string]slack.Message, error) {
	want := map[string]bool{}
	oldest, latest := ns[0].TS, ns[0].TS
	for _, n := range ns {
		want[n.TS] = true
		if tsBefore(n.TS, oldest) {
			oldest = n.TS
		}
		if tsBefore(latest, n.TS) {
			latest = n.TS
		}
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Oldest: oldest, Latest: latest, Inclusive: true, Limit: 200}
	out := map[string]slack.Message{}
	for {
		var resp *slack.GetConversationHistoryResponse
		err := b.slack.call(ctx, "conversations.history", func(ctx context.Context) error {
			var err error
			resp, err = b.slack.API.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, m := range resp.Messages {
			if want[m.Timestamp] {
				out[m.Timestamp] = m
			}
		}
		if len(out) == len(want) || !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			return out, nil
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
}

// tsBefore orders two Slack timestamps ("1762329600.000100").
func tsBefore(a, b string) bool {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	ai, err1 := strconv.ParseInt(as, 10, 64)
	bi, err2 := strconv.ParseInt(bs, 10, 64)
	if err1 != nil || err2 != nil {
		return a < b
	}
	if ai == bi {
		return af < bf // six digits each
	}
	return ai < bi
}

// withoutButtons returns blocks without what can be pressed or picked
// (actions blocks, and the accessories of sections but images), and how
// many there were. Their context lines go too: they tell how to act
// on the DM ("Or type `/session log …`", "your next meeting is …"), which
// the pair's end has made untrue.
func withoutButtons(blocks []slack.Block) ([]slack.Block, int) {
	out := make([]slack.Block, 0, len(blocks)+1)
	n := 0
	for _, bl := range blocks {
		switch bl := bl.(type) {
		case *slack.ActionBlock:
			n += max(len(bl.Elements.ElementSet), 1)
			continue
		case *slack.ContextActionsBlock:
			n += max(len(bl.Elements.ElementSet), 1)
			continue
		case *slack.ContextBlock:
			continue
		case *slack.SectionBlock:
			if bl.Accessory != nil && bl.Accessory.ImageElement == nil {
				n++
				sec := *bl
				sec.Accessory = nil
				out = append(out, &sec)
				continue
			}
		}
		out = append(out, bl)
	}
	return out, n
}

// dateTokenUnixRe is the time a Slack date token stands for.
var dateTokenUnixRe = regexp.MustCompile(`<!date\^([0-9]+)\^`)

// withoutComingMeetings is blocks without what names a time from ended
// on (the meetings the DM listed, which will not take place now) or
// acts on the pair, but the DM's first sentence, its news ("<@A> moved
// your meeting from … to …"):
//   - a sentence with a date token from ended on: "Next: …", "The next
//     one is …" after a skip or a resume;
//   - of the "Then: …" list, those dates; the line goes when none is left;
//   - a sentence with a hint to move, set, skip, pause or resume the
//     pair's meetings, which would only be refused now;
//   - a :clock3: line: the change of the clocks a coming meeting meets,
//     whose times are plain text;
//   - a :warning: line whole once any of it goes: a heads-up on an
//     overlap is no use without its meeting, nor its hints;
//   - once the news names a coming time (a meeting moved or set to after
//     the end), "The meetings after it stay as they were.", which none will.
//
// A section left empty goes. named reports whether the DM named the
// pair's meetings to come: something went, or its news names one.
func withoutComingMeetings(blocks []slack.Block, ended time.Time) (out []slack.Block, named bool) {
	first := true
	for _, bl := range blocks {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Text == nil || sec.Text.Type != slack.MarkdownType {
			out = append(out, bl)
			continue
		}
		var lines []string
		for _, line := range strings.Split(sec.Text.Text, "\n") {
			if !first && strings.HasPrefix(line, ":clock3:") {
				named = true
				continue
			}
			if rest, ok := strings.CutPrefix(line, thenPrefix); ok && !first {
				var dates []string
				for _, d := range strings.Split(rest, thenSep) {
					if namesTimeFrom(d, ended) {
						named = true
						continue
					}
					dates = append(dates, d)
				}
				if len(dates) > 0 {
					lines = append(lines, thenPrefix+strings.Join(dates, thenSep))
				}
				continue
			}
			var kept []string
			cut := false
			for _, sent := range sentences(line) {
				if first {
					// Its last time is where the news leaves the meeting
					// ("from … to …").
					first = false
					named = lastTimeFrom(sent, ended)
					kept = append(kept, sent)
					continue
				}
				if namesTimeFrom(sent, ended) || pairHintRe.MatchString(sent) || (named && sent == movedRestSame) {
					cut = true
					continue
				}
				kept = append(kept, sent)
			}
			if cut {
				named = true
				if strings.HasPrefix(line, ":warning:") {
					continue
				}
			}
			if len(kept) > 0 {
				lines = append(lines, strings.Join(kept, " "))
			}
		}
		if len(lines) == 0 {
			continue
		}
		s := *sec
		s.Text = mrkdwn(strings.Join(lines, "\n"))
		out = append(out, &s)
	}
	return out, named
}

// thenPrefix and thenSep make meetingSetMessage's list of the meetings
// after the next: "*Then:* d1 · d2 · d3".
const (
	thenPrefix = "*Then:* "
	thenSep    = " · "
)

// movedRestSame is what a meeting moved says of the meetings after it
// when it overtakes none (cmdMove).
const movedRestSame = "The meetings after it stay as they were."

// pairHintRe is a hint to act on the pair or its meetings: "set one with
// `/mentor meet @a …`", a clash's "`/mentor move @a` moves one meeting",
// "`/mentor next @a` shows the one after", "`/mentor snooze @a off` ends
// the snooze sooner". An ended pair refuses each.
var pairHintRe = regexp.MustCompile("`/mentor (?:meet|move|skip|pause|resume|next|snooze)\\b")

// firstSentenceOnly is blocks with no more text than their first
// sentence, the DM's news of newsKinds ("<@A> snoozed … until …", "Your
// meetings with <@A> are paused, so the one of … won't take place …"),
// less a hint it ends with ("… was moved again: `/mentor next @a` shows
// when it is now."): what follows says how the pair goes on, which its
// end has called off. Blocks that are not text stay. named reports
// whether any of that went, or the news names a time from ended on (a
// snooze's end, where a meeting moved to).
func firstSentenceOnly(blocks []slack.Block, ended time.Time) (out []slack.Block, named bool) {
	first := true
	for _, bl := range blocks {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Text == nil || sec.Text.Type != slack.MarkdownType {
			out = append(out, bl)
			continue
		}
		if !first {
			named = true
			continue
		}
		first = false
		line, rest, _ := strings.Cut(sec.Text.Text, "\n")
		ss := sentences(line)
		if len(ss) == 0 {
			named = named || rest != ""
			continue
		}
		news := ss[0]
		// News that the pair ended (outdateMeetingDMs's, of a meeting
		// still ahead at the end) names that meeting, and is all it needs.
		named = len(ss) > 1 || rest != "" || (lastTimeFrom(news, ended) && !strings.HasPrefix(news, ":checkered_flag:"))
		if at := pairHintRe.FindStringIndex(news); at != nil {
			// Not the ": " that closes a leading ":emoji:".
			from := len(leadingEmojiRe.FindString(news[:at[0]]))
			if i := strings.LastIndex(news[from:at[0]], ": "); i >= 0 && from+i > 0 {
				news, named = news[:from+i]+".", true
			}
		}
		// A meeting paused is not resumed now: "… won't take place unless
		// they are resumed before it."
		if cut := strings.Replace(news, pausedUnlessResumed+".", ".", 1); cut != news {
			news, named = cut, true
		}
		s := *sec
		s.Text = mrkdwn(news)
		out = append(out, &s)
	}
	return out, named
}

// leadingEmojiRe is the emoji code a DM's news begins with (":zzz: ").
var leadingEmojiRe = regexp.MustCompile(`^:[a-z0-9_+\-]+: `)

// snoozeResumes is what the partner's DM of a snooze (cmdSnooze) says
// follows the snooze's end, which a pair ended before it calls off.
const snoozeResumes = "; they resume by themselves then"

// withoutClause is blocks with clause cut from the first text section,
// which firstSentenceOnly has left the news alone.
func withoutClause(blocks []slack.Block, clause string) []slack.Block {
	out := slices.Clone(blocks)
	for i, bl := range out {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Text == nil || sec.Text.Type != slack.MarkdownType {
			continue
		}
		s := *sec
		s.Text = mrkdwn(strings.Replace(sec.Text.Text, clause, "", 1))
		out[i] = &s
		break
	}
	return out
}

// sentences splits a line of a DM after each ". " (a date token's
// fallback has none).
func sentences(line string) []string {
	var out []string
	for {
		i := strings.Index(line, ". ")
		if i < 0 {
			if strings.TrimSpace(line) != "" {
				out = append(out, line)
			}
			return out
		}
		out = append(out, line[:i+1])
		line = strings.TrimLeft(line[i+2:], " ")
	}
}

// sectionsText is the text of blocks' sections, a line each.
func sectionsText(blocks []slack.Block) string {
	var lines []string
	for _, bl := range blocks {
		if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil {
			lines = append(lines, sec.Text.Text)
		}
	}
	return strings.Join(lines, "\n")
}

// namesTimeFrom reports whether text has a date token of t or later.
func namesTimeFrom(text string, t time.Time) bool {
	for _, m := range dateTokenUnixRe.FindAllStringSubmatch(text, -1) {
		if u, err := strconv.ParseInt(m[1], 10, 64); err == nil && !time.Unix(u, 0).Before(t) {
			return true
		}
	}
	return false
}

// lastTimeFrom reports whether the last date token of text is of t or
// later.
func lastTimeFrom(text string, t time.Time) bool {
	ms := dateTokenUnixRe.FindAllStringSubmatch(text, -1)
	if len(ms) == 0 {
		return false
	}
	u, err := strconv.ParseInt(ms[len(ms)-1][1], 10, 64)
	return err == nil && !time.Unix(u, 0).Before(t)
}

// endedPreview is the notification text of a DM of comingMeetingKinds
// once its pair has ended: its first line as it now reads, and line.
func endedPreview(blocks []slack.Block, line string) string {
	for _, bl := range blocks {
		if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil {
			head, _, _ := strings.Cut(sec.Text.Text, "\n")
			return head + " " + strings.TrimPrefix(line, ":checkered_flag: ")
		}
	}
	return line
}
