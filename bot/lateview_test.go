package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// Every modal the bot opens comes back, after a late refusal, holding what
// the person had entered in each of its inputs, whatever their kind; and
// an input they had emptied comes back empty.
func TestRestoreInputsPresetsEveryModalsInputs(t *testing.T) {
	b := &Bot{}
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	r := &request{b: b, user: store.User{ID: "UALICE"}, loc: time.UTC, now: now}
	pairs := []store.Pair{{ID: 1, MentorID: "UALICE", MenteeID: "UBOB"}, {ID: 2, MentorID: "UALICE", MenteeID: "UCAROL"}}
	goal := store.Goal{Text: "Give a talk", Measure: "accepted", Why: "to learn", DueOn: "2026-12-01", Progress: 20}
	modals := map[string]slack.ModalViewRequest{
		"goal":          goalModal(goal, "C1"),
		"goal progress": goalProgressModal(goal, "C1", ""),
		"join":          joinModal([]string{"Go", "SRE"}, store.Standing{Signup: store.Signup{Role: store.RoleMentor, Topics: []string{"Go", "cooking"}, ManagerID: "UDANA"}}, nil, "UALICE", "C1"),
		"move":          moveModal("UBOB", now.Add(48*time.Hour), time.UTC, modalMeta{ID: 1}, false),
		"agenda":        agendaModal("UBOB", modalMeta{ID: 1}),
		"feedback":      feedbackModal("UBOB", 3, modalMeta{ID: 1}),
		"settings":      b.settingsModal(store.User{ID: "UALICE", Settings: store.DefaultSettings()}, "C1"),
		"snooze":        b.snoozeModal(r, pairs[0]),
		"session log":   sessionModal("UALICE", pairs, map[int64]string{1: "bob", 2: "carol"}, datetext.DateOf(now), modalMeta{}),
		"session edit":  sessionEditModal(store.Session{Notes: "we talked"}, false, nil, modalMeta{ID: 1}),
	}
	covered := map[string]bool{}
	for _, m := range modals {
		covered[m.CallbackID] = true
	}
	for id := range b.viewTable() {
		if !covered[id] {
			t.Errorf("the modal %s is not in this test", id)
		}
	}
	kinds := map[string]bool{}
	for name, m := range modals {
		t.Run(name, func(t *testing.T) {
			v := asSubmitted(t, m)
			state := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
			want := map[string]string{} // block ID: the element's initial field as JSON
			for i, bl := range v.Blocks.BlockSet {
				in, ok := bl.(*slack.InputBlock)
				if !ok {
					continue
				}
				el := elementJSON(t, in.Element)
				typ, _ := el["type"].(string)
				kinds[typ] = true
				a, key, initial := entered(t, el, i%3 == 0 && typ == "plain_text_input")
				state.Values[in.BlockID] = map[string]slack.BlockAction{el["action_id"].(string): a}
				want[in.BlockID] = key + "=" + initial
			}
			if len(want) == 0 {
				t.Fatal("no inputs")
			}
			for _, bl := range restoreInputs(v.Blocks.BlockSet, state) {
				in, ok := bl.(*slack.InputBlock)
				if !ok {
					continue
				}
				el := elementJSON(t, in.Element)
				key, _, _ := strings.Cut(want[in.BlockID], "=")
				got, _ := json.Marshal(el[key])
				if el[key] == nil {
					got = nil
				}
				if key+"="+string(got) != want[in.BlockID] {
					t.Errorf("%s comes back with %s=%s; want %s", in.BlockID, key, got, want[in.BlockID])
				}
			}
			// The form it came from is left as it was.
			for _, bl := range v.Blocks.BlockSet {
				if in, ok := bl.(*slack.InputBlock); ok {
					if p, ok := in.Element.(*slack.PlainTextInputBlockElement); ok && p.InitialValue == "typed "+in.BlockID {
						t.Errorf("restoreInputs changed the submitted view's %s", in.BlockID)
					}
				}
			}
		})
	}
	for _, k := range []string{"plain_text_input", "number_input", "datepicker", "timepicker", "radio_buttons", "static_select",
		"multi_static_select", "users_select", "checkboxes"} {
		if !kinds[k] {
			t.Errorf("no modal has a %s input; the test covers what the modals hold", k)
		}
	}
}

