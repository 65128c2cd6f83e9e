package store

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Readers during a crawl. The crawl holds the index file's write lock for
// hours, so a process that only reads (status, export, verify --quick)
// cannot open it. Instead it asks the writer for a snapshot: OpenReader
// touches <db>.snapshot.want and waits; the writing process looks for that
// request every Options.SnapshotEvery and answers it by publishing a
// consistent copy of the index (bbolt tx.WriteTo, then rename) as
// <db>.snapshot — or, when nothing was committed since the last one, by
// re-dating it. Nothing is written while nobody reads. The index is small
// (bodies live in the segments), and everything a snapshot names lies in
// segment bytes that were durable before it was taken, so bodies resolve.
// What a reader sees is the archive as of the snapshot's time
// (DB.Snapshot), not the captures saved since.

// DefaultSnapshotEvery is how often a writing process looks for a
// snapshot request when Options.SnapshotEvery is 0.
const DefaultSnapshotEvery = time.Second

// snapshotWait is how long OpenReader waits for the writer's snapshot.
const snapshotWait = 15 * time.Second

// SnapshotPath is where the writer of path publishes its snapshot.
func SnapshotPath(path string) string { return path + ".snapshot" }

func wantPath(path string) string { return SnapshotPath(path) + ".want" }

// snapshotter answers snapshot requests in the writing process.
type snapshotter struct {
	every time.Duration
	dirty atomic.Bool // committed since the last snapshot
	stop  chan struct{}
	done  chan struct{}
}

func (db *DB) startSnapshots(every time.Duration) {
	if every <= 0 {
		every = DefaultSnapshotEvery
	}
	s := &snapshotter{every: every, stop: make(chan struct{}), done: make(chan struct{})}
	s.dirty.Store(true)
	db.snap = s
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				db.answerSnapshot()
			}
		}
	}()
}

// answerSnapshot publishes (or re-dates) the snapshot when a reader asked
// for one after the current snapshot was taken.
func (db *DB) answerSnapshot() {
	want, err := os.Stat(wantPath(db.path))
	if err != nil {
		return
	}
	snap, err := os.Stat(SnapshotPath(db.path))
	if err == nil && !snap.ModTime().Before(want.ModTime()) {
		return
	}
	if err == nil && !db.snap.dirty.Load() {
		now := time.Now()
		_ = os.Chtimes(SnapshotPath(db.path), now, now)
		return
	}
	db.snap.dirty.Store(false)
	if db.PublishSnapshot() != nil {
		db.snap.dirty.Store(true)
	}
}

// stopSnapshots ends answering and removes the snapshot: once the writer
// is gone, readers open the index itself.
func (db *DB) stopSnapshots() {
	if db.snap == nil {
		return
	}
	close(db.snap.stop)
	<-db.snap.done
	_ = os.Remove(SnapshotPath(db.path))
	_ = os.Remove(wantPath(db.path))
}

// PublishSnapshot writes a consistent copy of the index for readers, now.
func (db *DB) PublishSnapshot() error {
	dst := SnapshotPath(db.path)
	tmp := dst + ".tmp"
	at := time.Now()
	err := db.view(func(tx *bolt.Tx) error {
		f, err := os.Create(tmp)
		if err != nil {
			return err
		}
		_, err = tx.WriteTo(f)
		return errors.Join(err, f.Close())
	})
	if err == nil {
		err = os.Chtimes(tmp, at, at)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("publish snapshot of %s: %w", db.path, err)
	}
	return nil
}

// OpenReader opens the archive at path for reading, without waiting for a
// crawl that holds it: when the index is locked by a writer, it asks the
// writer for a snapshot, waits for it (up to 15 s) and opens it (see
// DB.Snapshot). If none comes, an older snapshot is used when there is
// one; otherwise the error wraps ErrLocked.
func OpenReader(path string, opt Options) (*DB, error) {
	opt.ReadOnly = true
	wait := opt.Timeout
	opt.Timeout = 200 * time.Millisecond
	db, err := Open(path, opt)
	if err == nil || !errors.Is(err, ErrLocked) {
		return db, err
	}
	fi, serr := requestSnapshot(path)
	if serr != nil {
		return nil, fmt.Errorf("%w (and it published no snapshot for readers: %v)", err, serr)
	}
	opt.Timeout = wait
	sdb, err := openAt(SnapshotPath(path), path, opt)
	if err != nil {
		return nil, fmt.Errorf("open snapshot of %s: %w", path, err)
	}
	sdb.snapshotAt = fi.ModTime()
	return sdb, nil
}

// requestSnapshot asks the writer of path for a snapshot and waits for it;
// it falls back to an older snapshot.
func requestSnapshot(path string) (os.FileInfo, error) {
	asked := time.Now()
	if err := os.WriteFile(wantPath(path), nil, 0o644); err != nil {
		return nil, err
	}
	_ = os.Chtimes(wantPath(path), asked, asked)
	deadline := asked.Add(snapshotWait)
	for {
		fi, err := os.Stat(SnapshotPath(path))
		if err == nil && !fi.ModTime().Before(asked) {
			return fi, nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				return fi, nil
			}
			return nil, fmt.Errorf("none within %v", snapshotWait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Snapshot says whether this handle reads a writer's snapshot, and as of
// when.
func (db *DB) Snapshot() (time.Time, bool) { return db.snapshotAt, !db.snapshotAt.IsZero() }
