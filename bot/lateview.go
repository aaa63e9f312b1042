package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// A modal submission answered after its ack.
//
// Slack shows a modal's field errors only when they come in the ack, and
// closes the modal when the ack carries nothing. A submission that
// outlasts the ack budget (it waits on a users.info that Slack
// rate-limits) is therefore acked with an update to a small view that
// says it is being checked, which keeps the modal open; when the handler
// is done, views.update puts into that view either the form again, as the
// person filled it in, with what to fix, or what was done. Everything in
// this file works from the submitted view alone, so it serves every modal
// in viewTable.

// viewOutcome is what a modal submission came to.
type viewOutcome struct {
	// errs, when not empty, refused the submission: what to fix (mrkdwn),
	// by the block ID of the input it is about.
	errs map[string]string
	// confirm is what to tell the person of what was done; nil for
	// nothing to say.
	confirm *reply
	// panicked: the handler may have written part of its work.
	panicked bool
}

// slackAckLimit is how long Slack waits for the ack of what it sends over
// Socket Mode.
const slackAckLimit = 3 * time.Second

// problemsBlockID is the block at the top of a form that came back
// refused, which names what to fix.
const problemsBlockID = "form_problems"

// modalLike is a view to put in the place of v: the same title, callback
// ID and private metadata, so that a submission of it is handled as one of
// v, and without blocks.
func modalLike(v slack.View) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           v.Title,
		Close:           v.Close,
		Submit:          v.Submit,
		PrivateMetadata: v.PrivateMetadata,
		CallbackID:      v.CallbackID,
		ClearOnClose:    v.ClearOnClose,
		NotifyOnClose:   v.NotifyOnClose,
		ExternalID:      v.ExternalID,
	}
}

// checkingView is what the modal shows while a submission that outlasted
// the ack is still being handled: no inputs and no submit button, so that
// it cannot be sent twice.
func checkingView(v slack.View) slack.ModalViewRequest {
	m := modalLike(v)
	m.Submit, m.Close = nil, plain("Close")
	m.Blocks.BlockSet = []slack.Block{
		section(":hourglass_flowing_sand: *Checking what you sent…*"),
		contextText("This is taking a little longer than usual. Keep this open: if anything needs changing, your form comes back here as you filled it in. " +
			"If you close it, I'll tell you in a message how it went."),
	}
	return m
}

// refusedView is the submitted form again, each input holding what the
// person had entered, with what to fix named at the top. Slack shows the
// red text under a field only for errors in an ack, which has gone, so
// the problems are a block of text, each with its field's label.
func (b *Bot) refusedView(v slack.View, o viewOutcome) slack.ModalViewRequest {
	m := modalLike(v)
	blocks := restoreInputs(v.Blocks.BlockSet, v.State)
	blocks = slices.DeleteFunc(blocks, func(bl slack.Block) bool { return blockID(bl) == problemsBlockID })
	head := ":warning: *Nothing was saved yet.* Please change this and submit again:"
	if o.panicked {
		head = ":warning: *Something went wrong on my side*, so part of this may have been saved: please check before you submit it again."
	}
	lines := []string{head}
	for _, id := range errorOrder(blocks, o.errs) {
		label := ""
		for _, bl := range blocks {
			if in, ok := bl.(*slack.InputBlock); ok && in.BlockID == id && in.Label != nil {
				label = "*" + esc(in.Label.Text) + ":* "
			}
		}
		lines = append(lines, "• "+label+o.errs[id])
	}
	problems := slack.NewSectionBlock(mrkdwn(truncateMrkdwn(strings.Join(lines, "\n"), maxSectionText)), nil, nil,
		slack.SectionBlockOptionBlockID(problemsBlockID))
	m.Blocks.BlockSet = append([]slack.Block{problems}, blocks...)
	return m
}

// maxSectionText is Slack's limit on a section block's text.
const maxSectionText = 3000

