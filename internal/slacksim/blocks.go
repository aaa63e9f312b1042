package slacksim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Block Kit limits, from Slack's Block Kit reference. Text limits count
// characters, not bytes.
const (
	maxMessageBlocks   = 50
	maxSurfaceBlocks   = 100 // modals and App Home
	maxMessageText     = 40000
	maxSectionText     = 3000
	maxSectionFields   = 10
	maxFieldText       = 2000
	maxHeaderText      = 150
	maxContextElements = 10
	maxActionsElements = 25
	maxButtonText      = 75
	maxButtonValue     = 2000
	maxURL             = 3000
	maxID              = 255 // block_id, action_id, callback_id, external_id
	maxPlaceholder     = 150
	maxOptionText      = 75
	maxOptionValue     = 150
	maxSelectOptions   = 100
	maxChoiceOptions   = 10 // checkboxes, radio_buttons
	maxOverflowOptions = 5
	maxInputLabel      = 2000
	maxInputHint       = 2000
	maxTextInputLength = 3000
	maxAltText         = 2000
	maxImageTitle      = 2000
	maxMarkdownText    = 12000
	maxModalTitle      = 24
	maxModalButton     = 24
	maxPrivateMetadata = 3000
	maxViewBytes       = 250 * 1000
	maxConfirmTitle    = 100
	maxConfirmText     = 300
	maxConfirmButton   = 30
)

// maxMessageBlocksText is Slack's cumulative limit on the text of a
// message's blocks: chat.postMessage and chat.update answer
// msg_blocks_too_long above it, however valid each block is. Slack does
// not document it. A Slack engineer put it at "12,000 text characters with
// a buffer for block containers" (slackapi/bolt-js#2509); that issue saw
// the error at about 13,200 characters of markdown blocks, and
// slackapi/bolt-js#2867 at 11,341 characters of text summed over section,
// rich_text and header blocks, so the real figure also counts something
// of the containers and may be lower than this. #2867 saw the same blocks
// pass through a response_url, so response URLs and acks are not held to
// it. chat.postEphemeral was in neither report; it is held to it too, as
// a chat.* method of the Web API like the other two: a simulator stricter
// than Slack costs a test, one laxer costs a message in production.
// blocksTextLen is what it counts.
const maxMessageBlocksText = 12000

// BlocksTextLen is blocksTextLen of blocks as JSON (a Message's Blocks),
// for tests that check what the bot sent against the limit; -1 when raw is
// not a JSON array.
func BlocksTextLen(raw []byte) int {
	var blocks []any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return -1
	}
	return blocksTextLen(blocks)
}

