package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/extract"
)

// storedRecord is a record as kept in records and record_versions.
type storedRecord struct {
	Record  *extract.Record `json:"record"`
	SavedAt time.Time       `json:"saved_at"`
}

// SaveRecord stores the parsed report of the capture whose body digest is
// rec.SHA256 as the current record of rec.URL. The body must already be
// archived (archive first, interpret later). The record it replaces is kept
// in record_versions; saving an identical record again changes nothing. A
// record of an older capture than the current record's is kept as history
// only. Every URL whose current version has this body is marked IsReport.
func (db *DB) SaveRecord(rec *extract.Record) error {
	if rec == nil {
		return errors.New("save record: nil record")
	}
	return wrapf(db.saveRecords([]*extract.Record{rec}), "save record %s", rec.URL)
}

// saveRecords stores records in one write operation (all or none).
func (db *DB) saveRecords(recs []*extract.Record) error {
	type prepared struct {
		rec  *extract.Record
		dk   []byte
		data []byte
	}
	ps, size := make([]prepared, 0, len(recs)), 0
	for _, rec := range recs {
		if rec.URL == "" {
			return errors.New("record has no URL")
		}
		dk, err := digestKey(rec.SHA256)
		if err != nil {
			return fmt.Errorf("record %s: %w", rec.URL, err)
		}
		data, err := encodeRecordValue(storedRecord{Record: rec, SavedAt: time.Now().UTC()})
		if err != nil {
			return fmt.Errorf("record %s: %w", rec.URL, err)
		}
		ps, size = append(ps, prepared{rec, dk, data}), size+len(data)
	}
	return db.write(size, func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if bs.get(bBodies).Get(p.dk) == nil {
				return fmt.Errorf("record %s: body %s is not archived: %w", p.rec.URL, p.rec.SHA256, ErrNotFound)
			}
			if err := putRecord(bs, p.rec, p.data); err != nil {
				return err
			}
			if err := markReport(bs, p.dk, p.rec.SHA256, true, publishedOf(p.rec)); err != nil {
				return err
			}
		}
		return nil
	})
}

func putRecord(bs buckets, rec *extract.Record, data []byte) error {
	uk := urlKey(rec.URL)
	records := bs.get(bRecords)
	old, err := getRecord(records.Get(uk))
	if err != nil {
		return err
	}
	switch {
	case old == nil:
		if err := addCounter(bs.get(bMeta), cntRecords, 1); err != nil {
			return err
		}
	case sameRecord(old.Record, rec, false):
		return nil
	case old.Record.FetchedAt.After(rec.FetchedAt) && old.Record.SHA256 != rec.SHA256:
		return pushRecordVersion(bs, uk, data) // older capture: history only
	default:
		if err := pushRecordVersion(bs, uk, records.Get(uk)); err != nil {
			return err
		}
		if err := indexRecord(bs, uk, old.Record, false); err != nil {
			return err
		}
	}
	if err := records.Put(uk, data); err != nil {
		return fmt.Errorf("put record: %w", err)
	}
	return indexRecord(bs, uk, rec, true)
}

// sameRecord compares two records' content; with ignoreParser the parser
// version is left out (reparse counts changes of content only).
func sameRecord(a, b *extract.Record, ignoreParser bool) bool {
	ca, cb := *a, *b
	if ignoreParser {
		ca.ParserVersion, cb.ParserVersion = "", ""
	}
	ja, err1 := json.Marshal(ca)
	jb, err2 := json.Marshal(cb)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func getRecord(v []byte) (*storedRecord, error) {
	if v == nil {
		return nil, nil
	}
	v, err := recordJSON(v)
	if err != nil {
		return nil, err
	}
	sr := &storedRecord{}
	if err := unmarshalValue(v, sr); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if sr.Record == nil {
		return nil, errors.New("decode record: empty")
	}
	return sr, nil
}

// pushRecordVersion appends a superseded record to record_versions under
// url key + 4-byte sequence.
func pushRecordVersion(bs buckets, uk, data []byte) error {
	rv := bs.get(bRecordVersions)
	next := uint32(1)
	c := rv.Cursor()
	if k, _ := c.Seek(cat(uk, u32(^uint32(0)))); k != nil && bytes.HasPrefix(k, uk) {
		next = binary.BigEndian.Uint32(k[urlKeyLen:]) + 1
	} else if k, _ = c.Prev(); k != nil && bytes.HasPrefix(k, uk) && len(k) == urlKeyLen+4 {
		next = binary.BigEndian.Uint32(k[urlKeyLen:]) + 1
	}
	if err := rv.Put(cat(uk, u32(next)), append([]byte(nil), data...)); err != nil {
		return fmt.Errorf("put record version: %w", err)
	}
	return nil
}

func regionYearKey(region string, year int, uk []byte) []byte {
	return cat([]byte(region), []byte{0}, u32(uint32(year)), uk)
}

func yearProvinceKey(year int, province string, uk []byte) []byte {
	return cat(u32(uint32(year)), []byte(province), []byte{0}, uk)
}

// indexRecord adds (or removes) a current record's index entries.
func indexRecord(bs buckets, uk []byte, rec *extract.Record, add bool) error {
	keys := []struct {
		b *bolt.Bucket
		k []byte
	}{
		{bs.get(bIdxRegionYear), regionYearKey(rec.RegionCode, rec.Year, uk)},
		{bs.get(bIdxYearProv), yearProvinceKey(rec.Year, rec.Province, uk)},
	}
	for _, e := range keys {
		var err error
		if add {
			err = e.b.Put(e.k, nil)
		} else {
			err = e.b.Delete(e.k)
		}
		if err != nil {
			return fmt.Errorf("record index: %w", err)
		}
	}
	return nil
}

// markReport sets IsReport on every URL whose current version is the body dk.
func markReport(bs buckets, dk []byte, digest string, is bool, published time.Time) error {
	c := bs.get(bBodyRefs).Cursor()
	for k, _ := c.Seek(dk); k != nil && bytes.HasPrefix(k, dk); k, _ = c.Next() {
		uk := append([]byte(nil), k[len(dk):]...)
		st, err := getURLState(bs, uk)
		if err != nil {
			return err
		}
		if st == nil || st.Digest != digest || st.IsReport == is && st.Published.Equal(published) {
			continue
		}
		st.IsReport, st.Published = is, published
		if err := putJSON(bs.get(bURLs), uk, st); err != nil {
			return err
		}
	}
	return nil
}

// publishedOf is a record's publication date; without one, 1 January after
// its report year (reports appear in the first months of the next year);
// zero when neither is known.
func publishedOf(rec *extract.Record) time.Time {
	if t, err := time.Parse("2006-01-02", rec.Published); err == nil {
		return t
	}
	if rec.Year > 0 {
		return time.Date(rec.Year+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}
