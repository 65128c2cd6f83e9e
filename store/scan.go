package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// Chunked reading: a scan never holds one read transaction for a whole
// bucket. It reads up to chunkKeys keys (or chunkBytes of loaded data) in one
// short transaction, copies what it needs, closes the transaction, hands the
// copies to the caller, and continues after the last key in a new
// transaction. A long export therefore never blocks the writer's file growth
// (bbolt cannot remap while a read transaction is open), and callbacks may
// write to the archive.
const (
	chunkKeys  = 500
	chunkBytes = 64 << 20
	// maxValueLen bounds what a scan copies: a damaged leaf can claim a
	// value of up to 4 GB.
	maxValueLen = 1 << 30
)

// loadFunc runs inside the chunk's transaction for each key under the prefix.
// It returns the item to emit (holding only copies), its approximate size,
// and whether to emit it at all.
type loadFunc[T any] func(bs buckets, k, v []byte) (item T, size int, ok bool, err error)

// scan walks bucket name from prefix in chunks, emitting items outside any
// transaction. Keys written behind the cursor during the scan are not
// revisited; keys written ahead of it are seen.
func scan[T any](db *DB, name, prefix []byte, load loadFunc[T], emit func(T) error) error {
	var last []byte
	for {
		var items []T
		var done bool
		err := db.view(func(tx *bolt.Tx) error {
			var err error
			items, last, done, err = scanChunk(db, tx, name, prefix, last, load)
			return err
		})
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := emit(it); err != nil {
				return err
			}
		}
		if done {
			return nil
		}
	}
}

func scanChunk[T any](db *DB, tx *bolt.Tx, name, prefix, after []byte, load loadFunc[T]) (items []T, last []byte, done bool, err error) {
	bs, err := db.openBuckets(tx)
	if err != nil {
		return nil, nil, true, err
	}
	c := bs.get(name).Cursor()
	var k, v []byte
	if after == nil {
		k, v = c.Seek(prefix)
	} else if k, v = c.Seek(after); bytes.Equal(k, after) {
		k, v = c.Next()
	}
	n, size := 0, 0
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if n >= chunkKeys || size >= chunkBytes {
			return items, last, false, nil
		}
		if last != nil && bytes.Compare(k, last) <= 0 || after != nil && bytes.Compare(k, after) <= 0 {
			return nil, nil, true, corrupt(db.path, "bucket %s: keys out of order at %x", name, k)
		}
		if len(v) > maxValueLen {
			return nil, nil, true, corrupt(db.path, "bucket %s: key %x claims a %d-byte value", name, k, len(v))
		}
		it, sz, ok, err := load(bs, k, v)
		if err != nil {
			return nil, nil, true, err
		}
		if ok {
			items = append(items, it)
		}
		last = append(last[:0:0], k...)
		n++
		size += sz
	}
	return items, last, true, nil
}
