package store

import (
	"encoding/binary"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Stats summarises the archive for `nianbao status`.
type Stats struct {
	Captures    int64 // fetches archived, errors included
	Bodies      int64 // distinct bodies
	URLs        int64 // URLs with at least one version
	Records     int64 // current records
	ByYear      map[int]int64
	ByProvince  map[string]int64
	FileBytes   int64 // size of the database file
	RawBytes    int64 // bodies' size as received
	StoredBytes int64 // bodies' size as stored (compressed)
}

// Stats reads the counters kept with every write and counts current records
// by year and province from the index, in chunks.
func (db *DB) Stats() (Stats, error) {
	s := Stats{ByYear: map[int]int64{}, ByProvince: map[string]int64{}}
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		meta := bs.get(bMeta)
		s.Captures, s.Bodies = getCounter(meta, cntCaptures), getCounter(meta, cntBodies)
		s.URLs, s.Records = getCounter(meta, cntURLs), getCounter(meta, cntRecords)
		s.RawBytes, s.StoredBytes = getCounter(meta, cntRawBytes), getCounter(meta, cntStoredBytes)
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	type yp struct {
		year int
		prov string
	}
	load := func(_ buckets, k, _ []byte) (yp, int, bool, error) {
		if len(k) < 4+1+urlKeyLen {
			return yp{}, 0, false, nil
		}
		return yp{int(binary.BigEndian.Uint32(k)), string(k[4 : len(k)-urlKeyLen-1])}, 0, true, nil
	}
	err = scan(db, bIdxYearProv, nil, load, func(e yp) error {
		s.ByYear[e.year]++
		s.ByProvince[e.prov]++
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	if fi, err := os.Stat(db.path); err == nil {
		s.FileBytes = fi.Size()
	}
	return s, nil
}
