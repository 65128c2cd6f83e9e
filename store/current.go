package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

// CurrentCapture returns the capture of url's current version (its latest
// distinct body), with Body filled from the archive; ok is false when the
// archive holds no version of url. It only reads, so it works on a
// snapshot (OpenReader) while a crawl writes.
func (db *DB) CurrentCapture(url string) (c *capture.Capture, ok bool, err error) {
	var lc *loadedCapture
	err = db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		st, err := getURLState(bs, urlKey(url))
		if err != nil || st == nil {
			return err
		}
		v := bs.get(bCaptures).Get(u64(st.Capture))
		if v == nil {
			return corrupt(db.path, "current capture %d of %s is missing", st.Capture, url)
		}
		lc, err = loadCapture(bs, v, false)
		return err
	})
	if err != nil || lc == nil {
		return nil, false, wrapf(err, "current capture of %s", url)
	}
	if c, err = db.materialize(lc); err != nil {
		return nil, false, wrapf(err, "current capture of %s", url)
	}
	return c, true, nil
}
