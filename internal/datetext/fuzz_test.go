package datetext_test

import (
	"errors"
	"testing"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// FuzzParse checks that no text makes a parser panic or return anything but
// a friendly error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-12-15", "next friday", "in 3 weeks", "Dec 15, 2027", "1h30m", "until 2026-12-20", "20:00-08:00", "24h, 1h"} {
		f.Add(s)
	}
	auckland := mustLoc(f, "Pacific/Auckland")
	f.Fuzz(func(t *testing.T, s string) {
		check := func(what string, err error) {
			var e *datetext.Error
			if err != nil && (!errors.As(err, &e) || e.Msg == "") {
				t.Fatalf("%s(%q): %v is not a friendly error", what, s, err)
			}
		}
		d, err := datetext.ParseDate(s, now, auckland)
		check("ParseDate", err)
		if err == nil && d.Before(datetext.DateOf(now.In(auckland))) {
			t.Fatalf("ParseDate(%q) = %s, in the past", s, d)
		}
		_, _, _, err = datetext.SplitDue(s, now, auckland)
		check("SplitDue", err)
		_, err = datetext.ParseDuration(s)
		check("ParseDuration", err)
		_, err = datetext.ParseSnooze(s, now, auckland)
		check("ParseSnooze", err)
		_, err = datetext.ParseLeadTimes(s)
		check("ParseLeadTimes", err)
		q, err := datetext.ParseQuietHours(s)
		check("ParseQuietHours", err)
		if err == nil && q.Set && q.Contains(q.NextAllowed(now, auckland), auckland) {
			t.Fatalf("NextAllowed of %s is quiet", q)
		}
	})
}
