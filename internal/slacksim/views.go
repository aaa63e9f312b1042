package slacksim

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// triggerTTL is how long a trigger_id may be exchanged (views.open,
// views.push), per Slack's docs.
const triggerTTL = 3 * time.Second

// maxModalStack is how many modals a user may have stacked.
const maxModalStack = 3

// View is a modal or App Home view as the user currently sees it.
type View struct {
	ID              string
	UserID          string
	Type            string // "modal" or "home"
	CallbackID      string
	PrivateMetadata string
	ExternalID      string
	Hash            string
	// JSON is the view object as Slack's API returns it (with id, hash,
	// state, root_view_id, ...).
	JSON json.RawMessage
	// Open: a modal still on screen; always true for a home view.
	Open bool
	// Stack is the modal's position in the user's stack, 0 for the root
	// (and for home views).
	Stack int
}

// Message wraps the view as a Message, so that ClickButton and
// SelectOption can act on its blocks.
func (v View) Message() Message {
	var obj struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(v.JSON, &obj)
	return Message{ViewID: v.ID, User: v.UserID, Blocks: obj.Blocks, Via: "view"}
}

// view is the simulator's record of a view.
type view struct {
	id         string
	user       string
	surf       surface
	def        map[string]any // the view object as the bot sent it, IDs filled in
	hash       string
	open       bool
	rootID     string
	previousID string
	state      *elementState
}

func (v *view) blocks() []any {
	b, _ := asArray(v.def["blocks"])
	return b
}

func (v *view) str(key string) string {
	s, _ := v.def[key].(string)
	return s
}

type trigger struct {
	user        string
	issuedReal  time.Time
	issuedClock time.Time
	used        bool
}

// newTriggerLocked issues a trigger_id for the user, in Slack's
// "digits.digits.hex" form.
func (s *Server) newTriggerLocked(user string) string {
	n := s.newIDLocked()
	id := fmt.Sprintf("%d.%d.%016x", 1000000+n, 4242, uint64(n)*0x9E3779B97F4A7C15)
	s.triggers[id] = &trigger{user: user, issuedReal: s.real.Now(), issuedClock: s.clock.Now()}
	return id
}

// checkTriggerLocked validates a trigger_id without using it up.
func (s *Server) checkTriggerLocked(id string) (*trigger, *result) {
	t, found := s.triggers[id]
	var r result
	switch {
	case id == "":
		r = fail("invalid_arguments", "[ERROR] missing required field: trigger_id")
	case !found:
		r = fail("invalid_trigger_id")
	case t.used:
		r = fail("exchanged_trigger_id")
	case s.real.Now().Sub(t.issuedReal) > triggerTTL || s.clock.Now().Sub(t.issuedClock) > triggerTTL:
		r = fail("expired_trigger_id")
	default:
		return t, nil
	}
	return nil, &r
}

func (s *Server) newHashLocked() string {
	return fmt.Sprintf("%d.%08x", s.clock.Now().Unix(), s.newIDLocked())
}

// parseViewArg reads and validates the "view" argument.
func (s *Server) parseViewArg(p url.Values) (map[string]any, surface, *result) {
	raw := p.Get("view")
	if raw == "" {
		r := fail("invalid_arguments", "[ERROR] missing required field: view")
		return nil, 0, &r
	}
	if len(raw) > maxViewBytes {
		r := fail("view_too_large")
		return nil, 0, &r
	}
	var def map[string]any
	if err := decodeJSON([]byte(raw), &def); err != nil {
		r := fail("invalid_arguments", "[ERROR] view must be a JSON object: "+err.Error())
		return nil, 0, &r
	}
	surf, errs := checkView(def, "/view")
	if len(errs) > 0 {
		r := fail("invalid_arguments", errs...)
		return nil, 0, &r
	}
	return def, surf, nil
}

