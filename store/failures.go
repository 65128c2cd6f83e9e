package store

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

// bFailures remembers URLs whose last fetches failed transiently (url key →
// capture.Failure), so the crawler retries them with backoff across runs.
// Created on first use.
var bFailures = []byte("failures")

// Failure returns what is remembered of url's failures, if anything.
func (db *DB) Failure(url string) (capture.Failure, bool, error) {
	var f capture.Failure
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bFailures)
		if b == nil {
			return nil
		}
		v := b.Get(urlKey(url))
		if v == nil {
			return nil
		}
		ok = true
		return unmarshalValue(v, &f)
	})
	return f, ok, wrapf(err, "failure of %s", url)
}

// NoteFailure remembers (or replaces) the failure state of f.URL.
func (db *DB) NoteFailure(f capture.Failure) error {
	err := db.write(256, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bFailures)
		if err != nil {
			return err
		}
		return putJSON(b, urlKey(f.URL), f)
	})
	return wrapf(err, "note failure of %s", f.URL)
}

// ClearFailure forgets url's failures (it was fetched).
func (db *DB) ClearFailure(url string) error {
	err := db.write(0, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bFailures); b != nil {
			return b.Delete(urlKey(url))
		}
		return nil
	})
	return wrapf(err, "clear failure of %s", url)
}

// Failures lists the remembered failures, the longest-failing first.
func (db *DB) Failures() ([]capture.Failure, error) {
	var out []capture.Failure
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bFailures)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var f capture.Failure
			if err := unmarshalValue(v, &f); err != nil {
				return fmt.Errorf("decode failure %x: %w", k, err)
			}
			out = append(out, f)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].URL < out[j].URL
	})
	return out, wrapf(err, "failures")
}
