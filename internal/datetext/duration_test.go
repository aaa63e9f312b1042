package datetext_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

func TestParseDuration(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"30m", 30 * time.Minute},
		{"1h", time.Hour},
		{"1h30m", 90 * time.Minute},
		{"1h 30m", 90 * time.Minute},
		{"90m", 90 * time.Minute},
		{"1.5h", 90 * time.Minute},
		{"45 min", 45 * time.Minute},
		{"45 MINS", 45 * time.Minute},
		{"1 hour", time.Hour},
		{"an hour", time.Hour},
		{"2 hours", 2 * time.Hour},
		{"1 hour 30 minutes", 90 * time.Minute},
		{"1 hour and 30 minutes", 90 * time.Minute},
		{"2w", 14 * day},
		{"10d", 10 * day},
		{"3 days", 3 * day},
		{"1 week", 7 * day},
		{"two weeks", 14 * day},
		{"90s", 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := datetext.ParseDuration(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseDuration(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	errs := []struct {
		in, want string
	}{
		{"", "Tell me a length"},
		{"30", `"30m" for minutes`},
		{"2 fortnights", `couldn't read "2 fortnights"`},
		{"1 month", "Months differ in length"},
		{"0m", "more than zero"},
		{"-5m", "couldn't read"},
		{"1h-2h", "couldn't read"},
		{"1000000 weeks", "far too long"},
	}
	for _, tt := range errs {
		t.Run("rejects "+tt.in, func(t *testing.T) {
			_, err := datetext.ParseDuration(tt.in)
			wantUserError(t, err, tt.want)
		})
	}
}

func TestParseSnooze(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // now is Wed 2026-12-02 12:30 there
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, auckland)
		if err != nil {
			panic(err)
		}
		return tm
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2w", at("2026-12-16 12:30")},
		{"10d", at("2026-12-12 12:30")},
		{"3 days", at("2026-12-05 12:30")},
		{"for 2 weeks", at("2026-12-16 12:30")},
		{"36h", at("2026-12-04 00:30")},
		{"until 2026-12-20", at("2026-12-20 00:00")},
		{"Until Dec 20", at("2026-12-20 00:00")},
		{"until friday", at("2026-12-04 00:00")},
		// "this week" and the like: through their last day.
		{"this week", at("2026-12-05 00:00")},
		{"until this month", at("2027-01-01 00:00")},
		{"till this week", at("2026-12-05 00:00")},
		{"this month", at("2027-01-01 00:00")},
		{"2026-12-20", at("2026-12-20 00:00")},
		{"90d", at("2027-03-02 12:30")},
		{"until 2027-03-02", at("2027-03-02 00:00")},
		// Calendar months, keeping the time of day.
		{"1 month", at("2027-01-02 12:30")},
		{"a month", at("2027-01-02 12:30")},
		{"1mo", at("2027-01-02 12:30")},
		{"for 2 months", at("2027-02-02 12:30")},
		{"3 months", at("2027-03-02 12:30")}, // 90 days from today
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := datetext.ParseSnooze(tt.in, now, auckland)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseSnooze(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	t.Run("whole days keep the wall-clock time across DST", func(t *testing.T) {
		berlin := mustLoc(t, "Europe/Berlin")
		from := time.Date(2027, 3, 20, 10, 0, 0, 0, berlin) // CET
		got, err := datetext.ParseSnooze("2w", from, berlin)
		if want := time.Date(2027, 4, 3, 8, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
			t.Errorf("got %s, %v; want %s (10:00 CEST)", got, err, want)
		}
	})
	t.Run("a month from the 31st is the end of the next month", func(t *testing.T) {
		from := time.Date(2027, 1, 31, 9, 15, 0, 0, auckland)
		got, err := datetext.ParseSnooze("1 month", from, auckland)
		if want := time.Date(2027, 2, 28, 9, 15, 0, 0, auckland); err != nil || !got.Equal(want) {
			t.Errorf("got %s, %v; want %s", got, err, want)
		}
	})
	t.Run("three months from July are longer than 90 days", func(t *testing.T) {
		_, err := datetext.ParseSnooze("3 months", time.Date(2027, 7, 1, 9, 0, 0, 0, auckland), auckland)
		wantUserError(t, err, "at most 90 days", "would end on 2027-10-01", "until 2027-09-29")
	})
	errs := []struct {
		in, want string
	}{
		{"", "How long"},
		{"12h", "at least a day"},
		{"0d", "at least a day"},
		{"0 days", "at least a day"},
		{"0 months", "at least a day"},
		{"4 months", "at most 90 days"},
		{"few months", `couldn't read "few months" as a snooze`},
		{"91d", "at most 90 days"},
		{"13w", "at most 90 days"},
		{"until 2026-12-02", "would end at once"},
		{"until 2027-03-03", "up to 2027-03-02"},
		{"until 2026-11-30", "already passed"},
		// Not "today or a later day": a snooze until today is refused too.
		{"until 2026-11-30", "Pick a day after today"},
		{"2026-11-30", "Pick a day after today"},
		// A month and day that passed recently is refused, not read as
		// next year's (which would be too far off anyway).
		{"until Nov 30", "already passed (2026-11-30 is before today, 2026-12-02)"},
		{"until 2026-02-30", `no date "2026-02-30"`},
		{"whenever", `couldn't read "whenever" as a snooze`},
	}
	for _, tt := range errs {
		t.Run("rejects "+tt.in, func(t *testing.T) {
			_, err := datetext.ParseSnooze(tt.in, now, auckland)
			wantUserError(t, err, tt.want)
		})
	}
}

func TestLeadTimes(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"24h,1h", "24h,1h"},
		{"1h, 24h", "24h,1h"},
		{"2d,30m", "48h,30m"},
		{"1h,60m, 1 hour", "1h"},
		{"90m,45m", "1h30m,45m"},
		{"24h,", "24h"},
		{"1m,30d", "720h,1m"},
		{"", ""},
		{" , ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := datetext.ParseLeadTimes(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Error("got a nil slice")
			}
			if s := datetext.FormatLeadTimes(got); s != tt.want {
				t.Errorf("ParseLeadTimes(%q) formats as %q, want %q", tt.in, s, tt.want)
			}
			again, err := datetext.ParseLeadTimes(datetext.FormatLeadTimes(got))
			if err != nil || !slices.Equal(again, got) {
				t.Errorf("round trip: %v, %v", again, err)
			}
		})
	}
	t.Run("format is compact and Go-readable", func(t *testing.T) {
		ds := []time.Duration{48 * time.Hour, time.Hour + 30*time.Second, 45 * time.Minute}
		s := datetext.FormatLeadTimes(ds)
		if s != "48h,1h30s,45m" {
			t.Errorf("got %q", s)
		}
		for i, part := range []string{"48h", "1h30s", "45m"} {
			if d, err := time.ParseDuration(part); err != nil || d != ds[i] {
				t.Errorf("%q reads as %s, %v", part, d, err)
			}
		}
	})
	errs := []struct {
		in, want string
	}{
		{"24h,x", `couldn't read "x" as a lead time`},
		{"30s", "between 1 minute and 30 days"},
		{"31d", `"31d" is not`},
		{"24h,0m", `between 1 minute and 30 days; "0m" is not`},
		{"-1h", `between 1 minute and 30 days; "-1h" is not`},
		{"1h1ns", `couldn't read "1h1ns" as a lead time`},
	}
	for _, tt := range errs {
		t.Run("rejects "+tt.in, func(t *testing.T) {
			_, err := datetext.ParseLeadTimes(tt.in)
			wantUserError(t, err, tt.want)
		})
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in         string
		hour, min  int
		wantErrMsg string
	}{
		{"15:00", 15, 0, ""},
		{"9:30", 9, 30, ""},
		{"09:05", 9, 5, ""},
		{"0:00", 0, 0, ""},
		{"3pm", 15, 0, ""},
		{"3:30pm", 15, 30, ""},
		{"3 PM", 15, 0, ""},
		{"12am", 0, 0, ""},
		{"12pm", 12, 0, ""},
		{"11:59 p.m.", 23, 59, ""},
		{"24:00", 0, 0, "time of day"},
		{"15", 0, 0, "time of day"},
		{"13pm", 0, 0, "time of day"},
		{"9:5", 0, 0, "time of day"},
		{"noonish", 0, 0, "time of day"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			h, m, err := datetext.ParseClock(tt.in)
			if tt.wantErrMsg != "" {
				wantUserError(t, err, tt.wantErrMsg, `"15:00"`)
				return
			}
			if err != nil || h != tt.hour || m != tt.min {
				t.Errorf("ParseClock(%q) = %d, %d, %v", tt.in, h, m, err)
			}
		})
	}
}
