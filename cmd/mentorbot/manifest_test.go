package main

import (
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// webAPIScopes is, for each slack-go method the bot may call, the Web API
// method behind it and the bot scope Slack's reference requires for it
// ("" for none) as the bot uses it: conversations.history and
// conversations.open only on the bot's own DMs, whence im:history and
// im:write rather than the channels:/groups: ones.
var webAPIScopes = map[string]struct{ method, scope string }{
	"AuthTestContext":               {"auth.test", ""},
	"StartSocketModeContext":        {"apps.connections.open", ""}, // the app-level token's connections:write
	"PostMessageContext":            {"chat.postMessage", "chat:write"},
	"PostEphemeralContext":          {"chat.postEphemeral", "chat:write"},
	"UpdateMessageContext":          {"chat.update", "chat:write"},
	"DeleteMessageContext":          {"chat.delete", "chat:write"},
	"GetConversationHistoryContext": {"conversations.history", "im:history"},
	"OpenConversationContext":       {"conversations.open", "im:write"},
	"GetUserInfoContext":            {"users.info", "users:read"},
	"OpenViewContext":               {"views.open", ""},
	"PushViewContext":               {"views.push", ""},
	"UpdateViewContext":             {"views.update", ""},
	"PublishViewContext":            {"views.publish", ""},
	"GetUploadURLExternalContext":   {"files.getUploadURLExternal", "files:write"},
	"CompleteUploadExternalContext": {"files.completeUploadExternal", "files:write"},
	"UploadToURL":                   {"the upload URL of files.getUploadURLExternal", ""},
}

// eventScopes are the bot events' required scopes.
var eventScopes = map[string]string{
	"app_home_opened": "",
	"message.im":      "im:history",
	"user_change":     "users:read",
}

// slackCalls lists the methods of *slack.Client that the non-test code of
// dirs calls, through a receiver named like the ones the code keeps a
// client in (api, Slack.API, the Socket Mode client that embeds one).
func slackCalls(t *testing.T, dirs ...string) map[string][]string {
	t.Helper()
	client := reflect.TypeOf(&slack.Client{})
	isClientMethod := map[string]bool{}
	for i := range client.NumMethod() {
		isClientMethod[client.Method(i).Name] = true
	}
	calls := map[string][]string{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !isClientMethod[sel.Sel.Name] {
					return true
				}
				var recv string
				switch x := sel.X.(type) {
				case *ast.Ident:
					recv = x.Name
				case *ast.SelectorExpr:
					recv = x.Sel.Name
				}
				if recv == "api" || recv == "API" || recv == "sm" {
					calls[sel.Sel.Name] = append(calls[sel.Sel.Name], fset.Position(call.Pos()).String())
				}
				return true
			})
		}
	}
	return calls
}

// The manifest asks for every scope that the Web API methods the bot calls
// and the events it subscribes to need, and for no other: a missing one
// fails in the workspace with missing_scope (a DM never sent), an extra
// one is more than the programme lead is asked to grant.
func TestManifestScopesAreThoseOfTheMethodsTheBotCalls(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"manifest"}, envOf(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `json:"bot"`
			} `json:"scopes"`
		} `json:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `json:"bot_events"`
			} `json:"event_subscriptions"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("manifest is not JSON: %v", err)
	}

	need := map[string]string{"commands": "the slash commands"}
	calls := slackCalls(t, "../../bot", "../../scheduler", ".")
	if len(calls) == 0 {
		t.Fatal("found no Slack Web API calls in bot/, scheduler/ or cmd/mentorbot: the search is broken")
	}
	for name, at := range calls {
		s, ok := webAPIScopes[name]
		if !ok {
			t.Errorf("the bot calls (*slack.Client).%s (%s), which this test does not know: add its Web API method and required scope to webAPIScopes and, if it needs one, to the manifest", name, at[0])
			continue
		}
		if s.scope != "" {
			need[s.scope] = s.method
		}
	}
	for _, ev := range m.Settings.Events.Bot {
		scope, ok := eventScopes[ev]
		if !ok {
			t.Errorf("the manifest subscribes to %s, which this test does not know: add its required scope to eventScopes", ev)
			continue
		}
		if scope != "" {
			need[scope] = "the " + ev + " event"
		}
	}

	have := m.OAuth.Scopes.Bot
	for scope, why := range need {
		if !slices.Contains(have, scope) {
			t.Errorf("manifest lacks the scope %s, which %s needs", scope, why)
		}
	}
	for _, scope := range have {
		if _, ok := need[scope]; !ok {
			t.Errorf("manifest asks for the scope %s, which nothing the bot calls needs", scope)
		}
	}
	if t.Failed() {
		names := make([]string, 0, len(calls))
		for n := range calls {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Logf("methods called: %v; scopes asked: %v", names, have)
	}
}
