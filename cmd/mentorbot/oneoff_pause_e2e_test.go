package main

import (
	"strings"
	"testing"
	"time"
)

// A one-off meeting that fell while the pair was paused did not take
// place: resuming says so, not that it "has already taken place". Nor
// has one that is still under way.
func TestResumeAfterAOneOffMeetingInAPause(t *testing.T) {
	thu := utc(2026, 11, 5, 14, 0) // the one-off: Thu 5 Nov 15:00 Berlin
	for _, c := range []struct {
		name          string
		pause, resume time.Time
		wants         string
	}{
		{"paused before, resumed after", utc(2026, 11, 3, 9, 0), thu.Add(3 * 24 * time.Hour), "fell while your meetings were paused"},
		{"paused before, resumed during", utc(2026, 11, 3, 9, 0), thu.Add(10 * time.Minute), "fell while your meetings were paused"},
		{"paused and resumed during", thu.Add(5 * time.Minute), thu.Add(10 * time.Minute), "is under way"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
				t.Fatalf("meet: %q", got)
			}
			e.clock.Set(c.pause)
			e.settle()
			if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
			e.clock.Set(c.resume)
			e.settle()
			got := e.cmd(alice, "/mentor", "resume")
			if !strings.Contains(got, "Resumed") || !strings.Contains(got, "one-off meeting of <!date^") || !strings.Contains(got, c.wants) ||
				strings.Contains(got, "taken place") || !strings.Contains(got, "`/mentor meet @bob") {
				t.Errorf("alice's resume: %q", got)
			}
			e.settle()
			note := e.waitDM(bob, "resumed your meetings")
			if !strings.Contains(note.Text, c.wants) || strings.Contains(note.Text, "taken place") {
				t.Errorf("bob's note: %q", note.Text)
			}
		})
	}
}

// The App Home's Schedule button tells of a one-off that fell in a pause
// as resuming does.
func TestHomeScheduleAfterAOneOffMeetingInAPause(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.advance(5 * 24 * time.Hour)
	if got := e.cmd(alice, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	e.settle()
	v := homeOpen(e, bob, nil)
	if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	txt := blockText(e.waitModal(bob, "").Message().Blocks)
	if !strings.Contains(txt, "your one-off meeting of <!date^") || !strings.Contains(txt, "fell while your meetings were paused") || strings.Contains(txt, "taken place") {
		t.Errorf("bob's schedule help:\n%s", txt)
	}
}

// Resuming a pair whose one-off meeting has passed says so, and how to
// set the next one: not that there is no meeting "yet", as if they had
// never set one.
func TestResumeAfterAOneOffMeetingSaysItTookPlace(t *testing.T) {
	for _, c := range []struct {
		name  string
		skip  bool
		wants string
	}{
		{"held", false, "already taken place"},
		{"skipped", true, "was skipped"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
				t.Fatalf("meet: %q", got)
			}
			if c.skip {
				if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
					t.Fatalf("skip: %q", got)
				}
			}
			e.advance(5 * 24 * time.Hour) // the meeting's day is past
			if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
			e.advance(24 * time.Hour)
			got := e.cmd(alice, "/mentor", "resume")
			if !strings.Contains(got, "Resumed") || !strings.Contains(got, "one-off meeting") || !strings.Contains(got, c.wants) ||
				!strings.Contains(got, "`/mentor meet @bob") || strings.Contains(got, "yet") {
				t.Errorf("alice's resume: %q", got)
			}
			if d := meetDates(got); len(d) != 1 || !d[0].Equal(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)) {
				t.Errorf("alice's resume does not name the meeting of 5 Nov 15:00 Berlin: %q", got)
			}
			e.settle()
			note := e.waitDM(bob, "resumed your meetings")
			if !strings.Contains(note.Text, c.wants) || !contains(note, "`/mentor meet @alice") || strings.Contains(note.Text, "yet") {
				t.Errorf("bob's note: %q", note.Text)
			}
			if !strings.Contains(note.Text, "EST>") {
				t.Errorf("bob's note does not show the meeting in his zone: %q", note.Text)
			}
		})
	}
}

// A meeting that began in a pause did not take place: a resume after it
// ended, before its follow-up's time, must not ask how it went. One that
// ended before the pause did take place, and still gets its follow-up.
func TestResumeBeforeAFollowUpOfAMeetingInThePause(t *testing.T) {
	start := utc(2026, 11, 5, 14, 0) // the one-off: Thu 5 Nov 15:00 Berlin, 30 min
	for _, c := range []struct {
		name          string
		pause, resume time.Time
		followUps     int
	}{
		{"paused before it", utc(2026, 11, 3, 9, 0), start.Add(45 * time.Minute), 0},
		{"paused after it ended", start.Add(40 * time.Minute), start.Add(50 * time.Minute), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
				t.Fatalf("meet: %q", got)
			}
			e.schedWalk(c.pause)
			if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
			e.schedWalk(c.resume)
			if got := e.cmd(alice, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
				t.Fatalf("resume: %q", got)
			}
			e.schedWalk(start.Add(5 * time.Hour)) // the follow-up was due an hour after its end
			for _, u := range []string{alice, bob} {
				if n := len(e.dms(u, "How did your meeting")); n != c.followUps {
					t.Errorf("%s got %d follow-ups, want %d:%s", u, n, c.followUps, e.describeDMs(u))
				}
			}
		})
	}
}

// A pair that paused, resumed and then still never met is nudged 30 days
// after the resume, which the nudge names: counted from the pairing, the
// nudge fell due in the pause and lapsed there.
func TestQuietPairNudgeCountsFromTheResume(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(32 * 24 * time.Hour))
	if n := len(e.dms(bob, "haven't met")); n != 0 {
		t.Fatalf("nudged in the pause:%s", e.describeDMs(bob))
	}
	if got := e.cmd(alice, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	resumed := e.clock.Now()
	e.schedWalk(resumed.Add(29 * 24 * time.Hour))
	if n := len(e.dms(bob, "haven't met")); n != 0 {
		t.Fatalf("nudged before 30 days from the resume:%s", e.describeDMs(bob))
	}
	e.schedWalk(resumed.Add(32 * 24 * time.Hour))
	for _, u := range []string{alice, bob} {
		got := e.dms(u, "since you and")
		if len(got) != 1 || !contains(got[0], "30 days since you and") || !contains(got[0], "resumed your meetings") {
			t.Errorf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
		}
	}
}

// A short pause puts off no quiet-pair nudge still to come: it goes 30
// days after the pairing, once.
func TestQuietPairNudgeKeepsItsTimeAcrossAShortPause(t *testing.T) {
	e := meetEnv(t)
	paired := e.clock.Now()
	e.schedWalk(paired.Add(24 * time.Hour))
	e.cmd(alice, "/mentor", "pause")
	e.schedWalk(paired.Add(3 * 24 * time.Hour))
	if got := e.cmd(alice, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	e.schedWalk(paired.Add(45 * 24 * time.Hour))
	got := e.dms(bob, "since you and")
	if len(got) != 1 || !contains(got[0], "were paired") {
		t.Errorf("bob's quiet-pair nudges:%s", e.describeDMs(bob))
	}
}
