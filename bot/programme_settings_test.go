package bot

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

func TestFormatLeadTimesAsTyped(t *testing.T) {
	const day = 24 * time.Hour
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Minute, "45m"},
		{90 * time.Minute, "1h30m"},
		{day, "24h"},
		{day + time.Hour, "25h"},
		{36*time.Hour + 30*time.Minute, "36h30m"},
		{8*day + 12*time.Hour, "8d 12h"},
		{2 * day, "2d"},
		{7 * day, "1w"},
		{14 * day, "2w"},
		{30 * day, "30d"},
	} {
		got := formatLeadTimes([]time.Duration{c.d})
		if got != c.want {
			t.Errorf("formatLeadTimes(%v) = %q; want %q", c.d, got, c.want)
		}
		if back, err := datetext.ParseLeadTimes(got); err != nil || len(back) != 1 || back[0] != c.d {
			t.Errorf("%q reads back as %v, %v; want %v", got, back, err, c.d)
		}
	}
	// Settings saved before read as typed too; what is unreadable stays.
	if got := leadTimesText("720h,1h"); got != "30d,1h" {
		t.Errorf("leadTimesText(720h,1h) = %q", got)
	}
	if got := leadTimesText("soon"); got != "soon" {
		t.Errorf("leadTimesText(soon) = %q", got)
	}
}
