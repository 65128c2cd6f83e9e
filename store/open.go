package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// Options configure Open. The zero value is a read-write open that waits up
// to DefaultTimeout for the lock.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// database before failing with ErrLocked. 0 means DefaultTimeout.
	Timeout time.Duration
	// ReadOnly opens with a shared lock: several readers may open the file
	// together, but not while a writer holds it. Writes return an error.
	ReadOnly bool
	// NoSync skips fsync on commit. For tests and benchmarks only: a crash
	// can then lose or damage acknowledged writes.
	NoSync bool
	// SegmentSize is the size past which a WARC segment is closed and the
	// next begun; 0 means segment.DefaultMaxSize.
	SegmentSize int64
	// SnapshotEvery is how often a read-write handle looks for a reader's
	// request for a snapshot of the index (OpenReader); 0 means
	// DefaultSnapshotEvery.
	SnapshotEvery time.Duration
}

// DefaultTimeout is the lock wait when Options.Timeout is 0.
const DefaultTimeout = 3 * time.Second

// DB is an open archive. It is safe for concurrent use. All writes go
// through one writer goroutine that commits them in batches; a method that
// writes returns only after its batch is committed (and fsynced unless
// NoSync), so what it returned is durable.
type DB struct {
	path     string
	bolt     *bolt.DB
	readOnly bool

	ops        chan *op
	writerDone chan struct{}
	closeMu    sync.RWMutex // held shared by writers in flight, exclusively by Close
	closed     bool

	segr       *segment.Reader // the WARC segments, by location
	segw       *segment.Writer // read-write handles only; used by the writer goroutine
	repaired   string          // what Open did to the segments' tail
	segPrefix  string          // segment file name prefix (meta seg_prefix)
	base       string          // the archive's index path when path is its snapshot
	snap       *snapshotter    // publishes snapshots (read-write handles)
	snapshotAt time.Time       // when the snapshot this handle reads was taken
	indexFile  *os.File        // bbolt's file, for dropCommitted (read-write handles with fsync only)

	mu        sync.Mutex
	activeRun string // run begun or resumed on this handle; captures saved are attributed to it
}

// Open opens or creates the archive at path. Another process holding it
// gives an error wrapping ErrLocked within opt.Timeout; a file that is not a
// readable archive gives an error wrapping ErrCorrupt naming the file and how
// to recover. Open never panics on a damaged file.
func Open(path string, opt Options) (*DB, error) {
	return openAt(path, "", opt)
}

// openAt opens the index file path; base, when set, is the archive whose
// snapshot path is (its segments are base's).
func openAt(path, base string, opt Options) (*DB, error) {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if err := checkFile(path, opt.ReadOnly); err != nil {
		return nil, err
	}
	bdb, file, err := openBolt(path, opt)
	if err != nil {
		return nil, classifyOpen(path, err)
	}
	db := &DB{path: path, bolt: bdb, readOnly: opt.ReadOnly, base: base}
	if !opt.ReadOnly && !opt.NoSync {
		db.indexFile = file
	}
	if err := db.checkSize(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if err := db.migrate(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if err := db.openSegments(opt); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if !opt.ReadOnly {
		// The sidecar only names the holder for the ErrLocked message; the
		// lock itself is bbolt's flock, so a stale sidecar never blocks.
		_ = os.WriteFile(lockPath(path), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
		db.ops = make(chan *op, maxBatchOps)
		db.writerDone = make(chan struct{})
		go db.writer()
		db.startSnapshots(opt.SnapshotEvery)
	}
	return db, nil
}

// checkFile rejects an existing empty file: bbolt would silently initialise
// it, hiding a truncation to zero.
func checkFile(path string, readOnly bool) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !readOnly:
		return nil
	case err != nil:
		return fmt.Errorf("open database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("open database %s: is a directory", path)
	case fi.Size() == 0:
		return corrupt(path, "the file is empty (0 bytes): truncated, or left by an interrupted first run (then delete it)")
	}
	return nil
}

// openBolt calls bbolt.Open, converting a panic on a damaged file into
// ErrCorrupt and releasing the file (and its lock) bbolt left open. It
// also returns bbolt's file handle (owned and closed by bbolt).
func openBolt(path string, opt Options) (bdb *bolt.DB, file *os.File, err error) {
	var f *os.File
	bo := &bolt.Options{
		Timeout: opt.Timeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync,
		FreelistType: bolt.FreelistMapType,
		OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
			var err error
			f, err = os.OpenFile(name, flag, mode)
			return f, err
		},
	}
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				_ = f.Close()
			}
			bdb, file, err = nil, nil, corrupt(path, "unreadable structure: %v", r)
		}
	}()
	bdb, err = bolt.Open(path, 0o644, bo)
	return bdb, f, err
}

// checkSize detects a truncated file: bbolt would map pages past the end of
// the file and fault on first access.
func (db *DB) checkSize() error {
	fi, err := os.Stat(db.path)
	if err != nil {
		return fmt.Errorf("stat %s: %w", db.path, err)
	}
	return db.view(func(tx *bolt.Tx) error {
		if need := tx.Size(); need > fi.Size() {
			return corrupt(db.path, "the file is truncated: %d bytes, but its pages need %d", fi.Size(), need)
		}
		return nil
	})
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close waits for writes in flight, stops the writer and closes the file.
func (db *DB) Close() error {
	db.closeMu.Lock()
	if db.closed {
		db.closeMu.Unlock()
		return nil
	}
	db.closed = true
	if db.ops != nil {
		close(db.ops)
	}
	db.closeMu.Unlock()
	if db.writerDone != nil {
		<-db.writerDone
	}
	db.stopSnapshots()
	err := errors.Join(db.closeSegments(), db.bolt.Close())
	if !db.readOnly {
		removeOwnSidecar(db.path)
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

func removeOwnSidecar(path string) {
	b, err := os.ReadFile(lockPath(path))
	if err == nil && string(b) == strconv.Itoa(os.Getpid())+"\n" {
		_ = os.Remove(lockPath(path))
	}
}

// view runs fn in a read transaction. A fault or panic inside bbolt (a
// damaged page) becomes an error wrapping ErrCorrupt.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = corrupt(db.path, "read failed on a damaged page: %v", r)
		}
	}()
	err = db.bolt.View(fn)
	if err != nil && errors.Is(err, bolt.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}
