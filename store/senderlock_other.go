//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import "os"

func flock(string) (*os.File, error) { return nil, ErrNoSenderLock }
