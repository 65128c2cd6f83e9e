package store

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// mergeChunk is how many captures (or URLs) one merge transaction takes.
const mergeChunk = 500

// importedCapture is a source capture with its body's index value.
type importedCapture struct {
	sc   *storedCapture
	body []byte // the source's bodies value for sc.Digest; nil when none
}

// mergeIndex adds src's captures (and their bodies' locations) to db,
// renumbering segments by segs; URLs whose versions must be re-derived
// are added to touched.
func (db *DB) mergeIndex(src string, segs map[uint32]uint32, touched map[string]bool, rep *MergeReport) error {
	in, err := Open(src, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer in.Close()
	load := func(bs buckets, k, v []byte) (importedCapture, int, bool, error) {
		sc, err := decodeCaptureValue(v)
		if err != nil {
			return importedCapture{}, 0, false, fmt.Errorf("decode capture %x: %w", k, err)
		}
		ic := importedCapture{sc: sc}
		if sc.Digest != "" {
			if dk, err := digestKey(sc.Digest); err == nil {
				ic.body = bytes.Clone(bs.get(bBodies).Get(dk))
			}
		}
		return ic, len(v) + len(ic.body), true, nil
	}
	var batch []importedCapture
	flush := func() error {
		b := batch
		batch = nil
		return db.write(0, func(tx *bolt.Tx) error { return db.addCaptures(tx, b, segs, touched, rep) })
	}
	err = scan(in, bCaptures, nil, load, func(ic importedCapture) error {
		batch = append(batch, ic)
		if len(batch) < mergeChunk {
			return nil
		}
		return flush()
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	return err
}

// addCaptures indexes a batch of source captures in db. It may run again
// if the batch is retried (see write); it changes only copies of batch.
func (db *DB) addCaptures(tx *bolt.Tx, batch []importedCapture, segs map[uint32]uint32, touched map[string]bool, rep *MergeReport) error {
	bs, err := db.openBuckets(tx)
	if err != nil {
		return err
	}
	added, dups := 0, 0
	var urls []string
	for _, ic := range batch {
		sc := *ic.sc
		sc.W = slices.Clone(ic.sc.W)
		if hasCaptureAt(bs, sc.URL, sc) {
			dups++
			continue
		}
		if err := renumber(&sc, segs); err != nil {
			return err
		}
		if err := importBody(bs, sc.Digest, ic.body, segs); err != nil {
			return err
		}
		if sc.Seq, err = bs.get(bCaptures).NextSequence(); err != nil {
			return err
		}
		sc.Version, sc.Revisit = 0, ""
		if err := putCapture(bs, &sc); err != nil {
			return err
		}
		added++
		if versionable(&sc) || notModified(&sc) {
			urls = append(urls, sc.URL)
		}
	}
	rep.Captures += added
	rep.Duplicates += dups
	for _, u := range urls {
		touched[u] = true
	}
	return nil
}

// hasCaptureAt says whether db has a capture of url fetched at the same
// instant as sc: the same capture, merged before.
func hasCaptureAt(bs buckets, url string, sc storedCapture) bool {
	prefix := cat(urlKey(url), timeKey(sc.FetchedAt))
	k, _ := bs.get(bURLCaptures).Cursor().Seek(prefix)
	return k != nil && bytes.HasPrefix(k, prefix)
}

// renumber points sc's WARC records at the copies of their segments.
func renumber(sc *storedCapture, segs map[uint32]uint32) error {
	for i, w := range sc.W {
		n, ok := segs[uint32(w[0])]
		if !ok {
			return fmt.Errorf("capture of %s: segment %d not in the source's segment directory", sc.URL, w[0])
		}
		sc.W[i][0] = int64(n)
	}
	return nil
}

// importBody records where a source body lies, unless db has it already.
func importBody(bs buckets, digest string, v []byte, segs map[uint32]uint32) error {
	if digest == "" || v == nil {
		return nil
	}
	key, err := digestKey(digest)
	if err != nil {
		return err
	}
	if bs.get(bBodies).Get(key) != nil {
		return nil
	}
	if len(v) > 0 && v[0] == codecSegment {
		b, err := decodeBodyLoc(v)
		if err != nil {
			return fmt.Errorf("body %s: %w", digest, err)
		}
		n, ok := segs[b.Loc.Seg]
		if !ok {
			return fmt.Errorf("body %s: segment %d not in the source", digest, b.Loc.Seg)
		}
		b.Loc.Seg = n
		return putBodyLoc(bs, digest, b)
	}
	return putInlineBody(bs, key, v) // a body kept in the index (before segments)
}

func putInlineBody(bs buckets, key, v []byte) error {
	if err := bs.get(bBodies).Put(key, bytes.Clone(v)); err != nil {
		return err
	}
	meta := bs.get(bMeta)
	raw, _ := rawLen(v)
	if err := addCounter(meta, cntBodies, 1); err != nil {
		return err
	}
	if err := addCounter(meta, cntRawBytes, int64(raw)); err != nil {
		return err
	}
	return addCounter(meta, cntStoredBytes, storedLen(v))
}

// mergeRecordsAndRuns saves src's current records (SaveRecord keeps the
// newest capture's current) and copies its runs not yet in db.
func (db *DB) mergeRecordsAndRuns(src string, rep *MergeReport) error {
	in, err := Open(src, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer in.Close()
	var batch []*extract.Record
	err = in.Records(RecordFilter{}, func(r *extract.Record) error {
		batch = append(batch, r)
		rep.Records++
		if len(batch) < mergeChunk {
			return nil
		}
		err := db.saveRecords(batch)
		batch = nil
		return err
	})
	if err == nil && len(batch) > 0 {
		err = db.saveRecords(batch)
	}
	if err != nil {
		return err
	}
	runs, err := in.Runs(0)
	if err != nil {
		return err
	}
	return db.write(0, func(tx *bolt.Tx) error { return importRuns(db, tx, runs, rep) })
}

func importRuns(db *DB, tx *bolt.Tx, runs []capture.Run, rep *MergeReport) error {
	bs, err := db.openBuckets(tx)
	if err != nil {
		return err
	}
	for _, r := range runs {
		results := r.Results
		r.Results = nil
		if bs.get(bRuns).Get([]byte(r.ID)) == nil {
			if err := putJSON(bs.get(bRuns), []byte(r.ID), r); err != nil {
				return err
			}
			rep.Runs++
		}
		// Two workers' runs can share an ID (same second and pid): their
		// sites are joined under it, each site kept once.
		for _, s := range results {
			key := runKey(r.ID, []byte(s.Code))
			if bs.get(bRunSites).Get(key) != nil {
				continue
			}
			if err := putJSON(bs.get(bRunSites), key, s); err != nil {
				return err
			}
		}
	}
	return nil
}
