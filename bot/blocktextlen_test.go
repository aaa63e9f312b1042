package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// blockTextLen counts the blocks messages are made of from their fields;
// it must count what their JSON does (blockTextLenJSON), which is what
// Slack's limit and slacksim count, for every kind and shape of block.
func TestBlockTextLenCountsAsItsJSONDoes(t *testing.T) {
	texts := []string{"", "plain", "ünïcødé ✓ 日本語", "a\xffb", strings.Repeat("x", 300), "<@U1> &amp; *bold*"}
	obj := func(i int, typ string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(typ, texts[i%len(texts)], false, false)
	}
	confirmed := button("act", "v", "Label ✓", "")
	confirmed.Confirm = slack.NewConfirmationBlockObject(obj(1, "plain_text"), obj(2, "mrkdwn"), obj(3, "plain_text"), obj(4, "plain_text"))
	blocks := []slack.Block{
		section("one"),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{obj(1, "mrkdwn"), obj(2, "plain_text"), obj(3, "mrkdwn")}, nil),
		slack.NewSectionBlock(obj(4, "mrkdwn"), nil, slack.NewAccessory(confirmed)),
		slack.NewSectionBlock(obj(5, "mrkdwn"), nil, slack.NewAccessory(slack.NewImageBlockElement("https://example.com/i.png", "alt text"))),
		slack.NewSectionBlock(obj(2, "mrkdwn"), nil, slack.NewAccessory(slack.NewOverflowBlockElement("o",
			slack.NewOptionBlockObject("a", obj(2, "plain_text"), nil)))),
		slack.NewContextBlock("c", obj(2, "mrkdwn"), obj(3, "plain_text")),
		slack.NewContextBlock("ci", obj(2, "mrkdwn"), slack.NewImageBlockElement("https://example.com/i.png", "alt")),
		slack.NewActionBlock("a", button("x", "1", "Done", "primary"), confirmed),
		slack.NewActionBlock("ad", slack.NewDatePickerBlockElement("d")),
		&slack.ActionBlock{Type: slack.MBTAction},
		slack.NewHeaderBlock(obj(2, "plain_text")),
		slack.NewDividerBlock(),
		slack.NewInputBlock("i", obj(1, "plain_text"), obj(2, "plain_text"), slack.NewPlainTextInputBlockElement(obj(3, "plain_text"), "x")),
		slack.NewRichTextBlock("r", slack.NewRichTextSection(slack.NewRichTextSectionTextElement("rich ✓", nil),
			slack.NewRichTextSectionLinkElement("https://example.com", "link", nil))),
		slack.NewSectionBlock(&slack.TextBlockObject{Type: "other", Text: "not counted"}, nil, nil),
	}
	for i, b := range blocks {
		if got, want := blockTextLen(b), blockTextLenJSON(b); got != want {
			t.Errorf("block %d (%T): blockTextLen %d, its JSON %d", i, b, got, want)
		}
	}
	if got, want := blockTextLen(blocks...), blockTextLenJSON(blocks...); got != want {
		t.Errorf("all the blocks: blockTextLen %d, their JSON %d", got, want)
	}
}
