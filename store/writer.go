package store

import (
	"errors"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// Batching: the writer takes the first waiting operation and then every
// operation already queued, up to maxBatchOps or maxBatchBytes of new body
// data, and commits them in one transaction (group commit: no artificial
// delay, so a lone caller waits for one fsync; under load one fsync serves
// many callers).
const (
	maxBatchOps   = 256
	maxBatchBytes = 32 << 20
)

type op struct {
	fn      func(tx *bolt.Tx) error
	members [][]byte      // WARC records to append before the transaction
	locs    []segment.Loc // where they went, set by the writer goroutine
	size    int
	done    chan error
	index   int
}

// opError marks which operation of a batch failed, so the others can be
// committed without it.
type opError struct {
	index int
	err   error
}

func (e *opError) Error() string { return e.err.Error() }

// write queues fn for the writer and waits until its batch is committed.
// fn may run more than once (when another operation of its batch fails the
// batch is retried without it), so it must only derive results from tx.
func (db *DB) write(size int, fn func(tx *bolt.Tx) error) error {
	return db.writeRecords(size, nil, func(tx *bolt.Tx, _ []segment.Loc) error { return fn(tx) })
}

// writeRecords is write for an operation that first appends WARC records
// (gzip members) to the segments: the writer appends them, makes them
// durable, and only then runs fn with their locations in the transaction
// that indexes them.
func (db *DB) writeRecords(size int, members [][]byte, fn func(tx *bolt.Tx, locs []segment.Loc) error) error {
	if db.readOnly {
		return errors.New("database " + db.path + " is open read-only")
	}
	db.closeMu.RLock()
	if db.closed {
		db.closeMu.RUnlock()
		return ErrClosed
	}
	o := &op{members: members, size: size, done: make(chan error, 1)}
	o.fn = func(tx *bolt.Tx) error { return fn(tx, o.locs) }
	db.ops <- o
	db.closeMu.RUnlock()
	return <-o.done
}

func (db *DB) writer() {
	defer close(db.writerDone)
	debug.SetPanicOnFault(true)
	for first := range db.ops {
		batch, bytes := []*op{first}, first.size
	drain:
		for len(batch) < maxBatchOps && bytes < maxBatchBytes {
			select {
			case o, ok := <-db.ops:
				if !ok {
					break drain
				}
				batch = append(batch, o)
				bytes += o.size
			default:
				break drain
			}
		}
		db.commit(batch)
	}
}

// commit runs a batch in one transaction. If one operation fails, the
// transaction is rolled back, that operation gets its error and the rest are
// committed again without it.
func (db *DB) commit(batch []*op) {
	batch = db.appendRecords(batch)
	for len(batch) > 0 {
		err := db.updateDirect(func(tx *bolt.Tx) error {
			if err := db.putPosition(tx); err != nil {
				return err
			}
			for i, o := range batch {
				if err := o.fn(tx); err != nil {
					return &opError{index: i, err: err}
				}
			}
			return nil
		})
		var oe *opError
		if !errors.As(err, &oe) {
			if err == nil {
				dropCommitted(db.indexFile)
			}
			if err == nil && db.snap != nil {
				db.snap.dirty.Store(true)
			}
			for _, o := range batch {
				o.done <- err
			}
			return
		}
		batch[oe.index].done <- oe.err
		batch = append(batch[:oe.index:oe.index], batch[oe.index+1:]...)
	}
}

// updateDirect runs fn in its own read-write transaction, converting a
// bbolt panic on a damaged page into ErrCorrupt and a full disk into
// ErrDiskFull. Only the writer goroutine and Open call it.
func (db *DB) updateDirect(fn func(*bolt.Tx) error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = corrupt(db.path, "write failed on a damaged page: %v", r)
		}
	}()
	return db.classifyWrite(db.bolt.Update(fn))
}

// appendRecords appends the batch's WARC records and makes them durable
// (one fsync for the batch). An operation whose records cannot be written
// gets the error and leaves the batch; once one append fails, so do the
// rest, as the segment's end is then unknown.
func (db *DB) appendRecords(batch []*op) []*op {
	var failed error
	kept := batch[:0]
	for _, o := range batch {
		if len(o.members) == 0 {
			kept = append(kept, o)
			continue
		}
		if failed == nil {
			o.locs, failed = db.appendMembers(o.members)
		}
		if failed != nil {
			o.done <- db.classifyWrite(failed)
			continue
		}
		kept = append(kept, o)
	}
	if err := db.segw.Sync(); err != nil {
		for _, o := range kept {
			if len(o.members) > 0 {
				o.done <- db.classifyWrite(err)
			}
		}
		return withoutRecords(kept)
	}
	return kept
}

func (db *DB) appendMembers(members [][]byte) ([]segment.Loc, error) {
	locs := make([]segment.Loc, 0, len(members))
	seg, start := db.segw.Position()
	for _, m := range members {
		loc, err := db.segw.Append(m)
		if err != nil {
			if now, _ := db.segw.Position(); now == seg {
				err = errors.Join(err, db.segw.Truncate(start)) // no part of the operation stays
			}
			return nil, err
		}
		locs = append(locs, loc)
	}
	return locs, nil
}

func withoutRecords(batch []*op) []*op {
	kept := batch[:0]
	for _, o := range batch {
		if len(o.members) == 0 {
			kept = append(kept, o)
		}
	}
	return kept
}

// putPosition records in the transaction how far the segments are
// indexed.
func (db *DB) putPosition(tx *bolt.Tx) error {
	if db.segw == nil {
		return nil
	}
	seg, end := db.segw.Position()
	if seg == 0 {
		return nil
	}
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return nil
	}
	return putSegPos(meta, segPos{Seg: seg, End: end})
}
