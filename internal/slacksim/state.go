package slacksim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// elementState is what a user has chosen or typed in a surface's stateful
// elements, as Slack's state value objects keyed by block_id then
// action_id. It overlays the elements' initial values.
type elementState struct {
	values map[string]map[string]map[string]any
}

func newElementState() *elementState {
	return &elementState{values: map[string]map[string]map[string]any{}}
}

func (st *elementState) set(blockID, actionID string, v map[string]any) {
	if st.values[blockID] == nil {
		st.values[blockID] = map[string]map[string]any{}
	}
	st.values[blockID][actionID] = v
}

func (st *elementState) get(blockID, actionID string) (map[string]any, bool) {
	v, ok := st.values[blockID][actionID]
	return v, ok
}

// located is an element found in a surface's blocks.
type located struct {
	blockID  string
	block    map[string]any
	element  map[string]any
	actionID string
	typ      string
	inInput  bool
}

// elements lists every element with an action_id in blocks, in order.
func elements(blocks []any) []located {
	var out []located
	add := func(block map[string]any, v any, input bool) {
		el, ok := asObject(v)
		if !ok {
			return
		}
		id, _ := el["action_id"].(string)
		if id == "" {
			return
		}
		bid, _ := block["block_id"].(string)
		typ, _ := el["type"].(string)
		out = append(out, located{blockID: bid, block: block, element: el, actionID: id, typ: typ, inInput: input})
	}
	for _, b := range blocks {
		block, ok := asObject(b)
		if !ok {
			continue
		}
		switch block["type"] {
		case "actions", "context_actions":
			els, _ := asArray(block["elements"])
			for _, el := range els {
				add(block, el, false)
			}
		case "section":
			add(block, block["accessory"], false)
		case "input":
			add(block, block["element"], true)
		}
	}
	return out
}

// stateKey is the field of a state value object that holds the choice, by
// element type.
func stateKey(typ string) (key string, multi bool) {
	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		return "value", false
	case "datepicker":
		return "selected_date", false
	case "timepicker":
		return "selected_time", false
	case "datetimepicker":
		return "selected_date_time", false
	case "static_select", "external_select", "radio_buttons":
		return "selected_option", false
	case "multi_static_select", "multi_external_select", "checkboxes":
		return "selected_options", true
	case "users_select":
		return "selected_user", false
	case "multi_users_select":
		return "selected_users", true
	case "conversations_select":
		return "selected_conversation", false
	case "multi_conversations_select":
		return "selected_conversations", true
	case "channels_select":
		return "selected_channel", false
	case "multi_channels_select":
		return "selected_channels", true
	case "rich_text_input":
		return "rich_text_value", false
	case "file_input":
		return "files", true
	}
	return "", false
}

// initialKey is the element field that presets stateKey's value.
func initialKey(typ string) string {
	switch k, _ := stateKey(typ); k {
	case "value", "rich_text_value":
		return "initial_value"
	case "selected_date":
		return "initial_date"
	case "selected_time":
		return "initial_time"
	case "selected_date_time":
		return "initial_date_time"
	case "selected_option":
		return "initial_option"
	case "selected_options":
		return "initial_options"
	case "selected_user":
		return "initial_user"
	case "selected_users":
		return "initial_users"
	case "selected_conversation":
		return "initial_conversation"
	case "selected_conversations":
		return "initial_conversations"
	case "selected_channel":
		return "initial_channel"
	case "selected_channels":
		return "initial_channels"
	}
	return ""
}

// initialValue is an element's state before the user touches it, and
// whether it has a preset value.
func initialValue(el located) (map[string]any, bool) {
	key, multi := stateKey(el.typ)
	if key == "" {
		return nil, false
	}
	v := map[string]any{"type": el.typ}
	init, has := el.element[initialKey(el.typ)]
	if has && init != nil {
		v[key] = init
		return v, true
	}
	if multi {
		v[key] = []any{}
	} else {
		v[key] = nil
	}
	return v, false
}

