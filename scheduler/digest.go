package scheduler

import (
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// digest sums up what a plan wants: every field of its rows that a
// re-plan compares or stores, in order, and until when it holds. Stored
// with the plan (store.PlanMark), it lets a full re-plan tell that a plan
// made again under new rules or a new configuration is the same without
// reading the stored rows (see fullCheck). 64-bit FNV-1a, written out
// rather than through hash/fnv so that strings are hashed without being
// copied into byte slices; collisions among the few plans of one pair or
// person are not a concern at 64 bits. Never 0, which stands for none.
func digest(rows []store.Notification, until time.Time) uint64 {
	h := uint64(fnvOffset)
	for i := range rows {
		n := &rows[i]
		h = fnvString(h, n.Key)
		h = fnvString(h, n.Kind)
		h = fnvString(h, n.RecipientID)
		h = fnvInt(h, n.PairID)
		h = fnvString(h, n.Ref)
		h = fnvInt(h, n.DueAt.UnixNano())
		h = fnvInt(h, n.ExpiresAt.UnixNano())
		h = fnvString(h, n.Payload)
	}
	h = fnvInt(h, unixNanoOrZero(until))
	return max(h, 1)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvString mixes s and its length, so that no two lists of strings
// run together the same.
func fnvString(h uint64, s string) uint64 {
	h = fnvInt(h, int64(len(s)))
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func fnvInt(h uint64, v int64) uint64 {
	for range 8 {
		h = (h ^ uint64(v&0xff)) * fnvPrime
		v >>= 8
	}
	return h
}

func unixNanoOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
