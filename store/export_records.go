package store

import (
	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// SegmentCaptures calls fn for every capture in archive order, without
// its body, with a function returning its WARC records as stored (gzip
// members in the order written; nil for a capture archived before
// segments, which `nianbao migrate` moves). It reads in chunks like
// Captures.
func (db *DB) SegmentCaptures(fn func(c *capture.Capture, records func() ([][]byte, error)) error) error {
	load := func(_ buckets, _, v []byte) (*storedCapture, int, bool, error) {
		sc, err := decodeCaptureValue(v)
		return sc, len(v), err == nil, err
	}
	err := scan(db, bCaptures, nil, load, func(sc *storedCapture) error {
		return fn(sc.toCapture(), func() ([][]byte, error) { return db.members(sc) })
	})
	return wrapf(err, "segment captures")
}

func (db *DB) members(sc *storedCapture) ([][]byte, error) {
	if len(sc.W) == 0 {
		return nil, nil
	}
	out := make([][]byte, 0, len(sc.W))
	for _, w := range sc.W {
		m, err := db.segr.Member(segment.Loc{Seg: uint32(w[0]), Off: w[1], Len: w[2]})
		if err != nil {
			return nil, corrupt(db.path, "capture %d: %v", sc.Seq, err)
		}
		out = append(out, m)
	}
	return out, nil
}