// stateValues builds view.state.values (or a message's state.values) as
// Slack does: every input block's element, plus interactive elements
// elsewhere that hold a value.
func stateValues(blocks []any, st *elementState) map[string]any {
	out := map[string]any{}
	for _, el := range elements(blocks) {
		if key, _ := stateKey(el.typ); key == "" || el.blockID == "" {
			continue
		}
		v, chosen := st.get(el.blockID, el.actionID)
		if !chosen {
			var preset bool
			v, preset = initialValue(el)
			if !preset && !el.inInput {
				continue
			}
		}
		block, _ := out[el.blockID].(map[string]any)
		if block == nil {
			block = map[string]any{}
			out[el.blockID] = block
		}
		block[el.actionID] = v
	}
	return out
}

// pruneState drops choices for elements no longer in blocks: Slack keeps
// what the user entered across views.update only while block_id and
// action_id stay the same.
func pruneState(blocks []any, st *elementState) {
	keep := map[string]bool{}
	for _, el := range elements(blocks) {
		keep[el.blockID+"\x00"+el.actionID] = true
	}
	for bid, acts := range st.values {
		for aid := range acts {
			if !keep[bid+"\x00"+aid] {
				delete(acts, aid)
			}
		}
		if len(acts) == 0 {
			delete(st.values, bid)
		}
	}
}

