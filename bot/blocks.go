package bot

import "github.com/slack-go/slack"

// Block Kit pieces every message and view is made of.

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func section(s string) *slack.SectionBlock { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

func contextText(s string) *slack.ContextBlock { return slack.NewContextBlock("", mrkdwn(s)) }

func button(actionID, value, label string, style slack.Style) *slack.ButtonBlockElement {
	btn := slack.NewButtonBlockElement(actionID, value, plain(truncate(label, 75)))
	if style != "" {
		btn.Style = style
	}
	return btn
}
