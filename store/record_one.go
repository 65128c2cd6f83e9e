package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/extract"
)

// Record returns the current record of url (the record's final URL, its
// key in the records bucket). It wraps ErrNotFound when there is none.
func (db *DB) Record(url string) (*extract.Record, error) {
	var rec *extract.Record
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		sr, err := getRecord(bs.get(bRecords).Get(urlKey(url)))
		if err != nil || sr == nil {
			return err
		}
		rec = sr.Record
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", url, err)
	}
	if rec == nil {
		return nil, fmt.Errorf("record %s: %w", url, ErrNotFound)
	}
	return rec, nil
}

// RecordHistory returns the superseded records of url, oldest first (the
// current one is Record's); nil when the record never changed.
func (db *DB) RecordHistory(url string) ([]*extract.Record, error) {
	var out []*extract.Record
	uk := urlKey(url)
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		c := bs.get(bRecordVersions).Cursor()
		for k, v := c.Seek(uk); k != nil && bytes.HasPrefix(k, uk); k, v = c.Next() {
			sr, err := getRecord(v)
			if err != nil {
				return err
			}
			out = append(out, sr.Record)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record history %s: %w", url, err)
	}
	return out, nil
}
