package bot

import (
	"testing"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// Quiet hours stand for someone's night only when they hold all of
// 02:00–04:00: 3 a.m. is never day, and a midday span never night.
func TestCoversNightCore(t *testing.T) {
	for span, want := range map[string]bool{
		"20:00-08:00": true,
		"22:00-06:00": true,
		"00:00-06:00": true,
		"22:00-04:00": true,  // ends as the core does
		"02:00-04:00": true,  // the core itself
		"22:00-03:00": false, // 03:00 would be day
		"02:30-06:00": false,
		"12:00-14:00": false,
		"03:00-02:30": false, // all but 02:30–03:00
		"none":        false,
	} {
		q, err := datetext.ParseQuietHours(span)
		if err != nil {
			t.Fatal(err)
		}
		if got := coversNightCore(q); got != want {
			t.Errorf("%s: covers the night's core = %v, want %v", span, got, want)
		}
	}
}
