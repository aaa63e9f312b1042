// Package match proposes mentoring pairs for a pool of people who signed
// up, and explains each proposal and each person left out. It is pure: no
// clock, no Slack, no database; the caller passes everything in.
//
// The proposal is an optimal assignment over the whole pool, not a greedy
// pass. Mentors are expanded into one column per free place (capacity
// slots), mentees are rows, and MaxWeightMatching (the Hungarian
// algorithm) picks the assignment of maximum total weight. The weight of a
// mentee in a mentor's slot is, in order of importance:
//
//  1. a large constant per pair, so that the assignment first pairs as
//     many people as possible (one more pair always beats any gain in
//     quality), then
//  2. 100 per topic both listed,
//  3. up to 48 for close time zones (4 less per hour apart, circularly, so
//     12 h apart gives 0; unknown zones count as 6 h),
//  4. 10 when both prefer the same cadence,
//  5. minus 3 per mentee the mentor already has in this proposal, so that,
//     all else equal, mentees are spread over mentors.
//
// A pair whose earlier proposal lapsed unanswered (Input.Lapsed) counts
// no quality at all: it still counts as a pair, but any other way of
// pairing as many people is preferred, as someone who left it unanswered
// once may well do so again.
//
// Pairs that may never be proposed are not edges at all: someone and a
// person in their reporting line (their manager, their manager's manager,
// … and the other way round), a past pair or a declined or dropped
// proposal (Input.Avoid), someone and themselves, and two people whose
// topic lists do not meet (someone who listed no topic is open to any).
// Two people are never paired both ways round (A mentors B and B mentors
// A): when the best assignment does that, a branch and bound over the
// ways of breaking such clashes finds the best assignment without them
// (see solver.best).
//
// Why the Hungarian algorithm rather than min-cost flow: with capacities
// expanded into slots the problem is a plain assignment problem; the
// pools are company-sized (hundreds of people: O(n²·m) takes milliseconds,
// a thousand about 0.2 s); the algorithm is short and deterministic; and
// its potentials make re-solving after removing an edge exact and cheap,
// which the clash search relies on. A min-cost flow would handle
// capacities without slots but needs the same potentials machinery and
// more code. Both the assignment and the proposals are checked against
// brute force in the tests.
package match

import (
	"fmt"
	"sort"
	"strings"
)

// Person is someone in the pool, on one side or both.
type Person struct {
	ID string
	// Slots is how many more mentees they can take as a mentor now (their
	// capacity minus pairs and open proposals); 0: not mentoring.
	Slots int
	// WantsMentor: they are waiting for a mentor.
	WantsMentor bool
	// Topics as they listed them; compared case-insensitively. None: open
	// to any topic.
	Topics  []string
	Cadence string // "weekly", "biweekly", "monthly" or ""
	// UTCOffset is their zone's offset east of UTC now, in minutes; only
	// meaningful when TZKnown.
	UTCOffset int
	TZKnown   bool
	// Manager is their manager, "" when not given.
	Manager string
}

// Reason is why two people cannot be proposed as a pair.
type Reason int

const (
	// NoSharedTopic: both listed topics and none is common.
	NoSharedTopic Reason = iota + 1
	// ReportingLine: one is the other's manager, directly or further up.
	ReportingLine
	// PastPair: they were (or are) a pair.
	PastPair
	// Declined: a proposal of the two was declined or dropped before.
	Declined
	// Mutual: they are proposed the other way round in this proposal.
	Mutual
)

// Avoid is two people who must not be proposed together, in either role.
type Avoid struct {
	A, B string
	Why  Reason // PastPair or Declined
}

// Input is the pool.
type Input struct {
	People []Person
	Avoid  []Avoid
	// Managers adds manager links of people who are not in the pool, so
	// that reporting lines are followed through them.
	Managers map[string]string
	// Lapsed are two people, either way round, whose proposal lapsed
	// without both answers: they may be proposed again, last (see the
	// package comment). Why is not read.
	Lapsed []Avoid
}

