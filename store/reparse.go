package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// ParseFunc turns one archived capture into a record. ok is false when the
// capture is not a report. It must not touch the network.
type ParseFunc func(c *capture.Capture) (rec *extract.Record, ok bool, err error)

// ReparseReport says what Reparse changed.
type ReparseReport struct {
	Parsed        int      // current versions handed to the parser
	NotParsed     int      // current versions of pages a crawl never parses (seeds, listings, robots.txt)
	NotReports    int      // parsed, not a report
	Added         int      // records that did not exist before
	Changed       int      // records whose content changed (parser version aside)
	Unchanged     int      // records with the same content
	Removed       int      // records no current version produces any more
	FieldsChanged int      // figures added, removed or altered, over all changed records
	Errors        []string // "url: error" for captures the parser failed on (their records are kept)
	// DryRun: nothing was written; Changes lists what a reparse would do.
	DryRun  bool
	Changes []RecordChange
}

// RecordChange is one record a dry-run reparse would add, change or remove.
type RecordChange struct {
	URL    string
	What   string // "added", "changed" or "removed"
	Fields int    // figures that would change (changed records)
}

// Reparse rebuilds every record from the current version of every URL's
// archived bytes with parse, without network. Like the crawl, it parses only
// the kinds of page capture.Parsed names (a listing is never a record): new and changed records are
// saved (the old ones kept in record_versions), records nothing produces any
// more are removed (also kept in record_versions), including records made
// from captures that are not versions (truncated or error responses). A
// capture the parser fails on keeps its record and is listed in Errors. It
// reads in chunks and writes through the batched writer (200 records per
// commit), so it can run beside a crawl.
func (db *DB) Reparse(parse ParseFunc) (ReparseReport, error) {
	return db.reparse(parse, false)
}

// ReparseDryRun parses as Reparse does and reports what it would change,
// writing nothing: it works on a read-only handle, such as a crawl's
// snapshot (OpenReader).
func (db *DB) ReparseDryRun(parse ParseFunc) (ReparseReport, error) {
	return db.reparse(parse, true)
}

func (db *DB) reparse(parse ParseFunc, dry bool) (ReparseReport, error) {
	rep := ReparseReport{DryRun: dry}
	produced := map[string]bool{} // url keys of records parsed or protected by an error
	var pending []*extract.Record // saved in batches: one commit per reparseBatch records
	flush := func() error {
		if dry || len(pending) == 0 {
			pending = pending[:0]
			return nil
		}
		err := db.saveRecords(pending)
		pending = pending[:0]
		return err
	}
	load := func(bs buckets, k, v []byte) (*loadedCapture, int, bool, error) {
		var st urlState
		if err := unmarshalValue(v, &st); err != nil {
			return nil, 0, false, fmt.Errorf("decode url state: %w", err)
		}
		if st.Kind != "" && !capture.Parsed(st.Kind) {
			rep.NotParsed++
			return nil, 0, false, nil
		}
		cv := bs.get(bCaptures).Get(u64(st.Capture))
		if cv == nil {
			return nil, 0, false, corrupt(db.path, "current capture %d of %s is missing", st.Capture, st.URL)
		}
		lc, err := loadCapture(bs, cv, false)
		if err != nil {
			return nil, 0, false, err
		}
		return lc, len(lc.stored), true, nil
	}
	err := scan(db, bURLs, nil, load, func(lc *loadedCapture) error {
		rec, err := db.reparseOne(lc, parse, &rep, produced)
		if rec != nil {
			pending = append(pending, rec)
		}
		if err == nil && len(pending) >= reparseBatch {
			err = flush()
		}
		return err
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return rep, fmt.Errorf("reparse: %w", err)
	}
	if err := db.removeUnproduced(produced, &rep); err != nil {
		return rep, fmt.Errorf("reparse: %w", err)
	}
	return rep, nil
}

const reparseBatch = 200

// reparseOne parses one capture and classifies the result; it returns the
// record to save, if any.
func (db *DB) reparseOne(lc *loadedCapture, parse ParseFunc, rep *ReparseReport, produced map[string]bool) (*extract.Record, error) {
	c, err := db.materialize(lc)
	if err != nil {
		return nil, err
	}
	rep.Parsed++
	rec, ok, err := parse(c)
	if nerr := db.noteOutcome(c, rec, err); nerr != nil {
		return nil, nerr
	}
	if err != nil {
		rep.Errors = append(rep.Errors, fmt.Sprintf("%s: %v", c.URL, err))
		produced[string(urlKey(c.URL))], produced[string(urlKey(c.FinalURL))] = true, true
		return nil, nil
	}
	if !ok || rec == nil {
		rep.NotReports++
		return nil, nil
	}
	key := string(urlKey(rec.URL))
	if produced[key] {
		return nil, nil // a second URL (a redirect's start) landing on the same document
	}
	produced[key] = true
	old, err := db.currentRecord(rec.URL)
	if err != nil {
		return nil, err
	}
	if old != nil && old.SHA256 == rec.SHA256 {
		// The record describes its body: it was fetched when it was first
		// fetched, whichever URL of the document the archive read it under.
		rec.FetchedAt = old.FetchedAt
	}
	switch {
	case old == nil:
		rep.Added++
		rep.note(RecordChange{URL: rec.URL, What: "added"})
	case sameRecord(old, rec, true):
		rep.Unchanged++
	default:
		n := fieldChanges(old.Fields, rec.Fields)
		rep.Changed++
		rep.FieldsChanged += n
		rep.note(RecordChange{URL: rec.URL, What: "changed", Fields: n})
	}
	return rec, nil
}

// note lists a change in a dry run's report.
func (rep *ReparseReport) note(c RecordChange) {
	if rep.DryRun {
		rep.Changes = append(rep.Changes, c)
	}
}

func (db *DB) currentRecord(url string) (*extract.Record, error) {
	var sr *storedRecord
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err == nil {
			sr, err = getRecord(bs.get(bRecords).Get(urlKey(url)))
		}
		return err
	})
	if err != nil || sr == nil {
		return nil, err
	}
	return sr.Record, nil
}

