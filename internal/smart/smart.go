// Package smart checks a goal against the two SMART parts a bot can judge
// from text: is it time-bound (a deadline) and is it measurable? It finds
// what is missing and says, kindly, how to add it.
//
// The check is a heuristic on English text. A goal is measurable when it has
// a count (digits or words: "3 PRs", "two talks", "a dozen", "twice", "80%"),
// a stated test ("done when…", "measured by…", "success is…"), a "so that"
// clause with a count, a concrete deliverable with no vague words ("ship the
// RFC", "give a talk"), a checkable outcome even beside vague words ("learn
// Rust and pass the internal quiz", "get the AWS certification", "learn
// Kubernetes well enough to deploy our service"), or a non-empty measure
// field.
// Dates, times, years and "in 3 weeks" are deadlines, not measures, so
// "learn Go by 2026" is not measurable while "ship 3 PRs by 2026" is.
package smart

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Result is what Check found.
type Result struct {
	HasDeadline bool
	Measurable  bool
	// Vague lists vague words found in a goal that is not measurable
	// ("better", "improve", "learn about"), in order; empty when measurable.
	Vague []string
	// Tips has one kind sentence per missing part, saying how to add it.
	Tips []string
}

// OK reports whether the goal has both a deadline and a measure.
func (r Result) OK() bool { return r.HasDeadline && r.Measurable }

const (
	month   = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	ordinal = `(?:st|nd|rd|th)`
	numWord = `(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple of)`
	period  = `(?:days?|weeks?|months?|quarters?|years?)`
)

// notMeasures are deadline-like spans removed before looking for a measure.
var notMeasures = compile(
	`\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b`,                                          // 2026-12-15
	`\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b`,                                        // 15.12.2026
	`\b\d{1,2}(?::\d{2})\s*(?:am|pm)?\b`,                                         // 15:00
	`\b\d{1,2}\s*(?:am|pm)\b`,                                                    // 3pm
	`\b`+month+`\.?\s+\d{1,2}`+ordinal+`?\b(?:,?\s*\d{4}\b)?`,                    // Dec 15, 2026
	`\b\d{1,2}`+ordinal+`?\s+(?:of\s+)?`+month+`\b(?:\s*\d{4}\b)?`,               // 15th of December
	`\b(?:by|before|until|till|on|from|after)\s+(?:the\s+)?\d{1,2}`+ordinal+`\b`, // by the 15th
	`\b(?:by|in|until|till|before|after|during|of|from|since|through|end of|q[1-4]|h[12]|fy|`+month+`)\s+(?:19|20)\d{2}\b`,
	`^\s*(?:19|20)\d{2}\b`, `\b(?:19|20)\d{2}\s*[.!]?\s*$`, // a year at either end
	`\b(?:q[1-4]|h[12])\b`, `#\d+`,
	`\b(?:1|one)(?::|-on-| on )(?:1|one)s?\b`, // 1:1s are meetings, not a count
)

// relativeDeadlines are removed too, except in a "so that" clause, where
// "so new hires ship in 2 weeks" is the measure.
var relativeDeadlines = compile(
	`\b(?:in|within|over|for)\s+(?:the\s+)?(?:next\s+)?`+numWord+`\s+`+period+`\b`, // in 3 weeks
	`\b`+numWord+`\s+`+period+`\s+from\s+now\b`,
)