// Pair is a proposed pair and what speaks for it.
type Pair struct {
	Mentor, Mentee string
	// Shared are the topics both listed, as the mentee wrote them.
	Shared []string
	// MentorOpen, MenteeOpen: they listed no topic (open to any).
	MentorOpen, MenteeOpen bool
	// MinutesApart is the difference of their zones' offsets now,
	// circularly (at most 12 h); meaningful when TZKnown.
	MinutesApart int
	TZKnown      bool
	// MentorTZKnown, MenteeTZKnown say whose zone is known: TZKnown is
	// both, and a note about an unknown zone names whose it is.
	MentorTZKnown, MenteeTZKnown bool
	// Cadence is the cadence both prefer; "" when they differ.
	Cadence string
	// MentorCadence, MenteeCadence are the cadences each prefers ("" for
	// none): when they differ, the reasons note it.
	MentorCadence, MenteeCadence string
	// Quality is the pair's score without the per-pair constant.
	Quality int64
	// Lapsed: a proposal of the two lapsed unanswered before. A proposal
	// with fewer such pairs is better, whatever the quality.
	Lapsed bool
}

// closeZones is how far apart two zones may be for the difference to count
// as a reason for the pair; a larger one is only a note.
const closeZones = 3 * 60

// NoteSep separates Reasons' reasons from its note.
const NoteSep = " — note: "

// The first of Reasons' reasons when one or both listed no topic. The
// words name the role, for the admin's review: a DM to one of the two
// rewrites them for its reader (see OpenToAny).
const (
	BothOpen   = "both open to any topic"
	MentorOpen = "mentor open to any topic"
	MenteeOpen = "mentee open to any topic"
)

// OpenToAny reads reasons as stored: when the first says that only the
// mentor or only the mentee is open to any topic, it returns which (the
// Side) and the reasons after it ("" when none); ok is false otherwise.
func OpenToAny(reasons string) (side Side, rest string, ok bool) {
	first, rest, _ := strings.Cut(reasons, "; ")
	switch first {
	case MentorOpen:
		return AsMentor, rest, true
	case MenteeOpen:
		return AsMentee, rest, true
	}
	return "", "", false
}

// Reasons explains the pair in a short line, e.g. "both: system design;
// 2 h apart; both prefer biweekly". Zones far apart (or unknown) and
// cadences that differ are no reason to pair two people: they come last,
// as a note after NoteSep, e.g. "both: Go — note: 8 h apart; mentor
// prefers weekly, mentee monthly", or "note: 8 h apart" alone when there
// is nothing else to say; SplitReasons takes the two apart, Notes the
// note's parts. The text contains what people typed: escape it before
// showing it in Slack.
func (p Pair) Reasons() string {
	var parts []string
	switch {
	case len(p.Shared) > 0:
		parts = append(parts, "both: "+strings.Join(p.Shared, ", "))
	case p.MentorOpen && p.MenteeOpen:
		parts = append(parts, BothOpen)
	case p.MentorOpen:
		parts = append(parts, MentorOpen)
	case p.MenteeOpen:
		parts = append(parts, MenteeOpen)
	}
	near := p.TZKnown && p.MinutesApart <= closeZones
	if near {
		parts = append(parts, p.TZText())
	}
	if p.Cadence != "" {
		parts = append(parts, bothPrefer+p.Cadence)
	}
	var notes []string
	if !near {
		notes = append(notes, p.TZText())
	}
	if p.MentorCadence != "" && p.MenteeCadence != "" && p.MentorCadence != p.MenteeCadence {
		notes = append(notes, fmt.Sprintf(CadencesNote, p.MentorCadence, p.MenteeCadence))
	}
	out := strings.Join(parts, "; ")
	switch {
	case len(notes) == 0:
	case out == "":
		// A note alone reads as one, not as " — note: …".
		out = strings.TrimLeft(NoteSep, " —") + strings.Join(notes, "; ")
	default:
		out += NoteSep + strings.Join(notes, "; ")
	}
	return out
}

// The parts of Reasons' note that are not about how far apart the zones
// are: whose zone is unknown, and the cadences each prefers when they
// differ (CadencesNote, with the mentor's and the mentee's). A DM to one
// of the two rewrites them for its reader. Notes stored by older versions
// say "time zone unknown", naming nobody.
const (
	MentorTZUnknown = "mentor's time zone unknown"
	MenteeTZUnknown = "mentee's time zone unknown"
	BothTZUnknown   = "both time zones unknown"
	CadencesNote    = "mentor prefers %s, mentee %s"
)

