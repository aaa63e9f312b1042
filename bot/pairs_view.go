package bot

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// pace is how often a matched pair is to meet: the cadence one of them
// (chooser) gave when signing up for matching. Zero for other pairs.
// other is the cadence the other member gave, when it differs: the
// welcome then says both, rather than that they chose one.
type pace struct{ cadence, chooser, other string }

// introMessage welcomes one member of a new pair and explains both roles.
// The first steps suggest meeting at pc's cadence when there is one, at
// the times of day of ex (the reader's).
func introMessage(p store.Pair, to, partnerHandle string, ex meetExample, pc pace) reply {
	clock, firstTue, firstThu := cmp.Or(ex.weekly, "15:00"), cmp.Or(ex.firstTue, "15:00"), cmp.Or(ex.firstThu, "15:00")
	role, partner := p.Role(to), p.Partner(to)
	var head, mine string
	if role == "mentor" {
		head = fmt.Sprintf(":wave: Welcome to mentoring! You are now <@%s>'s *mentor*.", partner)
		mine = "*Your part as the mentor:* guide rather than direct, share what you have learned (mistakes too), give honest, kind feedback, and help <@" + partner + "> build a network by introducing them to people."
	} else {
		head = fmt.Sprintf(":wave: Welcome to mentoring! <@%s> is now your *mentor*.", partner)
		mine = "*Your part as the mentee:* you own your learning — set the goals, come to each meeting prepared with what you want to cover, follow up on what you agreed, and tell <@" + partner + "> how the mentoring is working for you, too."
	}
	theirs := "*Their part:* "
	if role == "mentor" {
		theirs += "<@" + partner + "> owns their learning: they set goals, bring an agenda, follow up and give you feedback on the mentoring."
	} else {
		theirs += "<@" + partner + "> guides, shares experience, gives honest feedback and helps you build your network."
	}
	first := "Set a SMART goal: `/goal add Give my first conference talk by end of quarter` — your mentor sees it too."
	if role == "mentor" {
		first = "Help <@" + partner + "> set a SMART goal — they add it with `/goal add …`, and you see it in `/goal list " + partnerHandle + "`, your check-ins and the Home tab."
	}
	meet := ": `/mentor meet " + partnerHandle + " weekly thu " + clock + "` (or `biweekly`, `monthly first tue " + firstTue + "`)"
	chose := "as <@" + pc.chooser + "> chose when signing up"
	if pc.chooser == to {
		chose = "as you chose when you signed up"
	}
	if pc.other != "" {
		them := "<@" + partner + "> chose "
		if pc.chooser != to {
			them = "you chose "
		}
		chose += " (" + them + cadenceOften(pc.other) + ": agree on one between you)"
	}
	var often, when string
	switch pc.cadence {
	case "weekly":
		often, when = "every week", "weekly thu "+clock
	case "biweekly":
		often, when = "every two weeks", "biweekly thu "+clock
	case "monthly":
		often, when = "once a month", "monthly first thu "+firstThu
	}
	if often != "" {
		meet = " " + often + ", " + chose + ": `/mentor meet " + partnerHandle + " " + when + "`, with the day and time that suit you both"
	}
	steps := fmt.Sprintf("*First steps*\n"+
		"1. %s\n"+
		"2. Schedule your meetings%s.\n"+
		"3. After each meeting, log it: `/session log %s what we discussed todo: next step`.\n"+
		":lock: Only the two of you see your notes, to-dos and agenda, and a mentee's goals are seen by their mentors only; programme admins only see counts.", first, meet, partnerHandle)
	return reply{Text: head, Blocks: []slack.Block{
		section(head),
		section(mine + "\n" + theirs),
		slack.NewDividerBlock(),
		section(steps),
	}}
}

// requestMessage asks a would-be mentor, with Accept and Decline.
func requestMessage(req store.Request) reply {
	text := fmt.Sprintf(":raising_hand: <@%s> would like you to be their mentor.", req.RequesterID)
	blocks := []slack.Block{section(text)}
	if q := requestQuote(req.Message); q != "" {
		blocks = append(blocks, section(cutShown(q, maxRequestQuote)))
	}
	id := strconv.FormatInt(req.ID, 10)
	blocks = append(blocks,
		contextText("As a mentor you guide, share your experience, give honest feedback and help them build a network. Meetings are usually 30 minutes every week or two."),
		slack.NewActionBlock("request_"+id,
			button(actionRequestAccept, id, "Accept", slack.StylePrimary),
			button(actionRequestDecline, id, "Decline", ""),
		))
	return reply{Text: text, Blocks: blocks}
}

