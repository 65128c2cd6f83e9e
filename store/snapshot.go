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
// cannot open it. The writing process therefore publishes, at most every
// Options.SnapshotEvery while it commits, a consistent copy of the index
// (bbolt tx.WriteTo) as <db>.snapshot; OpenReader opens that copy
// read-only when the lock is held. The index is small (bodies live in the
// segments), and everything a snapshot names lies in segment bytes that
// were durable before it was taken, so bodies resolve. What a reader sees
// is the archive as of the snapshot's time (DB.Snapshot), not the captures
// saved since.

// DefaultSnapshotEvery is how often a writing process publishes the
// snapshot when Options.SnapshotEvery is 0.
const DefaultSnapshotEvery = 30 * time.Second

// SnapshotPath is where the writer of path publishes its snapshot.
func SnapshotPath(path string) string { return path + ".snapshot" }

// snapshotter publishes snapshots from the writing process.
type snapshotter struct {
	every time.Duration
	dirty atomic.Bool
	stop  chan struct{}
	done  chan struct{}
}

func (db *DB) startSnapshots(every time.Duration) {
	if every <= 0 {
		every = DefaultSnapshotEvery
	}
	s := &snapshotter{every: every, stop: make(chan struct{}), done: make(chan struct{})}
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
				if s.dirty.Swap(false) {
					_ = db.PublishSnapshot()
				}
			}
		}
	}()
}

// stopSnapshots ends publishing and removes the snapshot: once the writer
// is gone, readers open the index itself.
func (db *DB) stopSnapshots() {
	if db.snap == nil {
		return
	}
	close(db.snap.stop)
	<-db.snap.done
	_ = os.Remove(SnapshotPath(db.path))
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
// crawl that holds it: when the index is locked by a writer, it opens the
// writer's latest snapshot instead (see DB.Snapshot). It fails with
// ErrLocked only when a writer holds the index and has published no
// snapshot yet.
func OpenReader(path string, opt Options) (*DB, error) {
	opt.ReadOnly = true
	wait := opt.Timeout
	opt.Timeout = 200 * time.Millisecond
	db, err := Open(path, opt)
	if err == nil || !errors.Is(err, ErrLocked) {
		return db, err
	}
	snap := SnapshotPath(path)
	fi, serr := os.Stat(snap)
	if serr != nil {
		return nil, fmt.Errorf("%w (and it has published no snapshot for readers yet: try again in a minute)", err)
	}
	opt.Timeout = wait
	sdb, err := openAt(snap, path, opt)
	if err != nil {
		return nil, fmt.Errorf("open snapshot of %s: %w", path, err)
	}
	sdb.snapshotAt = fi.ModTime()
	return sdb, nil
}

// Snapshot says whether this handle reads a writer's snapshot, and as of
// when.
func (db *DB) Snapshot() (time.Time, bool) { return db.snapshotAt, !db.snapshotAt.IsZero() }