// Notes splits the note of Reasons (as SplitReasons returns it) into its
// parts.
func Notes(note string) []string {
	if note == "" {
		return nil
	}
	return strings.Split(note, "; ")
}

// bothPrefer starts the reason given when both chose the same cadence.
const bothPrefer = "both prefer "

// SharedCadence reads a part of Reasons that gives the cadence both
// chose ("both prefer weekly"); ok is false for any other part.
func SharedCadence(part string) (cadence string, ok bool) {
	return strings.CutPrefix(part, bothPrefer)
}

// CadencesOf reads a note's part written with CadencesNote: the mentor's
// and the mentee's cadence; ok is false for any other part.
func CadencesOf(part string) (mentor, mentee string, ok bool) {
	rest, ok := strings.CutPrefix(part, "mentor prefers ")
	if !ok {
		return "", "", false
	}
	mentor, mentee, ok = strings.Cut(rest, ", mentee ")
	return mentor, mentee, ok
}

// SplitReasons splits what Reasons returned, as stored, into the reasons
// and the note; either may be "". It reads too the note-only form of
// older versions (" — note: 8 h apart").
func SplitReasons(s string) (reasons, note string) {
	if r, n, ok := strings.Cut(s, NoteSep); ok {
		return strings.TrimSpace(r), strings.TrimSpace(n)
	}
	if n, ok := strings.CutPrefix(strings.TrimSpace(s), strings.TrimLeft(NoteSep, " —")); ok {
		return "", strings.TrimSpace(n)
	}
	return strings.TrimSpace(s), ""
}

// TZText is "same time zone", "2 h apart", "5.5 h apart", or whose zone
// is unknown (MentorTZUnknown, MenteeTZUnknown, BothTZUnknown).
func (p Pair) TZText() string {
	switch {
	case !p.TZKnown && p.MentorTZKnown:
		return MenteeTZUnknown
	case !p.TZKnown && p.MenteeTZKnown:
		return MentorTZUnknown
	case !p.TZKnown:
		return BothTZUnknown
	case p.MinutesApart == 0:
		return "same time zone"
	case p.MinutesApart%60 == 0:
		return fmt.Sprintf("%d h apart", p.MinutesApart/60)
	}
	return fmt.Sprintf("%.1f h apart", float64(p.MinutesApart)/60)
}

// Side is the role in which someone was left unmatched.
type Side string

const (
	AsMentor Side = "mentor"
	AsMentee Side = "mentee"
)

// Unmatched is someone left without a pair on one side, and why.
type Unmatched struct {
	ID   string
	Side Side
	// Others is how many people were on the other side of the pool.
	Others int
	// Fits are the people on the other side who would have suited them
	// but went to others (all their places were taken, or they were paired
	// with someone else): the pool was short.
	Fits []string
	// Free are those of Fits who could still take them: a mentor with a
	// free place, or a mentee without a mentor. A proposal from Propose
	// has none; one whose pairs an admin dropped may.
	Free []string
	// Excluded counts the others who could not be paired with them, by
	// reason.
	Excluded map[Reason]int
}

