package datetext

import (
	"sync"
	"time"
)

// Zones loads time zones by name, each once: time.LoadLocation reads and
// parses the zone's file on every call, and rendering check-ins, planning
// pairs or answering commands asks for the same few zones thousands of
// times (3% of the CPU of a simulated year). Only zones that load are
// kept, so it holds at most the zone database. The zero value is ready to
// use; it must not be copied after first use.
type Zones struct{ m sync.Map }

// Load is time.LoadLocation, remembered.
func (z *Zones) Load(name string) (*time.Location, error) {
	if l, ok := z.m.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, l)
	return l, nil
}
