package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/store/segment"
)

// MergeReport says what Merge did.
type MergeReport struct {
	SegmentsCopied int // WARC segments copied beside the output
	SegmentsKnown  int // segments merged before (same SHA-256), not copied again
	Captures       int // captures added to the index
	Duplicates     int // captures already in the output (same URL and fetch time)
	URLs           int // URLs whose versions were re-derived
	Records        int // records offered to the output (SaveRecord keeps the newest)
	Runs           int // run records added
}

// mergedKey (bucket meta) + a segment's SHA-256 → the output segment
// number it was copied to: a segment is copied once however often its
// archive is merged.
const mergedKey = "merged_segment:"

// Merge folds the archives at srcs (workers of one cluster run, say) into
// the archive at out, creating it if needed. Their WARC segments are copied
// byte for byte beside out under out's next segment numbers, never
// rewritten; their index entries are added pointing at the copies. Merging
// an archive twice changes nothing: a segment is recognised by its SHA-256,
// a capture by its URL and fetch time. A body already in out (same digest)
// is stored once. Each URL's versions are then re-derived from all its
// captures in fetch-time order, whichever archive they came from, and
// records are saved through SaveRecord, which keeps the record of the
// newest capture current. Run records are copied. Nothing may write to out
// or srcs meanwhile.
func Merge(out string, srcs []string) (MergeReport, error) {
	var rep MergeReport
	maps, err := copySegments(out, srcs, &rep)
	if err != nil {
		return rep, err
	}
	db, err := Open(out, Options{})
	if err != nil {
		return rep, err
	}
	defer db.Close()
	touched := map[string]bool{}
	for i, src := range srcs {
		if err := db.mergeIndex(src, maps[i], touched, &rep); err != nil {
			return rep, fmt.Errorf("merge %s: %w", src, err)
		}
	}
	if err := db.rederiveURLs(touched, &rep); err != nil {
		return rep, err
	}
	for _, src := range srcs {
		if err := db.mergeRecordsAndRuns(src, &rep); err != nil {
			return rep, fmt.Errorf("merge %s: %w", src, err)
		}
	}
	return rep, db.Close()
}

// copySegments copies every source's segments beside out (those not
// merged before), then records, in one transaction of out's index, where
// they went and that the index now extends to the last of them, so opening
// out keeps them. It returns, per source, source segment → out segment.
func copySegments(out string, srcs []string, rep *MergeReport) ([]map[uint32]uint32, error) {
	db, err := Open(out, Options{})
	if err != nil {
		return nil, err
	}
	dir, prefix := db.SegmentDir(), db.SegmentPrefix()
	var pos segPos
	known := map[string]uint32{}
	err = db.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		pos = getSegPos(meta)
		c := meta.Cursor()
		for k, v := c.Seek([]byte(mergedKey)); k != nil && len(k) > len(mergedKey) && string(k[:len(mergedKey)]) == mergedKey; k, v = c.Next() {
			known[string(k[len(mergedKey):])] = be32(v)
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	mine, err := segment.List(dir, prefix)
	if err != nil {
		return nil, err
	}
	next := pos.Seg
	for _, s := range mine {
		next = max(next, s)
	}
	c := &segCopier{dir: dir, prefix: prefix, next: next, known: known, added: map[string]uint32{}}
	maps := make([]map[uint32]uint32, len(srcs))
	for i, src := range srcs {
		if maps[i], err = c.copyFrom(src, rep); err != nil {
			return nil, fmt.Errorf("merge %s: %w", src, err)
		}
	}
	return maps, c.commit(out)
}

type segCopier struct {
	dir, prefix string
	next        uint32
	last        uint32 // highest segment copied in this merge
	known       map[string]uint32
	added       map[string]uint32
}

func (c *segCopier) copyFrom(src string, rep *MergeReport) (map[uint32]uint32, error) {
	in, err := Open(src, Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	sdir, sprefix := in.SegmentDir(), in.SegmentPrefix()
	in.Close()
	segs, err := segment.List(sdir, sprefix)
	if err != nil {
		return nil, err
	}
	m := map[uint32]uint32{}
	for _, s := range segs {
		path := filepath.Join(sdir, segment.FileName(sprefix, s))
		sum, err := fileSHA256(path)
		if err != nil {
			return nil, err
		}
		if n, ok := c.known[sum]; ok {
			m[s] = n
			rep.SegmentsKnown++
			continue
		}
		c.next++
		if err := copyFileSync(path, filepath.Join(c.dir, segment.FileName(c.prefix, c.next))); err != nil {
			return nil, err
		}
		m[s], c.known[sum], c.added[sum], c.last = c.next, c.next, c.next, c.next
		rep.SegmentsCopied++
	}
	return m, nil
}

// commit records the copies in out's index: the SHA-256 of each and the
// new indexed position (the end of the last copy), so the next open
// neither removes them nor writes into a segment before them.
func (c *segCopier) commit(out string) error {
	if len(c.added) == 0 {
		return nil
	}
	fi, err := os.Stat(filepath.Join(c.dir, segment.FileName(c.prefix, c.last)))
	if err != nil {
		return err
	}
	b, err := bolt.Open(out, 0o644, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return fmt.Errorf("merge: open %s: %w", out, err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		for sum, n := range c.added {
			if err := meta.Put([]byte(mergedKey+sum), u32(n)); err != nil {
				return err
			}
		}
		return putSegPos(meta, segPos{Seg: c.last, End: fi.Size()})
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	return err
}

func be32(v []byte) uint32 {
	if len(v) != 4 {
		return 0
	}
	return uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// copyFileSync copies src to dst (which must not exist) and makes it durable.
func copyFileSync(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("copy segment: %w", err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("copy segment %s: %w", src, err)
	}
	return nil
}
