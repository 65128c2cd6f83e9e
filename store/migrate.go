package store

import (
	"errors"
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// MigrateReport is what MigrateToSegments did.
type MigrateReport struct {
	Captures  int   // captures given WARC records
	Bodies    int   // bodies moved out of the index file
	BodyBytes int64 // their raw size
	Left      int   // bodies still in the index file afterwards (none when all went well)
}

// LegacyCaptures counts the captures archived before segments: their
// exchanges have no WARC records and their bodies live in the index file.
func (db *DB) LegacyCaptures() (int, error) {
	n := 0
	err := scan(db, bCaptures, nil, func(_ buckets, _, v []byte) (bool, int, bool, error) {
		sc, err := decodeCaptureValue(v)
		return err == nil && len(sc.W) == 0, len(v), true, err
	}, func(legacy bool) error {
		if legacy {
			n++
		}
		return nil
	})
	return n, wrapf(err, "count captures to migrate")
}

// MigrateToSegments gives every capture archived before segments its WARC
// records (rebuilt from the stored metadata and body: request, response or
// revisit, metadata; headers in sorted order, as the order was not kept)
// and repoints its body to the segment, in archive order. Each body is read
// back from its segment and checked against its digest before the index
// names it. Space the bodies took in the index file is reclaimed by Compact.
func (db *DB) MigrateToSegments(progress io.Writer) (MigrateReport, error) {
	var rep MigrateReport
	if progress == nil {
		progress = io.Discard
	}
	load := func(_ buckets, _, v []byte) (*storedCapture, int, bool, error) {
		sc, err := decodeCaptureValue(v)
		return sc, len(v), err == nil && len(sc.W) == 0, err
	}
	err := scan(db, bCaptures, nil, load, func(sc *storedCapture) error {
		moved, n, err := db.migrateCapture(sc)
		if err != nil {
			return fmt.Errorf("capture %d (%s): %w", sc.Seq, sc.URL, err)
		}
		rep.Captures++
		if moved {
			rep.Bodies++
			rep.BodyBytes += int64(n)
		}
		if rep.Captures%1000 == 0 {
			fmt.Fprintf(progress, "migrated %d captures, %d bodies\n", rep.Captures, rep.Bodies)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("migrate %s: %w", db.path, err)
	}
	rep.Left, err = db.bodiesInIndex()
	return rep, err
}

// migrateCapture writes one legacy capture's records and indexes them.
func (db *DB) migrateCapture(sc *storedCapture) (moved bool, size int, err error) {
	c := sc.toCapture()
	if sc.Digest != "" {
		if c.Body, err = db.Body(sc.Digest); err != nil {
			return false, 0, err
		}
	}
	ref, err := db.revisitOf(c, sc.Digest)
	if err != nil {
		return false, 0, err
	}
	built, err := segment.Exchange(c, ref)
	if err != nil {
		return false, 0, err
	}
	full := ref == nil && sc.Digest != "" && built.Main >= 0
	err = db.writeRecords(built.Size(), built.Members, func(tx *bolt.Tx, locs []segment.Loc) error {
		if full {
			if err := db.checkMoved(locs[built.Main], built.Coded, sc.Digest); err != nil {
				return err
			}
		}
		return db.migrateTx(tx, sc, c, built, full, locs)
	})
	return full, len(c.Body), err
}

// checkMoved reads a moved body back from its segment before it is indexed.
func (db *DB) checkMoved(loc segment.Loc, coded bool, digest string) error {
	key, err := digestKey(digest)
	if err != nil {
		return err
	}
	body, err := db.segmentBody(bodyLoc{Loc: loc, Coded: coded})
	if err != nil {
		return fmt.Errorf("read back from %v: %w", loc, err)
	}
	return checkDigest(key, body)
}

func (db *DB) migrateTx(tx *bolt.Tx, sc *storedCapture, c *capture.Capture, built *segment.Built, full bool, locs []segment.Loc) error {
	bs, err := db.openBuckets(tx)
	if err != nil {
		return err
	}
	cur, err := decodeCaptureValue(bs.get(bCaptures).Get(u64(sc.Seq)))
	if err != nil {
		return err
	}
	cur.setRecords(locs, built.Main)
	if full {
		b := bodyLoc{RawLen: uint64(len(c.Body)), Loc: locs[built.Main], Coded: built.Coded, Date: sc.FetchedAt,
			URI: sc.target(), PayloadDigest: built.PayloadDigest}
		if err := putBodyLoc(bs, sc.Digest, b); err != nil {
			return err
		}
	}
	v, err := encodeCaptureValue(cur)
	if err != nil {
		return err
	}
	return bs.get(bCaptures).Put(u64(sc.Seq), v)
}

// bodiesInIndex counts bodies still held in the index file.
func (db *DB) bodiesInIndex() (int, error) {
	n := 0
	err := scan(db, bBodies, nil, func(_ buckets, _, v []byte) (bool, int, bool, error) {
		return len(v) > 0 && v[0] != codecSegment, 1, true, nil
	}, func(in bool) error {
		if in {
			n++
		}
		return nil
	})
	return n, err
}

// Backup writes a consistent copy of the index file to path, which must
// not exist.
func (db *DB) Backup(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = db.view(func(tx *bolt.Tx) error { _, err := tx.WriteTo(f); return err })
	err = errors.Join(err, f.Sync(), f.Close())
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("backup %s to %s: %w", db.path, path, err)
	}
	return nil
}