var (
	count     = regexp.MustCompile(`\d|%|\b(?:percent|per cent|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|twice|thrice|half|double|triple|halve)\b`)
	soThatRe  = regexp.MustCompile(`\bso(?: that)?\s`)
	notACount = regexp.MustCompile(`\b(?:no|the|any|every|some|each|that|this)\s+one\b|\bone\s+(?:of|day|another|thing)\b`)
	checks    = regexp.MustCompile(`\b(?:done when|measured by|measure of success|success is|success means|success looks like|i(?:'ll| will) know|definition of done|acceptance criteria|signs? off|approved|accepted|merged|certified|promoted|published)\b`)
	outcome   = regexp.MustCompile(`\b(?:pass|ship|publish|launch|deliver|present|give|complete|finish|submit|release|build|create|write|organi[sz]e|host|run|lead|earn|obtain|migrate|deploy|merge|automate|document|draft|become|land|hire|close|speak at|start|get (?:a|an|the|my)|mentor|read)\s+\S+`)
	// sureOutcomes name a result that has happened or not, whatever else
	// the goal says: "learn Rust and pass the quiz" is checked by the
	// quiz, though "learn" alone is not. Group 1 is the object, which
	// must not itself be vague ("ship better code", "pass more tests").
	// Not the -ing forms: "get better at passing interviews" is as vague
	// as "get better at interviews".
	sureOutcomes = []*regexp.Regexp{
		regexp.MustCompile(`\b(?:pass(?:es|ed)?|deploy(?:s|ed)?|ship(?:s|ped)?|launch(?:es|ed)?|publish(?:es|ed)?|release[sd]?|submit(?:s|ted)?|deliver(?:s|ed)?)\s+((?:[^\s,;:.!?]+\s*){1,3})`),
		// "get AWS Solutions Architect certification", "earn my PMP
		// certificate": the credential is the check.
		regexp.MustCompile(`\b(?:get|gets|got|earn(?:s|ed)?|obtain(?:s|ed)?|achieve[sd]?|gain(?:s|ed)?|receive[sd]?|complete[sd]?)\s+((?:[^\s,;:.!?]+\s+){0,5}?(?:certifications?|certificates?|certified|licen[cs]es?|degrees?|diplomas?))\b`),
	}
	// notOutcomeObject starts an object that is no result: "pass on what
	// I know", "deliver on my promises".
	notOutcomeObject = regexp.MustCompile(`^(?:it\s+on|on|along|down|by|through|up|over|out|off|into|around|time|the time|it|value|impact|results?|quality|often|regularly|frequently|consistently)\b`)
	// outcomeClauseStart ends the words before an outcome verb that
	// starts a clause: "ship" as a verb, not "the release process".
	outcomeClauseStart = regexp.MustCompile(`(?i)(?:^\s*|[,;:]\s*|\b(?:and|then|to|also|&|i|we|can|will|could|would|should|must|finally|successfully|actually)\s+)$`)
	// clauseEnd ends the clause an outcome verb starts: vague words after
	// it belong to another part of the goal ("pass the CKA and get more
	// comfortable with Kubernetes").
	clauseEnd = regexp.MustCompile(`(?i)[,;:.!?]|\b(?:and|then|but)\s`)
	// notOutcomeBefore ends the words before an outcome that is still
	// only learnt about: "learn how to deploy apps", "read about shipping".
	notOutcomeBefore = regexp.MustCompile(`\b(?:how to|learn(?:ing)? to|about|understand(?:ing)?)\s*$`)
	vague            = compile(
		`learn about`, `learn more`, `read about`, `read up on`, `get good at`, `good at`, `get into`, `look into`, `work on`, `a lot`, `a bit`,
		`improv[a-z]*`, `better`, `more`, `less`, `fewer`, `faster`, `cleaner`, `clearer`, `stronger`, `deeper`, `bigger`, `smarter`,
		`learn`, `understand[a-z]*`, `explore`, `familiar[a-z]*`, `comfortable`, `confiden[a-z]*`, `grow`, `some`, `various`, `stuff`, `things`, `generally`,
	)
)

func compile(exprs ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(exprs))
	for i, e := range exprs {
		if !strings.HasPrefix(e, `\b`) && !strings.HasPrefix(e, `^`) && !strings.HasPrefix(e, `#`) {
			e = `\b(?:` + e + `)\b`
		}
		out[i] = regexp.MustCompile(e)
	}
	return out
}

// isoDateRe finds a date written YYYY-MM-DD in a goal's words.
var isoDateRe = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// plainer folds typographic apostrophes and line breaks before matching.
var plainer = strings.NewReplacer("’", "'", "\n", " ", "\t", " ")

