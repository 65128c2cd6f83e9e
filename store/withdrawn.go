package store

import (
	"bytes"
	"cmp"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/extract"
)

// A report that disappears from its site stays in the archive: its
// versions and records are kept, and the URL is marked withdrawn when a
// recheck answers 404 or 410 (a page removed, not an outage: 5xx,
// timeouts and challenges mark nothing). The mark is cleared by the next
// response that answers with the page again (2xx or 304).

// gone says whether a status means the page was removed.
func gone(status int) bool { return status == 404 || status == 410 }

// markWithdrawn marks the URL of a 404/410 capture, and the URL it last
// redirected to, withdrawn at the capture's time, when they have a
// version and are not marked already. Other captures change nothing.
func markWithdrawn(bs buckets, sc *storedCapture) error {
	if !gone(sc.Status) {
		return nil
	}
	st, err := getURLState(bs, urlKey(sc.URL))
	if err != nil || st == nil {
		return err
	}
	urls := []*urlState{st}
	if st.FinalURL != "" {
		fin, err := getURLState(bs, urlKey(st.FinalURL))
		if err != nil {
			return err
		}
		if fin != nil {
			urls = append(urls, fin)
		}
	}
	for _, u := range urls {
		if !u.Withdrawn.IsZero() {
			continue
		}
		u.Withdrawn = sc.FetchedAt
		if err := putJSON(bs.get(bURLs), urlKey(u.URL), u); err != nil {
			return fmt.Errorf("mark withdrawn: %w", err)
		}
	}
	return nil
}

// Withdrawal is what the archive knows of a URL's disappearance.
type Withdrawal struct {
	Withdrawn bool      // the URL answered 404 or 410 on its last recheck
	Since     time.Time // when that was first seen
	LastSeen  time.Time // the last time it answered with the page (2xx or 304)
	// URL is where the document is rechecked: url itself, or the URL that
	// redirected to it; "" when the archive has no state for either.
	URL string
}

// Withdrawal returns whether the document a record names (its URL and
// body digest, Record.URL and SHA256) is marked withdrawn; the zero
// Withdrawal when it is not (or is unknown). A record of a redirected
// document (A → 302 → B) is kept under B, which has no state of its own
// when only A was requested: then the state is A's, the URL whose current
// version is that body and whose redirects ended at B; with several such
// URLs the document is withdrawn only when all are.
func (db *DB) Withdrawal(url, digest string) (Withdrawal, error) {
	var w Withdrawal
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		w, err = withdrawalOf(bs, url, digest)
		return err
	})
	if err != nil {
		return Withdrawal{}, fmt.Errorf("withdrawal %s: %w", url, err)
	}
	return w, nil
}

func withdrawalOf(bs buckets, url, digest string) (Withdrawal, error) {
	st, err := getURLState(bs, urlKey(url))
	if err != nil {
		return Withdrawal{}, err
	}
	holders := []*urlState{st}
	if st == nil {
		if holders, err = redirectedTo(bs, url, digest); err != nil || len(holders) == 0 {
			return Withdrawal{}, err
		}
	}
	var w Withdrawal
	for _, h := range holders {
		if h.Withdrawn.IsZero() {
			return Withdrawal{URL: h.URL}, nil // still answers there
		}
		if w.URL == "" || h.CheckedAt.After(w.LastSeen) {
			w = Withdrawal{Withdrawn: true, Since: h.Withdrawn, LastSeen: h.CheckedAt, URL: h.URL}
		}
	}
	return w, nil
}

// redirectedTo returns the states of the URLs whose current version is the
// body digest and whose redirects ended at url.
func redirectedTo(bs buckets, url, digest string) ([]*urlState, error) {
	dk, err := digestKey(digest)
	if err != nil {
		return nil, nil // no digest (a record without a body): nothing to follow
	}
	var out []*urlState
	c := bs.get(bBodyRefs).Cursor()
	for k, _ := c.Seek(dk); k != nil && bytes.HasPrefix(k, dk); k, _ = c.Next() {
		st, err := getURLState(bs, k[len(dk):])
		if err != nil {
			return nil, err
		}
		if st != nil && st.Digest == digest && st.FinalURL == url {
			out = append(out, st)
		}
	}
	return out, nil
}

// SiteReports lists the URLs to recheck of the current records of the site
// (region code) that are reports and not marked withdrawn: what the
// crawler rechecks when a crawl of the site no longer reaches them. A
// redirected document is listed at the URL that redirected to it (see
// Withdrawal).
func (db *DB) SiteReports(code string) ([]string, error) {
	var out []string
	prefix := append([]byte(code), 0)
	err := scan(db, bIdxRegionYear, prefix, loadIndexed, func(r *extract.Record) error {
		if r.RegionCode != code || r.NotReport != "" || r.ParseFailure != "" {
			return nil
		}
		w, err := db.Withdrawal(r.URL, r.SHA256)
		if err != nil {
			return err
		}
		if !w.Withdrawn {
			out = append(out, cmp.Or(w.URL, r.URL))
		}
		return nil
	})
	return out, wrapf(err, "site reports %s", code)
}
