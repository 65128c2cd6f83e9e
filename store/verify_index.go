package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/nianbao/nianbao/capture"
)

func (v *verifier) records() {
	v.check(bRecords, "record", &v.r.Records, func(bs buckets, k, val []byte) string {
		sr, err := getRecord(val)
		if err != nil {
			return err.Error()
		}
		r := sr.Record
		if !bytes.Equal(k, urlKey(r.URL)) {
			return "key does not match URL " + r.URL
		}
		idx := ""
		if bs.get(bIdxRegionYear).Get(regionYearKey(r.RegionCode, r.Year, k)) == nil ||
			bs.get(bIdxYearProv).Get(yearProvinceKey(r.Year, r.Province, k)) == nil {
			idx = r.URL + ": index entry is missing"
		}
		return problems(bodyMissing(bs, r.SHA256), idx)
	})
	v.check(bRecordVersions, "record version", &v.r.RecordVersions, func(bs buckets, k, val []byte) string {
		sr, err := getRecord(val)
		if err != nil {
			return err.Error()
		}
		if len(k) != urlKeyLen+4 || !bytes.Equal(k[:urlKeyLen], urlKey(sr.Record.URL)) {
			return "key does not match URL " + sr.Record.URL
		}
		return ""
	})
}

// indexes checks every entry of the key-only indexes against what it points at.
func (v *verifier) indexes() {
	n := &v.r.IndexEntries
	v.check(bURLCaptures, "url_captures", n, func(bs buckets, k, val []byte) string {
		if len(k) != urlKeyLen+16 || len(val) != 0 {
			return "bad key length or a value where none belongs"
		}
		sc, msg := captureAt(bs, binary.BigEndian.Uint64(k[urlKeyLen+8:]))
		if sc != nil && !bytes.Equal(k, cat(urlKey(sc.URL), timeKey(sc.FetchedAt), u64(sc.Seq))) {
			return "points at a capture of another URL or time"
		}
		return msg
	})
	v.check(bBodyRefs, "body_refs", n, func(bs buckets, k, val []byte) string {
		if len(k) != 32+urlKeyLen || len(val) != 0 {
			return "bad key length or a value where none belongs"
		}
		if bs.get(bBodies).Get(k[:32]) == nil || bs.get(bURLs).Get(k[32:]) == nil {
			return "body or URL state is missing"
		}
		return ""
	})
	v.check(bIdxRegionYear, "idx_region_year", n, func(bs buckets, k, val []byte) string {
		return indexedRecord(bs, k, val, func(r *recordKeyFields) []byte { return regionYearKey(r.region, r.year, r.uk) })
	})
	v.check(bIdxYearProv, "idx_year_province", n, func(bs buckets, k, val []byte) string {
		return indexedRecord(bs, k, val, func(r *recordKeyFields) []byte { return yearProvinceKey(r.year, r.province, r.uk) })
	})
}

type recordKeyFields struct {
	region, province string
	year             int
	uk               []byte
}

// indexedRecord checks that index key k is exactly the key its record makes.
func indexedRecord(bs buckets, k, val []byte, keyOf func(*recordKeyFields) []byte) string {
	if len(k) < urlKeyLen+4 || len(val) != 0 {
		return "bad key length or a value where none belongs"
	}
	uk := k[len(k)-urlKeyLen:]
	sr, err := getRecord(bs.get(bRecords).Get(uk))
	switch {
	case err != nil:
		return err.Error()
	case sr == nil:
		return "its record is missing"
	}
	f := &recordKeyFields{sr.Record.RegionCode, sr.Record.Province, sr.Record.Year, uk}
	if !bytes.Equal(k, keyOf(f)) {
		return "does not match its record " + sr.Record.URL
	}
	return ""
}

func splitRunKey(k []byte) (string, []byte, bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return "", nil, false
	}
	return string(k[:i]), k[i+1:], true
}

func (v *verifier) runs() {
	v.check(bRuns, "run", &v.r.Runs, func(_ buckets, k, val []byte) string {
		var r capture.Run
		if err := unmarshalValue(val, &r); err != nil {
			return err.Error()
		}
		if string(k) != r.ID {
			return "key does not match run " + r.ID
		}
		return ""
	})
	v.check(bRunSites, "run_sites", &v.r.IndexEntries, func(bs buckets, k, val []byte) string {
		var res capture.SiteResult
		run, code, ok := splitRunKey(k)
		if err := unmarshalValue(val, &res); err != nil {
			return err.Error()
		}
		if !ok || string(code) != res.Code || bs.get(bRuns).Get([]byte(run)) == nil {
			return fmt.Sprintf("key does not match site %s or its run is missing", res.Code)
		}
		return ""
	})
	v.check(bRunCaptures, "run_captures", &v.r.IndexEntries, func(bs buckets, k, val []byte) string {
		run, uk, ok := splitRunKey(k)
		if !ok || len(val) != 8 || bs.get(bRuns).Get([]byte(run)) == nil {
			return "bad key or value, or its run is missing"
		}
		sc, msg := captureAt(bs, binary.BigEndian.Uint64(val))
		if sc != nil && (sc.Run != run || !bytes.Equal(uk, urlKey(sc.URL))) {
			return "points at a capture of another run or URL"
		}
		return msg
	})
}
