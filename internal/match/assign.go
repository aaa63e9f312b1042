package match

import "math"

// MaxWeightMatching returns a maximum-weight matching of a bipartite graph
// given as a weight matrix: w[i][j] > 0 is an edge between row i and
// column j with that weight; w[i][j] <= 0 is no edge. The result gives,
// for each row, its column or -1 when the row is left unmatched. Every
// row must have the same length; an empty matrix gives an empty result.
func MaxWeightMatching(w [][]int64) []int {
	return newAssigner(w).result()
}

// assigner solves a maximum-weight matching and re-solves it, exactly and
// cheaply, when edges are removed.
//
// It is the Hungarian algorithm (Kuhn–Munkres with potentials, O(n²·m)
// for n ≤ m; a tall matrix is transposed) on the rectangular problem in
// which a missing edge costs as much as leaving the row unmatched: with
// non-negative weights, a minimum-cost assignment of every row in which
// rows "assigned" to a missing edge are read as unmatched is a
// maximum-weight matching. After solving, the matrix is padded to a
// square with rows of cost 0 standing for "column unused", which is what
// makes the incremental re-solve after removing an edge exact (see
// hungarian).
type assigner struct {
	rows, cols int
	tall       bool  // more rows than columns: the solver works on the transpose
	top        int64 // the largest weight; cost = top - weight
	h          *hungarian
}

func newAssigner(w [][]int64) *assigner {
	a := &assigner{rows: len(w)}
	if a.rows == 0 || len(w[0]) == 0 {
		return a
	}
	a.cols = len(w[0])
	for _, row := range w {
		for _, x := range row {
			a.top = max(a.top, x)
		}
	}
	if a.top == 0 {
		return a
	}
	a.tall = a.rows > a.cols
	n, m := a.rows, a.cols
	if a.tall {
		n, m = m, n
	}
	cost := make([][]int64, n)
	for i := range cost {
		cost[i] = make([]int64, m)
		for j := range cost[i] {
			x := int64(0)
			if a.tall {
				x = w[j][i]
			} else {
				x = w[i][j]
			}
			cost[i][j] = a.top - max(x, 0)
		}
	}
	a.h = newHungarian(cost)
	return a
}

// remove takes edges (row, column) out and re-solves.
func (a *assigner) remove(cells [][2]int) {
	if a.h == nil {
		return
	}
	if a.tall {
		t := make([][2]int, len(cells))
		for k, c := range cells {
			t[k] = [2]int{c[1], c[0]}
		}
		cells = t
	}
	a.h.raise(cells, a.top)
}

// clone returns an independent copy (sharing unchanged rows).
func (a *assigner) clone() *assigner {
	c := *a
	if a.h != nil {
		c.h = a.h.clone()
	}
	return &c
}

// result is the column of each row, or -1.
func (a *assigner) result() []int {
	out := make([]int, a.rows)
	for i := range out {
		out[i] = -1
	}
	if a.h == nil {
		return out
	}
	for j := 1; j <= a.h.m; j++ {
		i := a.h.p[j]
		if i == 0 || i > a.h.real {
			continue
		}
		if a.h.a[i-1][j-1] >= a.top { // a missing edge: unmatched
			continue
		}
		r, c := i-1, j-1
		if a.tall {
			r, c = c, r
		}
		out[r] = c
	}
	return out
}

