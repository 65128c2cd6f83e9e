package store

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkAfterFull reopens the archive, verifies it, checks every acknowledged
// body and saves one more capture (space permitting).
func checkAfterFull(t *testing.T, path string, acked map[string]string, writable bool) {
	t.Helper()
	db, err := Open(path, Options{Timeout: 5 * time.Second, ReadOnly: !writable})
	if err != nil {
		t.Fatalf("reopen after disk full: %v", err)
	}
	defer db.Close()
	if _, err := db.Verify(nil); err != nil {
		t.Fatalf("verify after disk full: %v", err)
	}
	for u, d := range acked {
		if p, err := db.Prior(u); err != nil || p.Digest != d {
			t.Errorf("acknowledged %s lost: %+v %v", u, p, err)
		}
	}
	if writable {
		mustSave(t, db, newCapture("http://after.gov.cn/", []byte("<html>after</html>"), t0, ""))
	}
}

// RLIMIT_FSIZE in a child process: the file cannot grow past the limit, the
// way a full disk stops it, and works without root.
func TestSaveCapture_FileSizeLimit_ErrDiskFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	seedRecords(t, db, 30)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	c := startHelper(t, "diskfull", path, fmt.Sprintf("NIANBAO_STORE_LIMIT=%d", fi.Size()+3<<20))
	acked := map[string]string{}
	var full string
	for line := range c.lines {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "ack" {
			acked[f[1]] = f[2]
		} else if strings.HasPrefix(line, "full: ") {
			full = line
		}
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("helper: %v (%s)", err, full)
	}
	if full == "" || len(acked) == 0 {
		t.Fatalf("helper acked %d and reported %q", len(acked), full)
	}
	if !strings.Contains(full, "disk full") || !strings.Contains(full, path) || !strings.Contains(full, "free space") {
		t.Errorf("unclear disk-full error: %s", full)
	}
	t.Logf("%d captures acknowledged before: %s", len(acked), full)
	checkAfterFull(t, path, acked, true)
}

// A real full filesystem: a small tmpfs (needs root; skipped otherwise).
func TestSaveCapture_FullTmpfs_ErrDiskFull(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nianbao.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	acked, full := fillUntilFull(db, 2, nil)
	if !errors.Is(full, ErrDiskFull) {
		t.Fatalf("after %d captures: err = %v, want ErrDiskFull", len(acked), full)
	}
	t.Logf("%d captures acknowledged before: %v", len(acked), full)
	// The handle stays usable: more writes fail the same way, and once
	// space is freed they succeed without reopening.
	if _, err := fillUntilFull(db, 3, nil); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("second write on a full disk: %v", err)
	}
	if _, err := db.Verify(nil); err != nil {
		t.Fatalf("verify on the full disk: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	more, err := fillUntilFull(db, 4, nil)
	if len(more) == 0 {
		t.Fatalf("no write succeeded after freeing space: %v", err)
	}
	for u, d := range more {
		acked[u] = d
	}
	if err := db.Close(); err != nil {
		t.Logf("close on a full disk: %v", err)
	}
	checkAfterFull(t, path, acked, false)
}
