package store

import (
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
}

// Withdrawal returns whether url is marked withdrawn; the zero Withdrawal
// when it is not (or is unknown).
func (db *DB) Withdrawal(url string) (Withdrawal, error) {
	var w Withdrawal
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		st, err := getURLState(bs, urlKey(url))
		if err != nil || st == nil || st.Withdrawn.IsZero() {
			return err
		}
		w = Withdrawal{Withdrawn: true, Since: st.Withdrawn, LastSeen: st.CheckedAt}
		return nil
	})
	if err != nil {
		return Withdrawal{}, fmt.Errorf("withdrawal %s: %w", url, err)
	}
	return w, nil
}

// SiteReports lists the URLs of the current records of the site (region
// code) that are reports and not marked withdrawn: what the crawler
// rechecks when a crawl of the site no longer reaches them.
func (db *DB) SiteReports(code string) ([]string, error) {
	var out []string
	prefix := append([]byte(code), 0)
	err := scan(db, bIdxRegionYear, prefix, loadIndexed, func(r *extract.Record) error {
		if r.RegionCode != code || r.NotReport != "" || r.ParseFailure != "" {
			return nil
		}
		w, err := db.Withdrawal(r.URL)
		if err != nil {
			return err
		}
		if !w.Withdrawn {
			out = append(out, r.URL)
		}
		return nil
	})
	return out, wrapf(err, "site reports %s", code)
}