// asSubmitted is m as a view_submission carries it back.
func asSubmitted(t *testing.T, m slack.ModalViewRequest) slack.View {
	t.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v slack.View
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func elementJSON(t *testing.T, el slack.BlockElement) map[string]any {
	t.Helper()
	raw, err := json.Marshal(el)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// entered is what a person enters in an element of this JSON: its state,
// and the initial field (with its JSON) that shows the same. empty: a
// text input they cleared.
func entered(t *testing.T, el map[string]any, empty bool) (a slack.BlockAction, key, initial string) {
	t.Helper()
	typ, _ := el["type"].(string)
	a.Type = slack.ActionType(typ)
	opts, _ := el["options"].([]any)
	lastOpt := func() (slack.OptionBlockObject, string) {
		if len(opts) == 0 {
			t.Fatalf("%s without options", typ)
		}
		raw, _ := json.Marshal(opts[len(opts)-1])
		var o slack.OptionBlockObject
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		return o, string(raw)
	}
	switch typ {
	case "plain_text_input":
		if empty {
			return a, "initial_value", ""
		}
		a.Value = "typed " + fmt.Sprint(el["action_id"])
		return a, "initial_value", quote(a.Value)
	case "number_input":
		a.Value = "3"
		return a, "initial_value", `"3"`
	case "datepicker":
		a.SelectedDate = "2027-01-15"
		return a, "initial_date", `"2027-01-15"`
	case "timepicker":
		a.SelectedTime = "09:30"
		return a, "initial_time", `"09:30"`
	case "users_select":
		a.SelectedUser = "UERIN"
		return a, "initial_user", `"UERIN"`
	case "radio_buttons", "static_select":
		o, raw := lastOpt()
		a.SelectedOption = o
		return a, "initial_option", raw
	case "checkboxes", "multi_static_select":
		o, raw := lastOpt()
		a.SelectedOptions = []slack.OptionBlockObject{o}
		return a, "initial_options", "[" + raw + "]"
	}
	t.Fatalf("a modal has an input of kind %s, which this test does not know", typ)
	return a, "", ""
}

func quote(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw)
}

// A form refused late names each problem at its top, in the form's order
// and by the field's label, once: a form refused a second time does not
// pile up problem blocks.
func TestRefusedViewNamesEachProblemOnce(t *testing.T) {
	b := &Bot{}
	v := asSubmitted(t, goalModal(store.Goal{}, "C1"))
	o := viewOutcome{errs: map[string]string{blockGoalDue: "That date has already passed.", blockGoalText: "Please say what your goal is."}}
	once := b.refusedView(v, o)
	twice := b.refusedView(asSubmitted(t, once), o)
	for name, m := range map[string]slack.ModalViewRequest{"once": once, "twice": twice} {
		var problems []*slack.SectionBlock
		for _, bl := range m.Blocks.BlockSet {
			if sec, ok := bl.(*slack.SectionBlock); ok && sec.BlockID == problemsBlockID {
				problems = append(problems, sec)
			}
		}
		if len(problems) != 1 || m.Blocks.BlockSet[0] != problems[0] {
			t.Fatalf("%s: %d problem blocks, first %v; want one, at the top", name, len(problems), m.Blocks.BlockSet[0])
		}
		text := problems[0].Text.Text
		goal, due := strings.Index(text, "*Goal:* Please say"), strings.Index(text, "*Due date:* That date")
		if goal < 0 || due < goal || !strings.Contains(text, "Nothing was saved") {
			t.Errorf("%s: the problems read %q", name, text)
		}
		if m.Submit == nil || m.CallbackID != viewGoal || m.PrivateMetadata != v.PrivateMetadata {
			t.Errorf("%s: submit %v, callback %q, metadata %q; want the form's", name, m.Submit, m.CallbackID, m.PrivateMetadata)
		}
	}
}