// hungarian is the state of the assignment solver for a cost matrix,
// square once solved: row potentials u, column potentials v, and the assignment p. It
// keeps two invariants: u[i] + v[j] ≤ a[i][j] for every cell (dual
// feasibility), with equality on assigned cells (complementary
// slackness); a perfect assignment with both is optimal. A row is added by a
// Dijkstra-like search over the reduced costs a[i][j] - u[i] - v[j] that
// grows an alternating tree until it reaches a free column, then flips
// the augmenting path. Index 0 of p is a virtual column holding the row
// being added.
//
// Raising the cost of cells keeps dual feasibility, and slackness on the
// cells still assigned, so after a raise only the rows whose assigned
// cell was raised need to be added again: each finds its shortest
// augmenting path to one of the columns just freed (the matrix is square,
// so there is no other free column, whose potential might not be zero).
// A re-solve costs O(k·N²) for k such rows rather than a fresh O(N³).
type hungarian struct {
	n, m  int       // square once solved: n == m
	real  int       // rows 1..real are the problem's; the rest are padding
	a     [][]int64 // rows are copied before being changed (clones share them)
	owned []bool
	u, v  []int64
	p     []int // p[j]: 1-based row assigned to column j (1-based); 0 = free
}

// newHungarian solves the rectangular problem a (n ≤ m rows) and pads it
// to a square. Padding row d gets cost 0 everywhere, potential 0 and one
// of the free columns: the invariants hold, because a free column's
// potential is still 0 (the search never changes the potential of the
// free column it ends at) and every potential v[j] is ≤ 0.
func newHungarian(a [][]int64) *hungarian {
	n, m := len(a), len(a[0])
	h := &hungarian{n: n, m: m, real: n, a: a, owned: make([]bool, n), u: make([]int64, m+1), v: make([]int64, m+1), p: make([]int, m+1)}
	for i := 1; i <= n; i++ {
		h.augment(i)
	}
	padding := make([]int64, m)
	row := n
	for j := 1; j <= m; j++ {
		if h.p[j] == 0 {
			h.a = append(h.a, padding)
			h.owned = append(h.owned, false)
			row++
			h.p[j] = row
		}
	}
	h.n = m
	return h
}

func (h *hungarian) clone() *hungarian {
	c := &hungarian{n: h.n, m: h.m, real: h.real, owned: make([]bool, h.n)}
	// From now on both share every row: both copy a row before changing it.
	clear(h.owned)
	c.a = append([][]int64(nil), h.a...)
	c.u = append([]int64(nil), h.u...)
	c.v = append([]int64(nil), h.v...)
	c.p = append([]int(nil), h.p...)
	return c
}

// raise sets the cost of cells (0-based row, column) to c and restores
// the optimum.
func (h *hungarian) raise(cells [][2]int, c int64) {
	var free []int
	for _, cell := range cells {
		i, j := cell[0], cell[1]
		if h.a[i][j] >= c {
			continue
		}
		if !h.owned[i] {
			h.a[i] = append([]int64(nil), h.a[i]...)
			h.owned[i] = true
		}
		h.a[i][j] = c
		if h.p[j+1] == i+1 {
			h.p[j+1] = 0
			free = append(free, i+1)
		}
	}
	for _, i := range free {
		h.augment(i)
	}
}

// augment adds row i (1-based), which must be unassigned.
func (h *hungarian) augment(i int) {
	const inf = math.MaxInt64 / 4
	m := h.m
	minv := make([]int64, m+1)
	way := make([]int, m+1)
	used := make([]bool, m+1)
	for j := range minv {
		minv[j] = inf
	}
	h.p[0] = i
	j0 := 0
	for {
		used[j0] = true
		i0, delta, j1 := h.p[j0], int64(inf), 0
		row := h.a[i0-1]
		ui := h.u[i0]
		for j := 1; j <= m; j++ {
			if used[j] {
				continue
			}
			if cur := row[j-1] - ui - h.v[j]; cur < minv[j] {
				minv[j], way[j] = cur, j0
			}
			if minv[j] < delta {
				delta, j1 = minv[j], j
			}
		}
		for j := 0; j <= m; j++ {
			if used[j] {
				h.u[h.p[j]] += delta
				h.v[j] -= delta
			} else {
				minv[j] -= delta
			}
		}
		j0 = j1
		if h.p[j0] == 0 {
			break
		}
	}
	for j0 != 0 {
		j1 := way[j0]
		h.p[j0] = h.p[j1]
		j0 = j1
	}
}
