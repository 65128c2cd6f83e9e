package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket names. See doc.go for what each holds and how its keys are built.
var (
	bMeta           = []byte("meta")
	bBodies         = []byte("bodies")
	bCaptures       = []byte("captures")
	bURLCaptures    = []byte("url_captures")
	bVersions       = []byte("versions")
	bURLs           = []byte("urls")
	bBodyRefs       = []byte("body_refs")
	bRecords        = []byte("records")
	bRecordVersions = []byte("record_versions")
	bIdxRegionYear  = []byte("idx_region_year")
	bIdxYearProv    = []byte("idx_year_province")
	bRuns           = []byte("runs")
	bRunCaptures    = []byte("run_captures")
	bRunSites       = []byte("run_sites")
)

var allBuckets = [][]byte{bMeta, bBodies, bCaptures, bURLCaptures, bVersions, bURLs, bBodyRefs,
	bRecords, bRecordVersions, bIdxRegionYear, bIdxYearProv, bRuns, bRunCaptures, bRunSites}

// urlKeyLen is the length of a URL key: the first 16 bytes of SHA-256(url).
// Fixed-length keys keep hostile multi-kilobyte URLs under bbolt's key limit
// and make composite keys unambiguous.
const urlKeyLen = 16

func urlKey(u string) []byte {
	s := sha256.Sum256([]byte(u))
	return s[:urlKeyLen]
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func cat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// timeKey is a sortable 8-byte big-endian encoding of t (nanoseconds since
// 1970, clamped at 0 for earlier times).
func timeKey(t time.Time) []byte {
	if t.Before(time.Unix(0, 0)) {
		return u64(0)
	}
	return u64(uint64(t.UnixNano()))
}

// digestKey converts a hex SHA-256 into the 32-byte body key.
func digestKey(digest string) ([]byte, error) {
	b, err := hex.DecodeString(digest)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("invalid digest %q: want 64 hex digits", digest)
	}
	return b, nil
}

// runKey is runID NUL suffix: run-scoped keys sort together per run.
func runKey(runID string, suffix []byte) []byte {
	return cat([]byte(runID), []byte{0}, suffix)
}

// buckets are the archive's buckets, looked up once per transaction.
type buckets map[string]*bolt.Bucket

func (bs buckets) get(name []byte) *bolt.Bucket { return bs[string(name)] }

// openBuckets returns every bucket of the schema, or ErrCorrupt when one is
// missing (migrate creates them all, so a missing one means damage).
func (db *DB) openBuckets(tx *bolt.Tx) (buckets, error) {
	bs := make(buckets, len(allBuckets))
	for _, name := range allBuckets {
		b := tx.Bucket(name)
		if b == nil {
			return nil, corrupt(db.path, "bucket %q is missing", name)
		}
		bs[string(name)] = b
	}
	return bs, nil
}

// counter names in the meta bucket, maintained in the same transactions as the data.
const (
	cntCaptures    = "n_captures"
	cntBodies      = "n_bodies"
	cntURLs        = "n_urls"
	cntRecords     = "n_records"
	cntRawBytes    = "raw_bytes"
	cntStoredBytes = "stored_bytes"
)

func addCounter(meta *bolt.Bucket, name string, delta int64) error {
	v := getCounter(meta, name) + delta
	return meta.Put([]byte(name), u64(uint64(v)))
}

func getCounter(meta *bolt.Bucket, name string) int64 {
	v := meta.Get([]byte(name))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}
