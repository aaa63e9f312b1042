package metrics_test

import (
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
