//go:build !unix

package main

import "os"

// fileID is "" where the system gives no identity to compare: the path
// alone names the live database there.
func fileID(os.FileInfo) string { return "" }
