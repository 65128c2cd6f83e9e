package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestOpenReader_DuringWrites_ReadsSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	w, err := Open(path, Options{NoSync: true, SnapshotEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReader(path, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("before any snapshot: %v, want ErrLocked", err)
	}
	caps := saveRandom(t, w, 3)
	deadline := time.Now().Add(5 * time.Second)
	for _, err := os.Stat(SnapshotPath(path)); err != nil && time.Now().Before(deadline); _, err = os.Stat(SnapshotPath(path)) {
		time.Sleep(10 * time.Millisecond)
	}
	r, err := OpenReader(path, Options{})
	if err != nil {
		t.Fatalf("open reader during writes: %v", err)
	}
	if _, ok := r.Snapshot(); !ok {
		t.Fatal("reader does not say it reads a snapshot")
	}
	saveRandom(t, w, 1) // the crawl goes on while the reader reads
	for _, c := range caps {
		if got, err := r.Body(c.Digest()); err != nil || !bytes.Equal(got, c.Body) {
			t.Fatalf("body from snapshot: %v", err)
		}
	}
	st, err := r.Stats()
	if err != nil || st.Captures < 3 {
		t.Fatalf("stats from snapshot: %+v %v", st, err)
	}
	if _, err := r.Verify(nil); err != nil {
		t.Fatalf("verify snapshot: %v", err)
	}
	r.Close()
	w.Close()
	if _, err := os.Stat(SnapshotPath(path)); !os.IsNotExist(err) {
		t.Fatalf("snapshot left after the writer closed: %v", err)
	}
	r, err = OpenReader(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok := r.Snapshot(); ok {
		t.Fatal("reader uses a snapshot though no writer holds the archive")
	}
}