// viewJSONLocked renders a view as Slack's API returns it.
func (s *Server) viewJSONLocked(v *view) map[string]any {
	out := map[string]any{
		"type":                  v.surf.String(),
		"private_metadata":      "",
		"callback_id":           "",
		"external_id":           "",
		"clear_on_close":        false,
		"notify_on_close":       false,
		"close":                 nil,
		"submit":                nil,
		"title":                 nil,
		"previous_view_id":      nil,
		"root_view_id":          v.rootID,
		"app_id":                appID,
		"app_installed_team_id": s.opts.TeamID,
		"bot_id":                botID,
	}
	maps.Copy(out, v.def)
	out["id"] = v.id
	out["team_id"] = s.opts.TeamID
	out["hash"] = v.hash
	out["state"] = map[string]any{"values": stateValues(v.blocks(), v.state)}
	if v.previousID != "" {
		out["previous_view_id"] = v.previousID
	}
	return out
}

func (s *Server) publicViewLocked(v *view) View {
	raw, _ := json.Marshal(s.viewJSONLocked(v))
	pv := View{
		ID:              v.id,
		UserID:          v.user,
		Type:            v.surf.String(),
		CallbackID:      v.str("callback_id"),
		PrivateMetadata: v.str("private_metadata"),
		ExternalID:      v.str("external_id"),
		Hash:            v.hash,
		JSON:            raw,
		Open:            v.open,
	}
	for i, id := range s.stacks[v.user] {
		if id == v.id {
			pv.Stack = i
		}
	}
	return pv
}

// viewChangedLocked publishes a view's new state.
func (s *Server) viewChangedLocked(v *view) {
	s.viewFeed.publish(s.publicViewLocked(v))
	s.notifyLocked()
}

// newViewLocked creates a view for the user from a validated definition.
func (s *Server) newViewLocked(user string, def map[string]any, surf surface) *view {
	fillIDs(asBlocks(def), s.genIDLocked)
	v := &view{
		id:    "VSIM" + strings.ToUpper(strconv.FormatInt(s.newIDLocked(), 36)),
		user:  user,
		surf:  surf,
		def:   def,
		hash:  s.newHashLocked(),
		open:  true,
		state: newElementState(),
	}
	v.rootID = v.id
	s.views[v.id] = v
	if ext := v.str("external_id"); ext != "" {
		s.viewsByExt[ext] = v.id
	}
	return v
}

func asBlocks(def map[string]any) []any {
	b, _ := asArray(def["blocks"])
	return b
}

// replaceViewLocked puts a new definition into an existing view, keeping
// its ID, as views.update and response_action "update" do.
func (s *Server) replaceViewLocked(v *view, def map[string]any) {
	fillIDs(asBlocks(def), s.genIDLocked)
	if old := v.str("external_id"); old != "" {
		delete(s.viewsByExt, old)
	}
	v.def = def
	if ext := v.str("external_id"); ext != "" {
		s.viewsByExt[ext] = v.id
	}
	v.hash = s.newHashLocked()
	pruneState(v.blocks(), v.state)
	s.viewChangedLocked(v)
}

