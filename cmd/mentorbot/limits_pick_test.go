package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Someone in more pairs than the "which pair?" answer has buttons for is
// told how many are not shown, who they are and how to name one instead;
// partners whose long names begin alike get buttons that read differently.
func TestWhichPairSaysWhoIsNotShownAndTellsAlikeNamesApart(t *testing.T) {
	e := newEnv(t)
	const mentees = 23
	prefix := "Maximiliana Alexandra Konstantina von und zu Hohenberg-Schwarzenfeld-Lindenau"
	for i := range mentees {
		id := fmt.Sprintf("UMENTEE%02d", i)
		name := fmt.Sprintf("Mentee %02d", i)
		if i < 2 {
			name = prefix + []string{" Smith", " Jones"}[i]
		}
		if _, err := e.app.DB.SaveProfile(e.ctx, store.Profile{ID: id, Name: strings.ToLower(id), RealName: name, TZ: "Europe/Berlin"}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.DB.CreatePair(e.ctx, dana, alice, id); err != nil {
			t.Fatal(err)
		}
	}
	res := e.cmdIn(alice, e.dmChannel(alice), "/mentor", "next")
	var ack struct {
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
			Elements []struct {
				Text struct {
					Text string `json:"text"`
				} `json:"text"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(res.Ack, &ack); err != nil || len(ack.Blocks) != 2 {
		t.Fatalf("/mentor next answered %s (%v)", res.Ack, err)
	}
	text := ack.Blocks[0].Text.Text
	for _, want := range []string{"You're in 23 pairs", "the other 3 (<@UMENTEE20>, <@UMENTEE21>, <@UMENTEE22>)", "`/mentor next @name`"} {
		if !strings.Contains(text, want) {
			t.Errorf("the answer lacks %q: %s", want, text)
		}
	}
	labels := map[string]bool{}
	for _, b := range ack.Blocks[1].Elements {
		l := b.Text.Text
		if n := len([]rune(l)); n > 75 {
			t.Errorf("button %q has %d characters", l, n)
		}
		if labels[l] {
			t.Errorf("two buttons read %q", l)
		}
		labels[l] = true
	}
	if len(labels) != 20 {
		t.Errorf("%d buttons, want 20", len(labels))
	}
}
