package store_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A mentor's comment is read by the goal's owner and its author only; the
// owner's notes by all the owner's mentors.
func TestGoalCommentsAreForTheOwnerAndTheAuthor(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for _, m := range []string{"UM1", "UM2"} {
		if _, err := db.CreatePair(ctx, "UADMIN", m, "UE"); err != nil {
			t.Fatal(err)
		}
	}
	goal, err := db.AddGoal(ctx, "UE", store.GoalInput{Text: "Give a talk", DueOn: "2027-01-15"})
	if err != nil {
		t.Fatal(err)
	}
	g := goal.ID
	for _, c := range []struct{ by, text string }{{"UM1", "from m1"}, {"UM2", "from m2"}, {"UE", "from the mentee"}} {
		if _, _, _, err := db.CommentGoal(ctx, c.by, g, c.text); err != nil {
			t.Fatal(err)
		}
	}
	for who, want := range map[string]string{"UE": "from m1|from m2|from the mentee", "UM1": "from m1|from the mentee", "UM2": "from m2|from the mentee"} {
		cs, err := db.GoalComments(ctx, who, g)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for i, c := range cs {
			if i > 0 {
				got += "|"
			}
			got += c.Text
		}
		if got != want {
			t.Errorf("%s reads %q, want %q", who, got, want)
		}
	}
}
