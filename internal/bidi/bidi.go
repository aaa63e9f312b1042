// Package bidi keeps text a person typed from turning the direction of
// the bot's own words around it.
//
// The bidirectional embedding, override and isolate controls (U+202A–
// U+202E, U+2066–U+2069) are invisible. Echoed as typed, one left open, or
// whose closing one a cut dropped, reverses the rest of the sentence the
// bot wraps around it. Right-to-left scripts read correctly without them.
package bidi

import "strings"

// Neutral returns s with every bidirectional control shown as U+FFFD,
// which shows that something invisible was there.
func Neutral(s string) string { return controls.Replace(s) }

var controls = strings.NewReplacer(
	"\u202a", "\ufffd", "\u202b", "\ufffd", "\u202c", "\ufffd", "\u202d", "\ufffd", "\u202e", "\ufffd",
	"\u2066", "\ufffd", "\u2067", "\ufffd", "\u2068", "\ufffd", "\u2069", "\ufffd")