// Why explains in one line why they were left unmatched, e.g. "of the 3
// mentors, 2 share no topic and 1 is in their reporting line". name, when
// not nil, names people: what it returns for those who fit, when there are
// at most three, follows the words that count them ("the one mentee who
// fits (…) was paired with another mentor").
func (u Unmatched) Why(name func(ids []string) string) string {
	other, others := "mentor", "mentors"
	if u.Side == AsMentor {
		other, others = "mentee", "mentees"
	}
	if u.Others == 0 {
		if u.Side == AsMentee {
			return "no mentor had a free place this round"
		}
		return "no mentee was waiting"
	}
	named := func(ids []string) string {
		if name == nil || len(ids) == 0 || len(ids) > 3 {
			return ""
		}
		return " (" + name(ids) + ")"
	}
	var excluded []string
	for _, r := range []Reason{ReportingLine, PastPair, Declined, Mutual, NoSharedTopic} {
		n := u.Excluded[r]
		if n == 0 {
			continue
		}
		excluded = append(excluded, fmt.Sprintf("%d %s", n, reasonText(r, n)))
	}
	var why string
	if n := len(u.Free); n > 0 {
		why = fmt.Sprintf("%d %s who %s%s %s still free", n, plural(n, other, others), plural(n, "fits", "fit"), named(u.Free), plural(n, "is", "are"))
		if len(u.Fits) > n {
			why += fmt.Sprintf("; %d more paired with others", len(u.Fits)-n)
		}
		if len(excluded) > 0 {
			why += "; of the others, " + joinAnd(excluded)
		}
		return why
	}
	if n := len(u.Fits); n > 0 {
		noun := plural(n, other, others)
		who := fmt.Sprintf("the %d %s who fit%s", n, noun, named(u.Fits))
		if n == 1 {
			who = fmt.Sprintf("the one %s who fits%s", noun, named(u.Fits))
		}
		switch {
		case u.Side == AsMentee:
			why = who + " had no free place left after pairing others"
		case n == 1:
			why = who + " was paired with another mentor"
		default:
			why = who + " were paired with other mentors"
		}
		if len(excluded) > 0 {
			why += "; of the others, " + joinAnd(excluded)
		}
		return why
	}
	return fmt.Sprintf("of the %d %s, %s", u.Others, plural(u.Others, other, others), joinAnd(excluded))
}

