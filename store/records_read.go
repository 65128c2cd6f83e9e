package store

import (
	"time"

	"github.com/nianbao/nianbao/extract"
)

// RecordFilter selects records. Zero fields select everything.
type RecordFilter struct {
	Year     int
	Province string
	Region   string // region code
	Format   string
	Since    time.Time // records of captures fetched at or after Since
	// AllVersions also yields superseded records (each URL's older parses),
	// after the current ones.
	AllVersions bool
}

func (f RecordFilter) match(r *extract.Record) bool {
	return (f.Year == 0 || r.Year == f.Year) &&
		(f.Province == "" || r.Province == f.Province) &&
		(f.Region == "" || r.RegionCode == f.Region) &&
		(f.Format == "" || r.Format == f.Format) &&
		(f.Since.IsZero() || !r.FetchedAt.Before(f.Since))
}

// Records calls fn for each current record matching f (and, with
// AllVersions, each superseded one). It uses the region/year or
// year/province index when the filter allows, and reads in chunks, so fn may
// take its time and may write to the archive.
func (db *DB) Records(f RecordFilter, fn func(*extract.Record) error) error {
	emit := func(r *extract.Record) error {
		if !f.match(r) {
			return nil
		}
		return fn(r)
	}
	var err error
	switch {
	case f.Region != "":
		prefix := append([]byte(f.Region), 0)
		if f.Year != 0 {
			prefix = append(prefix, u32(uint32(f.Year))...)
		}
		err = scan(db, bIdxRegionYear, prefix, loadIndexed, emit)
	case f.Year != 0:
		prefix := u32(uint32(f.Year))
		if f.Province != "" {
			prefix = append(append(prefix, f.Province...), 0)
		}
		err = scan(db, bIdxYearProv, prefix, loadIndexed, emit)
	default:
		err = scan(db, bRecords, nil, loadStored, emit)
	}
	if err == nil && f.AllVersions {
		err = scan(db, bRecordVersions, nil, loadStored, emit)
	}
	return wrapf(err, "records")
}

func loadStored(_ buckets, _, v []byte) (*extract.Record, int, bool, error) {
	sr, err := getRecord(v)
	if err != nil {
		return nil, 0, false, err
	}
	return sr.Record, len(v), true, nil
}

// loadIndexed resolves an index key (…|url key) to its current record.
func loadIndexed(bs buckets, k, _ []byte) (*extract.Record, int, bool, error) {
	if len(k) < urlKeyLen {
		return nil, 0, false, nil
	}
	v := bs.get(bRecords).Get(k[len(k)-urlKeyLen:])
	if v == nil {
		return nil, 0, false, nil
	}
	return loadStored(bs, k, v)
}
