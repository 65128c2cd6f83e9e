//go:build !linux

package store

import "os"

// dropCommitted does nothing where the kernel's page cache needs no help
// (see pagecache_linux.go).
func dropCommitted(*os.File) {}
