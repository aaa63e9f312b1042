package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func mentor(id string, slots int, topics ...string) Person {
	return Person{ID: id, Slots: slots, Topics: topics, TZKnown: true}
}

func mentee(id string, topics ...string) Person {
	return Person{ID: id, WantsMentor: true, Topics: topics, TZKnown: true}
}

func at(p Person, offsetMin int) Person { p.UTCOffset = offsetMin; return p }

func pairsOf(r Result) []string {
	var out []string
	for _, p := range r.Pairs {
		out = append(out, p.Mentor+">"+p.Mentee)
	}
	slices.Sort(out)
	return out
}

func unmatchedOf(r Result) []string {
	var out []string
	for _, u := range r.Unmatched {
		out = append(out, string(u.Side)+":"+u.ID)
	}
	slices.Sort(out)
	return out
}

func why(r Result, id string, side Side) string {
	for _, u := range r.Unmatched {
		if u.ID == id && u.Side == side {
			return u.Why(nil)
		}
	}
	return ""
}

func TestMatchPropose(t *testing.T) {
	tests := []struct {
		name      string
		in        Input
		pairs     []string
		unmatched []string
		// whyHas: for "side:id", a phrase its explanation must contain
		whyHas map[string]string
	}{
		{
			name:  "topic overlap decides",
			in:    Input{People: []Person{mentor("M1", 1, "go"), mentor("M2", 1, "design", "go"), mentee("E1", "design", "go")}},
			pairs: []string{"M2>E1"}, unmatched: []string{"mentor:M1"},
			whyHas: map[string]string{"mentor:M1": "the one mentee who fits was paired with another mentor"},
		},
		{
			name: "pairing everyone beats the best single pair",
			// Greedy by overlap would give M1>E1 (3 topics) and leave E2 out.
			in: Input{People: []Person{
				mentor("M1", 1, "a", "b", "c"), mentor("M2", 1, "a"),
				mentee("E1", "a", "b", "c"), mentee("E2", "b")}},
			pairs: []string{"M1>E2", "M2>E1"},
		},
		{
			name:  "capacity: a mentor takes at most their places",
			in:    Input{People: []Person{mentor("M1", 2, "go"), mentee("E1", "go"), mentee("E2", "go"), mentee("E3", "go")}},
			pairs: []string{"M1>E1", "M1>E2"}, unmatched: []string{"mentee:E3"},
			whyHas: map[string]string{"mentee:E3": "the one mentor who fits had no free place left"},
		},
		{
			name:  "mentees are spread over mentors when all else is equal",
			in:    Input{People: []Person{mentor("M1", 3, "go"), mentor("M2", 3, "go"), mentee("E1", "go"), mentee("E2", "go")}},
			pairs: []string{"M1>E1", "M2>E2"},
		},
		{
			name: "no past pair again",
			in: Input{People: []Person{mentor("M1", 1, "go"), mentee("E1", "go")},
				Avoid: []Avoid{{A: "E1", B: "M1", Why: PastPair}}},
			unmatched: []string{"mentee:E1", "mentor:M1"},
			whyHas:    map[string]string{"mentee:E1": "of the 1 mentor, 1 has been their partner"},
		},
		{
			name: "no declined proposal again",
			in: Input{People: []Person{mentor("M1", 1, "go"), mentor("M2", 1, "go"), mentee("E1", "go")},
				Avoid: []Avoid{{A: "M1", B: "E1", Why: Declined}}},
			pairs: []string{"M2>E1"}, unmatched: []string{"mentor:M1"},
			whyHas: map[string]string{"mentor:M1": "1 was proposed with them before and declined or dropped"},
		},
		{
			name:      "never their manager",
			in:        Input{People: []Person{mentor("BOSS", 1, "go"), func() Person { p := mentee("E1", "go"); p.Manager = "BOSS"; return p }()}},
			unmatched: []string{"mentee:E1", "mentor:BOSS"},
			whyHas:    map[string]string{"mentee:E1": "1 is in their reporting line", "mentor:BOSS": "1 is in their reporting line"},
		},
		{
			name: "nor their manager's manager, through someone outside the pool",
			in: Input{People: []Person{mentor("VP", 1, "go"), mentor("PEER", 1, "go"), func() Person { p := mentee("E1", "go"); p.Manager = "LEAD"; return p }()},
				Managers: map[string]string{"LEAD": "VP"}},
			pairs: []string{"PEER>E1"}, unmatched: []string{"mentor:VP"},
		},
		{
			name:      "nor someone who reports to them (mentee is the manager)",
			in:        Input{People: []Person{func() Person { p := mentor("M1", 1, "go"); p.Manager = "E1"; return p }(), mentee("E1", "go")}},
			unmatched: []string{"mentee:E1", "mentor:M1"},
		},
		{
			name: "close time zones preferred",
			in: Input{People: []Person{
				at(mentor("NY", 1, "go"), -300), at(mentor("LDN", 1, "go"), 0), at(mentee("BER", "go"), 60)}},
			pairs: []string{"LDN>BER"}, unmatched: []string{"mentor:NY"},
		},
		{
			name: "a shared topic outweighs the time zone",
			in: Input{People: []Person{
				at(mentor("TYO", 1, "go", "design"), 540), at(mentor("LDN", 1, "go"), 0), at(mentee("BER", "go", "design"), 60)}},
			pairs: []string{"TYO>BER"}, unmatched: []string{"mentor:LDN"},
		},
		{
			name:  "no shared topic, no pair; no topic at all is open to any",
			in:    Input{People: []Person{mentor("M1", 1, "go"), mentor("M2", 1), mentee("E1", "cooking"), mentee("E2", "design")}},
			pairs: []string{"M2>E1"}, unmatched: []string{"mentee:E2", "mentor:M1"},
			whyHas: map[string]string{
				"mentee:E2": "the one mentor who fits had no free place left after pairing others; of the others, 1 shares no topic",
				"mentor:M1": "of the 2 mentees, 2 share no topic",
			},
		},
		{
			name:      "nobody on the other side",
			in:        Input{People: []Person{mentee("E1", "go"), mentee("E2", "go")}},
			unmatched: []string{"mentee:E1", "mentee:E2"},
			whyHas:    map[string]string{"mentee:E1": "no mentor had a free place this round"},
		},
		{
			name:      "a mentor with no mentee waiting",
			in:        Input{People: []Person{mentor("M1", 2, "go")}},
			unmatched: []string{"mentor:M1"},
			whyHas:    map[string]string{"mentor:M1": "no mentee was waiting"},
		},
		{
			name:      "someone on both sides is never their own mentor",
			in:        Input{People: []Person{{ID: "B1", Slots: 1, WantsMentor: true, Topics: []string{"go"}}}},
			unmatched: []string{"mentee:B1", "mentor:B1"},
		},
		{
			name: "two people on both sides are not paired both ways round",
			in: Input{People: []Person{
				{ID: "A", Slots: 1, WantsMentor: true, Topics: []string{"go"}},
				{ID: "B", Slots: 1, WantsMentor: true, Topics: []string{"go"}}}},
			pairs: []string{"A>B"}, unmatched: []string{"mentee:A", "mentor:B"},
			whyHas: map[string]string{"mentee:A": "is paired with them the other way round"},
		},
		{
			name: "both ways round is broken in the way that keeps most pairs",
			// A>B and B>A are the strongest pairs but cannot both be made.
			// Forbidding B>A (the tie-break) would leave one pair; forbidding
			// A>B lets A mentor C, who fits nobody else: two pairs.
			in: Input{People: []Person{
				{ID: "A", Slots: 1, WantsMentor: true, Topics: []string{"go", "rust", "x"}},
				{ID: "B", Slots: 1, WantsMentor: true, Topics: []string{"go", "rust"}},
				{ID: "C", WantsMentor: true, Topics: []string{"x"}}}},
			pairs: []string{"A>C", "B>A"}, unmatched: []string{"mentee:B"},
			whyHas: map[string]string{"mentee:B": "1 is paired with them the other way round"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Propose(tt.in)
			if got := pairsOf(r); !slices.Equal(got, tt.pairs) {
				t.Errorf("pairs = %v, want %v", got, tt.pairs)
			}
			if got := unmatchedOf(r); !slices.Equal(got, tt.unmatched) {
				t.Errorf("unmatched = %v, want %v", got, tt.unmatched)
			}
			for who, phrase := range tt.whyHas {
				side, id, _ := strings.Cut(who, ":")
				if w := why(r, id, Side(side)); !strings.Contains(w, phrase) {
					t.Errorf("why %s = %q, want it to contain %q", who, w, phrase)
				}
			}
			checkValid(t, tt.in, r)
		})
	}
}

