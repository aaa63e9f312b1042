package main

import (
	"fmt"
	"strings"
	"testing"
)

// cellsHolding lists, as "table.column", every text cell of every table of
// the database at path that contains s.
func cellsHolding(t *testing.T, path, s string) []string {
	t.Helper()
	raw := openReadOnly(t, path)
	defer raw.Close()
	var found []string
	for _, table := range tableNames(t, raw) {
		cols, rows := tableRows(t, raw, table)
		for _, vals := range rows {
			for i, v := range vals {
				if text, ok := v.(string); ok && strings.Contains(text, s) {
					found = append(found, fmt.Sprintf("%s.%s = %q", table, cols[i], text))
				} else if b, ok := v.([]byte); ok && strings.Contains(string(b), s) {
					found = append(found, fmt.Sprintf("%s.%s = %q", table, cols[i], b))
				}
			}
		}
	}
	return found
}

// An admin who ran the programme (made a pair, started a round, ran a
// matching round, closed the round and so ended its pair) and then asks
// to be forgotten leaves no trace of their Slack ID as the one who did
// those things; the pairs and the round stay, for the people in them and
// the programme's figures. Only their own profile row keeps the ID (with
// nothing else in it), as Forget documents.
func TestForgetOfAnAdminLeavesNoActorIDs(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		t.Fatalf("start = %q", got)
	}
	matchFrankAndGrace(e)
	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair = %q", got)
	}
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil {
		t.Fatal("cohort end now showed nothing")
	}
	e.matchClick(dana, *res.Message, "cohort_close")
	matchEventually(e, "the round closed", func() bool {
		return queryInt(t, e.cfg.DB, `SELECT count(*) FROM pairs WHERE mentor_id = 'UFRANK' AND status = 'ended'`) == 1
	})
	e.settle()
	db := e.cfg.DB
	if n := queryInt(t, db, `SELECT count(*) FROM pairs WHERE created_by = 'UDANA' OR ended_by = 'UDANA'`); n == 0 {
		t.Fatal("no pair names dana as the one who made or ended it: the test does not test")
	}

	pgClick(e, dana, pgForgetMessage(e, dana), "forget_confirm")
	pgWait(e, dana, "your data is deleted")
	e.settle()

	// What may name her: her profile row (emptied), the DMs addressed to
	// her (kept, payloads blanked, as the record that makes sending
	// exactly-once) and the record of the forget's own click (kept a day
	// against Slack's redelivery).
	var left []string
	for _, c := range cellsHolding(t, db, dana) {
		switch {
		case c == `users.user_id = "UDANA"`, c == `notifications.recipient_id = "UDANA"`, c == `deliveries.user_id = "UDANA"`,
			strings.HasPrefix(c, "notifications.key = ") && strings.HasSuffix(c, `:to=UDANA"`):
			continue
		}
		left = append(left, c)
	}
	if len(left) > 0 {
		t.Errorf("after dana's forget, the database still holds her ID:\n%s", strings.Join(left, "\n"))
	}
	if n := queryInt(t, db, `SELECT count(*) FROM pairs`); n != 2 {
		t.Errorf("%d pairs after dana's forget, want the 2 she made and ended", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM cohorts WHERE name = 'Winter'`); n != 1 {
		t.Errorf("the round Winter is gone after dana's forget")
	}
	if got := e.cmd(carol, "/mentor", "pairs"); !strings.Contains(got, "UERIN") {
		t.Errorf("carol's pairs after dana's forget: %q", got)
	}
}
