//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// fileID is the file's identity on disk, its device and inode: the same
// for every name of it, another for a copy.
func fileID(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
}
