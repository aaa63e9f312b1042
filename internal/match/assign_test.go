package match

import (
	"math/rand/v2"
	"testing"
)

// bruteMatching is the best total weight over every matching, by trying
// each row in each free column or unmatched.
func bruteMatching(w [][]int64) int64 {
	m := 0
	if len(w) > 0 {
		m = len(w[0])
	}
	used := make([]bool, m)
	var best int64
	var rec func(i int, total int64)
	rec = func(i int, total int64) {
		if i == len(w) {
			best = max(best, total)
			return
		}
		rec(i+1, total)
		for j := 0; j < m; j++ {
			if !used[j] && w[i][j] > 0 {
				used[j] = true
				rec(i+1, total+w[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

func checkMatching(t *testing.T, w [][]int64, got []int) int64 {
	t.Helper()
	if len(got) != len(w) {
		t.Fatalf("result has %d rows, want %d", len(got), len(w))
	}
	seen := map[int]bool{}
	var total int64
	for i, j := range got {
		if j < 0 {
			continue
		}
		if seen[j] {
			t.Fatalf("column %d used twice in %v", j, got)
		}
		seen[j] = true
		if w[i][j] <= 0 {
			t.Fatalf("row %d matched to non-edge column %d (weight %d)", i, j, w[i][j])
		}
		total += w[i][j]
	}
	return total
}

func TestMaxWeightMatchingSmallCases(t *testing.T) {
	tests := []struct {
		name string
		w    [][]int64
		want int64
	}{
		{"empty", nil, 0},
		{"no columns", [][]int64{{}, {}}, 0},
		{"no edges", [][]int64{{0, 0}, {-1, 0}}, 0},
		{"one edge", [][]int64{{0, 5}}, 5},
		{"greedy is wrong", [][]int64{{10, 9}, {9, 0}}, 18},
		{"tall", [][]int64{{3}, {7}, {5}}, 7},
		{"wide", [][]int64{{1, 8, 3, 0}}, 8},
		{"leave a row unmatched for a better total", [][]int64{{5, 0}, {6, 0}, {0, 1}}, 7},
		{"classic 3x3", [][]int64{{7, 5, 11}, {5, 4, 1}, {9, 3, 2}}, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MaxWeightMatching(tt.w)
			if total := checkMatching(t, tt.w, got); total != tt.want {
				t.Errorf("total %d (%v), want %d", total, got, tt.want)
			}
		})
	}
}

func TestMaxWeightMatchingAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 2000; iter++ {
		n, m := 1+rng.IntN(6), 1+rng.IntN(6)
		w := make([][]int64, n)
		for i := range w {
			w[i] = make([]int64, m)
			for j := range w[i] {
				if rng.IntN(3) > 0 {
					w[i][j] = int64(rng.IntN(50))
				}
			}
		}
		got := MaxWeightMatching(w)
		if total, want := checkMatching(t, w, got), bruteMatching(w); total != want {
			t.Fatalf("case %d %v: total %d (%v), brute force %d", iter, w, total, got, want)
		}
	}
}

// Removing edges from a solved assignment re-solves it exactly: the same
// total as solving the reduced matrix from scratch, for the copy and
// without touching the original.
func TestMatchAssignerRemoveMatchesAFreshSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for iter := 0; iter < 1000; iter++ {
		n, m := 1+rng.IntN(6), 1+rng.IntN(6)
		w := make([][]int64, n)
		for i := range w {
			w[i] = make([]int64, m)
			for j := range w[i] {
				if rng.IntN(4) > 0 {
					w[i][j] = 1 + int64(rng.IntN(40))
				}
			}
		}
		a := newAssigner(w)
		before := checkMatching(t, w, a.result())
		b := a.clone()
		reduced := make([][]int64, n)
		for i := range w {
			reduced[i] = append([]int64(nil), w[i]...)
		}
		for k := rng.IntN(4); k >= 0; k-- {
			var cells [][2]int
			for c := rng.IntN(3); c >= 0; c-- {
				i, j := rng.IntN(n), rng.IntN(m)
				cells = append(cells, [2]int{i, j})
				reduced[i][j] = 0
			}
			b.remove(cells)
			if got, want := checkMatching(t, reduced, b.result()), bruteMatching(reduced); got != want {
				t.Fatalf("case %d: after removing %v: total %d, fresh solve %d\n%v", iter, cells, got, want, reduced)
			}
		}
		if again := checkMatching(t, w, a.result()); again != before {
			t.Fatalf("case %d: the original changed from %d to %d", iter, before, again)
		}
	}
}