// requestPaired is what the DM that asked req.MentorID about req says
// once a pair of the two, p, has closed it: its buttons would find
// nothing to answer.
func requestPaired(req store.Request, p store.Pair) reply {
	roles := "you mentor them"
	if p.MentorID != req.MentorID {
		roles = "they mentor you"
	}
	return textReply(":handshake: <@%s> asked you to be their mentor, and you two are now a pair (%s), so there is nothing to answer. `/mentor pairs` lists your pairs.",
		req.RequesterID, roles)
}

// adminEndedNote tells to, a member of pair p, that admin, a programme
// admin, ended it.
func adminEndedNote(p store.Pair, to, admin string) reply {
	return textReply("A programme admin, <@%s>, has ended your mentoring pair with <@%s>. Its reminders have stopped; %s. "+
		"Thank you for the time you gave each other. If you have questions about it, you can ask <@%[1]s>.", admin, p.Partner(to), keptAfterEnd(p, to))
}

// maxRequestQuote bounds a request's message as shown in the DM, escaped and
// quoted: it must fit one section (3,000 characters) with room to spare.
// /mentor request refuses a message that would not fit; older ones are cut.
const maxRequestQuote = 2900

// requestQuote is a request's message as the DM shows it: every line
// quoted, mentions as a plain @name, escaped. "" when there is none.
func requestQuote(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	return "> " + strings.ReplaceAll(shownText(msg), "\n", "\n> ")
}

// cutShown shortens escaped text to at most n characters, marking the cut
// with "…", without cutting an escape (&amp; &lt; &gt;) in two.
func cutShown(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, '&'); i >= 0 && !strings.Contains(cut[i:], ";") {
		cut = cut[:i]
	}
	return cut + "…"
}

// endWhichMessage asks someone in several pairs which one to end, with a
// button per pair that ends it (names are the partners' names, in order).
func endWhichMessage(pairs []store.Pair, names []string) reply {
	text := ":warning: *Which mentoring pair do you want to end?* Its meetings and reminders stop; goals, notes and to-dos stay, and I'll let your partner know kindly."
	var buttons []slack.BlockElement
	for i, p := range pairs {
		if i == maxPickButtons { // and Cancel, within Slack's 25 elements
			n := len(pairs) - maxPickButtons
			text += fmt.Sprintf(" (%d more %s not shown: `/mentor end @name` ends %s.)",
				n, plural(n, "pair is", "pairs are"), plural(n, "it", "one of them"))
			break
		}
		v := strconv.FormatInt(p.ID, 10)
		// Action IDs are unique within a block.
		buttons = append(buttons, button(actionEndConfirm+"_"+v, v, "End my pair with "+names[i], slack.StyleDanger))
	}
	buttons = append(buttons, button(actionEndCancel, "cancel", "Cancel", ""))
	return reply{Text: "Which mentoring pair do you want to end?", Blocks: []slack.Block{
		section(text),
		slack.NewActionBlock("end_which", buttons...),
	}}
}

// endConfirmMessage asks the member of one pair, who left the partner out
// of /mentor end, to confirm ending it.
func endConfirmMessage(p store.Pair, me, partnerName string) reply {
	partner := p.Partner(me)
	text := fmt.Sprintf(":warning: *End your mentoring pair with <@%s>?* Your meetings and reminders stop; your goals, notes and to-dos stay. "+
		"I'll let <@%s> know kindly.", partner, partner)
	v := strconv.FormatInt(p.ID, 10)
	end := button(actionEndConfirm, v, "End my pair with "+partnerName, slack.StyleDanger)
	return reply{Text: fmt.Sprintf("End your mentoring pair with <@%s>?", partner), Blocks: []slack.Block{
		section(text),
		slack.NewActionBlock("end_"+v, end, button(actionEndCancel, v, "Cancel", "")),
	}}
}

// pairAgainMessage asks an admin to confirm pairing mentor and mentee,
// whose last pair ended at ended.
func pairAgainMessage(mentor, mentee string, ended time.Time, loc *time.Location) reply {
	text := fmt.Sprintf(":warning: *<@%s> and <@%s> were a pair before*, until %s. If that pair was ended for a reason, it may be worth a word with them first. "+
		"Pair them again, <@%[1]s> as the mentor? Both get a welcome DM.", mentor, mentee, dateTokenIn(ended, "{date_long}", loc))
	v := mentor + ":" + mentee
	return reply{Text: fmt.Sprintf("Pair <@%s> and <@%s> again?", mentor, mentee), Blocks: []slack.Block{
		section(text),
		slack.NewActionBlock("pair_again", button(actionPairAgain, v, "Pair them again", slack.StylePrimary), button(actionPairAgainNot, v, "Cancel", "")),
	}}
}
