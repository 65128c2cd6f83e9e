package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// bWaiting remembers the captures whose parse failed for a reason that can
// change (url key → Waiting): a missing tool (tool_missing:NAME), a parser
// error, an empty text. They are parsed again when the tool appears or the
// parser version changes (RetryWaiting). Created on first use.
var bWaiting = []byte("waiting")

// Waiting is one capture whose parse failed, and why.
type Waiting struct {
	URL           string `json:"url"`
	Digest        string `json:"digest"`
	Reason        string `json:"reason"`         // extract.FailureReason
	ParserVersion string `json:"parser_version"` // the parser that failed
}

// NoteParse remembers that url's body (digest) could not be parsed, with
// reason; an empty reason forgets an earlier failure (and writes nothing
// when there is none).
func (db *DB) NoteParse(url, digest, reason, parserVersion string) error {
	if reason == "" {
		known, err := db.isWaiting(url)
		if err != nil || !known {
			return err
		}
	}
	err := db.write(256, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bWaiting)
		if err != nil {
			return err
		}
		if reason == "" {
			return b.Delete(urlKey(url))
		}
		return putJSON(b, urlKey(url), Waiting{URL: url, Digest: digest, Reason: reason, ParserVersion: parserVersion})
	})
	return wrapf(err, "note parse of %s", url)
}

func (db *DB) isWaiting(url string) (bool, error) {
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bWaiting); b != nil {
			ok = b.Get(urlKey(url)) != nil
		}
		return nil
	})
	return ok, wrapf(err, "waiting %s", url)
}

// WaitingList returns every remembered parse failure, by URL.
func (db *DB) WaitingList() ([]Waiting, error) {
	var out []Waiting
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bWaiting)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var w Waiting
			if err := unmarshalValue(v, &w); err != nil {
				return fmt.Errorf("decode waiting %x: %w", k, err)
			}
			out = append(out, w)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, wrapf(err, "waiting parses")
}

// Retried says what RetryWaiting did.
type Retried struct {
	Parsed  int // remembered failures parsed again
	Reports int // of them, reports now (records saved)
	Still   int // still failing (remembered with their new reason)
}

// RetryWaiting parses again every remembered failure for which due says
// so (the tool it waited for is there now, or the parser changed), from
// the URL's current archived body: a report's record is saved, a failure
// still failing is remembered with its new reason, anything else is
// forgotten. Cancelling ctx stops it between documents; a parse cut short
// by the cancellation is left waiting as it was.
func (db *DB) RetryWaiting(ctx context.Context, parse ParseFunc, due func(Waiting) bool) (Retried, error) {
	var r Retried
	list, err := db.WaitingList()
	if err != nil {
		return r, err
	}
	for _, w := range list {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		if !due(w) {
			continue
		}
		c, ok, err := db.CurrentCapture(w.URL)
		if err != nil {
			return r, err
		}
		if !ok {
			if err := db.NoteParse(w.URL, "", "", ""); err != nil {
				return r, err
			}
			continue
		}
		rec, ok, perr := parse(c)
		if ctx.Err() != nil || errors.Is(perr, context.Canceled) {
			return r, ctx.Err()
		}
		r.Parsed++
		if ok && rec != nil && perr == nil && rec.ParseFailure == "" {
			if err := db.SaveRecord(rec); err != nil {
				return r, err
			}
			r.Reports++
		}
		if err := db.noteOutcome(c, rec, perr); err != nil {
			return r, err
		}
		if reason, _ := parseFailure(rec, perr); reason != "" {
			r.Still++
		}
	}
	return r, nil
}

// noteOutcome remembers or forgets c's parse failure after a parse.
func (db *DB) noteOutcome(c *capture.Capture, rec *extract.Record, perr error) error {
	reason, version := parseFailure(rec, perr)
	if extract.Interrupted(reason) {
		return nil // cut short by a cancellation: nothing learnt
	}
	return db.NoteParse(c.URL, c.Digest(), reason, version)
}

// parseFailure is why a parse failed ("" when it did not) and the parser
// version that failed.
func parseFailure(rec *extract.Record, perr error) (reason, version string) {
	version = extract.Version
	if rec != nil && rec.ParserVersion != "" {
		version = rec.ParserVersion
	}
	if perr != nil && !extract.Unreadable(perr) {
		return extract.FailureReason(perr), version
	}
	if rec != nil {
		return rec.ParseFailure, version
	}
	return "", version
}
