package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// dropCommitted asks the kernel to drop the index file's clean cached
// pages once a commit is durable.
//
// bbolt rewrites single 4 KB pages scattered over the file, and writes a
// node larger than a page (a leaf holding a few parsed records) in one
// call. Linux (6.x, ext4 among others) caches such a write, and pages read
// ahead, in large folios, and a folio is dirtied and accounted whole: a
// later one-page write into a page that once belonged to a 16 KB node was
// counted as 16 KB, and up to 2 MB after a read-ahead. On a 40-site crawl
// with large attachments the index commits were accounted 475 MB
// (/proc/PID/io write_bytes) for 291 MB of pages written; with the drop,
// as many bytes as pages. Pages bbolt has mapped stay (the kernel does not
// drop mapped pages); the rest come back one page each, through bbolt's
// mmap (which asks for no read-ahead), when next read. Without fsync
// (NoSync) it is not done: the pages are then still dirty, and the call
// would start their writeback.
func dropCommitted(f *os.File) {
	if f == nil {
		return
	}
	_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
