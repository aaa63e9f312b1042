package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/bidi"
)

// Code classifies a domain error.
type Code string

const (
	// ENotFound: no such thing, or the actor may not know it exists; the two
	// are deliberately indistinguishable so that nobody learns about other
	// people's goals or pairs by guessing numbers.
	ENotFound Code = "not_found"
	// EForbidden: the actor knows the thing exists but may not do this.
	EForbidden Code = "forbidden"
	// EInvalid: the input is wrong.
	EInvalid Code = "invalid"
	// EConflict: the state does not allow it (already paired, already done).
	EConflict Code = "conflict"
	// EUnavailable: the database refused the write for now (the disk is
	// full, it is locked for too long); nothing was changed. The error
	// wraps SQLite's.
	EUnavailable Code = "unavailable"
)

// Error is a domain error whose Message is written for the person in Slack.
type Error struct {
	Code    Code
	Message string
	err     error // the cause, for EUnavailable
}

func (e *Error) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%s: %v", e.Code, e.err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the cause of an EUnavailable error.
func (e *Error) Unwrap() error { return e.err }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error in err's chain, or "" for
// any other error (an internal one).
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// ErrorMessage returns the user-facing message of a domain error in err's
// chain, or "" for an internal error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// quote is how a domain error's message shows what someone typed: in
// quotation marks, as typed, with Slack's markup characters escaped.
// Messages are shown as they are, so without the escaping a cohort or
// topic name could post <!channel> or a mention. Go's quoting would show
// a typed quotation mark as \" and an invisible character as \u202e,
// and a long paste is cut: the answer is about the text, not a copy of it.
// Bidirectional controls are shown as U+FFFD: one left open (or whose
// closing one the cut dropped) would reverse the rest of the sentence.
func quote(s string) string {
	if r := []rune(s); len(r) > maxQuoted {
		s = string(r[:maxQuoted-1]) + "…"
	}
	return `"` + escape(bidi.Neutral(s)) + `"`
}

// maxQuoted is how many characters of what someone typed quote shows: a
// whole name as long as it may be (the longest is a cohort's), so that a
// valid name is never cut and read as another.
const maxQuoted = max(MaxCohortName, MaxTopicLen)

// escape escapes Slack's markup characters (&, <, >) in text someone typed,
// exactly as bot's esc does (store may not import bot). Text without them,
// which is most, is returned as it is, and other text is built in one
// allocation: a Replacer made per call cost more than the replacing. The
// three are ASCII, so no byte of them is part of another character in
// UTF-8 and the text can be walked byte by byte.
func escape(s string) string {
	i := strings.IndexAny(s, "&<>")
	if i < 0 {
		return s
	}
	n := len(s)
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '&':
			n += len("&amp;") - 1
		case '<', '>':
			n += len("&lt;") - 1
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
