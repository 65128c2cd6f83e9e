package store

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestOpen_HeldByOtherProcess_FailsFastNamingPID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	c := startHelper(t, "hold", path)
	c.waitLine(t, "ready", 10*time.Second)

	start := time.Now()
	db, err := Open(path, Options{Timeout: 500 * time.Millisecond})
	elapsed := time.Since(start)
	if err == nil {
		db.Close()
		t.Fatal("second open succeeded while another process holds the database")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("open took %v with a 500ms timeout", elapsed)
	}
	pid := strconv.Itoa(c.cmd.Process.Pid)
	want := "database " + path + " is locked by another nianbao process (pid " + pid + "); wait for it to finish or stop it"
	if err.Error() != want {
		t.Errorf("message:\n got %s\nwant %s", err, want)
	}
	if _, err := Open(path, Options{Timeout: 200 * time.Millisecond, ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("read-only open while a writer holds it: %v, want ErrLocked", err)
	}

	// Killed holder: the lock goes with the process; its sidecar stays
	// behind and must not block.
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
	if b, err := os.ReadFile(lockPath(path)); err != nil || strings.TrimSpace(string(b)) != pid {
		t.Fatalf("expected the killed holder's stale sidecar, got %q (%v)", b, err)
	}
	db, err = Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("open after the holder died: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lockPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sidecar left after a clean close: %v", err)
	}
}

func TestOpen_HeldInSameProcess_TimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("err = %v, want LockedError naming pid %d", err, os.Getpid())
	}
}
