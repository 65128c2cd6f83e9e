package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A reader of an archive a writer holds asks for a snapshot and gets one
// as of its request: what was committed before it is there, bodies
// resolve, and the writer goes on writing. Nothing is published while
// nobody asks.
func TestOpenReader_DuringWrites_ReadsFreshSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	w, err := Open(path, Options{NoSync: true, SnapshotEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	caps := saveRandom(t, w, 3)
	time.Sleep(50 * time.Millisecond)
	if _, err := os.Stat(SnapshotPath(path)); !os.IsNotExist(err) {
		t.Fatalf("a snapshot was written though no reader asked: %v", err)
	}
	r, err := OpenReader(path, Options{})
	if err != nil {
		t.Fatalf("open reader during writes: %v", err)
	}
	if at, ok := r.Snapshot(); !ok || time.Since(at) > 10*time.Second {
		t.Fatalf("reader does not read a fresh snapshot: %v %v", at, ok)
	}
	saveRandom(t, w, 1) // the crawl goes on while the reader reads
	for _, c := range caps {
		if got, err := r.Body(c.Digest()); err != nil || !bytes.Equal(got, c.Body) {
			t.Fatalf("body from snapshot: %v", err)
		}
	}
	if st, err := r.Stats(); err != nil || st.Captures != 3 {
		t.Fatalf("stats from snapshot: %+v %v", st, err)
	}
	if _, err := r.Verify(nil); err != nil {
		t.Fatalf("verify snapshot: %v", err)
	}
	r.Close()
	r2, err := OpenReader(path, Options{}) // a second reader sees the capture saved since
	if err != nil {
		t.Fatal(err)
	}
	if st, err := r2.Stats(); err != nil || st.Captures != 4 {
		t.Fatalf("second snapshot: %+v %v", st, err)
	}
	r2.Close()
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
