package datetext

import (
	"fmt"
	"regexp"
	"strconv"
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

// Load is LoadZone, remembered.
func (z *Zones) Load(name string) (*time.Location, error) {
	if l, ok := z.m.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := LoadZone(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, l)
	return l, nil
}

// For is the zone a person whose profile names tz reads times in: tz when
// it loads, else def (the programme's default), else UTC. A profile may
// name no zone, or one this machine's zone database lacks; either way the
// person still gets an answer, and a caller never a nil *time.Location.
func (z *Zones) For(tz string, def *time.Location) *time.Location {
	if tz != "" {
		if l, err := z.Load(tz); err == nil {
			return l
		}
	}
	if def == nil {
		return time.UTC
	}
	return def
}

// maxOffset bounds a fixed zone's offset: the zones in use lie within
// UTC-12 and UTC+14.
const maxOffset = 14 * 60 * 60

var offsetZoneRe = regexp.MustCompile(`^UTC([+-])(\d{2}):(\d{2})$`)

// OffsetZoneName names the fixed zone offset seconds east of UTC, as it
// is stored and shown: "UTC+05:30", "UTC-03:00". A Slack profile can
// carry an offset (tz_offset) without a zone's name (tz); its times are
// then read at that offset, as the best that is known, though it will not
// follow that person's changes of the clocks. It returns "" for offset 0
// (Slack's "nothing known" as well as UTC: the default zone applies) and
// for an offset no zone has.
func OffsetZoneName(offset int) string {
	if offset == 0 || offset < -maxOffset || offset > maxOffset {
		return ""
	}
	sign := '+'
	if offset < 0 {
		sign, offset = '-', -offset
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, offset/3600, offset%3600/60)
}

// LoadZone is time.LoadLocation that also reads the names OffsetZoneName
// gives, as fixed zones by that name.
func LoadZone(name string) (*time.Location, error) {
	if m := offsetZoneRe.FindStringSubmatch(name); m != nil {
		h, _ := strconv.Atoi(m[2])
		mm, _ := strconv.Atoi(m[3])
		off := h*3600 + mm*60
		if m[1] == "-" {
			off = -off
		}
		if mm >= 60 || off == 0 || off < -maxOffset || off > maxOffset {
			return nil, fmt.Errorf("load time zone %q: no such offset", name)
		}
		return time.FixedZone(name, off), nil
	}
	return time.LoadLocation(name)
}

// ZoneAbbr is the abbreviation of t's zone at t, as times are shown with
// it: "CET", "EST", "UTC". A zone with no letters for it, which the zone
// database writes as a bare offset ("+11" in Lord Howe, "+0545" in
// Kathmandu, "+14" in Kiritimati), is named as offset-only zones are:
// "UTC+11:00", "UTC+05:45", "UTC+14:00". A bare "+11" after a time reads as
// eleven of something, not as a zone.
func ZoneAbbr(t time.Time) string {
	name, off := t.Zone()
	if name != "" && name[0] != '+' && name[0] != '-' {
		return name
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	if off == 0 {
		return "UTC"
	}
	// As OffsetZoneName names a profile's zone that has only an offset,
	// so that two readers at one offset read it alike: "UTC+11:00".
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// FormatZoned is t formatted by layout, then the abbreviation of its zone
// (ZoneAbbr): "Mon 2 Jan 2006 at 15:04 UTC+05:45". Times shown with their
// zone go through it rather than the layout's "MST", which writes a bare
// offset for zones without letters.
func FormatZoned(t time.Time, layout string) string { return t.Format(layout) + " " + ZoneAbbr(t) }
