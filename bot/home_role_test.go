package bot

import (
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Whether a Home outside a pair shows how to find a mentee: a request of
// one's own first, then one's sign-up when it takes one role, then a
// request to one, then the most recent pair.
func TestHomeMentorOnly(t *testing.T) {
	const me = "UME"
	signup := func(role string) *store.Signup { return &store.Signup{UserID: me, Role: role} }
	asked := store.Request{RequesterID: me, MentorID: "UCAROL"} // I asked carol to mentor me
	askedMe := store.Request{RequesterID: "UBOB", MentorID: me} // bob asked me to mentor him
	asMentor := store.Pair{ID: 2, MentorID: me, MenteeID: "UBOB", Status: store.PairEnded}
	asMentee := store.Pair{ID: 1, MentorID: "UCAROL", MenteeID: me, Status: store.PairEnded}
	for _, c := range []struct {
		name     string
		s        *store.Signup
		requests []store.Request
		pairs    []store.Pair
		want     bool
	}{
		{"nothing at all", nil, nil, nil, false},
		{"a mentee long ago, a mentor since", nil, nil, []store.Pair{asMentee, asMentor}, true},
		{"a mentor long ago, a mentee since", nil, nil, []store.Pair{{ID: 1, MentorID: me, MenteeID: "UBOB"}, {ID: 2, MentorID: "UCAROL", MenteeID: me}}, false},
		{"only a mentor, now asking for a mentor", nil, []store.Request{asked}, []store.Pair{asMentor}, false},
		{"no history, asked to mentor", nil, []store.Request{askedMe}, nil, true},
		{"asked to mentor and asking for a mentor", nil, []store.Request{askedMe, asked}, nil, false},
		{"signed up as a mentor, asking for a mentor", signup(store.RoleMentor), []store.Request{asked}, nil, false},
		{"signed up as a mentee, asked to mentor", signup(store.RoleMentee), []store.Request{askedMe}, []store.Pair{asMentor}, false},
		{"signed up as a mentor, once a mentee", signup(store.RoleMentor), nil, []store.Pair{asMentee}, true},
		{"signed up as both, asked to mentor", signup(store.RoleBoth), []store.Request{askedMe}, nil, true},
		{"signed up as both, a mentor last", signup(store.RoleBoth), nil, []store.Pair{asMentee, asMentor}, true},
		{"signed up as both, no history", signup(store.RoleBoth), nil, nil, false},
	} {
		if got := homeMentorOnly(c.s, c.requests, c.pairs, me); got != c.want {
			t.Errorf("%s: homeMentorOnly = %v, want %v", c.name, got, c.want)
		}
	}
}
