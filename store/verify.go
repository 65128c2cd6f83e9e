package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Report is what Verify found.
type Report struct {
	Bodies, Captures, URLs, Versions, Records, RecordVersions, Runs int
	RawBytes, StoredBytes                                           int64
	// Problems lists every inconsistency found; empty means the archive
	// verified. Checking continues after a problem.
	Problems []string
}

// Verify checks the whole archive and writes each problem (and a summary)
// to w, which may be nil. It checks that every body's content matches its
// digest (decompressed and hashed), that every capture, version, URL state
// and record points at an existing body, that the counters agree, and runs
// bbolt's own page-level consistency check (tx.Check). It reads in chunks
// except for that last check, which needs one read transaction. When
// problems were found the Report lists them and the error wraps ErrCorrupt.
// Verify never panics on a damaged file.
func (db *DB) Verify(w io.Writer) (Report, error) {
	if w == nil {
		w = io.Discard
	}
	v := &verifier{db: db, w: w}
	v.pages()
	if v.structural {
		v.problem("content checks skipped: the page structure is damaged (see above)")
	} else {
		v.bodies()
		v.captures()
		v.versions()
		v.urls()
		v.records()
		v.runs()
		v.counters()
		if !v.structural {
			v.boltCheck()
		}
	}
	r := v.r
	if len(r.Problems) > 0 {
		fmt.Fprintf(w, "verify %s: %d problem(s)\n", db.path, len(r.Problems))
		return r, corrupt(db.path, "verify found %d problem(s), the first: %s", len(r.Problems), r.Problems[0])
	}
	fmt.Fprintf(w, "verify %s: ok: %d bodies (%d bytes raw, %d stored), %d captures, %d urls, %d versions, %d records (+%d superseded), %d runs\n",
		db.path, r.Bodies, r.RawBytes, r.StoredBytes, r.Captures, r.URLs, r.Versions, r.Records, r.RecordVersions, r.Runs)
	return r, nil
}

type verifier struct {
	db         *DB
	w          io.Writer
	r          Report
	structural bool // a page could not be read: skip tx.Check, which could fault fatally
}

func (v *verifier) problem(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	v.r.Problems = append(v.r.Problems, p)
	fmt.Fprintln(v.w, "problem:", p)
}

// walk scans a bucket in chunks; a damaged page ends the walk of that bucket
// with a problem instead of aborting Verify.
func walk[T any](v *verifier, name []byte, load loadFunc[T], check func(T)) {
	err := scan(v.db, name, nil, load, func(it T) error { check(it); return nil })
	if err != nil {
		if errors.Is(err, ErrCorrupt) {
			v.structural = true
		}
		v.problem("bucket %s: unreadable: %v", name, err)
	}
}

type kv struct{ k, v []byte }

// copyKV loads a key/value pair as copies; body checks run outside the tx.
func copyKV(_ buckets, k, v []byte) (kv, int, bool, error) {
	return kv{append([]byte(nil), k...), append([]byte(nil), v...)}, len(k) + len(v), true, nil
}

func (v *verifier) bodies() {
	walk(v, bBodies, copyKV, func(e kv) {
		v.r.Bodies++
		v.r.StoredBytes += int64(len(e.v))
		raw, err := decodeBody(e.v)
		if err != nil {
			v.problem("body %x: %v", e.k, err)
			return
		}
		v.r.RawBytes += int64(len(raw))
		if sum := sha256.Sum256(raw); !bytes.Equal(sum[:], e.k) {
			v.problem("body %x: content does not match its digest (sha256 %x): the stored bytes were altered", e.k, sum)
		}
	})
}

// refCheck loads a value and reports, inside the tx, whether the bodies it
// names exist.
type refCheck struct {
	key     []byte
	what    string
	missing []string
	err     error
}

func bodyMissing(bs buckets, digest string) bool {
	dk, err := digestKey(digest)
	return err != nil || bs.get(bBodies).Get(dk) == nil
}

func (v *verifier) report(rc refCheck) {
	if rc.err != nil {
		v.problem("%s %x: %v", rc.what, rc.key, rc.err)
	}
	for _, d := range rc.missing {
		v.problem("%s %x: body %s is missing", rc.what, rc.key, d)
	}
}

func (v *verifier) captures() {
	walk(v, bCaptures, func(bs buckets, k, val []byte) (refCheck, int, bool, error) {
		rc := refCheck{key: append([]byte(nil), k...), what: "capture"}
		var sc storedCapture
		if rc.err = json.Unmarshal(val, &sc); rc.err == nil {
			for _, d := range []string{sc.Digest, sc.Revisit} {
				if d != "" && bodyMissing(bs, d) {
					rc.missing = append(rc.missing, d)
				}
			}
		}
		return rc, 0, true, nil
	}, func(rc refCheck) { v.r.Captures++; v.report(rc) })
}

