package store

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// SaveCapture archives one fetch: its WARC records (request, response or
// revisit, metadata; redirect hops first) appended to the current segment,
// then, once those bytes are durable, the index: the body's location
// (recorded once per digest: a body already archived gets a revisit
// record), the metadata, and the URL's version history. Only a complete
// 2xx response (Outcome ok, not truncated, non-empty body) can become a
// version of its URL: a new version is added when its digest differs from
// the current one; an identical body or a 304 only updates the check time
// (and validators). Error pages, challenges and truncated bodies are
// archived but never replace the current version. A returned Saved is
// committed.
func (db *DB) SaveCapture(c *capture.Capture) (capture.Saved, error) {
	if c == nil || c.URL == "" {
		return capture.Saved{}, errors.New("save capture: no URL")
	}
	var digest string
	if len(c.Body) > 0 {
		digest = c.Digest()
	}
	ref, err := db.revisitOf(c, digest)
	if err != nil {
		return capture.Saved{}, fmt.Errorf("save capture %s: %w", c.URL, err)
	}
	built, err := segment.Exchange(c, ref)
	if err != nil {
		return capture.Saved{}, fmt.Errorf("save capture %s: %w", c.URL, err)
	}
	sc := newStoredCapture(c, digest, db.currentRun())
	var saved capture.Saved
	err = db.writeRecords(built.Size(), built.Members, func(tx *bolt.Tx, locs []segment.Loc) error {
		var err error
		saved, err = db.saveCaptureTx(tx, sc, len(c.Body), built, ref == nil, locs)
		return err
	})
	if err != nil {
		return capture.Saved{}, fmt.Errorf("save capture %s: %w", c.URL, err)
	}
	return saved, nil
}

func (db *DB) saveCaptureTx(tx *bolt.Tx, sc *storedCapture, size int, built *segment.Built, full bool, locs []segment.Loc) (capture.Saved, error) {
	bs, err := db.openBuckets(tx)
	if err != nil {
		return capture.Saved{}, err
	}
	sc.setRecords(locs, built.Main)
	if sc.Digest != "" && full && built.Main >= 0 {
		b := bodyLoc{RawLen: uint64(size), Loc: locs[built.Main], Coded: built.Coded, Date: sc.FetchedAt,
			URI: sc.target(), PayloadDigest: built.PayloadDigest}
		if err := putBodyLoc(bs, sc.Digest, b); err != nil {
			return capture.Saved{}, err
		}
	}
	seq, err := bs.get(bCaptures).NextSequence()
	if err != nil {
		return capture.Saved{}, err
	}
	sc.Seq, sc.Version, sc.Revisit = seq, 0, ""
	saved, err := updateURL(bs, sc)
	if err != nil {
		return capture.Saved{}, err
	}
	if err := putCapture(bs, sc); err != nil {
		return capture.Saved{}, err
	}
	return saved, nil
}

// putBodyLoc indexes a body's response record unless the body is indexed
// already; a body still held in the index file (from before segments) is
// repointed to the segment.
func putBodyLoc(bs buckets, digest string, b bodyLoc) error {
	key, err := digestKey(digest)
	if err != nil {
		return err
	}
	bodies, meta := bs.get(bBodies), bs.get(bMeta)
	old := bodies.Get(key)
	if len(old) > 0 && old[0] == codecSegment {
		return nil
	}
	v := encodeBodyLoc(b)
	if err := bodies.Put(key, v); err != nil {
		return fmt.Errorf("put body: %w", err)
	}
	if old != nil {
		return addCounter(meta, cntStoredBytes, b.Loc.Len-int64(len(old)))
	}
	if err := addCounter(meta, cntBodies, 1); err != nil {
		return err
	}
	if err := addCounter(meta, cntRawBytes, int64(b.RawLen)); err != nil {
		return err
	}
	return addCounter(meta, cntStoredBytes, b.Loc.Len)
}

func putCapture(bs buckets, sc *storedCapture) error {
	v, err := encodeCaptureValue(sc)
	if err != nil {
		return fmt.Errorf("encode capture: %w", err)
	}
	seqKey := u64(sc.Seq)
	if err := bs.get(bCaptures).Put(seqKey, v); err != nil {
		return fmt.Errorf("put capture: %w", err)
	}
	uk := urlKey(sc.URL)
	if err := bs.get(bURLCaptures).Put(cat(uk, timeKey(sc.FetchedAt), seqKey), nil); err != nil {
		return fmt.Errorf("put capture index: %w", err)
	}
	if sc.Run != "" {
		if err := bs.get(bRunCaptures).Put(runKey(sc.Run, uk), seqKey); err != nil {
			return fmt.Errorf("put run capture: %w", err)
		}
	}
	return addCounter(bs.get(bMeta), cntCaptures, 1)
}

