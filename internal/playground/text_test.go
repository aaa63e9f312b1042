package playground

import "testing"

var (
	testHandles  = map[string]string{"alice": "UALICE", "bob": "UBOB", "mary.jane": "UMJ", "o_brien": "UOB", "mentorbot": "U0SIMBOT"}
	testChannels = map[string]string{"general": "C0GENERAL", "dev-ops": "C0DEVOPS"}
)

func TestPlaygroundEscapeCommandText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"list", "list"},
		// Mentions of known people, with Slack's should_escape form.
		{"pair @alice @bob", "pair <@UALICE|alice> <@UBOB|bob>"},
		{"@Alice", "<@UALICE|alice>"},
		{"meet @bob weekly thu 15:00", "meet <@UBOB|bob> weekly thu 15:00"},
		// A no-break space before the handle is a space.
		{"list\u00a0@bob", "list\u00a0<@UBOB|bob>"},
		{"todo: @alice intro to the SRE team", "todo: <@UALICE|alice> intro to the SRE team"},
		{"@mary.jane and @o_brien", "<@UMJ|mary.jane> and <@UOB|o_brien>"},
		// Punctuation after a handle is not part of it.
		{"thanks @bob.", "thanks <@UBOB|bob>."},
		{"@alice, @bob!", "<@UALICE|alice>, <@UBOB|bob>!"},
		{"(@alice)", "(<@UALICE|alice>)"},
		{"@bob's goal", "<@UBOB|bob>'s goal"},
		// Unknown people, and @ inside words, stay as typed.
		{"@nobody", "@nobody"},
		{"@", "@"},
		{"mail bob@example.com", "mail bob@example.com"},
		{"@alicia", "@alicia"},
		// Special mentions become Slack's special syntax.
		{"hey @here and @channel and @everyone", "hey <!here> and <!channel> and <!everyone>"},
		// Channels.
		{"share in #general", "share in <#C0GENERAL|general>"},
		{"#dev-ops.", "<#C0DEVOPS|dev-ops>."},
		{"@bob_.", "<@UBOB|bob>_."},
		{"#unknown and issue#4", "#unknown and issue#4"},
		{"#1", "#1"},
		// Everything else is escaped as Slack escapes it.
		{"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
		{"<!channel> <@UALICE>", "&lt;!channel&gt; &lt;@UALICE&gt;"},
		{"&lt;", "&amp;lt;"},
		{"progress 2 50 <b>bold</b>", "progress 2 50 &lt;b&gt;bold&lt;/b&gt;"},
		// Links are wrapped, with & escaped inside.
		{"see https://example.com/a?b=1&c=2.", "see <https://example.com/a?b=1&amp;c=2>."},
		{"(http://x.org)", "(<http://x.org>)"},
		{"https://", "https://"},
		{"xhttps://a.b", "xhttps://a.b"},
		// Slack's own link syntax, typed, stays text around the link: the
		// link ends at the '|', or the page showed "<", a link "a" and
		// " link>".
		{"<https://example.com|a link>", "&lt;<https://example.com>|a link&gt;"},
		// Non-ASCII text passes through.
		{"Grüße an @bob — über <3", "Grüße an <@UBOB|bob> — über &lt;3"},
		{"é@bob", "é@bob"},
		{"line one\n@alice line two", "line one\n<@UALICE|alice> line two"},
	}
	for _, tt := range tests {
		if got := EscapeCommandText(tt.in, testHandles, testChannels); got != tt.want {
			t.Errorf("EscapeCommandText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestPlaygroundEscapeCommandTextLongestHandle(t *testing.T) {
	users := map[string]string{"al": "UAL", "alice": "UALICE"}
	if got := EscapeCommandText("@alice @al @ali", users, nil); got != "<@UALICE|alice> <@UAL|al> @ali" {
		t.Errorf("got %q", got)
	}
}

func FuzzPlaygroundEscapeCommandText(f *testing.F) {
	for _, s := range []string{"pair @alice @bob", "<!channel> & co", "https://a.b/?x=1&y=<2>", "#general @here"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := EscapeCommandText(s, testHandles, testChannels)
		// Every < and > in the output belongs to a token the conversion
		// made; outside tokens, text is escaped.
		depth := 0
		for i := 0; i < len(out); i++ {
			switch out[i] {
			case '<':
				if depth > 0 {
					t.Fatalf("nested < in %q (from %q)", out, s)
				}
				depth++
			case '>':
				if depth == 0 {
					t.Fatalf("unmatched > in %q (from %q)", out, s)
				}
				depth--
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed < in %q (from %q)", out, s)
		}
	})
}

func TestPlaygroundParseCommandLine(t *testing.T) {
	tests := []struct {
		in, cmd, text string
		ok            bool
	}{
		{"/goal add Run a 10k", "/goal", "add Run a 10k", true},
		{"  /Mentor   help  ", "/mentor", "help", true},
		{"/session", "/session", "", true},
		{"/session\tlog notes", "/session", "log notes", true},
		{"/session\nlog notes\ntodo: x", "/session", "log notes\ntodo: x", true},
		{"hello", "", "", false},
		{"/", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		cmd, text, ok := ParseCommandLine(tt.in)
		if cmd != tt.cmd || text != tt.text || ok != tt.ok {
			t.Errorf("ParseCommandLine(%q) = %q, %q, %v; want %q, %q, %v", tt.in, cmd, text, ok, tt.cmd, tt.text, tt.ok)
		}
	}
}