// Check looks at a goal's text and its measure field (either may be empty).
// hasDeadline says whether the goal has a due date; goalNumber, when above
// zero, is used in the tips (`/goal edit 7`).
func Check(text, measure string, hasDeadline bool, goalNumber int) Result {
	r := Result{HasDeadline: hasDeadline}
	t := " " + strings.ToLower(text) + " "
	t = plainer.Replace(t)
	for _, re := range notMeasures {
		t = re.ReplaceAllString(t, " ")
	}
	soThat := ""
	if loc := soThatRe.FindStringIndex(t); loc != nil {
		soThat = t[loc[1]:]
	}
	for _, re := range relativeDeadlines {
		t = re.ReplaceAllString(t, " ")
	}
	vagueWords := findVague(t)
	counted := notACount.ReplaceAllString(t, " ")
	r.Measurable = strings.TrimSpace(measure) != "" ||
		count.MatchString(counted) ||
		count.MatchString(notACount.ReplaceAllString(soThat, " ")) ||
		checks.MatchString(t) ||
		(len(vagueWords) == 0 && outcome.MatchString(t)) ||
		sureOutcome(t)
	if !r.Measurable {
		r.Vague = vagueWords
	}

	edit := ""
	if goalNumber > 0 {
		edit = fmt.Sprintf("`/goal edit %d`", goalNumber)
	}
	if !r.HasDeadline {
		tip := "It has no deadline yet — add one with `by YYYY-MM-DD` or `by end of month` at the end"
		if d := isoDateRe.FindString(text); d != "" {
			// "before 2027-03-01", "due 2027-03-01": a date that is not
			// after "by" is left in the goal's words.
			tip = fmt.Sprintf("It has no deadline yet: I take the date after “by” at the end as the deadline, for example `by %s`", d)
		}
		if edit != "" {
			// The goal exists: typing it again with a date would make a
			// second one, so the edit comes first.
			tip = "It has no deadline yet — " + edit + " sets one. Next time, end the goal with `by YYYY-MM-DD` or `by end of month`"
			if d := isoDateRe.FindString(text); d != "" {
				tip = "It has no deadline yet — " + edit + " sets one. Next time, put “by” before the date at the end, for example `by " + d + "`"
			}
		}
		r.Tips = append(r.Tips, tip+".")
	}
	if !r.Measurable {
		tip := "How will you know it's done? "
		if len(r.Vague) > 0 {
			tip = fmt.Sprintf("How will you know it's done? Words like %q are hard to check — add", r.Vague[0])
		} else {
			tip += "Add"
		}
		tip += " something you can count or check, e.g. \"give 2 talks\" or \"done when the RFC is approved\""
		if edit != "" {
			tip += " (or fill in how success is measured with " + edit + ")"
		}
		r.Tips = append(r.Tips, tip+".")
	}
	return r
}

// sureOutcome reports whether t names a checkable outcome (sureOutcomes)
// whose object has no vague word.
func sureOutcome(t string) bool {
	for _, re := range sureOutcomes {
		for _, m := range re.FindAllStringSubmatchIndex(t, -1) {
			object := t[m[2]:m[3]]
			clause := t[m[2]:]
			if e := clauseEnd.FindStringIndex(clause); e != nil {
				clause = clause[:e[0]]
			}
			if len(findVague(clause)) == 0 && !notOutcomeObject.MatchString(object+" ") && !strings.HasPrefix(strings.TrimSpace(t[m[3]:]), "of ") && outcomeClauseStart.MatchString(t[:m[0]]) && !notOutcomeBefore.MatchString(t[:m[0]]) {
				return true
			}
		}
	}
	return false
}

// findVague returns the vague words and phrases in t, longest match first so
// that "learn about" is not also reported as "learn".
func findVague(t string) []string {
	type hit struct {
		at   int
		word string
	}
	var hits []hit
	taken := make([]bool, len(t))
	for _, re := range vague {
		for _, loc := range re.FindAllStringIndex(t, -1) {
			if slices.Contains(taken[loc[0]:loc[1]], true) {
				continue
			}
			for i := loc[0]; i < loc[1]; i++ {
				taken[i] = true
			}
			hits = append(hits, hit{loc[0], t[loc[0]:loc[1]]})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	var out []string
	for _, h := range hits {
		if !slices.Contains(out, h.word) {
			out = append(out, h.word)
		}
	}
	return out
}