// fieldChanges counts figures present in only one map or with different values.
func fieldChanges(a, b map[string]*float64) int {
	n := 0
	for k, va := range a {
		vb, ok := b[k]
		if !ok || (va == nil) != (vb == nil) || (va != nil && *va != *vb) {
			n++
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			n++
		}
	}
	return n
}

// removeUnproduced retires records whose key no current version produced.
func (db *DB) removeUnproduced(produced map[string]bool, rep *ReparseReport) error {
	var stale [][]byte
	load := func(_ buckets, k, _ []byte) ([]byte, int, bool, error) {
		return append([]byte(nil), k...), 0, !produced[string(k)], nil
	}
	if err := scan(db, bRecords, nil, load, func(k []byte) error { stale = append(stale, k); return nil }); err != nil {
		return err
	}
	if rep.DryRun {
		return db.noteRemovals(stale, rep)
	}
	for _, uk := range stale {
		err := db.write(0, func(tx *bolt.Tx) error {
			bs, err := db.openBuckets(tx)
			if err != nil {
				return err
			}
			return removeRecord(bs, uk)
		})
		if err != nil {
			return fmt.Errorf("remove record %x: %w", uk, err)
		}
		rep.Removed++
	}
	return nil
}

// noteRemovals lists, in a dry run, the records a reparse would retire.
func (db *DB) noteRemovals(stale [][]byte, rep *ReparseReport) error {
	return db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		for _, uk := range stale {
			sr, err := getRecord(bs.get(bRecords).Get(uk))
			if err != nil {
				return err
			}
			if sr != nil {
				rep.Removed++
				rep.note(RecordChange{URL: sr.Record.URL, What: "removed"})
			}
		}
		return nil
	})
}

// removeRecord moves a current record to record_versions and drops its
// index entries and IsReport marks.
func removeRecord(bs buckets, uk []byte) error {
	v := bs.get(bRecords).Get(uk)
	sr, err := getRecord(v)
	if err != nil || sr == nil {
		return err
	}
	if err := pushRecordVersion(bs, uk, v); err != nil {
		return err
	}
	if err := indexRecord(bs, uk, sr.Record, false); err != nil {
		return err
	}
	if err := bs.get(bRecords).Delete(uk); err != nil {
		return err
	}
	if err := addCounter(bs.get(bMeta), cntRecords, -1); err != nil {
		return err
	}
	if dk, err := digestKey(sr.Record.SHA256); err == nil {
		return markReport(bs, dk, sr.Record.SHA256, false, time.Time{})
	}
	return nil
}