// errorOrder is the order to name field errors in: that of their inputs
// in the form, then any that name no input.
func errorOrder(blocks []slack.Block, errs map[string]string) []string {
	var out []string
	for _, bl := range blocks {
		if in, ok := bl.(*slack.InputBlock); ok {
			if _, has := errs[in.BlockID]; has && !slices.Contains(out, in.BlockID) {
				out = append(out, in.BlockID)
			}
		}
	}
	for _, id := range sortedKeys(errs) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func blockID(bl slack.Block) string {
	switch bl := bl.(type) {
	case *slack.SectionBlock:
		return bl.BlockID
	case *slack.ContextBlock:
		return bl.BlockID
	}
	return ""
}

// savedView tells, in the modal, what a submission did: the confirmation
// the person would have read had the ack carried it, with a Close button
// only. A modal's buttons would act without the message they belong to,
// so they are left out; also is then the confirmation, to be sent as the
// message it was, buttons and all.
func savedView(v slack.View, confirm *reply) (m slack.ModalViewRequest, also *reply) {
	m = modalLike(v)
	m.Submit, m.Close = nil, plain("Close")
	if confirm == nil {
		m.Blocks.BlockSet = []slack.Block{section(":white_check_mark: Saved.")}
		return m, nil
	}
	if len(confirm.Blocks) == 0 {
		m.Blocks.BlockSet = []slack.Block{section(truncateMrkdwn(confirm.Text, maxSectionText))}
		return m, nil
	}
	var stripped bool
	for _, bl := range confirm.Blocks {
		switch bl := bl.(type) {
		case *slack.ActionBlock:
			stripped = true
			continue
		case *slack.SectionBlock:
			if bl.Accessory != nil && bl.Accessory.ImageElement == nil {
				cp := *bl
				cp.Accessory = nil
				m.Blocks.BlockSet = append(m.Blocks.BlockSet, &cp)
				stripped = true
				continue
			}
		}
		m.Blocks.BlockSet = append(m.Blocks.BlockSet, bl)
	}
	if stripped {
		m.Blocks.BlockSet = append(m.Blocks.BlockSet, contextText("I've sent you this in a message too, with its buttons."))
		also = confirm
	}
	return m, also
}

// restoreInputs returns blocks with each input's initial value set to what
// the person had entered (state, as the submission carried it); an input
// they had left empty comes back empty. The blocks passed in are not
// changed.
func restoreInputs(blocks []slack.Block, state *slack.ViewState) []slack.Block {
	out := make([]slack.Block, 0, len(blocks))
	for _, bl := range blocks {
		in, ok := bl.(*slack.InputBlock)
		if !ok {
			out = append(out, bl)
			continue
		}
		// An input block holds one element, so its state has one action.
		var entered slack.BlockAction
		if state != nil {
			for _, a := range state.Values[in.BlockID] {
				entered = a
			}
		}
		cp := *in
		cp.Element = withEntered(in.Element, entered)
		out = append(out, &cp)
	}
	return out
}

// withEntered is a copy of an input element whose initial value is what
// was entered in it.
func withEntered(el slack.BlockElement, a slack.BlockAction) slack.BlockElement {
	switch e := el.(type) {
	case *slack.PlainTextInputBlockElement:
		c := *e
		c.InitialValue = a.Value
		return &c
	case *slack.NumberInputBlockElement:
		c := *e
		c.InitialValue = a.Value
		return &c
	case *slack.EmailTextInputBlockElement:
		c := *e
		c.InitialValue = a.Value
		return &c
	case *slack.URLTextInputBlockElement:
		c := *e
		c.InitialValue = a.Value
		return &c
	case *slack.RichTextInputBlockElement:
		c := *e
		c.InitialValue = nil
		if len(a.RichTextValue.Elements) > 0 {
			rt := a.RichTextValue
			c.InitialValue = &rt
		}
		return &c
	case *slack.DatePickerBlockElement:
		c := *e
		c.InitialDate = a.SelectedDate
		return &c
	case *slack.TimePickerBlockElement:
		c := *e
		c.InitialTime = a.SelectedTime
		return &c
	case *slack.DateTimePickerBlockElement:
		c := *e
		c.InitialDateTime = a.SelectedDateTime
		return &c
	case *slack.RadioButtonsBlockElement:
		c := *e
		c.InitialOption = pickOption(e.Options, a.SelectedOption)
		return &c
	case *slack.CheckboxGroupsBlockElement:
		c := *e
		c.InitialOptions = pickOptions(e.Options, a.SelectedOptions)
		return &c
	case *slack.SelectBlockElement:
		c := *e
		c.InitialUser, c.InitialConversation, c.InitialChannel = a.SelectedUser, a.SelectedConversation, a.SelectedChannel
		c.InitialOption = nil
		if a.SelectedOption.Value != "" {
			if e.Type == slack.OptTypeExternal {
				// Its options come from the app on demand: the chosen one
				// is all there is.
				opt := a.SelectedOption
				c.InitialOption = &opt
			} else {
				c.InitialOption = pickOption(selectOptions(e.Options, e.OptionGroups), a.SelectedOption)
			}
		}
		return &c
	case *slack.MultiSelectBlockElement:
		c := *e
		c.InitialUsers, c.InitialConversations, c.InitialChannels = a.SelectedUsers, a.SelectedConversations, a.SelectedChannels
		if e.Type == slack.MultiOptTypeExternal {
			c.InitialOptions = nil
			for _, o := range a.SelectedOptions {
				c.InitialOptions = append(c.InitialOptions, &o)
			}
		} else {
			c.InitialOptions = pickOptions(selectOptions(e.Options, e.OptionGroups), a.SelectedOptions)
		}
		return &c
	}
	return el // one that cannot be preset (a file input) stays as it was
}

func selectOptions(opts []*slack.OptionBlockObject, groups []*slack.OptionGroupBlockObject) []*slack.OptionBlockObject {
	out := slices.Clone(opts)
	for _, g := range groups {
		out = append(out, g.Options...)
	}
	return out
}

// pickOption is the element's own option with the chosen value: Slack
// takes an initial option only as one of the options, text and all.
func pickOption(opts []*slack.OptionBlockObject, chosen slack.OptionBlockObject) *slack.OptionBlockObject {
	if chosen.Value == "" {
		return nil
	}
	for _, o := range opts {
		if o != nil && o.Value == chosen.Value {
			return o
		}
	}
	return nil
}

func pickOptions(opts []*slack.OptionBlockObject, chosen []slack.OptionBlockObject) []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, c := range chosen {
		if o := pickOption(opts, c); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// answerLate shows the outcome of a submission that was acked with
// checkingView, in that modal: the form again with what to fix, or what
// was done. When the modal is gone (the person closed it), they read it
// in a message instead, so that nothing is lost unsaid. It returns the ack
// that shows the same (for a redelivery of the submission), nil when the
// modal is gone. received is when the submission came in.
func (b *Bot) answerLate(ctx context.Context, cb slack.InteractionCallback, o viewOutcome, received time.Time) any {
	channel := parseMeta(cb.View.PrivateMetadata).Channel
	var v slack.ModalViewRequest
	var also *reply
	if len(o.errs) > 0 {
		v = b.refusedView(cb.View, o)
	} else {
		v, also = savedView(cb.View, o.confirm)
	}
	// The ack travels on the socket and this on the Web API, so Slack may
	// apply the ack's checking view after this update, which it would then
	// hide for good. Once Slack's time for the ack is over, the ack has
	// been applied or dropped as late.
	wait := time.NewTimer(time.Until(received.Add(slackAckLimit)))
	select {
	case <-wait.C:
	case <-ctx.Done():
		wait.Stop()
	}
	// By view ID alone: the ack's update gave the view a new hash, which
	// Slack does not tell the app, so the submitted one would only meet
	// hash_conflict. The hash guards against replacing what the person
	// changed meanwhile, and the checking view has nothing to change;
	// closing it makes this not_found.
	err := b.slack.UpdateView(ctx, cb.View.ID, "", v)
	if err == nil {
		if also != nil {
			b.tell(ctx, cb.User.ID, channel, *also)
		}
		ack := slack.NewUpdateViewSubmissionResponse(&v)
		if raw, err := json.Marshal(ack); err != nil || len(raw) > maxAckPayload {
			return nil // too big for an ack frame: a redelivery is acked without it
		}
		return ack
	}
	b.log.Warn("cannot show a late modal outcome in the modal; telling the person in a message", "callback_id", cb.View.CallbackID, "user", cb.User.ID, "err", err)
	switch {
	case len(o.errs) > 0:
		b.tell(ctx, cb.User.ID, channel, b.closedFormReply(ctx, cb.User.ID, cb.View, o))
	case o.confirm != nil:
		b.tell(ctx, cb.User.ID, channel, *o.confirm)
	}
	return nil
}

// closedFormReply tells someone whose form closed before it was checked
// why it was refused, and that nothing was saved.
func (b *Bot) closedFormReply(ctx context.Context, user string, v slack.View, o viewOutcome) reply {
	msgs := make([]string, 0, len(o.errs))
	for _, id := range errorOrder(v.Blocks.BlockSet, o.errs) {
		msgs = append(msgs, esc(b.plainText(ctx, user, o.errs[id])))
	}
	what := "and nothing was saved"
	if o.panicked {
		what = "and something went wrong on my side: check what was saved before you send it again"
	}
	return textReply(":warning: Your form closed before I had checked it, %s: %s Please open it again.", what, strings.Join(msgs, " "))
}
