package smart_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/smart"
)

func TestMeasurable(t *testing.T) {
	tests := []struct {
		name, text, measure string
		want                bool
		vague               []string // when not measurable
	}{
		{"a count in digits", "Ship 3 PRs to the payments service", "", true, nil},
		{"a count in words", "Give two talks at meetups", "", true, nil},
		{"a dozen", "Read a dozen papers on distributed systems", "", true, nil},
		{"twice", "Pair with a senior engineer twice a month", "", true, nil},
		{"a percentage", "Raise test coverage to 80%", "", true, nil},
		{"percent in words", "Cut p99 latency by ten percent", "", true, nil},
		{"done when", "Own the on-call handbook, done when the team uses it", "", true, nil},
		{"measured by", "Better onboarding, measured by time to first PR", "", true, nil},
		{"so that with a count", "Learn Rust so that I can review 5 PRs a week", "", true, nil},
		{"at least with a count", "Do at least three mock interviews", "", true, nil},
		{"until I can with a count", "Practise Spanish until I can hold a 10 minute conversation", "", true, nil},
		{"a concrete deliverable", "Ship the RFC for the new billing API", "", true, nil},
		{"a certification", "Pass the CKA exam", "", true, nil},
		{"a talk", "Give a talk at the internal tech day", "", true, nil},
		{"something to start", "Start a book club", "", true, nil},
		{"a book to read", "Read Clean Code", "", true, nil},
		{"read about without a measure", "Read about Kafka", "", false, []string{"read about"}},
		{"the measure field counts", "Get better at public speaking", "feedback score of 4+ from the audience", true, nil},
		{"a year is not a measure", "Learn Go by 2026", "", false, []string{"learn"}},
		{"a date is not a measure", "Understand Kubernetes by 2026-12-15", "", false, []string{"understand"}},
		{"a month and day is not a measure", "Improve my SQL by Dec 15", "", false, []string{"improve"}},
		{"a relative deadline is not a measure", "Get more comfortable with Go in 3 weeks", "", false, []string{"more", "comfortable"}},
		{"a time is not a measure", "Work on my writing every Friday at 15:00", "", false, []string{"work on"}},
		{"a quarter is not a measure", "Learn about Kafka in Q3", "", false, []string{"learn about"}},
		{"better without a measure", "Get better at public speaking", "", false, []string{"better"}},
		{"improve without a measure", "Improve my communication skills", "", false, []string{"improve"}},
		{"learn about without a measure", "Learn about distributed tracing", "", false, []string{"learn about"}},
		{"a so that clause keeps its time span", "Improve onboarding docs so new hires ship in 2 weeks", "", true, nil},
		{"so that without a count", "Learn Rust so that I feel confident", "", false, []string{"learn", "confident"}},
		{"at least without a count", "At least try to speak up in meetings", "", false, nil},
		{"until I can without a count", "Practise until I can explain our architecture", "", false, nil},
		{"a deliverable made vague", "Write better design docs", "", false, []string{"better"}},
		{"no one is not a count", "Be someone no one has to remind", "", false, nil},
		{"1:1s are meetings, not a count", "Have 1:1s that feel more useful", "", false, []string{"more"}},
		{"a count beside a date", "Ship 3 PRs by 2026-12-15", "", true, nil},
		{"a large number that could be a year", "Write 2000 words for the team blog", "", true, nil},
		{"a goal reference is not a count", "Finish what I started in #4 but better", "", false, []string{"better"}},
		// A checkable outcome counts beside a vague word; a vague word in
		// its object, or an outcome only learnt about, does not.
		{"a certification named after get", "Get AWS Solutions Architect certification by 2027-03-01", "", true, nil},
		{"a certificate earned", "Earn my PMP certificate", "", true, nil},
		{"learn and pass a quiz", "Learn Rust and pass the internal Rust quiz by 2027-01-31", "", true, nil},
		{"learn well enough to deploy", "Learn Kubernetes well enough to deploy our service on my own by 2027-02-01", "", true, nil},
		{"improve and ship", "Improve my Go and ship the CLI", "", true, nil},
		{"understand and publish", "Understand tracing, publish a blog post on it", "", true, nil},
		{"learn alone", "Learn Rust", "", false, []string{"learn"}},
		{"understand alone", "Understand Kubernetes networking", "", false, []string{"understand"}},
		{"a vague object after ship", "Ship better code", "", false, []string{"better"}},
		{"a vague object after pass", "Learn Go and pass more tests", "", false, []string{"learn", "more"}},
		{"deploy faster", "Learn to deploy faster", "", false, []string{"learn", "faster"}},
		{"an outcome only learnt about", "Learn how to deploy apps", "", false, []string{"learn"}},
		{"an -ing outcome after better at", "Get better at passing interviews", "", false, []string{"better"}},
		{"deliver on is no outcome", "Deliver on my promises more", "", false, []string{"more"}},
		{"more certifications is vague", "Get more certifications", "", false, []string{"more"}},
		// An outcome verb must start a clause, take a result, and have
		// nothing vague after it.
		{"deploy as a noun", "Improve the deploy pipeline", "", false, []string{"improve"}},
		{"release as a noun", "Learn the release process", "", false, []string{"learn"}},
		{"vague words later on", "Ship features at a faster pace", "", false, []string{"faster"}},
		{"an abstract result", "Learn Go and deliver value", "", false, []string{"learn"}},
		{"often is no result", "Improve my code quality and release often", "", false, []string{"improve"}},
		{"a degree of", "Get a degree of confidence", "", false, []string{"confidence"}},
		{"the outcome first", "Pass the CKA exam and get more comfortable with Kubernetes", "", true, nil},
		{"a talk about it", "Learn more about Kubernetes and deliver a talk about it", "", true, nil},
		{"so I can ship", "Learn Go so I can ship my first service", "", true, nil},
		{"successfully pass", "Learn Kubernetes and successfully pass the CKA", "", true, nil},
		{"empty", "", "", false, nil},
	}
	if len(tests) < 20 {
		t.Fatal("keep at least 20 rows")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := smart.Check(tt.text, tt.measure, true, 7)
			if r.Measurable != tt.want {
				t.Errorf("Check(%q).Measurable = %v, want %v", tt.text, r.Measurable, tt.want)
			}
			if !slices.Equal(r.Vague, tt.vague) {
				t.Errorf("Vague = %q, want %q", r.Vague, tt.vague)
			}
		})
	}
}

