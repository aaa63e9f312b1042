package metrics_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/metrics"
)

// A label value is written as Prometheus's text format reads it: only a
// backslash, a double quote and a line feed are escaped, and everything
// else (a tab, a letter outside ASCII) goes as it is.
func TestLabelsEscapeAsPrometheusReadsThem(t *testing.T) {
	got := metrics.Labels("method", "chat.postMessage", "error", "a\"b\\c\nd\tü")
	want := `{method="chat.postMessage",error="a\"b\\c\nd` + "\t" + `ü"}`
	if got != want {
		t.Errorf("Labels = %s, want %s", got, want)
	}
	if got := metrics.Labels(); got != "" {
		t.Errorf("Labels() = %q, want empty", got)
	}
}

type scrapeKey struct{}

// A gauge counts with the scrape's context, so that a scrape given up on
// (its request ended) stops the queries behind it; one ended before it
// began asks no gauge and writes nothing.
func TestGaugesCountWithTheScrapesContext(t *testing.T) {
	reg := metrics.New()
	var got []any
	reg.GaugeFunc("queue", "Queued.", func(ctx context.Context, emit func(string, float64)) {
		got = append(got, ctx.Value(scrapeKey{}))
		emit("", 3)
	})
	var b strings.Builder
	ctx := context.WithValue(context.Background(), scrapeKey{}, "scrape")
	if err := reg.WriteText(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "scrape" {
		t.Errorf("the gauge was asked with %v, want the scrape's context once", got)
	}
	if want := "# HELP queue Queued.\n# TYPE queue gauge\nqueue 3\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}

	ended, cancel := context.WithCancel(ctx)
	cancel()
	b.Reset()
	if err := reg.WriteText(ended, &b); !errors.Is(err, context.Canceled) {
		t.Errorf("a scrape given up on returned %v, want context.Canceled", err)
	}
	if len(got) != 1 || b.Len() != 0 {
		t.Errorf("a scrape given up on asked the gauge (%d calls in all) and wrote %q", len(got), b.String())
	}
}
