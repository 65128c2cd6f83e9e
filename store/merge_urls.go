package store

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// rederiveURLs rebuilds the version list and current state of each URL in
// touched from all its captures in fetch-time order (url_captures is
// ordered by fetch time), so versions fetched by different workers are
// numbered by time, not by merge order.
func (db *DB) rederiveURLs(touched map[string]bool, rep *MergeReport) error {
	urls := slices.Sorted(maps.Keys(touched))
	for len(urls) > 0 {
		n := min(len(urls), mergeChunk)
		chunk := urls[:n]
		urls = urls[n:]
		err := db.write(0, func(tx *bolt.Tx) error {
			bs, err := db.openBuckets(tx)
			if err != nil {
				return err
			}
			for _, u := range chunk {
				if err := rederiveURL(bs, u); err != nil {
					return fmt.Errorf("versions of %s: %w", u, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		rep.URLs += n
	}
	return nil
}

func rederiveURL(bs buckets, u string) error {
	uk := urlKey(u)
	wasReport, err := forgetURL(bs, uk)
	if err != nil {
		return err
	}
	var seqs [][]byte
	c := bs.get(bURLCaptures).Cursor()
	for k, _ := c.Seek(uk); k != nil && bytes.HasPrefix(k, uk); k, _ = c.Next() {
		seqs = append(seqs, bytes.Clone(k[len(k)-8:]))
	}
	for _, seq := range seqs {
		v := bs.get(bCaptures).Get(seq)
		if v == nil {
			return fmt.Errorf("capture %x missing", seq)
		}
		sc, err := decodeCaptureValue(v)
		if err != nil {
			return err
		}
		sc.Version, sc.Revisit = 0, ""
		if _, err := updateURL(bs, sc); err != nil {
			return err
		}
		enc, err := encodeCaptureValue(sc)
		if err != nil {
			return err
		}
		if err := bs.get(bCaptures).Put(seq, enc); err != nil {
			return err
		}
	}
	return keepReport(bs, uk, wasReport)
}

// forgetURL removes uk's state, versions and body references; it says
// which digest was current and known as a report.
func forgetURL(bs buckets, uk []byte) (string, error) {
	st, err := getURLState(bs, uk)
	if err != nil || st == nil {
		return "", err
	}
	var keys [][]byte
	c := bs.get(bVersions).Cursor()
	for k, v := c.Seek(uk); k != nil && bytes.HasPrefix(k, uk); k, v = c.Next() {
		var ve versionEntry
		if err := unmarshalValue(v, &ve); err != nil {
			return "", err
		}
		keys = append(keys, bytes.Clone(k))
		if dk, err := digestKey(ve.Digest); err == nil {
			if err := bs.get(bBodyRefs).Delete(cat(dk, uk)); err != nil {
				return "", err
			}
		}
	}
	for _, k := range keys {
		if err := bs.get(bVersions).Delete(k); err != nil {
			return "", err
		}
	}
	if err := bs.get(bURLs).Delete(uk); err != nil {
		return "", err
	}
	report := ""
	if st.IsReport {
		report = st.Digest
	}
	return report, addCounter(bs.get(bMeta), cntURLs, -1)
}

// keepReport keeps a URL marked as a report when its current version is
// still the body it was a report for.
func keepReport(bs buckets, uk []byte, digest string) error {
	if digest == "" {
		return nil
	}
	st, err := getURLState(bs, uk)
	if err != nil || st == nil || st.Digest != digest {
		return err
	}
	st.IsReport = true
	return putJSON(bs.get(bURLs), uk, st)
}
