package store

import (
	"errors"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
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
	fn    func(tx *bolt.Tx) error
	size  int
	done  chan error
	index int
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
	if db.readOnly {
		return errors.New("database " + db.path + " is open read-only")
	}
	db.closeMu.RLock()
	if db.closed {
		db.closeMu.RUnlock()
		return ErrClosed
	}
	o := &op{fn: fn, size: size, done: make(chan error, 1)}
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
	for len(batch) > 0 {
		err := db.updateDirect(func(tx *bolt.Tx) error {
			for i, o := range batch {
				if err := o.fn(tx); err != nil {
					return &opError{index: i, err: err}
				}
			}
			return nil
		})
		var oe *opError
		if !errors.As(err, &oe) {
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
