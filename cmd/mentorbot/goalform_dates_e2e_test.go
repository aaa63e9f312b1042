package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The goal form reads a date in the goal's words as /goal add does: a
// period named without its day ("by June") must hold the day picked, a
// date that does not exist is refused whatever is picked, and a goal that
// is only a date is no goal. Nothing is stored until the two agree.
func TestGoalFormDateWordsAgreeWithThePicker(t *testing.T) {
	e := goalEnv(t) // today is Mon 2 Nov 2026 for bob
	ctx := goalCtx(e)
	newest := func() store.Goal {
		var last store.Goal
		for _, g := range e.goalsStored(bob) {
			if g.ID > last.ID {
				last = g
			}
		}
		return last
	}
	stored := 0
	fields := func(text, due string) map[string]map[string]any {
		f := map[string]map[string]any{"goal_text": {"text": text}}
		if due != "" {
			f["goal_due"] = map[string]any{"due": due}
		}
		return f
	}
	// refused submits text with the date due picked ("" for none) and
	// wants the form to stay open with want in field's error.
	refused := func(text, due, field, want string) {
		t.Helper()
		e.cmd(bob, "/goal", "")
		v := e.waitModal(bob, "goal_form")
		sub, err := e.sim.SubmitView(ctx, bob, v.ID, fields(text, due))
		if err != nil {
			t.Fatal(err)
		}
		if sub.Closed || !strings.Contains(sub.Errors[field], want) {
			t.Errorf("%q due %q: closed %v, errors %v; want %q on %s", text, due, sub.Closed, sub.Errors, want, field)
		}
		if n := len(e.goalsStored(bob)); n != stored {
			t.Errorf("%q due %q stored a goal: %+v", text, due, newest())
		}
	}
	accepted := func(text, due, wantText, wantDue string) {
		t.Helper()
		e.cmd(bob, "/goal", "")
		v := e.waitModal(bob, "goal_form")
		sub, err := e.sim.SubmitView(ctx, bob, v.ID, fields(text, due))
		if err != nil || len(sub.Errors) > 0 || !sub.Closed {
			t.Errorf("%q due %q: %v, errors %v", text, due, err, sub.Errors)
			return
		}
		stored++
		if g := newest(); g.Text != wantText || g.DueOn != wantDue {
			t.Errorf("%q due %q stored as %q due %q; want %q due %q", text, due, g.Text, g.DueOn, wantText, wantDue)
		}
	}

	// A period named without its day holds the day picked, or is answered
	// at the picker.
	refused("Ship the CLI by June", "2027-09-01", "goal_due",
		"The goal says “by June 2027”, and this date is Wed 1 Sep 2027. Pick a day in June 2027 here, or take “by …” out of the goal.")
	refused("Launch the beta by next month", "2027-01-05", "goal_due", "Pick a day in December 2026 here")
	refused("Grow the team to 8 by 2027", "2028-01-03", "goal_due", "Pick a day in 2027 here")
	refused("Ship the CLI by June 2027", "2027-05-31", "goal_due", "Pick a day in June 2027 here")
	accepted("Ship the CLI by June", "2027-06-15", "Ship the CLI by June", "2027-06-15")
	accepted("Launch the beta by next month", "2026-12-10", "Launch the beta by next month", "2026-12-10")
	accepted("Grow the team to 8 by 2027", "2027-03-01", "Grow the team to 8 by 2027", "2027-03-01")

	// A date that is no date is refused on the goal, as /goal add refuses it.
	refused("Finish the course by 2027-02-30", "2027-05-01", "goal_text", `There is no date "2027-02-30"`)
	refused("Finish the course before Feb 30", "2027-05-01", "goal_text", "There is no 30 February")
	refused("Finish the course by the 32nd", "2027-05-01", "goal_text", "No month has a day 32")

	// Words the bot does not read as a day are the picker's to say.
	accepted("Ship v2 by end of sprint", "2026-11-20", "Ship v2 by end of sprint", "2026-11-20")
	accepted("Increase signups by 2000", "2026-12-31", "Increase signups by 2000", "2026-12-31")

	// A goal that is only its date.
	const noGoal = "What's the goal? Put it before the date"
	for _, text := range []string{"by 2027-01-10", "by next friday", "by eow", "before Dec 31", "  by June"} {
		refused(text, "", "goal_text", noGoal)
	}
	refused("by 2027-01-10", "2027-01-10", "goal_text", noGoal)
	accepted("by doing", "", "by doing", "") // not a date: the goal's words

	// /goal add answers as it did.
	before := len(e.goalsStored(bob))
	wantAnswer(t, "only a date", e.goalAdd(bob, "by 2027-01-10"), "What's the goal? Put it before the date", "I haven't added anything")
	wantAnswer(t, "by June", e.goalAdd(bob, "Ship the CLI by June"), "Which day of June?")
	wantAnswer(t, "Feb 30", e.goalAdd(bob, "Finish the course by 2027-02-30"), `There is no date "2027-02-30"`)
	if n := len(e.goalsStored(bob)); n != before {
		t.Errorf("/goal add stored %d goals", n-before)
	}
}
