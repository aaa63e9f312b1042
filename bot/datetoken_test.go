package bot

import (
	"testing"
	"time"
)

// The fallback of a date token is what notifications, previews and screen
// readers show: it reads as the rendered token does, a date alone where
// the format has no time, in the reader's zone.
func TestDateTokenFallbackReadsAsTheToken(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 1, 5, 3, 30, 0, 0, time.UTC) // still the 4th in New York
	for _, c := range []struct {
		format string
		loc    *time.Location
		want   string
	}{
		{"{date_short_pretty}", ny, "<!date^1799119800^{date_short_pretty}|Mon 4 Jan 2027>"},
		{"{date_long_pretty}", time.UTC, "<!date^1799119800^{date_long_pretty}|Tue 5 Jan 2027>"},
		{"{date_short_pretty} at {time}", ny, "<!date^1799119800^{date_short_pretty} at {time}|Mon 4 Jan 2027 at 22:30 EST>"},
		{"{date_short_pretty} {time}", time.UTC, "<!date^1799119800^{date_short_pretty} {time}|Tue 5 Jan 2027 03:30 UTC>"},
	} {
		if got := dateTokenIn(at, c.format, c.loc); got != c.want {
			t.Errorf("dateTokenIn(%q, %s) = %s, want %s", c.format, c.loc, got, c.want)
		}
	}
}
