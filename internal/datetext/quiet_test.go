package datetext_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

func TestParseQuietHours(t *testing.T) {
	tests := []struct {
		in         string
		want       datetext.QuietHours
		wantString string
	}{
		{"20:00-08:00", datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}, "20:00-08:00"},
		{"22:00-23:30", datetext.QuietHours{Start: 22 * 60, End: 23*60 + 30, Set: true}, "22:00-23:30"},
		{" 20:00 - 8:00 ", datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}, "20:00-08:00"},
		{"20:00–08:00", datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}, "20:00-08:00"},
		{"8pm to 7:30am", datetext.QuietHours{Start: 20 * 60, End: 7*60 + 30, Set: true}, "20:00-07:30"},
		{"22:00-24:00", datetext.QuietHours{Start: 22 * 60, End: 0, Set: true}, "22:00-00:00"},
		{"", datetext.QuietHours{}, ""},
		{"off", datetext.QuietHours{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := datetext.ParseQuietHours(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || got.String() != tt.wantString {
				t.Errorf("ParseQuietHours(%q) = %+v (%q), want %+v (%q)", tt.in, got, got, tt.want, tt.wantString)
			}
			if again, err := datetext.ParseQuietHours(got.String()); err != nil || again != got {
				t.Errorf("round trip: %+v, %v", again, err)
			}
		})
	}
	errs := []struct {
		in, want string
	}{
		{"20:00-20:00", "start where they end"},
		{"20-08", `couldn't read "20-08" as quiet hours`},
		{"25:00-08:00", "20:00-08:00"},
		{"20:00", "a start and an end"},
	}
	for _, tt := range errs {
		t.Run("rejects "+tt.in, func(t *testing.T) {
			_, err := datetext.ParseQuietHours(tt.in)
			wantUserError(t, err, tt.want)
			// Empty means "off" for the environment variable but "the
			// programme default" in the settings form: the message says
			// neither, and the caller adds what fits.
			if msg := err.Error(); strings.Contains(msg, "empty") || strings.Contains(msg, "none") {
				t.Errorf("ParseQuietHours(%q) says how to turn quiet hours off: %q", tt.in, msg)
			}
		})
	}
}

func TestQuietHours(t *testing.T) {
	berlin, ny := mustLoc(t, "Europe/Berlin"), mustLoc(t, "America/New_York")
	night := datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}
	evening := datetext.QuietHours{Start: 22 * 60, End: 23*60 + 30, Set: true}
	small := datetext.QuietHours{Start: 60, End: 2*60 + 30, Set: true} // 01:00-02:30, over the DST changes
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return tm
	}
	tests := []struct {
		name      string
		q         datetext.QuietHours
		loc       *time.Location
		t         string // UTC
		wantQuiet bool
		wantNext  string // UTC
	}{
		{"evening in a span that wraps midnight", night, berlin, "2027-01-10T20:00:00Z", true, "2027-01-11T07:00:00Z"},   // 21:00 CET
		{"start of the span is quiet", night, berlin, "2027-01-10T19:00:00Z", true, "2027-01-11T07:00:00Z"},              // 20:00 CET
		{"early morning in a span that wraps", night, berlin, "2027-01-11T06:59:00Z", true, "2027-01-11T07:00:00Z"},      // 07:59 CET
		{"end of the span is not quiet", night, berlin, "2027-01-11T07:00:00Z", false, "2027-01-11T07:00:00Z"},           // 08:00 CET
		{"midday is not quiet", night, berlin, "2027-01-11T11:00:00Z", false, "2027-01-11T11:00:00Z"},                    // 12:00 CET
		{"read in the user's zone, not UTC", night, ny, "2027-01-11T02:00:00Z", true, "2027-01-11T13:00:00Z"},            // 21:00 EST
		{"a span within one evening", evening, berlin, "2027-01-10T22:00:00Z", true, "2027-01-10T22:30:00Z"},             // 23:00 CET
		{"after a span within one evening", evening, berlin, "2027-01-10T22:45:00Z", false, "2027-01-10T22:45:00Z"},      // 23:45 CET
		{"the night the clocks go forward in New York", night, ny, "2027-03-14T03:00:00Z", true, "2027-03-14T12:00:00Z"}, // 22:00 EST -> 08:00 EDT
		{"the night the clocks go back in New York", night, ny, "2027-11-07T01:00:00Z", true, "2027-11-07T13:00:00Z"},    // 21:00 EDT -> 08:00 EST
		{"the night the clocks go forward in Berlin", night, berlin, "2027-03-27T21:00:00Z", true, "2027-03-28T06:00:00Z"},
		{"the night the clocks go back in Berlin", night, berlin, "2027-10-30T21:00:00Z", true, "2027-10-31T07:00:00Z"},
		{"a jump forward out of the span ends it at once", small, berlin, "2027-03-28T00:30:00Z", true, "2027-03-28T01:00:00Z"},   // 01:30 CET -> 03:00 CEST
		{"a repeated end time ends the span the first time", small, berlin, "2027-10-31T00:10:00Z", true, "2027-10-31T00:30:00Z"}, // 02:10 CEST -> 02:30 CEST
		{"after the clocks went back, the second end time", small, berlin, "2027-10-31T01:10:00Z", true, "2027-10-31T01:30:00Z"},  // 02:10 CET -> 02:30 CET
		{"not set is never quiet", datetext.QuietHours{}, berlin, "2027-01-10T22:00:00Z", false, "2027-01-10T22:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := utc(tt.t)
			if got := tt.q.Contains(at, tt.loc); got != tt.wantQuiet {
				t.Errorf("Contains(%s) = %v, want %v", at.In(tt.loc), got, tt.wantQuiet)
			}
			got := tt.q.NextAllowed(at, tt.loc)
			if want := utc(tt.wantNext); !got.Equal(want) {
				t.Errorf("NextAllowed(%s) = %s, want %s", at.In(tt.loc), got, want.In(tt.loc))
			}
			if tt.q.Contains(got, tt.loc) {
				t.Errorf("NextAllowed(%s) = %s is quiet", at.In(tt.loc), got)
			}
		})
	}
}

// TestNextAllowedIsTheFirstAllowedMinute checks NextAllowed against a
// minute-by-minute walk over the DST weekends in Berlin and New York.
func TestNextAllowedIsTheFirstAllowedMinute(t *testing.T) {
	spans := []string{"20:00-08:00", "22:00-23:30", "01:00-02:30", "02:15-03:15", "00:00-02:00"}
	days := []struct{ zone, day string }{
		{"Europe/Berlin", "2027-03-27"}, {"Europe/Berlin", "2027-10-30"},
		{"America/New_York", "2027-03-13"}, {"America/New_York", "2027-11-06"},
	}
	for _, d := range days {
		loc := mustLoc(t, d.zone)
		from := date(d.day).In(loc)
		for _, s := range spans {
			q, err := datetext.ParseQuietHours(s)
			if err != nil {
				t.Fatal(err)
			}
			for at := from; at.Before(from.Add(48 * time.Hour)); at = at.Add(10 * time.Minute) {
				got := q.NextAllowed(at, loc)
				want := at
				for q.Contains(want, loc) {
					want = want.Add(time.Minute)
				}
				if !got.Equal(want) {
					t.Fatalf("%s %s: NextAllowed(%s) = %s, want %s", d.zone, s, at, got, want)
				}
			}
		}
	}
}
