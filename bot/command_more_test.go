package bot

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/store"
)

func TestRerunValueFitsAButtonAndDecodesToTheText(t *testing.T) {
	for _, c := range []struct {
		name   string
		text   string
		fits   bool
		packed bool
	}{
		{"short", "agenda <@UBOB> &lt;b&gt; &amp; more", true, false},
		{"escaped markup", "agenda <@UBOB> " + strings.Repeat("&lt;", 480), true, false},
		{"long notes, compressed", "log <@UBOB> " + strings.Repeat("We planned the talk & the outline. ", 70), true, true},
		{"long noise", "log <@UBOB> " + noise(2400), false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, ok := rerunValue(rerun{Command: "/session", Text: c.text})
			if ok != c.fits {
				t.Fatalf("fits = %v, want %v (%d characters)", ok, c.fits, utf8.RuneCountInString(v))
			}
			if !ok {
				return
			}
			if n := utf8.RuneCountInString(v); n > maxButtonValue {
				t.Fatalf("value of %d characters", n)
			}
			if got := strings.Contains(v, `"z":`); got != c.packed {
				t.Errorf("packed = %v, want %v: %.80s", got, c.packed, v)
			}
			var rr rerun
			if err := json.Unmarshal([]byte(v), &rr); err != nil {
				t.Fatal(err)
			}
			if rr.Command != "/session" || rr.Text != c.text || rr.Packed != "" {
				t.Errorf("decoded %+v", rr)
			}
		})
	}
}

// noise is n characters that do not compress.
func noise(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%()*+,-./:;=?@[]^_{|}~"
	var b strings.Builder
	x := uint32(2463534242)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(alphabet[x%uint32(len(alphabet))])
	}
	return b.String()
}

func TestForgedPackedRerunIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(bytes.Repeat([]byte("x"), maxRerunText+1))
	zw.Close()
	for _, v := range []string{
		`{"c":"/mentor","z":"` + base64.RawURLEncoding.EncodeToString(buf.Bytes()) + `"}`,
		`{"c":"/mentor","z":"not base64!"}`,
		`{"c":"/mentor","z":"AAAA"}`,
	} {
		var rr rerun
		if err := json.Unmarshal([]byte(v), &rr); err == nil {
			t.Errorf("%.60s: decoded to %d bytes of text", v, len(rr.Text))
		}
	}
}

func TestEchoTypedShowsWhatWasTyped(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"&lt;b&gt;", "&lt;b&gt;"},
		{"&amp;lt;", "&amp;lt;"},
		{"ask <@UCAROL|carol> &amp; <@UERIN>", "ask @carol &amp; @UERIN"},
		{"<!channel> hi", "@channel hi"},
		{strings.Repeat("&lt;", 300), strings.Repeat("&lt;", 99) + "…"},
		// A mention is never cut in half.
		{strings.Repeat("x", 95) + " <@UCAROL|carol> and more", strings.Repeat("x", 95) + " …"},
	} {
		if got := echoTyped(c.in, maxEchoed); got != c.want {
			t.Errorf("echoTyped(%.40q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCapQuotedCutsLongQuotes(t *testing.T) {
	long := strings.Repeat("<", 500)
	msg := `I couldn't read "` + long + `" as a meeting time. Try "weekly monday 15:00".`
	got := capQuoted(msg)
	want := `I couldn't read "` + strings.Repeat("<", 99) + `…" as a meeting time. Try "weekly monday 15:00".`
	if got != want {
		t.Errorf("capQuoted = %q", got)
	}
}

func TestRequestMessageAlwaysFits(t *testing.T) {
	for _, msg := range []string{
		strings.Repeat("<", 2500),              // an old request, stored before the limit counted escapes
		strings.Repeat("a\n", 1250),            // many lines, each quoted
		strings.Repeat("&", 999) + "<" + "xyz", // the cut falls in an escape
	} {
		rp := requestMessage(store.Request{ID: 7, RequesterID: "UBOB", MentorID: "UALICE", Message: msg})
		checkShown(t, "request", rp.Text, rp.Blocks, map[string]bool{"UBOB": true})
		js, _ := json.Marshal(rp.Blocks)
		if !strings.Contains(string(js), "…") {
			t.Errorf("an over-long message is not marked as cut")
		}
		for _, bad := range []string{"&a…", "&am…", "&amp…", "&l…", "&lt…"} {
			if strings.Contains(string(js), bad) {
				t.Errorf("an escape was cut in two: %q", bad)
			}
		}
	}
}