// blocksTextLen counts the characters of text in blocks, as the
// cumulative limit does: the text of every text object (plain_text and
// mrkdwn, wherever it sits: section text and fields, context elements,
// headers, buttons, options, confirm dialogs), of rich_text's text and
// link elements, and of markdown blocks.
func blocksTextLen(blocks []any) int {
	n := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			switch v["type"] {
			case "plain_text", "mrkdwn", "text", "link", "markdown":
				if s, ok := v["text"].(string); ok {
					n += runes(s)
				}
			}
			for k, x := range v {
				// A text object's text was counted above; any other
				// string is not text a person reads.
				if k != "text" || !isString(x) {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(blocks)
	return n
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// surface is where blocks are shown; limits differ.
type surface int

const (
	surfMessage surface = iota
	surfModal
	surfHome
)

func (sf surface) String() string {
	switch sf {
	case surfModal:
		return "modal"
	case surfHome:
		return "home"
	}
	return "message"
}

func (sf surface) maxBlocks() int {
	if sf == surfMessage {
		return maxMessageBlocks
	}
	return maxSurfaceBlocks
}

// where an element sits decides which element types Slack accepts.
type elemContext int

const (
	inActions elemContext = iota
	inSection
	inInput
	inContext
)

func (w elemContext) String() string {
	return [...]string{"actions", "section accessory", "input", "context"}[w]
}

var (
	selectTypes = []string{
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select", "multi_channels_select",
	}
	allowedElements = map[elemContext][]string{
		inActions: append([]string{"button", "checkboxes", "datepicker", "datetimepicker", "overflow", "radio_buttons", "timepicker", "workflow_button", "rich_text_input"}, selectTypes...),
		inSection: append([]string{"button", "checkboxes", "datepicker", "image", "overflow", "radio_buttons", "timepicker", "workflow_button"}, selectTypes...),
		inInput: append([]string{"checkboxes", "datepicker", "datetimepicker", "email_text_input", "file_input", "number_input",
			"plain_text_input", "radio_buttons", "rich_text_input", "timepicker", "url_text_input"}, selectTypes...),
		inContext: {"image", "plain_text", "mrkdwn"},
	}
	// blockTypes Slack accepts; the simulator checks the common ones in
	// depth and the rest only for their block_id.
	blockTypes = []string{"section", "divider", "header", "context", "actions", "image", "input",
		"rich_text", "video", "file", "markdown", "table", "call", "context_actions"}
	// interactiveTypes get an action_id generated when they lack one.
	interactiveTypes = append([]string{"button", "checkboxes", "datepicker", "datetimepicker", "overflow", "radio_buttons",
		"timepicker", "workflow_button", "rich_text_input", "email_text_input", "file_input", "number_input",
		"plain_text_input", "url_text_input"}, selectTypes...)

	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timePattern = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checker collects validation errors in Slack's format:
// "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
type checker struct {
	errs     []string
	blockIDs map[string]bool
}

func (c *checker) errorf(ptr, format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf("[ERROR] %s [json-pointer:%s]", fmt.Sprintf(format, args...), ptr))
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// str checks an optional string field's type and length (1..max).
func (c *checker) str(obj map[string]any, key, ptr string, max int, required bool) (string, bool) {
	v, present := obj[key]
	if !present || v == nil {
		if required {
			c.errorf(ptr+"/"+key, "missing required field: %s", key)
		}
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.errorf(ptr+"/"+key, "must be a string")
		return "", false
	}
	switch n := runes(s); {
	case n == 0 && required:
		c.errorf(ptr+"/"+key, "must be more than 0 characters")
	case n > max:
		c.errorf(ptr+"/"+key, "must be less than %d characters", max+1)
	}
	return s, true
}

// text checks a text object.
func (c *checker) text(v any, ptr string, max int, plainOnly, required bool) {
	if v == nil {
		if required {
			c.errorf(ptr, "missing required field")
		}
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		c.errorf(ptr, "must be a text object")
		return
	}
	switch typ, _ := obj["type"].(string); typ {
	case "plain_text":
	case "mrkdwn":
		if plainOnly {
			c.errorf(ptr+"/type", "must be plain_text")
		}
		if _, has := obj["emoji"]; has {
			// Only plain_text takes emoji; Slack refuses the whole
			// message (slack-go v0.17.0-rc4 sent it, slack-go#1414).
			c.errorf(ptr, "invalid additional property: emoji")
		}
	default:
		c.errorf(ptr+"/type", "must be one of plain_text, mrkdwn")
	}
	c.str(obj, "text", ptr, max, true)
}

func asObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

func asArray(v any) ([]any, bool) {
	a, ok := v.([]any)
	return a, ok
}

// checkBlocks validates a blocks array for a surface and returns Slack-style
// error messages (nil when valid).
func checkBlocks(blocks []any, surf surface, ptr string) []string {
	c := &checker{blockIDs: map[string]bool{}}
	c.blocks(blocks, surf, ptr)
	return c.errs
}

func (c *checker) blocks(blocks []any, surf surface, ptr string) {
	if max := surf.maxBlocks(); len(blocks) > max {
		c.errorf(ptr, "no more than %d items allowed", max)
	}
	for i, b := range blocks {
		c.block(b, fmt.Sprintf("%s/%d", ptr, i))
	}
}

func (c *checker) block(b any, ptr string) {
	obj, ok := asObject(b)
	if !ok {
		c.errorf(ptr, "must be an object")
		return
	}
	if id, ok := c.str(obj, "block_id", ptr, maxID, false); ok {
		if id == "" {
			c.errorf(ptr+"/block_id", "must be more than 0 characters")
		} else if c.blockIDs[id] {
			c.errorf(ptr+"/block_id", "duplicate block_id %q", id)
		}
		c.blockIDs[id] = true
	}
	typ, _ := obj["type"].(string)
	switch typ {
	case "section":
		c.section(obj, ptr)
	case "header":
		c.text(obj["text"], ptr+"/text", maxHeaderText, true, true)
	case "context":
		c.context(obj, ptr)
	case "actions":
		c.actions(obj, ptr)
	case "image":
		c.image(obj, ptr)
	case "input":
		c.input(obj, ptr)
	case "markdown":
		c.str(obj, "text", ptr, maxMarkdownText, true)
	case "":
		c.errorf(ptr+"/type", "missing required field: type")
	default:
		if !contains(blockTypes, typ) {
			c.errorf(ptr+"/type", "unsupported type: %s", typ)
		}
	}
}

func (c *checker) section(obj map[string]any, ptr string) {
	c.text(obj["text"], ptr+"/text", maxSectionText, false, false)
	fields, hasFields := obj["fields"]
	if hasFields && fields != nil {
		arr, ok := asArray(fields)
		if !ok {
			c.errorf(ptr+"/fields", "must be an array")
		} else {
			if len(arr) > maxSectionFields {
				c.errorf(ptr+"/fields", "no more than %d items allowed", maxSectionFields)
			}
			if len(arr) == 0 {
				c.errorf(ptr+"/fields", "must have at least 1 item")
			}
			for i, f := range arr {
				c.text(f, fmt.Sprintf("%s/fields/%d", ptr, i), maxFieldText, false, true)
			}
		}
	}
	if obj["text"] == nil && (!hasFields || fields == nil) {
		c.errorf(ptr, "must provide either text or fields")
	}
	if acc, ok := obj["accessory"]; ok && acc != nil {
		c.element(acc, ptr+"/accessory", inSection)
	}
}

func (c *checker) context(obj map[string]any, ptr string) {
	arr, ok := asArray(obj["elements"])
	if !ok {
		c.errorf(ptr+"/elements", "missing required field: elements")
		return
	}
	if len(arr) == 0 {
		c.errorf(ptr+"/elements", "must have at least 1 item")
	}
	if len(arr) > maxContextElements {
		c.errorf(ptr+"/elements", "no more than %d items allowed", maxContextElements)
	}
	for i, el := range arr {
		p := fmt.Sprintf("%s/elements/%d", ptr, i)
		if m, ok := asObject(el); ok && (m["type"] == "plain_text" || m["type"] == "mrkdwn") {
			c.text(m, p, maxSectionText, false, true)
			continue
		}
		c.element(el, p, inContext)
	}
}

func (c *checker) actions(obj map[string]any, ptr string) {
	arr, ok := asArray(obj["elements"])
	if !ok {
		c.errorf(ptr+"/elements", "missing required field: elements")
		return
	}
	if len(arr) == 0 {
		c.errorf(ptr+"/elements", "must have at least 1 item")
	}
	if len(arr) > maxActionsElements {
		c.errorf(ptr+"/elements", "no more than %d items allowed", maxActionsElements)
	}
	// Slack: an action_id "should be unique among all other action_ids in
	// the containing block"; it rejects duplicates within one block.
	seen := map[string]bool{}
	for i, el := range arr {
		p := fmt.Sprintf("%s/elements/%d", ptr, i)
		id := c.element(el, p, inActions)
		if id == "" {
			continue
		}
		if seen[id] {
			c.errorf(p+"/action_id", "duplicate action_id %q in block", id)
		}
		seen[id] = true
	}
}

func (c *checker) image(obj map[string]any, ptr string) {
	if _, ok := obj["slack_file"]; !ok {
		c.str(obj, "image_url", ptr, maxURL, true)
	}
	c.str(obj, "alt_text", ptr, maxAltText, true)
	if t, ok := obj["title"]; ok {
		c.text(t, ptr+"/title", maxImageTitle, true, false)
	}
}

func (c *checker) input(obj map[string]any, ptr string) {
	c.text(obj["label"], ptr+"/label", maxInputLabel, true, true)
	if h, ok := obj["hint"]; ok {
		c.text(h, ptr+"/hint", maxInputHint, true, false)
	}
	if obj["element"] == nil {
		c.errorf(ptr+"/element", "missing required field: element")
		return
	}
	c.element(obj["element"], ptr+"/element", inInput)
}

// element checks an element and returns its action_id.
func (c *checker) element(v any, ptr string, where elemContext) string {
	obj, ok := asObject(v)
	if !ok {
		c.errorf(ptr, "must be an object")
		return ""
	}
	typ, _ := obj["type"].(string)
	if typ == "" {
		c.errorf(ptr+"/type", "missing required field: type")
		return ""
	}
	if !contains(allowedElements[where], typ) {
		c.errorf(ptr+"/type", "%s is not allowed in %s", typ, where)
		return ""
	}
	actionID, _ := c.str(obj, "action_id", ptr, maxID, false)
	if _, present := obj["action_id"]; present && actionID == "" {
		c.errorf(ptr+"/action_id", "must be more than 0 characters")
	}
	if p, ok := obj["placeholder"]; ok {
		c.text(p, ptr+"/placeholder", maxPlaceholder, true, false)
	}
	if cf, ok := obj["confirm"]; ok {
		c.confirm(cf, ptr+"/confirm")
	}
	switch typ {
	case "button":
		c.text(obj["text"], ptr+"/text", maxButtonText, true, true)
		c.str(obj, "value", ptr, maxButtonValue, false)
		c.str(obj, "url", ptr, maxURL, false)
		if st, ok := obj["style"]; ok && st != "primary" && st != "danger" {
			c.errorf(ptr+"/style", "must be one of primary, danger")
		}
	case "static_select", "multi_static_select":
		opts := c.selectOptions(obj, ptr)
		c.initialOptions(obj, ptr, opts, typ == "multi_static_select")
	case "overflow":
		c.options(obj["options"], ptr+"/options", 1, maxOverflowOptions, true)
	case "checkboxes", "radio_buttons":
		opts := c.options(obj["options"], ptr+"/options", 1, maxChoiceOptions, false)
		c.initialOptions(obj, ptr, opts, typ == "checkboxes")
	case "datepicker":
		if d, ok := c.str(obj, "initial_date", ptr, 10, false); ok && !datePattern.MatchString(d) {
			c.errorf(ptr+"/initial_date", "must be in the format YYYY-MM-DD")
		}
	case "timepicker":
		if t, ok := c.str(obj, "initial_time", ptr, 5, false); ok && !timePattern.MatchString(t) {
			c.errorf(ptr+"/initial_time", "must be in the format HH:mm")
		}
	case "plain_text_input":
		minLen, hasMin := number(obj["min_length"])
		maxLen, hasMax := number(obj["max_length"])
		if hasMax && (maxLen < 1 || maxLen > maxTextInputLength) {
			c.errorf(ptr+"/max_length", "must be between 1 and %d", maxTextInputLength)
		}
		if hasMin && (minLen < 0 || minLen > maxTextInputLength) {
			c.errorf(ptr+"/min_length", "must be between 0 and %d", maxTextInputLength)
		}
		if hasMin && hasMax && minLen > maxLen {
			c.errorf(ptr+"/min_length", "must not be greater than max_length")
		}
		if iv, ok := c.str(obj, "initial_value", ptr, maxTextInputLength, false); ok && hasMax && float64(runes(iv)) > maxLen {
			c.errorf(ptr+"/initial_value", "must be less than %d characters", int(maxLen)+1)
		}
	case "number_input":
		if _, ok := obj["is_decimal_allowed"].(bool); !ok {
			c.errorf(ptr+"/is_decimal_allowed", "missing required field: is_decimal_allowed")
		}
	case "image":
		c.image(obj, ptr)
	}
	return actionID
}

func (c *checker) confirm(v any, ptr string) {
	obj, ok := asObject(v)
	if !ok {
		c.errorf(ptr, "must be an object")
		return
	}
	c.text(obj["title"], ptr+"/title", maxConfirmTitle, true, true)
	c.text(obj["text"], ptr+"/text", maxConfirmText, false, true)
	c.text(obj["confirm"], ptr+"/confirm", maxConfirmButton, true, true)
	c.text(obj["deny"], ptr+"/deny", maxConfirmButton, true, true)
}

// selectOptions checks options or option_groups of a static select and
// returns all options.
func (c *checker) selectOptions(obj map[string]any, ptr string) []map[string]any {
	groups, hasGroups := obj["option_groups"]
	if hasGroups && groups != nil {
		arr, ok := asArray(groups)
		if !ok {
			c.errorf(ptr+"/option_groups", "must be an array")
			return nil
		}
		if len(arr) > maxSelectOptions {
			c.errorf(ptr+"/option_groups", "no more than %d items allowed", maxSelectOptions)
		}
		var all []map[string]any
		for i, g := range arr {
			gp := fmt.Sprintf("%s/option_groups/%d", ptr, i)
			gobj, ok := asObject(g)
			if !ok {
				c.errorf(gp, "must be an object")
				continue
			}
			c.text(gobj["label"], gp+"/label", maxOptionText, true, true)
			all = append(all, c.options(gobj["options"], gp+"/options", 1, maxSelectOptions, true)...)
		}
		return all
	}
	return c.options(obj["options"], ptr+"/options", 1, maxSelectOptions, true)
}

func (c *checker) options(v any, ptr string, min, max int, plainOnly bool) []map[string]any {
	arr, ok := asArray(v)
	if !ok {
		c.errorf(ptr, "missing required field: options")
		return nil
	}
	if len(arr) < min {
		c.errorf(ptr, "must have at least %d items", min)
	}
	if len(arr) > max {
		c.errorf(ptr, "no more than %d items allowed", max)
	}
	var out []map[string]any
	for i, o := range arr {
		op := fmt.Sprintf("%s/%d", ptr, i)
		obj, ok := asObject(o)
		if !ok {
			c.errorf(op, "must be an object")
			continue
		}
		c.text(obj["text"], op+"/text", maxOptionText, plainOnly, true)
		c.str(obj, "value", op, maxOptionValue, true)
		if d, ok := obj["description"]; ok {
			c.text(d, op+"/description", maxOptionText, plainOnly, false)
		}
		c.str(obj, "url", op, maxURL, false)
		out = append(out, obj)
	}
	return out
}

// initialOptions checks that initial_option(s) are among the options, which
// Slack requires.
func (c *checker) initialOptions(obj map[string]any, ptr string, opts []map[string]any, multi bool) {
	key := "initial_option"
	if multi {
		key = "initial_options"
	}
	v, ok := obj[key]
	if !ok || v == nil {
		return
	}
	var initial []any
	if multi {
		arr, ok := asArray(v)
		if !ok {
			c.errorf(ptr+"/"+key, "must be an array")
			return
		}
		initial = arr
	} else {
		initial = []any{v}
	}
	for i, in := range initial {
		io, _ := asObject(in)
		found := false
		for _, o := range opts {
			if optionValue(o) == optionValue(io) && optionText(o) == optionText(io) {
				found = true
				break
			}
		}
		if !found {
			p := ptr + "/" + key
			if multi {
				p = fmt.Sprintf("%s/%d", p, i)
			}
			c.errorf(p, "must match one of the provided options")
		}
	}
}

func optionValue(o map[string]any) string {
	v, _ := o["value"].(string)
	return v
}

func optionText(o map[string]any) string {
	t, _ := asObject(o["text"])
	s, _ := t["text"].(string)
	return s
}

// number reads a JSON number decoded with UseNumber (or as float64).
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	}
	return 0, false
}

// decodeJSON decodes with UseNumber, so that re-encoding keeps numbers as
// the bot sent them.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

// parseBlocks reads a blocks argument: a JSON array, or (form-encoded) a
// string holding one.
func parseBlocks(raw string) ([]any, error) {
	var blocks []any
	if err := decodeJSON([]byte(raw), &blocks); err != nil {
		return nil, err
	}
	return blocks, nil
}

// checkView validates a view object (the "view" argument of views.* or a
// response_action) and returns its surface.
func checkView(v map[string]any, ptr string) (surface, []string) {
	c := &checker{blockIDs: map[string]bool{}}
	surf := surfModal
	switch typ, _ := v["type"].(string); typ {
	case "modal":
	case "home":
		surf = surfHome
	default:
		c.errorf(ptr+"/type", "must be one of modal, home")
	}
	blocks, ok := asArray(v["blocks"])
	if !ok {
		c.errorf(ptr+"/blocks", "missing required field: blocks")
	} else {
		c.blocks(blocks, surf, ptr+"/blocks")
	}
	if surf == surfModal {
		c.text(v["title"], ptr+"/title", maxModalTitle, true, true)
		c.text(v["submit"], ptr+"/submit", maxModalButton, true, false)
		c.text(v["close"], ptr+"/close", maxModalButton, true, false)
		if v["submit"] == nil && hasInputBlock(blocks) {
			c.errorf(ptr+"/submit", "must provide a submit property when using input blocks")
		}
	}
	c.str(v, "private_metadata", ptr, maxPrivateMetadata, false)
	c.str(v, "callback_id", ptr, maxID, false)
	c.str(v, "external_id", ptr, maxID, false)
	return surf, c.errs
}

func hasInputBlock(blocks []any) bool {
	for _, b := range blocks {
		if obj, ok := asObject(b); ok && obj["type"] == "input" {
			return true
		}
	}
	return false
}

// fillIDs gives blocks and interactive elements that lack them a block_id
// or action_id, as Slack does, so that payloads carry them like Slack's.
func fillIDs(blocks []any, gen func() string) {
	fillElem := func(v any) {
		if el, ok := asObject(v); ok {
			if typ, _ := el["type"].(string); contains(interactiveTypes, typ) {
				if _, has := el["action_id"]; !has {
					el["action_id"] = gen()
				}
			}
		}
	}
	for _, b := range blocks {
		obj, ok := asObject(b)
		if !ok {
			continue
		}
		if _, has := obj["block_id"]; !has {
			obj["block_id"] = gen()
		}
		if els, ok := asArray(obj["elements"]); ok && obj["type"] == "actions" {
			for _, el := range els {
				fillElem(el)
			}
		}
		fillElem(obj["accessory"])
		fillElem(obj["element"])
	}
}
