package match

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// bigPool is n people with random topics and zones; bothShare percent of
// them are on both sides, a third of the rest mentor.
func bigPool(n int, bothShare int) Input {
	rng := rand.New(rand.NewPCG(3, 5))
	topics := []string{"go", "design", "speaking", "sre", "product", "data", "ml", "frontend"}
	var in Input
	for i := 0; i < n; i++ {
		p := Person{ID: fmt.Sprintf("U%04d", i), TZKnown: true, UTCOffset: (rng.IntN(24) - 12) * 60}
		switch {
		case rng.IntN(100) < bothShare:
			p.Slots, p.WantsMentor = 1+rng.IntN(2), true
		case i%3 == 0:
			p.Slots = 1 + rng.IntN(3)
		default:
			p.WantsMentor = true
		}
		for _, tp := range topics {
			if rng.IntN(3) == 0 {
				p.Topics = append(p.Topics, tp)
			}
		}
		in.People = append(in.People, p)
	}
	return in
}

// On this machine: 200 people ≈ 10 ms; 1000 ≈ 0.2 s; 1000 who all both
// mentor and want a mentor (the worst case for clashes) ≈ 2.5 s.
func BenchmarkPropose(b *testing.B) {
	for _, n := range []int{200, 1000} {
		for _, both := range []int{0, 30, 100} {
			in := bigPool(n, both)
			b.Run(fmt.Sprintf("people=%d/both=%d%%", n, both), func(b *testing.B) {
				for b.Loop() {
					Propose(in)
				}
			})
		}
	}
}
