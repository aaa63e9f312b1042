package bot

import "testing"

func TestMentionName(t *testing.T) {
	for _, c := range []struct{ text, id, want string }{
		{"<@UZZZZ|ghost> hi", "UZZZZ", "ghost"},
		{"meet weekly thu 15:00 <@UZZZZ|@ghost>", "UZZZZ", "ghost"},
		{"<@UZZZZ> and <@UZZZZ|ghost>", "UZZZZ", "ghost"},
		{"<@UZZZZ>", "UZZZZ", ""},
		{"<@UZZZZ|>", "UZZZZ", ""},
		{"<@UZZZZ| @ >", "UZZZZ", ""},
		{"<@UALICE|alice>", "UZZZZ", ""},
		{"<@UZZZZ|&lt;!here&gt;>", "UZZZZ", "&lt;!here&gt;"},
		{"", "UZZZZ", ""},
	} {
		if got := mentionName(c.text, c.id); got != c.want {
			t.Errorf("mentionName(%q, %s) = %q, want %q", c.text, c.id, got, c.want)
		}
	}
}
