package store

import (
	"errors"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// segments reads every WARC segment the index covers, member by member:
// each must decompress whole (gzip CRC) and parse with its block and payload
// digests right. It names a missing segment, damage inside one, and an
// index position past a segment's end, and keeps the members found so
// captures can be checked against them.
func (v *verifier) segments() {
	var pos segPos
	_ = v.db.view(func(tx *bolt.Tx) error { pos = getSegPos(tx.Bucket(bMeta)); return nil })
	dir, prefix := v.db.SegmentDir(), v.db.SegmentPrefix()
	listed, err := segment.List(dir, prefix)
	if err != nil {
		v.problem("segments: %v", err)
		return
	}
	last := pos.Seg
	for _, s := range listed {
		last = max(last, s)
	}
	v.members, v.scanned = map[segment.Loc]bool{}, map[uint32]int64{}
	for s := uint32(1); s <= last; s++ {
		v.segment(filepath.Join(dir, segment.FileName(prefix, s)), s, pos)
	}
}

func (v *verifier) segment(path string, s uint32, pos segPos) {
	fi, err := os.Stat(path)
	if err != nil {
		if s <= pos.Seg {
			v.problem("segment %s is missing: %v", path, err)
		}
		return
	}
	v.r.Segments++
	v.r.SegmentBytes += fi.Size()
	v.scanned[s] = fi.Size()
	end, err := segment.Scan(path, s, 0, func(loc segment.Loc, raw []byte) error {
		v.members[loc] = true
		v.r.WARCRecords++
		if _, perr := segment.Parse(raw); perr != nil {
			v.problem("segment %s: record at offset %d: %v", path, loc.Off, perr)
		}
		return nil
	})
	indexedEnd := fi.Size()
	if s == pos.Seg {
		indexedEnd = pos.End
	}
	switch {
	case s == pos.Seg && fi.Size() < pos.End:
		v.problem("segment %s is truncated: %d bytes, the index points up to %d", path, fi.Size(), pos.End)
	case err != nil && errors.Is(err, segment.ErrTail) && end < indexedEnd:
		v.problem("segment %s is damaged at offset %d (records after it unreadable): %v", path, end, err)
	case err != nil && !errors.Is(err, segment.ErrTail):
		v.problem("segment %s: %v", path, err)
	}
}

// captureRecords says which of a capture's WARC records are not whole
// members of their segment ("" when all are, or segments were not read).
func (v *verifier) captureRecords(sc *storedCapture) string {
	if v.members == nil {
		return ""
	}
	for _, w := range sc.W {
		loc := segment.Loc{Seg: uint32(w[0]), Off: w[1], Len: w[2]}
		if end, ok := v.scanned[loc.Seg]; !ok && loc.Seg > v.lastScanned() || ok && loc.End() > end {
			continue // written after the segment was read (verify during a crawl)
		}
		if !v.members[loc] {
			return "WARC record " + loc.String() + " is not a readable record of its segment"
		}
	}
	return ""
}

func (v *verifier) lastScanned() uint32 {
	last := uint32(0)
	for s := range v.scanned {
		last = max(last, s)
	}
	return last
}

// segmentFiles is VerifyQuick's segment check: every segment up to the
// indexed position exists, and the last is at least as long as indexed.
func (v *verifier) segmentFiles() {
	var pos segPos
	_ = v.db.view(func(tx *bolt.Tx) error { pos = getSegPos(tx.Bucket(bMeta)); return nil })
	dir, prefix := v.db.SegmentDir(), v.db.SegmentPrefix()
	for s := uint32(1); s <= pos.Seg; s++ {
		path := filepath.Join(dir, segment.FileName(prefix, s))
		fi, err := os.Stat(path)
		switch {
		case err != nil:
			v.problem("segment %s is missing: %v", path, err)
		case s == pos.Seg && fi.Size() < pos.End:
			v.problem("segment %s is truncated: %d bytes, the index points up to %d", path, fi.Size(), pos.End)
		default:
			v.r.Segments++
			v.r.SegmentBytes += fi.Size()
		}
	}
}

// bodyCount counts bodies and their sizes from the index alone.
func (v *verifier) bodyCount() {
	walk(v, bBodies, copyKV, func(e kv) {
		v.r.Bodies++
		v.r.StoredBytes += storedLen(e.v)
		if n, ok := rawLen(e.v); ok {
			v.r.RawBytes += int64(n)
		} else {
			v.problem("body %x: damaged value", e.k)
		}
	})
}
