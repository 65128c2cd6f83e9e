package main

import (
	"fmt"
	"time"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/store"
)

// versionNumbering fills in each record's Version and IsCurrent for an
// export of every version: the URL's records oldest first (its superseded
// ones, then the current one) numbered from 1. Each URL's history is read
// once; only a key per version is kept.
func versionNumbering(db *store.DB, fn func(*extract.Record) error) func(*extract.Record) error {
	histories := map[string][]string{} // URL → version keys, oldest first; the last is current
	return func(r *extract.Record) error {
		keys, ok := histories[r.URL]
		if !ok {
			var err error
			if keys, err = versionKeys(db, r.URL); err != nil {
				return err
			}
			histories[r.URL] = keys
		}
		k := versionKey(r)
		for i, v := range keys {
			if v == k {
				r.Version = i + 1
				current := i == len(keys)-1
				r.IsCurrent = &current
				break
			}
		}
		return fn(r)
	}
}

func versionKeys(db *store.DB, url string) ([]string, error) {
	hist, err := db.RecordHistory(url)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", url, err)
	}
	cur, err := db.Record(url)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", url, err)
	}
	keys := make([]string, 0, len(hist)+1)
	for _, h := range hist {
		keys = append(keys, versionKey(h))
	}
	return append(keys, versionKey(cur)), nil
}

// versionKey identifies one stored parse of a URL.
func versionKey(r *extract.Record) string {
	return r.SHA256 + "|" + r.FetchedAt.UTC().Format("2006-01-02T15:04:05.999999999") + "|" + r.ParserVersion
}

// withdrawals fills in each record's Withdrawn and LastSeen from the
// archive: whether its URL answered 404/410 when last rechecked.
func withdrawals(db *store.DB, fn func(*extract.Record) error) func(*extract.Record) error {
	return func(r *extract.Record) error {
		w, err := db.Withdrawal(r.URL, r.SHA256)
		if err != nil {
			return err
		}
		r.Withdrawn, r.LastSeen = w.Withdrawn, ""
		if w.Withdrawn && !w.LastSeen.IsZero() {
			r.LastSeen = w.LastSeen.UTC().Format(time.DateOnly)
		}
		return fn(r)
	}
}