// isEmptyValue reports a state value object with nothing chosen.
func isEmptyValue(v map[string]any) bool {
	for k, x := range v {
		if k == "type" || k == "timezone" {
			continue
		}
		switch x := x.(type) {
		case nil:
		case string:
			if x != "" {
				return false
			}
		case []any:
			if len(x) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// findOption finds the option with that value among an element's options
// and option groups.
func findOption(el map[string]any, value string) (map[string]any, bool) {
	var all []any
	if opts, ok := asArray(el["options"]); ok {
		all = append(all, opts...)
	}
	if groups, ok := asArray(el["option_groups"]); ok {
		for _, g := range groups {
			if gobj, ok := asObject(g); ok {
				if opts, ok := asArray(gobj["options"]); ok {
					all = append(all, opts...)
				}
			}
		}
	}
	for _, o := range all {
		if obj, ok := asObject(o); ok && optionValue(obj) == value {
			return obj, true
		}
	}
	return nil, false
}

// optionPayload is an option as Slack echoes it in selected_option(s).
func optionPayload(o map[string]any) map[string]any {
	out := map[string]any{"text": o["text"], "value": o["value"]}
	if d, ok := o["description"]; ok {
		out["description"] = d
	}
	return out
}

// choiceValue turns what a user picked or typed into the element's state
// value object, checking it as Slack's client would. value is a string, or
// a []string for multi-choice elements.
func choiceValue(el located, value any) (map[string]any, error) {
	key, multi := stateKey(el.typ)
	if key == "" {
		return nil, fmt.Errorf("%w: element %s (%s) holds no value", ErrNotSubmittable, el.actionID, el.typ)
	}
	var list []string
	switch v := value.(type) {
	case string:
		list = []string{v}
	case []string:
		list = v
	case nil:
		list = nil
	default:
		return nil, fmt.Errorf("slacksim: value for %s must be a string or []string, not %T", el.actionID, value)
	}
	if !multi && len(list) > 1 {
		return nil, fmt.Errorf("%w: %s (%s) takes one value, got %d", ErrNotSubmittable, el.actionID, el.typ, len(list))
	}
	out := map[string]any{"type": el.typ}
	if multi {
		items := []any{}
		for _, v := range list {
			item, err := singleChoice(el, v)
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
		if max, ok := number(el.element["max_selected_items"]); ok && float64(len(items)) > max {
			return nil, fmt.Errorf("%w: %s allows at most %v choices", ErrNotSubmittable, el.actionID, max)
		}
		out[key] = items
		return out, nil
	}
	if len(list) == 0 || list[0] == "" {
		out[key] = nil
		return out, nil
	}
	item, err := singleChoice(el, list[0])
	if err != nil {
		return nil, err
	}
	out[key] = item
	return out, nil
}

func singleChoice(el located, v string) (any, error) {
	switch el.typ {
	case "static_select", "radio_buttons", "multi_static_select", "checkboxes":
		o, ok := findOption(el.element, v)
		if !ok {
			return nil, fmt.Errorf("%w: %q is not an option of %s", ErrNotSubmittable, v, el.actionID)
		}
		return optionPayload(o), nil
	case "external_select", "multi_external_select":
		return map[string]any{"text": map[string]any{"type": "plain_text", "text": v, "emoji": true}, "value": v}, nil
	case "datepicker":
		if !datePattern.MatchString(v) {
			return nil, fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrNotSubmittable, v)
		}
	case "timepicker":
		if !timePattern.MatchString(v) {
			return nil, fmt.Errorf("%w: time %q is not HH:mm", ErrNotSubmittable, v)
		}
	case "datetimepicker":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: date-time %q is not a Unix time", ErrNotSubmittable, v)
		}
		return n, nil
	case "plain_text_input":
		n := runes(v)
		if max, ok := number(el.element["max_length"]); ok && float64(n) > max {
			return nil, inputError(el, fmt.Sprintf("Use at most %v characters (this has %d).", max, n),
				fmt.Errorf("%w: %s takes at most %v characters, got %d", ErrNotSubmittable, el.actionID, max, n))
		}
		if min, ok := number(el.element["min_length"]); ok && float64(n) < min {
			return nil, inputError(el, fmt.Sprintf("Use at least %v characters.", min),
				fmt.Errorf("%w: %s needs at least %v characters, got %d", ErrNotSubmittable, el.actionID, min, n))
		}
	case "number_input":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, inputError(el, "Enter a number.", fmt.Errorf("%w: %q is not a number", ErrNotSubmittable, v))
		}
		if dec, _ := el.element["is_decimal_allowed"].(bool); !dec && strings.ContainsAny(v, ".eE") {
			return nil, inputError(el, "Enter a whole number.", fmt.Errorf("%w: %s takes whole numbers, got %q", ErrNotSubmittable, el.actionID, v))
		}
		if s, ok := el.element["min_value"].(string); ok {
			if min, err := strconv.ParseFloat(s, 64); err == nil && f < min {
				return nil, inputError(el, "Enter a number of at least "+s+".", fmt.Errorf("%w: %s is at least %s, got %q", ErrNotSubmittable, el.actionID, s, v))
			}
		}
		if s, ok := el.element["max_value"].(string); ok {
			if max, err := strconv.ParseFloat(s, 64); err == nil && f > max {
				return nil, inputError(el, "Enter a number of at most "+s+".", fmt.Errorf("%w: %s is at most %s, got %q", ErrNotSubmittable, el.actionID, s, v))
			}
		}
	case "rich_text_input":
		return map[string]any{"type": "rich_text", "elements": []any{
			map[string]any{"type": "rich_text_section", "elements": []any{map[string]any{"type": "text", "text": v}}},
		}}, nil
	}
	return v, nil
}

// findElement finds the element with actionID (and, when value is not
// nil, that button value) among blocks whose type is one of types.
func findElement(blocks []any, actionID string, value *string, types ...string) (located, error) {
	var found []located
	var other []string
	for _, el := range elements(blocks) {
		if el.actionID != actionID {
			continue
		}
		if len(types) > 0 && !slices.Contains(types, el.typ) {
			other = append(other, el.typ)
			continue
		}
		if value != nil {
			if v, _ := el.element["value"].(string); v != *value {
				continue
			}
		}
		found = append(found, el)
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return located{}, fmt.Errorf("slacksim: %d elements with action_id %q; use ClickButtonValue or distinct action_ids", len(found), actionID)
	case len(other) > 0:
		return located{}, fmt.Errorf("slacksim: action_id %q is a %s, not one of %v", actionID, other[0], types)
	}
	return located{}, fmt.Errorf("slacksim: no element with action_id %q", actionID)
}