func TestTips(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		hasDeadline bool
		number      int
		wantOK      bool
		want        []string // one substring per tip, in order
	}{
		{"nothing missing", "Ship 3 PRs", true, 7, true, nil},
		{"no deadline", "Ship 3 PRs", false, 7, false,
			[]string{"It has no deadline yet — `/goal edit 7` sets one. Next time, end the goal with `by YYYY-MM-DD` or `by end of month`."}},
		{"a date not after by", "Ship 3 PRs before 2027-03-01", false, 7, false,
			[]string{"Next time, put “by” before the date at the end, for example `by 2027-03-01`."}},
		{"not measurable", "Learn Kafka", true, 7, false,
			[]string{`How will you know it's done? Words like "learn" are hard to check — add something you can count or check, e.g. "give 2 talks" or "done when the RFC is approved" (or fill in how success is measured with ` + "`/goal edit 7`)."}},
		{"not measurable with no vague word", "Kafka", true, 7, false,
			[]string{`How will you know it's done? Add something you can count or check`}},
		{"both missing, deadline first", "Get better at Go", false, 12, false,
			[]string{"`/goal edit 12` sets one.", `Words like "better" are hard`}},
		{"without a goal number there is no edit hint", "Get better at Go", false, 0, false,
			[]string{"at the end.", `"done when the RFC is approved".`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := smart.Check(tt.text, "", tt.hasDeadline, tt.number)
			if r.OK() != tt.wantOK || r.HasDeadline != tt.hasDeadline {
				t.Errorf("OK = %v, HasDeadline = %v", r.OK(), r.HasDeadline)
			}
			if len(r.Tips) != len(tt.want) {
				t.Fatalf("Tips = %q, want %d", r.Tips, len(tt.want))
			}
			for i, want := range tt.want {
				if !strings.Contains(r.Tips[i], want) {
					t.Errorf("tip %d = %q, want it to contain %q", i, r.Tips[i], want)
				}
				if tt.number == 0 && strings.Contains(r.Tips[i], "/goal edit") {
					t.Errorf("tip %d mentions /goal edit: %q", i, r.Tips[i])
				}
			}
		})
	}
}
