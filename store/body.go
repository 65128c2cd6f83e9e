package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

func (db *DB) hasBody(digest string) (bool, error) {
	key, err := digestKey(digest)
	if err != nil {
		return false, err
	}
	var has bool
	err = db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err == nil {
			has = bs.get(bBodies).Get(key) != nil
		}
		return err
	})
	return has, err
}

// storedBody copies the stored (compressed) value of a body; nil when absent.
func storedBody(bs buckets, digest string) ([]byte, error) {
	key, err := digestKey(digest)
	if err != nil {
		return nil, err
	}
	v := bs.get(bBodies).Get(key)
	if v == nil {
		return nil, nil
	}
	return append([]byte(nil), v...), nil
}

// Body returns the raw bytes archived under digest (hex SHA-256), or an
// error wrapping ErrNotFound.
func (db *DB) Body(digest string) ([]byte, error) {
	var v []byte
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err == nil {
			v, err = storedBody(bs, digest)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("body %s: %w", digest, err)
	}
	if v == nil {
		return nil, fmt.Errorf("body %s: %w", digest, ErrNotFound)
	}
	key, _ := digestKey(digest)
	raw, err := db.bodyValue(key, v)
	if err != nil {
		return nil, corrupt(db.path, "body %s: %v", digest, err)
	}
	return raw, nil
}

// loadedCapture is a capture's metadata with its stored body, copied out of
// a transaction; materialize decompresses it outside.
type loadedCapture struct {
	sc     *storedCapture
	stored []byte
	digest string
}

func loadCapture(bs buckets, v []byte, withRevisit bool) (*loadedCapture, error) {
	sc, err := decodeCaptureValue(v)
	if err != nil {
		return nil, fmt.Errorf("decode capture: %w", err)
	}
	lc := &loadedCapture{sc: sc, digest: sc.Digest}
	if lc.digest == "" && withRevisit {
		lc.digest = sc.Revisit
	}
	if lc.digest == "" {
		return lc, nil
	}
	if lc.stored, err = storedBody(bs, lc.digest); err != nil {
		return nil, err
	}
	if lc.stored == nil {
		return nil, fmt.Errorf("capture %d: body %s: %w", sc.Seq, lc.digest, ErrNotFound)
	}
	return lc, nil
}

func (db *DB) materialize(lc *loadedCapture) (*capture.Capture, error) {
	c := lc.sc.toCapture()
	if lc.stored == nil {
		return c, nil
	}
	key, _ := digestKey(lc.digest)
	raw, err := db.bodyValue(key, lc.stored)
	if err != nil {
		return nil, corrupt(db.path, "body %s of capture %d: %v", lc.digest, lc.sc.Seq, err)
	}
	c.Body = raw
	return c, nil
}

// RunCapture returns the last capture of url saved while run runID was
// active, with Body filled. For a 304 the Body is that of the version the
// 304 confirmed, so a resumed run can replay it.
func (db *DB) RunCapture(runID, url string) (*capture.Capture, bool, error) {
	var lc *loadedCapture
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		seq := bs.get(bRunCaptures).Get(runKey(runID, urlKey(url)))
		if seq == nil {
			return nil
		}
		v := bs.get(bCaptures).Get(seq)
		if v == nil {
			return corrupt(db.path, "run %s: capture of %s is missing", runID, url)
		}
		lc, err = loadCapture(bs, v, true)
		return err
	})
	if err != nil || lc == nil {
		return nil, false, wrapf(err, "run capture %s %s", runID, url)
	}
	c, err := db.materialize(lc)
	if err != nil {
		return nil, false, err
	}
	return c, true, nil
}

// Captures calls fn for every capture in the order they were archived
// (which is fetch order), with Body filled; a 304 has no Body. It reads in
// chunks, so fn may run for a long time and may write to the archive.
func (db *DB) Captures(fn func(*capture.Capture) error) error {
	load := func(bs buckets, k, v []byte) (*loadedCapture, int, bool, error) {
		lc, err := loadCapture(bs, v, false)
		if err != nil {
			return nil, 0, false, err
		}
		return lc, len(v) + len(lc.stored), true, nil
	}
	err := scan(db, bCaptures, nil, load, func(lc *loadedCapture) error {
		c, err := db.materialize(lc)
		if err != nil {
			return err
		}
		return fn(c)
	})
	return wrapf(err, "captures")
}

func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
