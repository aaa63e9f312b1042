package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestSessionShowHasTheWholeNotes: the partner's DM of a long session
// quotes its start and says how to read the rest; /session show has all of
// it for both members, and for nobody else.
func TestSessionShowHasTheWholeNotes(t *testing.T) {
	e := meetEnv(t)
	notes := strings.Repeat("word ", 470) + "THE-END"
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> "+notes); !strings.Contains(got, "Logged session") {
		t.Fatalf("log: %q", got)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("stored %+v", ss)
	}
	id := ss[0].ID
	dm := e.waitDM(bob, "logged your session")
	txt := dm.Text + blockText(dm.Blocks)
	if strings.Contains(txt, "THE-END") || !strings.Contains(txt, fmt.Sprintf("/session show %d", id)) {
		t.Errorf("bob's DM of long notes: %s", txt)
	}
	for _, who := range []string{alice, bob} {
		if got := e.cmd(who, "/session", fmt.Sprintf("show #%d", id)); !strings.Contains(got, "THE-END") || !strings.Contains(got, fmt.Sprintf("Session #%d", id)) {
			t.Errorf("%s's /session show: %q", who, got)
		}
	}
	if got := e.cmd(carol, "/session", fmt.Sprintf("show %d", id)); strings.Contains(got, "word") || !strings.Contains(got, "couldn't find session") {
		t.Errorf("carol's /session show: %q", got)
	}
	if got := e.cmd(bob, "/session", "list"); !strings.Contains(got, "/session show N") {
		t.Errorf("the list does not say how to read a session whole: %q", got)
	}

	// Notes that escaping makes five times longer take several sections,
	// each within Slack's limit (the simulator checks), escaped throughout.
	amps := strings.Repeat("&", 1200) + "<!channel>" + strings.Repeat("&", 1200)
	e.cmd(alice, "/session", "log <@UBOB|bob> "+amps)
	last := int64(0)
	for _, s := range e.sessionsStored() {
		last = max(last, s.ID)
	}
	got := e.cmd(bob, "/session", fmt.Sprintf("show %d", last))
	if strings.Contains(got, "<!channel>") || !strings.Contains(got, "&lt;!channel&gt;") || strings.Count(got, "&amp;") < 2000 {
		t.Errorf("escaped notes shown whole: %d characters, %d escapes", len(got), strings.Count(got, "&amp;"))
	}
}

// TestSessionListOutsideAPairSaysSo: someone not in a pair is told that,
// not how to log a session they cannot log.
func TestSessionListOutsideAPairSaysSo(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(carol, "/session", "list"); !strings.Contains(got, "not in a mentoring pair yet") {
		t.Errorf("carol's /session list: %q", got)
	}
}

// TestSessionDoneClosesSeveral: /session done takes several numbers, all
// or none: a wrong one among them closes nothing.
func TestSessionDoneClosesSeveral(t *testing.T) {
	e := meetEnv(t)
	e.cmd(bob, "/session", "log <@UALICE|alice> kick-off todo: read the guide todo: draft goals todo: book a room")
	ps := e.meetPair()
	todos, err := e.app.DB.OpenTodos(e.ctx, ps.ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("to-dos %+v, %v", todos, err)
	}
	a, b := todos[0].ID, todos[1].ID
	if got := e.cmd(bob, "/session", fmt.Sprintf("done %d 99999", a)); !strings.Contains(got, "couldn't find to-do #99999") {
		t.Errorf("a wrong number among them: %q", got)
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, ps.ID); len(open) != 3 {
		t.Errorf("a refused /session done closed %d to-dos", 3-len(open))
	}
	got := e.cmd(bob, "/session", fmt.Sprintf("done #%d, #%d", a, b))
	if !strings.Contains(got, fmt.Sprintf("#%d", a)) || !strings.Contains(got, fmt.Sprintf("#%d", b)) {
		t.Errorf("closing two: %q", got)
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, ps.ID); len(open) != 1 || open[0].ID != todos[2].ID {
		t.Errorf("open after closing two: %+v", open)
	}
}
