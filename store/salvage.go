package store

import (
	"encoding/binary"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// SalvagedError is returned by Compact when the source's page structure was
// damaged: dst then holds every entry that could still be read, and Problems
// says what was skipped. It wraps ErrCorrupt.
type SalvagedError struct {
	Path, Dst string
	Copied    int      // key/value entries copied
	Problems  []string // damage found in the source's page structure
}

func (e *SalvagedError) Error() string {
	return fmt.Sprintf("database %s is damaged (%d problem(s), the first: %s): copied the %d readable entries into %s, "+
		"skipping damaged pages; next: `nianbao verify --db %s` lists what references were lost, then `mv %s %s` "+
		"(keep the damaged file elsewhere until you are satisfied)",
		e.Path, len(e.Problems), e.Problems[0], e.Copied, e.Dst, e.Dst, e.Dst, e.Path)
}

func (e *SalvagedError) Unwrap() error { return ErrCorrupt }

// damagedPages runs the page walker over the file while a read transaction
// pins the current pages; visit (may be nil) receives every readable entry.
func (db *DB) damagedPages(visit kvVisitor) ([]string, error) {
	f, err := os.Open(db.path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db.path, err)
	}
	defer f.Close()
	var probs []string
	err = db.view(func(tx *bolt.Tx) error {
		fi, err := f.Stat()
		if err == nil {
			probs = walkPages(f, fi.Size(), visit)
		}
		return err
	})
	return probs, err
}

// salvageInto copies every readable entry into out, commits in batches, and
// then makes out a consistent archive: schema, all buckets, counters and
// sequences recomputed from what was copied.
func (db *DB) salvageInto(out *bolt.DB) (int, []string, error) {
	return salvageWith(out, db.damagedPages)
}

// salvageWith copies every entry walk visits into out (see salvageInto).
func salvageWith(out *bolt.DB, walk func(kvVisitor) ([]string, error)) (int, []string, error) {
	var batch []kvEntry
	size, copied := 0, 0
	var werr error
	flush := func() {
		if werr == nil && len(batch) > 0 {
			werr = out.Update(func(tx *bolt.Tx) error { return putEntries(tx, batch) })
			copied += len(batch)
		}
		batch, size = batch[:0], 0
	}
	probs, err := walk(func(path [][]byte, k, v []byte) {
		batch = append(batch, kvEntry{path, append([]byte(nil), k...), append([]byte(nil), v...)})
		if size += len(k) + len(v); size > compactTxBytes {
			flush()
		}
	})
	flush()
	if err == nil {
		err = werr
	}
	if err == nil {
		err = out.Update(repairTx)
	}
	return copied, probs, err
}

type kvEntry struct {
	path [][]byte
	k, v []byte
}

func putEntries(tx *bolt.Tx, entries []kvEntry) error {
	for _, e := range entries {
		if len(e.path) == 0 {
			continue // the root holds only buckets
		}
		b, err := tx.CreateBucketIfNotExists(e.path[0])
		for _, p := range e.path[1:] {
			if err == nil {
				b, err = b.CreateBucketIfNotExists(p)
			}
		}
		if err == nil {
			err = b.Put(e.k, e.v)
		}
		if err != nil {
			return fmt.Errorf("salvage %s: %w", e.path[0], err)
		}
	}
	return nil
}

// repairTx gives a salvaged copy its schema key, every bucket, counters
// recounted and the captures sequence past the highest key (so new
// captures never overwrite salvaged ones).
func repairTx(tx *bolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	meta := tx.Bucket(bMeta)
	if err := meta.Put(schemaKey, schemaValue(SchemaVersion)); err != nil {
		return err
	}
	var raw, stored int64
	bodies := int64(0)
	_ = tx.Bucket(bBodies).ForEach(func(_, v []byte) error {
		if _, n, _, err := bodyHeader(v); err == nil {
			bodies, raw, stored = bodies+1, raw+int64(n), stored+storedLen(v)
		}
		return nil
	})
	counts := map[string]int64{cntBodies: bodies, cntRawBytes: raw, cntStoredBytes: stored,
		cntCaptures: int64(tx.Bucket(bCaptures).Stats().KeyN), cntURLs: int64(tx.Bucket(bURLs).Stats().KeyN),
		cntRecords: int64(tx.Bucket(bRecords).Stats().KeyN)}
	for name, n := range counts {
		if err := meta.Put([]byte(name), u64(uint64(n))); err != nil {
			return err
		}
	}
	caps := tx.Bucket(bCaptures)
	if k, _ := caps.Cursor().Last(); len(k) == 8 && binary.BigEndian.Uint64(k) > caps.Sequence() {
		return caps.SetSequence(binary.BigEndian.Uint64(k))
	}
	return nil
}
