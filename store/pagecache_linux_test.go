package store

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDropCommitted: after 16 KB writes (as bbolt writes a multi-page
// node), one-page rewrites are accounted a page each once dropCommitted
// has run. The same rewrites without it are measured first: where the
// kernel accounts them a page each anyway (no large folios), there is
// nothing to show and the test says so.
func TestDropCommitted(t *testing.T) {
	if _, ok := writeBytesSelf(); !ok {
		t.Skip("no /proc/self/io write_bytes")
	}
	perWrite := func(drop bool) int64 {
		f, err := os.Create(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		const pages, page = 2048, 4096
		node := make([]byte, 4*page)
		for off := int64(0); off < pages*page; off += int64(len(node)) {
			if _, err := f.WriteAt(node, off); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
		if drop {
			dropCommitted(f)
		}
		r := rand.New(rand.NewPCG(1, 2))
		before, _ := writeBytesSelf()
		const writes = 100
		for i := 0; i < writes; i++ {
			if _, err := f.WriteAt(node[:page], int64(r.IntN(pages))*page); err != nil {
				t.Fatal(err)
			}
			if err := unix.Fdatasync(int(f.Fd())); err != nil {
				t.Fatal(err)
			}
		}
		after, _ := writeBytesSelf()
		return (after - before) / writes
	}
	without := perWrite(false)
	if without <= 4096 {
		t.Skipf("one-page writes are accounted %d bytes each without the drop: this kernel caches them in single pages", without)
	}
	if with := perWrite(true); with > 4096+512 {
		t.Errorf("one-page writes after the drop were accounted %d bytes each (%d without it), want 4096", with, without)
	}
}

func writeBytesSelf() (int64, bool) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "write_bytes: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
