package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// segPosKey (bucket meta) is the segment number and length the index
// covers: 4 + 8 bytes big-endian. It is written in the same transaction as
// the index entries of the records appended before it, so every byte past
// it was never indexed.
var segPosKey = []byte("seg_pos")

type segPos struct {
	Seg uint32
	End int64
}

func getSegPos(meta *bolt.Bucket) segPos {
	v := meta.Get(segPosKey)
	if len(v) != 12 {
		return segPos{}
	}
	return segPos{Seg: binary.BigEndian.Uint32(v), End: int64(binary.BigEndian.Uint64(v[4:]))}
}

func putSegPos(meta *bolt.Bucket, p segPos) error {
	return meta.Put(segPosKey, binary.BigEndian.AppendUint64(u32(p.Seg), uint64(p.End)))
}

// segPrefixKey (bucket meta) is the segments' file name prefix, fixed when
// the archive is created, so a copy of the index under another name (a
// compacted file) still names the same files.
var segPrefixKey = []byte("seg_prefix")

// SegmentDir is the directory of the archive's WARC segments: beside the
// index, named after it (nianbao.db: nianbao.warcs).
func (db *DB) SegmentDir() string {
	if db.base != "" {
		return segment.Dir(db.base)
	}
	return segment.Dir(db.path)
}

// SegmentPrefix is the file name prefix of the archive's segments.
func (db *DB) SegmentPrefix() string { return db.segPrefix }

// loadPrefix reads the segment prefix, recording it on first use.
func (db *DB) loadPrefix() error {
	db.segPrefix = segment.Prefix(db.path)
	if db.base != "" {
		db.segPrefix = segment.Prefix(db.base)
	}
	var have bool
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(segPrefixKey); len(v) > 0 {
			db.segPrefix, have = string(v), true
		}
		return nil
	})
	if err != nil || have || db.readOnly {
		return err
	}
	return db.updateDirect(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(segPrefixKey, []byte(db.segPrefix))
	})
}

// linkSegments makes a copy of the index at dst find this archive's
// segments: dst's segment directory becomes a symbolic link to them.
func (db *DB) linkSegments(dst string) error {
	src, to := db.SegmentDir(), segment.Dir(dst)
	if _, err := os.Stat(src); err != nil {
		return nil // no segments yet
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	if ato, _ := filepath.Abs(to); ato == abs {
		return nil
	}
	if _, err := os.Lstat(to); err == nil {
		return nil
	}
	if err := os.Symlink(abs, to); err != nil {
		return fmt.Errorf("link %s to the segments %s: %w", to, abs, err)
	}
	return nil
}

// Repaired says what Open did to the segments' tail, "" when nothing.
func (db *DB) Repaired() string { return db.repaired }

// openSegments prepares reading and, for a read-write open, repairs the
// tail and opens the writer.
func (db *DB) openSegments(opt Options) error {
	if err := db.loadPrefix(); err != nil {
		return err
	}
	dir, prefix := db.SegmentDir(), db.SegmentPrefix()
	db.segr = segment.NewReader(dir, prefix)
	if db.readOnly {
		return nil
	}
	var pos segPos
	if err := db.view(func(tx *bolt.Tx) error { pos = getSegPos(tx.Bucket(bMeta)); return nil }); err != nil {
		return err
	}
	segs, err := segment.List(dir, prefix)
	if err != nil {
		return err
	}
	seg, end, err := db.repairTail(dir, prefix, pos, segs)
	if err != nil {
		return fmt.Errorf("open segments of %s: %w", db.path, err)
	}
	db.segw, err = segment.OpenWriter(dir, prefix, seg, end, segment.WriterOptions{
		MaxSize: opt.SegmentSize, NoSync: opt.NoSync, Info: warcinfo})
	return err
}

// repairTail removes what lies past the indexed position: whole segments
// after it and the tail of its segment (interrupted appends, never
// acknowledged). It returns where the writer continues; end -1 means start
// a new segment after seg. Nothing the index names is ever removed: a
// segment shorter than the index says is left as it is for verify to name.
func (db *DB) repairTail(dir, prefix string, pos segPos, segs []uint32) (uint32, int64, error) {
	var notes []string
	highest := uint32(0)
	for _, s := range segs {
		highest = max(highest, s)
		if pos.Seg == 0 || s <= pos.Seg {
			continue
		}
		path := filepath.Join(dir, segment.FileName(prefix, s))
		if err := os.Remove(path); err != nil {
			return 0, 0, err
		}
		notes = append(notes, fmt.Sprintf("removed %s (written after the last indexed record)", path))
	}
	defer func() { db.repaired = joinNotes(notes) }()
	if pos.Seg == 0 {
		return highest, -1, nil // nothing indexed in segments: never touch what is there
	}
	path := filepath.Join(dir, segment.FileName(prefix, pos.Seg))
	fi, err := os.Stat(path)
	switch {
	case err != nil || fi.Size() < pos.End:
		notes = append(notes, fmt.Sprintf("%s is missing or shorter than indexed; new records go to a new segment (run verify)", path))
		return max(highest, pos.Seg), -1, nil
	case fi.Size() == pos.End:
		return pos.Seg, pos.End, nil
	}
	n := 0
	_, serr := segment.Scan(path, pos.Seg, pos.End, func(segment.Loc, []byte) error { n++; return nil })
	if err := truncateSync(path, pos.End); err != nil {
		return 0, 0, err
	}
	msg := fmt.Sprintf("%s: cut %d bytes after the last indexed record (%d whole unindexed record(s)", path, fi.Size()-pos.End, n)
	if serr != nil {
		msg += " and a partial one"
	}
	notes = append(notes, msg+"; an interrupted write, never acknowledged)")
	return pos.Seg, pos.End, nil
}

func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = errors.Join(f.Truncate(size), f.Sync(), f.Close())
	if err != nil {
		return fmt.Errorf("repair %s: %w", path, err)
	}
	return nil
}

func joinNotes(notes []string) string {
	out := ""
	for i, n := range notes {
		if i > 0 {
			out += "; "
		}
		out += n
	}
	return out
}

func (db *DB) closeSegments() error {
	var errs []error
	if db.segw != nil {
		errs = append(errs, db.segw.Close())
	}
	if db.segr != nil {
		errs = append(errs, db.segr.Close())
	}
	return errors.Join(errs...)
}