// closeModalsLocked closes the top modal of the user's stack; all of them
// when all is true.
func (s *Server) closeModalsLocked(user string, all bool) {
	stack := s.stacks[user]
	for len(stack) > 0 {
		top := s.views[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		s.stacks[user] = stack
		top.open = false
		if ext := top.str("external_id"); ext != "" {
			delete(s.viewsByExt, ext)
		}
		s.viewChangedLocked(top)
		if !all {
			break
		}
	}
	if len(stack) == 0 {
		delete(s.stacks, user)
	}
}

// pushModalLocked opens a modal on top of the user's stack (as the root
// when the stack is empty).
func (s *Server) pushModalLocked(user string, def map[string]any) *view {
	v := s.newViewLocked(user, def, surfModal)
	if stack := s.stacks[user]; len(stack) > 0 {
		v.rootID = stack[0]
		v.previousID = stack[len(stack)-1]
	}
	s.stacks[user] = append(s.stacks[user], v.id)
	s.viewChangedLocked(v)
	return v
}

func (s *Server) duplicateExternalIDLocked(def map[string]any, self string) bool {
	ext, _ := def["external_id"].(string)
	if ext == "" {
		return false
	}
	id, taken := s.viewsByExt[ext]
	return taken && id != self
}

func (s *Server) apiViewsOpen(req *apiRequest) result {
	def, surf, bad := s.parseViewArg(req.params)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, bad := s.checkTriggerLocked(req.params.Get("trigger_id"))
	if bad != nil {
		return *bad
	}
	if surf != surfModal {
		return fail("invalid_arguments", "[ERROR] views.open opens modals; type must be modal [json-pointer:/view/type]")
	}
	if s.duplicateExternalIDLocked(def, "") {
		return fail("duplicate_external_id")
	}
	t.used = true
	// A new root modal replaces whatever stack the user had open.
	s.closeModalsLocked(t.user, true)
	v := s.pushModalLocked(t.user, def)
	return ok(map[string]any{"view": s.viewJSONLocked(v)})
}

func (s *Server) apiViewsPush(req *apiRequest) result {
	def, surf, bad := s.parseViewArg(req.params)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, bad := s.checkTriggerLocked(req.params.Get("trigger_id"))
	if bad != nil {
		return *bad
	}
	switch {
	case surf != surfModal:
		return fail("invalid_arguments", "[ERROR] views.push pushes modals; type must be modal [json-pointer:/view/type]")
	case len(s.stacks[t.user]) == 0:
		return fail("not_found", "[ERROR] slacksim: no modal is open to push onto")
	case len(s.stacks[t.user]) >= maxModalStack:
		return fail("push_limit_reached")
	case s.duplicateExternalIDLocked(def, ""):
		return fail("duplicate_external_id")
	}
	t.used = true
	v := s.pushModalLocked(t.user, def)
	return ok(map[string]any{"view": s.viewJSONLocked(v)})
}

func (s *Server) apiViewsUpdate(req *apiRequest) result {
	p := req.params
	def, surf, bad := s.parseViewArg(p)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.Get("view_id")
	if id == "" {
		ext := p.Get("external_id")
		if ext == "" {
			return fail("invalid_arguments", "[ERROR] one of view_id, external_id is required")
		}
		id = s.viewsByExt[ext]
	}
	v, found := s.views[id]
	if !found || !v.open {
		return fail("not_found")
	}
	if h := p.Get("hash"); h != "" && h != v.hash {
		return quietFail("hash_conflict")
	}
	if surf != v.surf {
		return fail("invalid_arguments", fmt.Sprintf("[ERROR] view %s is a %s; type must stay %s [json-pointer:/view/type]", v.id, v.surf, v.surf))
	}
	if s.duplicateExternalIDLocked(def, v.id) {
		return fail("duplicate_external_id")
	}
	s.replaceViewLocked(v, def)
	return ok(map[string]any{"view": s.viewJSONLocked(v)})
}

func (s *Server) apiViewsPublish(req *apiRequest) result {
	p := req.params
	def, surf, bad := s.parseViewArg(p)
	if bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user := p.Get("user_id")
	if u, found := s.users[user]; !found || u.IsBot {
		return fail("user_not_found")
	}
	if surf != surfHome {
		return fail("invalid_arguments", "[ERROR] views.publish publishes home views; type must be home [json-pointer:/view/type]")
	}
	if id, has := s.homes[user]; has {
		v := s.views[id]
		if h := p.Get("hash"); h != "" && h != v.hash {
			return quietFail("hash_conflict")
		}
		if s.duplicateExternalIDLocked(def, v.id) {
			return fail("duplicate_external_id")
		}
		s.replaceViewLocked(v, def)
		return ok(map[string]any{"view": s.viewJSONLocked(v)})
	}
	if s.duplicateExternalIDLocked(def, "") {
		return fail("duplicate_external_id")
	}
	v := s.newViewLocked(user, def, surfHome)
	s.homes[user] = v.id
	s.viewChangedLocked(v)
	return ok(map[string]any{"view": s.viewJSONLocked(v)})
}

// OpenViews returns the modals open for the user, root first.
func (s *Server) OpenViews(userID string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, id := range s.stacks[userID] {
		out = append(out, s.publicViewLocked(s.views[id]))
	}
	return out
}

// HomeView returns the user's App Home as last published.
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.homes[userID]
	if !ok {
		return View{}, false
	}
	return s.publicViewLocked(s.views[id]), true
}

// LookupView returns any view, open or closed, by ID.
func (s *Server) LookupView(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[id]
	if !ok {
		return View{}, false
	}
	return s.publicViewLocked(v), true
}

// SubscribeViews returns a live feed of views as they are opened, updated,
// pushed, published or closed, and a cancel function.
func (s *Server) SubscribeViews() (<-chan View, func()) { return s.viewFeed.subscribe() }