func TestMatchReasons(t *testing.T) {
	r := Propose(Input{People: []Person{
		{ID: "M", Slots: 1, Topics: []string{"System Design", "Go"}, Cadence: "biweekly", TZKnown: true, UTCOffset: 60},
		{ID: "E", WantsMentor: true, Topics: []string{"system  design", "public speaking"}, Cadence: "biweekly", TZKnown: true, UTCOffset: -60},
	}})
	if len(r.Pairs) != 1 {
		t.Fatalf("pairs = %v", r.Pairs)
	}
	if got, want := r.Pairs[0].Reasons(), "both: system design; 2 h apart; both prefer biweekly"; got != want {
		t.Errorf("reasons = %q, want %q", got, want)
	}
	tz := []struct {
		p    Pair
		want string
	}{
		{Pair{TZKnown: true}, "same time zone"},
		{Pair{TZKnown: true, MinutesApart: 330}, "5.5 h apart"},
		{Pair{}, "both time zones unknown"},
		{Pair{MentorTZKnown: true}, "mentee's time zone unknown"},
		{Pair{MenteeTZKnown: true}, "mentor's time zone unknown"},
	}
	for _, c := range tz {
		if got := c.p.TZText(); got != c.want {
			t.Errorf("TZText(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
	open := Pair{MentorOpen: true, TZKnown: true, MinutesApart: 60}
	if got := open.Reasons(); got != "mentor open to any topic; 1 h apart" {
		t.Errorf("open reasons = %q", got)
	}
}

func TestMatchMinutesApartIsCircular(t *testing.T) {
	cases := []struct{ a, b, want int }{
		{0, 0, 0}, {60, -60, 120}, {-300, 60, 360}, {720, -660, 60}, {540, -480, 420}, {330, 0, 330},
	}
	for _, c := range cases {
		if got := minutesApart(c.a, c.b); got != c.want {
			t.Errorf("minutesApart(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// checkValid checks the rules every proposal keeps.
func checkValid(t *testing.T, in Input, r Result) {
	t.Helper()
	slots := map[string]int{}
	wants := map[string]bool{}
	for _, p := range in.People {
		slots[p.ID] = p.Slots
		wants[p.ID] = p.WantsMentor
	}
	managers := map[string]string{}
	for k, v := range in.Managers {
		managers[k] = v
	}
	for _, p := range in.People {
		if p.Manager != "" {
			managers[p.ID] = p.Manager
		}
	}
	avoid := map[[2]string]bool{}
	for _, a := range in.Avoid {
		avoid[[2]string{a.A, a.B}], avoid[[2]string{a.B, a.A}] = true, true
	}
	load := map[string]int{}
	hasMentor := map[string]bool{}
	edges := map[[2]string]bool{}
	for _, p := range r.Pairs {
		load[p.Mentor]++
		switch {
		case p.Mentor == p.Mentee:
			t.Errorf("%s paired with themselves", p.Mentor)
		case load[p.Mentor] > slots[p.Mentor]:
			t.Errorf("%s has %d mentees, capacity %d", p.Mentor, load[p.Mentor], slots[p.Mentor])
		case !wants[p.Mentee]:
			t.Errorf("%s is a mentee but did not ask for a mentor", p.Mentee)
		case hasMentor[p.Mentee]:
			t.Errorf("%s got two mentors", p.Mentee)
		case avoid[[2]string{p.Mentor, p.Mentee}]:
			t.Errorf("%s and %s must not be proposed again", p.Mentor, p.Mentee)
		case inReportingLine(managers, p.Mentor, p.Mentee):
			t.Errorf("%s and %s are in one reporting line", p.Mentor, p.Mentee)
		case edges[[2]string{p.Mentee, p.Mentor}]:
			t.Errorf("%s and %s paired both ways round", p.Mentor, p.Mentee)
		}
		hasMentor[p.Mentee] = true
		edges[[2]string{p.Mentor, p.Mentee}] = true
	}
}

// bruteForce finds the best objective over every way of giving each mentee
// one mentor or none, under the same rules.
func bruteForce(in Input) (int, int64) {
	managers := map[string]string{}
	for _, p := range in.People {
		if p.Manager != "" {
			managers[p.ID] = p.Manager
		}
	}
	avoid := map[[2]string]bool{}
	for _, a := range in.Avoid {
		avoid[[2]string{a.A, a.B}], avoid[[2]string{a.B, a.A}] = true, true
	}
	var mentors, mentees []*Person
	for i := range in.People {
		if in.People[i].Slots > 0 {
			mentors = append(mentors, &in.People[i])
		}
		if in.People[i].WantsMentor {
			mentees = append(mentees, &in.People[i])
		}
	}
	load := map[string]int{}
	var chosen []Pair
	bestN, bestQ := 0, int64(0)
	var rec func(i int)
	rec = func(i int) {
		if i == len(mentees) {
			edges := map[[2]string]bool{}
			for _, p := range chosen {
				edges[[2]string{p.Mentor, p.Mentee}] = true
			}
			for _, p := range chosen {
				if edges[[2]string{p.Mentee, p.Mentor}] {
					return
				}
			}
			n, q := Objective(chosen)
			if n > bestN || (n == bestN && q > bestQ) {
				bestN, bestQ = n, q
			}
			return
		}
		rec(i + 1)
		e := mentees[i]
		for _, m := range mentors {
			if m.ID == e.ID || load[m.ID] >= m.Slots || avoid[[2]string{m.ID, e.ID}] || inReportingLine(managers, m.ID, e.ID) {
				continue
			}
			p, bad := evaluate(m, e)
			if bad != 0 {
				continue
			}
			load[m.ID]++
			chosen = append(chosen, p)
			rec(i + 1)
			chosen = chosen[:len(chosen)-1]
			load[m.ID]--
		}
	}
	rec(0)
	return bestN, bestQ
}

func TestMatchProposeIsOptimalAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	topics := []string{"go", "design", "speaking", "sre", "product"}
	for iter := 0; iter < 400; iter++ {
		n := 2 + rng.IntN(6)
		in := Input{}
		for i := 0; i < n; i++ {
			p := Person{ID: fmt.Sprintf("U%d", i), Cadence: []string{"weekly", "biweekly", "monthly"}[rng.IntN(3)]}
			switch rng.IntN(4) {
			case 0, 1:
				p.WantsMentor = true
			case 2:
				p.Slots = 1 + rng.IntN(3)
			default:
				p.WantsMentor, p.Slots = true, 1+rng.IntN(2)
			}
			for _, tp := range topics {
				if rng.IntN(3) == 0 {
					p.Topics = append(p.Topics, tp)
				}
			}
			if rng.IntN(4) > 0 {
				p.TZKnown, p.UTCOffset = true, (rng.IntN(48)-24)*30
			}
			if rng.IntN(5) == 0 {
				p.Manager = fmt.Sprintf("U%d", rng.IntN(n))
			}
			in.People = append(in.People, p)
		}
		for k := rng.IntN(3); k > 0; k-- {
			in.Avoid = append(in.Avoid, Avoid{A: fmt.Sprintf("U%d", rng.IntN(n)), B: fmt.Sprintf("U%d", rng.IntN(n)), Why: PastPair})
		}
		r := Propose(in)
		checkValid(t, in, r)
		gotN, gotQ := Objective(r.Pairs)
		wantN, wantQ := bruteForce(in)
		if gotN != wantN || gotQ != wantQ {
			t.Fatalf("case %d: proposal has %d pairs, quality %d; brute force %d, %d\npool %+v\npairs %v", iter, gotN, gotQ, wantN, wantQ, in, pairsOf(r))
		}
		// Everyone is either paired on each of their sides or explained.
		for _, p := range in.People {
			if p.WantsMentor && !slices.Contains(unmatchedOf(r), "mentee:"+p.ID) && !slices.ContainsFunc(r.Pairs, func(x Pair) bool { return x.Mentee == p.ID }) {
				t.Fatalf("case %d: mentee %s neither paired nor explained", iter, p.ID)
			}
		}
		for _, u := range r.Unmatched {
			if u.Why(nil) == "" {
				t.Fatalf("case %d: %s unmatched without a reason", iter, u.ID)
			}
		}
	}
}

func TestMatchProposeLargePools(t *testing.T) {
	for _, both := range []int{0, 100} {
		in := bigPool(300, both)
		r := Propose(in)
		checkValid(t, in, r)
		if len(r.Pairs) < 150 {
			t.Errorf("both=%d%%: only %d pairs in a pool of 300", both, len(r.Pairs))
		}
	}
}

func TestMatchExplainAfterADrop(t *testing.T) {
	in := Input{People: []Person{mentor("M1", 1, "go"), mentor("M2", 1, "go"), mentee("E1", "go"), mentee("E2", "go")},
		// The admin dropped M1>E1; it is now avoided.
		Avoid: []Avoid{{A: "M1", B: "E1", Why: Declined}}}
	un := Explain(in, []Pair{{Mentor: "M2", Mentee: "E2"}})
	got := map[string]string{}
	for _, u := range un {
		got[string(u.Side)+":"+u.ID] = u.Why(nil)
	}
	if len(got) != 2 {
		t.Fatalf("unmatched = %v", got)
	}
	if w := got["mentee:E1"]; !strings.Contains(w, "the one mentor who fits had no free place") || !strings.Contains(w, "1 was proposed with them before and declined or dropped") {
		t.Errorf("E1: %q", w)
	}
	if w := got["mentor:M1"]; w != "the one mentee who fits was paired with another mentor; of the others, 1 was proposed with them before and declined or dropped" {
		t.Errorf("M1: %q", w)
	}
	// Dropping every pair leaves people who fit and are free.
	un = Explain(Input{People: []Person{mentor("M1", 1, "go"), mentee("E1", "go")}}, nil)
	for _, u := range un {
		if !strings.Contains(u.Why(nil), "still free") {
			t.Errorf("%s %s: %q, want 'still free'", u.Side, u.ID, u.Why(nil))
		}
	}
}

// Zones far apart are no reason to pair two people: a note, not a reason.
func TestReasonsNoteZonesFarApartInsteadOfGivingThemAsAReason(t *testing.T) {
	for _, c := range []struct {
		p    Pair
		want string
	}{
		{Pair{Shared: []string{"Go"}, TZKnown: true, MinutesApart: 0, Cadence: "weekly"}, "both: Go; same time zone; both prefer weekly"},
		{Pair{Shared: []string{"Go"}, TZKnown: true, MinutesApart: 180}, "both: Go; 3 h apart"},
		{Pair{Shared: []string{"Go"}, TZKnown: true, MinutesApart: 480, Cadence: "monthly"}, "both: Go; both prefer monthly — note: 8 h apart"},
		{Pair{MenteeOpen: true}, "mentee open to any topic — note: both time zones unknown"},
		{Pair{MenteeOpen: true, MentorTZKnown: true, MentorCadence: "biweekly", MenteeCadence: "monthly"},
			"mentee open to any topic — note: mentee's time zone unknown; mentor prefers biweekly, mentee monthly"},
		{Pair{Shared: []string{"Go"}, TZKnown: true, MentorCadence: "weekly", MenteeCadence: "monthly"},
			"both: Go; same time zone — note: mentor prefers weekly, mentee monthly"},
		{Pair{Shared: []string{"Go"}, TZKnown: true, MentorCadence: "weekly"}, "both: Go; same time zone"},
	} {
		if got := c.p.Reasons(); got != c.want {
			t.Errorf("Reasons() = %q, want %q", got, c.want)
		}
	}
}

// The people who fit are named next to the words that count them: at the
// end of the line they read as the last reason's ("2 share no topic (Bob)").
func TestWhyNamesThoseWhoFitWhereTheyAreCounted(t *testing.T) {
	name := func(ids []string) string { return strings.Join(ids, ", ") }
	for _, c := range []struct {
		u    Unmatched
		want string
	}{
		{Unmatched{Side: AsMentor, Others: 3, Fits: []string{"Bob"}, Excluded: map[Reason]int{NoSharedTopic: 2}},
			"the one mentee who fits (Bob) was paired with another mentor; of the others, 2 share no topic"},
		{Unmatched{Side: AsMentee, Others: 3, Fits: []string{"Ann", "Erin"}, Excluded: map[Reason]int{PastPair: 1}},
			"the 2 mentors who fit (Ann, Erin) had no free place left after pairing others; of the others, 1 has been their partner"},
		{Unmatched{Side: AsMentee, Others: 2, Fits: []string{"Ann", "Erin"}, Free: []string{"Erin"}},
			"1 mentor who fits (Erin) is still free; 1 more paired with others"},
		{Unmatched{Side: AsMentor, Others: 5, Fits: []string{"A", "B", "C", "D"}, Excluded: map[Reason]int{NoSharedTopic: 1}},
			"the 4 mentees who fit were paired with other mentors; of the others, 1 shares no topic"},
	} {
		if got := c.u.Why(name); got != c.want {
			t.Errorf("Why = %q\nwant  %q", got, c.want)
		}
	}
}

// The matcher says whose zone is unknown and which cadence each prefers
// when they differ, and the note's parts read back.
func TestReasonsNoteWhoseZoneIsUnknownAndDifferingCadences(t *testing.T) {
	r := Propose(Input{People: []Person{
		{ID: "ALICE", Slots: 2, Topics: []string{"Go", "design"}, Cadence: "biweekly", TZKnown: true, UTCOffset: 60},
		{ID: "GUS", WantsMentor: true, Cadence: "monthly"},
	}})
	if len(r.Pairs) != 1 {
		t.Fatalf("pairs = %v", r.Pairs)
	}
	got := r.Pairs[0].Reasons()
	if want := "mentee open to any topic — note: mentee's time zone unknown; mentor prefers biweekly, mentee monthly"; got != want {
		t.Fatalf("reasons = %q, want %q", got, want)
	}
	_, note := SplitReasons(got)
	parts := Notes(note)
	if len(parts) != 2 || parts[0] != MenteeTZUnknown {
		t.Fatalf("Notes(%q) = %q", note, parts)
	}
	if mentor, mentee, ok := CadencesOf(parts[1]); !ok || mentor != "biweekly" || mentee != "monthly" {
		t.Errorf("CadencesOf(%q) = %q, %q, %v", parts[1], mentor, mentee, ok)
	}
}