func (v *verifier) versions() {
	walk(v, bVersions, func(bs buckets, k, val []byte) (refCheck, int, bool, error) {
		rc := refCheck{key: append([]byte(nil), k...), what: "version"}
		var ve versionEntry
		if rc.err = json.Unmarshal(val, &ve); rc.err == nil {
			if bodyMissing(bs, ve.Digest) {
				rc.missing = append(rc.missing, ve.Digest)
			}
			if bs.get(bCaptures).Get(u64(ve.Capture)) == nil {
				rc.err = fmt.Errorf("capture %d is missing", ve.Capture)
			}
		}
		return rc, 0, true, nil
	}, func(rc refCheck) { v.r.Versions++; v.report(rc) })
}

func (v *verifier) urls() {
	walk(v, bURLs, func(bs buckets, k, val []byte) (refCheck, int, bool, error) {
		rc := refCheck{key: append([]byte(nil), k...), what: "url"}
		var st urlState
		if rc.err = json.Unmarshal(val, &st); rc.err == nil {
			if st.Digest != "" && bodyMissing(bs, st.Digest) {
				rc.missing = append(rc.missing, st.Digest)
			}
			if bs.get(bVersions).Get(cat(k, u32(uint32(st.Versions)))) == nil {
				rc.err = fmt.Errorf("%s: current version %d is missing", st.URL, st.Versions)
			}
		}
		return rc, 0, true, nil
	}, func(rc refCheck) { v.r.URLs++; v.report(rc) })
}

func (v *verifier) records() {
	walk(v, bRecords, func(bs buckets, k, val []byte) (refCheck, int, bool, error) {
		rc := refCheck{key: append([]byte(nil), k...), what: "record"}
		sr, err := getRecord(val)
		switch {
		case err != nil:
			rc.err = err
		case bodyMissing(bs, sr.Record.SHA256):
			rc.missing = append(rc.missing, sr.Record.SHA256)
		case bs.get(bIdxRegionYear).Get(regionYearKey(sr.Record.RegionCode, sr.Record.Year, k)) == nil:
			rc.err = fmt.Errorf("%s: region/year index entry is missing", sr.Record.URL)
		}
		return rc, 0, true, nil
	}, func(rc refCheck) { v.r.Records++; v.report(rc) })
	walk(v, bRecordVersions, func(bs buckets, k, val []byte) (refCheck, int, bool, error) {
		_, err := getRecord(val)
		return refCheck{key: append([]byte(nil), k...), what: "record version", err: err}, 0, true, nil
	}, func(rc refCheck) { v.r.RecordVersions++; v.report(rc) })
}

func (v *verifier) runs() {
	walk(v, bRuns, func(_ buckets, k, val []byte) (refCheck, int, bool, error) {
		var r json.RawMessage
		return refCheck{key: append([]byte(nil), k...), what: "run", err: json.Unmarshal(val, &r)}, 0, true, nil
	}, func(rc refCheck) { v.r.Runs++; v.report(rc) })
}

// counters compares the meta counters Stats reports with what was counted.
func (v *verifier) counters() {
	var got map[string]int64
	err := v.db.view(func(tx *bolt.Tx) error {
		bs, err := v.db.openBuckets(tx)
		if err != nil {
			return err
		}
		got = map[string]int64{}
		for _, n := range []string{cntBodies, cntCaptures, cntURLs, cntRecords, cntRawBytes, cntStoredBytes} {
			got[n] = getCounter(bs.get(bMeta), n)
		}
		return nil
	})
	if err != nil {
		v.problem("meta counters: %v", err)
		return
	}
	want := map[string]int64{cntBodies: int64(v.r.Bodies), cntCaptures: int64(v.r.Captures), cntURLs: int64(v.r.URLs),
		cntRecords: int64(v.r.Records), cntRawBytes: v.r.RawBytes, cntStoredBytes: v.r.StoredBytes}
	for n, w := range want {
		if got[n] != w {
			v.problem("meta counter %s is %d, counted %d", n, got[n], w)
		}
	}
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

// boltCheck runs bbolt's page-level check (it also finds pages neither
// reachable nor free). It runs only when the page walk and every bucket walk
// passed, because tx.Check reads pages in its own goroutine, where a fault on
// a wild page pointer could not be recovered, and loops over overflow counts.
func (v *verifier) boltCheck() {
	err := v.db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			v.problem("bbolt check: %v", err)
		}
		return nil
	})
	if err != nil {
		v.problem("bbolt check: %v", err)
	}
}