func reasonText(r Reason, n int) string {
	switch r {
	case NoSharedTopic:
		return plural(n, "shares no topic", "share no topic")
	case ReportingLine:
		return plural(n, "is in their reporting line", "are in their reporting line")
	case PastPair:
		return plural(n, "has been their partner", "have been their partners")
	case Declined:
		return plural(n, "was proposed with them before and declined or dropped", "were proposed with them before and declined or dropped")
	case Mutual:
		return plural(n, "is paired with them the other way round", "are paired with them the other way round")
	}
	return "cannot be paired with them"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Result is a proposal: the pairs, and the people left unmatched.
type Result struct {
	Pairs     []Pair
	Unmatched []Unmatched
}

// Weights of the quality of a pair; see the package comment.
const (
	topicWeight    = 100
	tzWeightPerH   = 4
	maxTZBonus     = 12 * tzWeightPerH
	unknownTZBonus = maxTZBonus - 6*tzWeightPerH
	cadenceBonus   = 10
	loadStep       = 3
)

// key normalises a topic for comparison.
func key(topic string) string { return strings.ToLower(strings.Join(strings.Fields(topic), " ")) }

// minutesApart is the circular difference of two UTC offsets.
func minutesApart(a, b int) int {
	d := (a - b) % (24 * 60)
	if d < 0 {
		d = -d
	}
	if d > 12*60 {
		d = 24*60 - d
	}
	return d
}

// evaluate returns the pair mentor→mentee with its quality, or the reason
// it cannot be.
func evaluate(mentor, mentee *Person) (Pair, Reason) {
	p := Pair{Mentor: mentor.ID, Mentee: mentee.ID, MentorOpen: len(mentor.Topics) == 0, MenteeOpen: len(mentee.Topics) == 0}
	mine := map[string]bool{}
	for _, t := range mentor.Topics {
		mine[key(t)] = true
	}
	seen := map[string]bool{}
	for _, t := range mentee.Topics {
		k := key(t)
		if mine[k] && !seen[k] {
			seen[k] = true
			p.Shared = append(p.Shared, strings.Join(strings.Fields(t), " "))
		}
	}
	if len(p.Shared) == 0 && !p.MentorOpen && !p.MenteeOpen {
		return Pair{}, NoSharedTopic
	}
	q := int64(topicWeight * len(p.Shared))
	p.MentorTZKnown, p.MenteeTZKnown = mentor.TZKnown, mentee.TZKnown
	p.MentorCadence, p.MenteeCadence = mentor.Cadence, mentee.Cadence
	if mentor.TZKnown && mentee.TZKnown {
		p.TZKnown = true
		p.MinutesApart = minutesApart(mentor.UTCOffset, mentee.UTCOffset)
		q += int64((12*60 - p.MinutesApart) * tzWeightPerH / 60)
	} else {
		q += unknownTZBonus
	}
	if mentor.Cadence != "" && mentor.Cadence == mentee.Cadence {
		p.Cadence = mentor.Cadence
		q += cadenceBonus
	}
	p.Quality = q
	return p, 0
}

type edgeKey struct{ mentor, mentee string }

// pool is the input sorted into sides, with every possible edge.
type pool struct {
	mentors, mentees []*Person
	// edges[i][j] is mentee i with mentor j: the pair, or why not.
	edges [][]edge
}

type edge struct {
	pair Pair
	why  Reason // 0: they may be paired
}

func prepare(in Input) pool {
	people := make([]*Person, 0, len(in.People))
	seen := map[string]bool{}
	for i := range in.People {
		p := &in.People[i]
		if p.ID == "" || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		people = append(people, p)
	}
	managers := map[string]string{}
	for k, v := range in.Managers {
		managers[k] = v
	}
	for _, p := range people {
		if p.Manager != "" {
			managers[p.ID] = p.Manager
		}
	}
	avoid := map[edgeKey]Reason{}
	for _, a := range in.Avoid {
		for _, k := range []edgeKey{{a.A, a.B}, {a.B, a.A}} {
			if cur, ok := avoid[k]; !ok || rank(a.Why) > rank(cur) {
				avoid[k] = a.Why
			}
		}
	}
	lapsed := map[edgeKey]bool{}
	for _, l := range in.Lapsed {
		lapsed[edgeKey{l.A, l.B}], lapsed[edgeKey{l.B, l.A}] = true, true
	}
	var pl pool
	for _, p := range people {
		if p.Slots > 0 {
			pl.mentors = append(pl.mentors, p)
		}
		if p.WantsMentor {
			pl.mentees = append(pl.mentees, p)
		}
	}
	pl.edges = make([][]edge, len(pl.mentees))
	for i, e := range pl.mentees {
		pl.edges[i] = make([]edge, len(pl.mentors))
		for j, m := range pl.mentors {
			switch {
			case m.ID == e.ID:
				continue
			case inReportingLine(managers, m.ID, e.ID):
				pl.edges[i][j].why = ReportingLine
			default:
				if r, ok := avoid[edgeKey{m.ID, e.ID}]; ok {
					pl.edges[i][j].why = r
					continue
				}
				pl.edges[i][j].pair, pl.edges[i][j].why = evaluate(m, e)
				if lapsed[edgeKey{m.ID, e.ID}] {
					pl.edges[i][j].pair.Quality, pl.edges[i][j].pair.Lapsed = 0, true
				}
			}
		}
	}
	return pl
}

// Propose computes the optimal proposal for the pool. People are taken in
// the order given, which breaks ties.
func Propose(in Input) Result {
	pl := prepare(in)
	pairs := newSolver(pl).best()
	return Result{Pairs: pairs, Unmatched: pl.explain(pairs)}
}

// Explain lists who is left unmatched in the pool when only pairs are
// made (a proposal after an admin dropped some of its pairs), and why.
// Only the Mentor and Mentee of each pair are read.
func Explain(in Input, pairs []Pair) []Unmatched {
	return prepare(in).explain(pairs)
}

func (pl pool) explain(pairs []Pair) []Unmatched {
	menteeOf := map[string]bool{}
	load := map[string]int{}
	made := map[edgeKey]bool{}
	for _, p := range pairs {
		menteeOf[p.Mentee] = true
		load[p.Mentor]++
		made[edgeKey{p.Mentor, p.Mentee}] = true
	}
	reason := func(i, j int) Reason {
		m, e := pl.mentors[j], pl.mentees[i]
		if why := pl.edges[i][j].why; why != 0 {
			return why
		}
		if made[edgeKey{e.ID, m.ID}] {
			return Mutual
		}
		return 0
	}
	var out []Unmatched
	for i, e := range pl.mentees {
		if menteeOf[e.ID] {
			continue
		}
		u := Unmatched{ID: e.ID, Side: AsMentee, Excluded: map[Reason]int{}}
		for j, m := range pl.mentors {
			if m.ID == e.ID {
				continue
			}
			u.Others++
			if why := reason(i, j); why != 0 {
				u.Excluded[why]++
				continue
			}
			u.Fits = append(u.Fits, m.ID)
			if load[m.ID] < m.Slots {
				u.Free = append(u.Free, m.ID)
			}
		}
		out = append(out, u)
	}
	for j, m := range pl.mentors {
		if load[m.ID] > 0 {
			continue
		}
		u := Unmatched{ID: m.ID, Side: AsMentor, Excluded: map[Reason]int{}}
		for i, e := range pl.mentees {
			if m.ID == e.ID {
				continue
			}
			u.Others++
			if why := reason(i, j); why != 0 {
				u.Excluded[why]++
				continue
			}
			u.Fits = append(u.Fits, e.ID)
			if !menteeOf[e.ID] {
				u.Free = append(u.Free, e.ID)
			}
		}
		out = append(out, u)
	}
	return out
}

// Objective is what the proposal maximises, in order: the number of pairs,
// then their total quality less the load penalty (loadStep for a mentor's
// second mentee, 2·loadStep for the third, …).
func Objective(pairs []Pair) (count int, quality int64) {
	load := map[string]int{}
	for _, p := range pairs {
		quality += p.Quality - int64(loadStep*load[p.Mentor])
		load[p.Mentor]++
	}
	return len(pairs), quality
}

// better reports whether a beats b: more pairs, then fewer that lapsed
// before, then Objective's quality.
func better(a, b []Pair) bool {
	ca, qa := Objective(a)
	cb, qb := Objective(b)
	la, lb := lapsedIn(a), lapsedIn(b)
	return ca > cb || (ca == cb && (la < lb || (la == lb && qa > qb)))
}

func lapsedIn(pairs []Pair) int {
	n := 0
	for _, p := range pairs {
		if p.Lapsed {
			n++
		}
	}
	return n
}

// rank orders avoid reasons when the same two people have several: the
// one shown is the strongest.
func rank(r Reason) int {
	switch r {
	case ReportingLine:
		return 3
	case PastPair:
		return 2
	case Declined:
		return 1
	}
	return 0
}

// inReportingLine reports whether a is above b or b above a in the chain
// of managers.
func inReportingLine(managers map[string]string, a, b string) bool {
	return above(managers, a, b) || above(managers, b, a)
}

// above reports whether boss is somewhere up the chain of managers of who.
func above(managers map[string]string, boss, who string) bool {
	seen := map[string]bool{who: true}
	for cur := managers[who]; cur != "" && !seen[cur]; cur = managers[cur] {
		if cur == boss {
			return true
		}
		seen[cur] = true
	}
	return false
}

// solver is the assignment of a pool: mentees are rows, mentors' free
// places are columns.
type solver struct {
	pl      pool
	slots   []slot  // column → mentor and which of their places
	slotsOf [][]int // mentor → columns
	mentor  map[string]int
	mentee  map[string]int
	as      *assigner
}

type slot struct{ mentor, index int }

func newSolver(pl pool) *solver {
	s := &solver{pl: pl, slotsOf: make([][]int, len(pl.mentors)), mentor: map[string]int{}, mentee: map[string]int{}}
	maxSlot := 0
	for j, m := range pl.mentors {
		s.mentor[m.ID] = j
		n := min(m.Slots, len(pl.mentees))
		for k := 0; k < n; k++ {
			s.slotsOf[j] = append(s.slotsOf[j], len(s.slots))
			s.slots = append(s.slots, slot{j, k})
		}
		maxSlot = max(maxSlot, n)
	}
	for i, e := range pl.mentees {
		s.mentee[e.ID] = i
	}
	var maxQ int64
	for i := range pl.mentees {
		for j := range pl.mentors {
			if ed := pl.edges[i][j]; s.allowed(i, j) {
				maxQ = max(maxQ, ed.pair.Quality)
			}
		}
	}
	k := int64(min(len(pl.mentees), len(s.slots)))
	// Three tiers: one more pair outweighs any number of pairs that lapsed
	// before, and one fewer of those any difference in quality (span).
	span := k*(maxQ+int64(loadStep*maxSlot)) + 1
	fresh := span
	base := k*fresh + span
	w := make([][]int64, len(pl.mentees))
	for i := range pl.mentees {
		w[i] = make([]int64, len(s.slots))
		for c, sl := range s.slots {
			if s.allowed(i, sl.mentor) {
				ed := pl.edges[i][sl.mentor]
				w[i][c] = base + ed.pair.Quality - int64(loadStep*sl.index)
				if !ed.pair.Lapsed {
					w[i][c] += fresh
				}
			}
		}
	}
	s.as = newAssigner(w)
	return s
}

func (s *solver) allowed(i, j int) bool {
	return s.pl.edges[i][j].why == 0 && s.pl.mentors[j].ID != s.pl.mentees[i].ID
}

func (s *solver) clone() *solver {
	c := *s
	c.as = s.as.clone()
	return &c
}

// forbid removes the pair mentor→mentee from the assignment.
func (s *solver) forbid(k edgeKey) {
	j, i := s.mentor[k.mentor], s.mentee[k.mentee]
	var cells [][2]int
	for _, c := range s.slotsOf[j] {
		cells = append(cells, [2]int{i, c})
	}
	s.as.remove(cells)
}

// pairs is the current assignment, in the order of the mentors.
func (s *solver) pairs() []Pair {
	var pairs []Pair
	for i, c := range s.as.result() {
		if c >= 0 {
			pairs = append(pairs, s.pl.edges[i][s.slots[c].mentor].pair)
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return s.mentor[pairs[a].Mentor] < s.mentor[pairs[b].Mentor] })
	return pairs
}

// clash is two people paired both ways round; weaker is the direction
// with the lower quality (ties: the greater mentor ID).
type clash struct{ weaker, stronger edgeKey }

func clashes(pairs []Pair) []clash {
	byEdge := map[edgeKey]Pair{}
	for _, p := range pairs {
		byEdge[edgeKey{p.Mentor, p.Mentee}] = p
	}
	var out []clash
	for _, p := range pairs {
		back, ok := byEdge[edgeKey{p.Mentee, p.Mentor}]
		if !ok || p.Mentor > back.Mentor { // each clash once
			continue
		}
		c := clash{weaker: edgeKey{p.Mentor, p.Mentee}, stronger: edgeKey{back.Mentor, back.Mentee}}
		if back.Quality < p.Quality || (back.Quality == p.Quality && back.Mentor > p.Mentor) {
			c.weaker, c.stronger = c.stronger, c.weaker
		}
		out = append(out, c)
	}
	return out
}

// searchBudget bounds the branch and bound over clashes, in solver nodes:
// up to 200, fewer for large pools, where each node costs O(N²) per
// re-solved row (N = max(mentees, places)), so that a proposal stays
// within a few seconds.
func (s *solver) searchBudget() int {
	n := max(len(s.pl.mentees), len(s.slots), 1)
	return min(200, max(20, 300_000_000/(n*n)))
}

// best returns the best assignment that pairs nobody both ways round.
//
// It is a branch and bound: solve; if two people are paired both ways
// round, the best assignment without that clash leaves out one of the two
// directions, so solve both (each child is the parent with one more edge
// removed, re-solved incrementally) and keep the better. A node whose
// unconstrained optimum is no better than the best clash-free assignment
// found so far is pruned. Within the budget the result is exact; the
// tests check it against brute force. Past the budget (large pools with
// many people on both sides), the remaining clashes are broken by
// forbidding their weaker directions.
func (s *solver) best() []Pair {
	var (
		best  []Pair
		found bool
		nodes int
	)
	budget := s.searchBudget()
	var dfs func(s *solver)
	dfs = func(s *solver) {
		pairs := s.pairs()
		if found && !better(pairs, best) {
			return
		}
		cs := clashes(pairs)
		if len(cs) == 0 {
			best, found = pairs, true
			return
		}
		if nodes >= budget {
			if found {
				return
			}
			g := s.clone()
			for len(cs) > 0 {
				for _, c := range cs {
					g.forbid(c.weaker)
				}
				pairs = g.pairs()
				cs = clashes(pairs)
			}
			best, found = pairs, true
			return
		}
		for _, k := range []edgeKey{cs[0].weaker, cs[0].stronger} {
			nodes++
			child := s.clone()
			child.forbid(k)
			dfs(child)
		}
	}
	dfs(s)
	return best
}
