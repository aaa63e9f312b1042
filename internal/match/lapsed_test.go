package match

import (
	"slices"
	"testing"
)

// A pair whose proposal lapsed unanswered is proposed again only when
// nothing else pairs as many people: M1 and E1 share two topics, M2 and E1
// one, yet M2 is proposed once M1 and E1 lapsed; with M2 gone, M1 and E1
// are proposed again rather than nobody. Either way round counts.
func TestLapsedPairIsProposedLast(t *testing.T) {
	people := []Person{mentor("M1", 1, "go", "sre"), mentor("M2", 1, "go"), mentee("E1", "go", "sre")}
	if got := pairsOf(Propose(Input{People: people})); !slices.Equal(got, []string{"M1>E1"}) {
		t.Fatalf("without a lapse: %v, want M1>E1", got)
	}
	for _, l := range []Avoid{{A: "M1", B: "E1"}, {A: "E1", B: "M1"}} {
		in := Input{People: people, Lapsed: []Avoid{l}}
		if got := pairsOf(Propose(in)); !slices.Equal(got, []string{"M2>E1"}) {
			t.Errorf("lapsed %v: %v, want M2>E1", l, got)
		}
		in.People = []Person{people[0], people[2]}
		if got := pairsOf(Propose(in)); !slices.Equal(got, []string{"M1>E1"}) {
			t.Errorf("lapsed %v, no other fit: %v, want M1>E1 again", l, got)
		}
	}
}

// A pairing with fewer lapsed pairs wins even when a lapsed pair beside a
// strong one scores higher: M1 and E1 lapsed; M1>E2, M2>E1 pairs both
// mentees with no lapsed pair, though M2 and E2 share many topics.
func TestFewerLapsedPairsOutweighQuality(t *testing.T) {
	people := []Person{mentor("M1", 1, "a", "b"), mentor("M2", 1, "a", "c", "d", "e", "f"),
		mentee("E1", "a"), mentee("E2", "b", "c", "d", "e", "f")}
	got := pairsOf(Propose(Input{People: people, Lapsed: []Avoid{{A: "M1", B: "E1"}}}))
	if !slices.Equal(got, []string{"M1>E2", "M2>E1"}) {
		t.Errorf("got %v, want M1>E2 M2>E1", got)
	}
}
