// Package metrics is a small, dependency-free registry that serves the
// Prometheus text format: counters and gauges with labels, and latency
// summaries with fixed buckets. It is what /metrics needs and nothing more.
package metrics

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// Registry holds every metric of a process. The zero value is not usable;
// use New.
type Registry struct {
	mu     sync.Mutex
	order  []string
	help   map[string]string
	typ    map[string]string
	values map[string]map[string]float64 // name -> label string -> value
	hists  map[string]map[string]*hist
	gauges []func(ctx context.Context, emit func(name, labels string, v float64))
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{help: map[string]string{}, typ: map[string]string{},
		values: map[string]map[string]float64{}, hists: map[string]map[string]*hist{}}
}

func (r *Registry) declare(name, typ, help string) {
	if _, ok := r.typ[name]; ok {
		return
	}
	r.order = append(r.order, name)
	r.typ[name], r.help[name] = typ, help
}

// Describe declares a counter or histogram before its first sample, so
// that /metrics shows it from the start (an alert on a rate then sees 0,
// not "no data").
func (r *Registry) Describe(name, typ, help string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.declare(name, typ, help)
}

// labelEscaper escapes a label value as Prometheus's text format wants it:
// only backslash, double quote and line feed. Go's %q would also escape
// other bytes (\t, \u00fc), which that format does not read.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// Labels renders label pairs ("k", "v", ...) in Prometheus syntax.
func Labels(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `%s="%s"`, kv[i], labelEscaper.Replace(kv[i+1]))
	}
	b.WriteByte('}')
	return b.String()
}

// Add adds v to the counter name with labels kv.
func (r *Registry) Add(name, help string, v float64, kv ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.declare(name, "counter", help)
	m := r.values[name]
	if m == nil {
		m = map[string]float64{}
		r.values[name] = m
	}
	m[Labels(kv...)] += v
}

// Observe records a duration in the histogram name with labels kv.
func (r *Registry) Observe(name, help string, d time.Duration, kv ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.declare(name, "histogram", help)
	m := r.hists[name]
	if m == nil {
		m = map[string]*hist{}
		r.hists[name] = m
	}
	l := Labels(kv...)
	h := m[l]
	if h == nil {
		h = &hist{counts: make([]uint64, len(buckets))}
		m[l] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
		}
	}
	h.n++
	h.sum += s
}

// GaugeFunc registers a callback that emits gauge values at scrape time
// (for figures that live in the database, like the pending queue). ctx is
// the scrape's: it ends when the scraper goes away.
func (r *Registry) GaugeFunc(name, help string, f func(ctx context.Context, emit func(labels string, v float64))) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.declare(name, "gauge", help)
	r.gauges = append(r.gauges, func(ctx context.Context, emit func(name, labels string, v float64)) {
		f(ctx, func(labels string, v float64) { emit(name, labels, v) })
	})
}

var buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type hist struct {
	counts []uint64
	n      uint64
	sum    float64
}

// Value returns a counter's current value (tests use it).
func (r *Registry) Value(name string, kv ...string) float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.values[name][Labels(kv...)]
}

// WriteText writes every metric in the Prometheus text exposition format.
// The gauges' callbacks run with ctx (a scrape's request): once it ends,
// the rest are not asked and nothing is written.
func (r *Registry) WriteText(ctx context.Context, w io.Writer) error {
	gauged := map[string]map[string]float64{}
	r.mu.Lock()
	gs := append([]func(context.Context, func(string, string, float64)){}, r.gauges...)
	r.mu.Unlock()
	for _, g := range gs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		g(ctx, func(name, labels string, v float64) {
			if gauged[name] == nil {
				gauged[name] = map[string]float64{}
			}
			gauged[name][labels] = v
		})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, name := range r.order {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, r.help[name], name, r.typ[name])
		switch r.typ[name] {
		case "counter":
			writeSorted(&b, name, r.values[name])
		case "gauge":
			writeSorted(&b, name, gauged[name])
		case "histogram":
			ls := make([]string, 0, len(r.hists[name]))
			for l := range r.hists[name] {
				ls = append(ls, l)
			}
			sort.Strings(ls)
			for _, l := range ls {
				h := r.hists[name][l]
				inner := strings.TrimSuffix(strings.TrimPrefix(l, "{"), "}")
				if inner != "" {
					inner += ","
				}
				for i, bk := range buckets {
					fmt.Fprintf(&b, "%s_bucket{%sle=\"%g\"} %d\n", name, inner, bk, h.counts[i])
				}
				fmt.Fprintf(&b, "%s_bucket{%sle=\"+Inf\"} %d\n", name, inner, h.n)
				fmt.Fprintf(&b, "%s_sum%s %g\n%s_count%s %d\n", name, l, h.sum, name, l, h.n)
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}

func writeSorted(b *strings.Builder, name string, m map[string]float64) {
	ls := make([]string, 0, len(m))
	for l := range m {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	for _, l := range ls {
		v := m[l]
		if v == math.Trunc(v) {
			fmt.Fprintf(b, "%s%s %d\n", name, l, int64(v))
		} else {
			fmt.Fprintf(b, "%s%s %g\n", name, l, v)
		}
	}
}
