package store

import (
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// Report is what Verify found.
type Report struct {
	Bodies, Captures, URLs, Versions, Records, RecordVersions, Runs int
	IndexEntries                                                    int // url_captures, body_refs, record and run indexes
	RawBytes, StoredBytes                                           int64
	Segments, WARCRecords                                           int   // segment files and the records read from them
	SegmentBytes                                                    int64 // their size
	// Problems lists every inconsistency found; empty means the archive
	// verified. Checking continues after a problem.
	Problems []string
}

// Verify checks the whole archive and writes each problem (and a summary)
// to w, which may be nil:
//   - the page tree, read from the file with bounds checks (see pagecheck.go);
//   - every body: decompressed, its SHA-256 equal to its key;
//   - every stored value: its checksum, and its key against its content;
//   - every reference: captures, versions, URL states and records to bodies,
//     versions and URL states to captures, each index entry to its record,
//     capture or run and back, bucket sequences ahead of their keys;
//   - the counters Stats reports;
//   - bbolt's own tx.Check (pages neither reachable nor free, key order).
//
// It reads in chunks except for the page walk and tx.Check, which need one
// read transaction each. When problems were found the Report lists them and
// the error wraps ErrCorrupt. Verify never panics on a damaged file.
func (db *DB) Verify(w io.Writer) (Report, error) {
	return db.verify(w, false)
}

// VerifyQuick checks the index only: the page tree, every value, every
// reference and counter, and that each segment the index covers exists and
// is as long as indexed. It reads no body and no segment content, so it
// takes seconds on an archive whose full Verify takes as long as reading
// every segment.
func (db *DB) VerifyQuick(w io.Writer) (Report, error) {
	return db.verify(w, true)
}

func (db *DB) verify(w io.Writer, quick bool) (Report, error) {
	if w == nil {
		w = io.Discard
	}
	v := &verifier{db: db, w: w, quick: quick}
	v.pages()
	if v.structural {
		v.problem("content checks skipped: the page structure is damaged (see above)")
	} else {
		v.content()
	}
	r := v.r
	if len(r.Problems) > 0 {
		fmt.Fprintf(w, "verify %s: %d problem(s)\n", db.path, len(r.Problems))
		return r, corrupt(db.path, "verify found %d problem(s), the first: %s", len(r.Problems), r.Problems[0])
	}
	fmt.Fprintf(w, "verify %s: ok: %d bodies (%d bytes raw, %d stored), %d captures, %d urls, %d versions, %d records (+%d superseded), %d runs, %d index entries; %d WARC records in %d segment(s), %d bytes\n",
		db.path, r.Bodies, r.RawBytes, r.StoredBytes, r.Captures, r.URLs, r.Versions, r.Records, r.RecordVersions, r.Runs, r.IndexEntries,
		r.WARCRecords, r.Segments, r.SegmentBytes)
	return r, nil
}

func (v *verifier) content() {
	v.startTx = v.txID()
	if v.quick {
		v.segmentFiles()
		v.bodyCount()
	} else {
		v.segments()
		v.bodies()
	}
	v.captures()
	v.versions()
	v.urls()
	v.records()
	v.indexes()
	v.runs()
	v.meta()
	if !v.structural {
		v.boltCheck()
	}
}

type verifier struct {
	db         *DB
	w          io.Writer
	r          Report
	structural bool                 // a page could not be read: keep bbolt from following page pointers
	startTx    int                  // transaction the content checks began at
	members    map[segment.Loc]bool // WARC records read from the segments
	scanned    map[uint32]int64     // segment → its size when read
	quick      bool                 // VerifyQuick: no body or segment content read
}

func (v *verifier) txID() int {
	id := -1
	_ = v.db.view(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	return id
}

func (v *verifier) problem(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	v.r.Problems = append(v.r.Problems, p)
	fmt.Fprintln(v.w, "problem:", p)
}

// walk scans a bucket in chunks; a damaged page ends the walk of that bucket
// with a problem instead of aborting Verify.
func walk[T any](v *verifier, name []byte, load loadFunc[T], emit func(T)) {
	err := scan(v.db, name, nil, load, func(it T) error { emit(it); return nil })
	if err != nil {
		if errors.Is(err, ErrCorrupt) {
			v.structural = true
		}
		v.problem("bucket %s: unreadable: %v", name, err)
	}
}

// finding is one entry's check result, made inside the chunk's transaction.
type finding struct {
	key []byte
	msg string
}

// check walks bucket name, running fn on each entry inside the transaction;
// a non-empty result is reported as "<what> <key>: <result>".
func (v *verifier) check(name []byte, what string, count *int, fn func(bs buckets, k, val []byte) string) {
	walk(v, name, func(bs buckets, k, val []byte) (finding, int, bool, error) {
		return finding{append([]byte(nil), k...), fn(bs, k, val)}, 0, true, nil
	}, func(f finding) {
		*count++
		if f.msg != "" {
			v.problem("%s %x: %s", what, f.key, f.msg)
		}
	})
}

// pages walks the page tree from the file with bounds-checked reads while a
// read transaction pins the pages reachable from the current meta.
func (v *verifier) pages() {
	f, err := os.Open(v.db.path)
	if err != nil {
		v.problem("page structure: %v", err)
		v.structural = true
		return
	}
	defer f.Close()
	err = v.db.view(func(tx *bolt.Tx) error {
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		if p := checkMetas(f, tx.ID()); p != "" {
			v.problem("%s", p) // not structural: bbolt reads the other meta page
		}
		for _, p := range walkPages(f, fi.Size(), nil) {
			v.problem("%s", p)
			v.structural = true
		}
		return nil
	})
	if err != nil {
		v.problem("page structure: %v", err)
		v.structural = true
	}
}

// meta checks the schema version and compares the counters Stats reports
// with what was counted.
func (v *verifier) meta() {
	got := map[string]int64{}
	var schema int
	err := v.db.view(func(tx *bolt.Tx) error {
		bs, err := v.db.openBuckets(tx)
		if err != nil {
			return err
		}
		schema = schemaVersion(tx)
		for _, n := range []string{cntBodies, cntCaptures, cntURLs, cntRecords, cntRawBytes, cntStoredBytes} {
			got[n] = getCounter(bs.get(bMeta), n)
		}
		return nil
	})
	if err != nil {
		v.problem("meta: %v", err)
		return
	}
	if schema != SchemaVersion {
		v.problem("meta schema version is %d, want %d", schema, SchemaVersion)
	}
	if v.txID() != v.startTx {
		fmt.Fprintln(v.w, "note: counters not compared: the archive was written to while it was verified")
		return
	}
	want := map[string]int64{cntBodies: int64(v.r.Bodies), cntCaptures: int64(v.r.Captures), cntURLs: int64(v.r.URLs),
		cntRecords: int64(v.r.Records), cntRawBytes: v.r.RawBytes, cntStoredBytes: v.r.StoredBytes}
	for _, n := range []string{cntBodies, cntCaptures, cntURLs, cntRecords, cntRawBytes, cntStoredBytes} {
		if got[n] != want[n] {
			v.problem("meta counter %s is %d, counted %d", n, got[n], want[n])
		}
	}
}

// boltCheck runs bbolt's page-level check (it also finds pages neither
// reachable nor free). It runs only when the page walk and every bucket walk
// passed, because tx.Check reads pages in its own goroutine, where a fault on
// a wild page pointer could not be recovered, and loops over overflow counts.
//
// bbolt's check is not safe in a read transaction beside a writer, so on a
// read-write handle it runs as a write operation: writes wait for it.
func (v *verifier) boltCheck() {
	var errs []error
	check := func(tx *bolt.Tx) error {
		errs = errs[:0]
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return nil
	}
	var err error
	if v.db.readOnly {
		err = v.db.view(check)
	} else {
		err = v.db.write(0, check)
	}
	if err != nil {
		errs = append(errs, err)
	}
	for _, e := range errs {
		v.problem("bbolt check: %v", e)
	}
}