// versionable: only a complete successful response may become the current
// version of its URL.
func versionable(sc *storedCapture) bool {
	return sc.Digest != "" && !sc.Truncated && sc.Status >= 200 && sc.Status < 300 &&
		(sc.Outcome == capture.OutcomeOK || sc.Outcome == "")
}

func notModified(sc *storedCapture) bool {
	return sc.Status == 304 || sc.Outcome == capture.OutcomeNotModified
}

// updateURL applies a capture to its URL's state and version list.
func updateURL(bs buckets, sc *storedCapture) (capture.Saved, error) {
	saved := capture.Saved{Digest: sc.Digest}
	if !versionable(sc) && !notModified(sc) {
		return saved, markWithdrawn(bs, sc)
	}
	uk := urlKey(sc.URL)
	st, err := getURLState(bs, uk)
	if err != nil {
		return saved, err
	}
	switch {
	case notModified(sc):
		if st == nil {
			return saved, nil
		}
		sc.Revisit = st.Digest
		saved.Digest = ""
	case st == nil || st.Digest != sc.Digest:
		if st == nil {
			st = &urlState{URL: sc.URL}
			if err := addCounter(bs.get(bMeta), cntURLs, 1); err != nil {
				return saved, err
			}
		}
		if err := addVersion(bs, uk, st, sc); err != nil {
			return saved, err
		}
		saved.Version, saved.New, saved.Changed = st.Versions, st.Versions == 1, st.Versions > 1
	}
	st.CheckedAt, st.Withdrawn = sc.FetchedAt, time.Time{} // answering again: no longer withdrawn
	st.FinalURL = ""
	if sc.FinalURL != sc.URL {
		st.FinalURL = sc.FinalURL
	}
	if et := sc.Header.Get("ETag"); et != "" || sc.Version > 0 {
		st.ETag = et
	}
	if lm := sc.Header.Get("Last-Modified"); lm != "" || sc.Version > 0 {
		st.LastModified = lm
	}
	return saved, putJSON(bs.get(bURLs), uk, st)
}

func addVersion(bs buckets, uk []byte, st *urlState, sc *storedCapture) error {
	st.Versions++
	st.Digest, st.FetchedAt, st.Kind, st.Capture, st.IsReport = sc.Digest, sc.FetchedAt, sc.Kind, sc.Seq, false
	sc.Version = st.Versions
	ve := versionEntry{Version: st.Versions, Digest: sc.Digest, FetchedAt: sc.FetchedAt, Capture: sc.Seq}
	if err := putJSON(bs.get(bVersions), cat(uk, u32(uint32(st.Versions))), ve); err != nil {
		return err
	}
	dk, err := digestKey(sc.Digest)
	if err != nil {
		return err
	}
	return bs.get(bBodyRefs).Put(cat(dk, uk), nil)
}

func getURLState(bs buckets, uk []byte) (*urlState, error) {
	v := bs.get(bURLs).Get(uk)
	if v == nil {
		return nil, nil
	}
	st := &urlState{}
	if err := unmarshalValue(v, st); err != nil {
		return nil, fmt.Errorf("decode url state: %w", err)
	}
	return st, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := marshalValue(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// Prior returns what is known of url: the zero Prior when it has no version.
func (db *DB) Prior(url string) (capture.Prior, error) {
	var p capture.Prior
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		st, err := getURLState(bs, urlKey(url))
		if err != nil || st == nil {
			return err
		}
		p = capture.Prior{Known: true, ETag: st.ETag, LastModified: st.LastModified, Digest: st.Digest,
			FetchedAt: st.FetchedAt, CheckedAt: st.CheckedAt, Kind: st.Kind, IsReport: st.IsReport, FinalURL: st.FinalURL,
			Versions: st.Versions, Published: st.Published}
		return nil
	})
	if err != nil {
		return capture.Prior{}, fmt.Errorf("prior %s: %w", url, err)
	}
	return p, nil
}

// Versions lists url's distinct bodies, oldest first; nil when none.
func (db *DB) Versions(url string) ([]VersionInfo, error) {
	var out []VersionInfo
	uk := urlKey(url)
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		c := bs.get(bVersions).Cursor()
		for k, v := c.Seek(uk); k != nil && bytes.HasPrefix(k, uk); k, v = c.Next() {
			var ve versionEntry
			if err := unmarshalValue(v, &ve); err != nil {
				return fmt.Errorf("decode version: %w", err)
			}
			out = append(out, VersionInfo{Version: ve.Version, Digest: ve.Digest, FetchedAt: ve.FetchedAt})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("versions %s: %w", url, err)
	}
	return out, nil
}
