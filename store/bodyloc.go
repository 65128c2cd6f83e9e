package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// codecSegment marks a body value that points into a WARC segment instead
// of holding the bytes: codec byte, uvarint raw length, then the pointer
// (see bodyLoc). Values with codec 0 or 1 are bodies from before segments;
// they stay readable and `nianbao migrate` moves them out.
const codecSegment = 2

// bodyLoc is where a body lies: the response record that carries it and
// what a revisit of it names.
type bodyLoc struct {
	RawLen        uint64
	Loc           segment.Loc
	Coded         bool      // the payload is as sent: undo transfer and content encoding
	Date          time.Time // the response's WARC-Date
	URI           string    // the response's WARC-Target-URI
	PayloadDigest string    // the response's WARC-Payload-Digest
}

func encodeBodyLoc(b bodyLoc) []byte {
	v := binary.AppendUvarint([]byte{codecSegment}, b.RawLen)
	v = binary.AppendUvarint(v, uint64(b.Loc.Seg))
	v = binary.AppendUvarint(v, uint64(b.Loc.Off))
	v = binary.AppendUvarint(v, uint64(b.Loc.Len))
	coded := byte(0)
	if b.Coded {
		coded = 1
	}
	v = append(v, coded)
	v = binary.AppendVarint(v, b.Date.UnixNano())
	v = binary.AppendUvarint(v, uint64(len(b.URI)))
	v = append(v, b.URI...)
	return append(v, b.PayloadDigest...)
}

func decodeBodyLoc(v []byte) (bodyLoc, error) {
	bad := errors.New("stored body location is damaged")
	if len(v) < 2 || v[0] != codecSegment {
		return bodyLoc{}, bad
	}
	r := bytes.NewReader(v[1:])
	var nums [4]uint64
	for i := range nums {
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return bodyLoc{}, bad
		}
		nums[i] = n
	}
	coded, err := r.ReadByte()
	date, err2 := binary.ReadVarint(r)
	ul, err3 := binary.ReadUvarint(r)
	if err != nil || err2 != nil || err3 != nil || coded > 1 || ul > uint64(r.Len()) || nums[0] > maxBodyLen || nums[1] > 1<<32-1 {
		return bodyLoc{}, bad
	}
	rest := v[len(v)-r.Len():]
	return bodyLoc{RawLen: nums[0], Loc: segment.Loc{Seg: uint32(nums[1]), Off: int64(nums[2]), Len: int64(nums[3])},
		Coded: coded == 1, Date: time.Unix(0, date).UTC(), URI: string(rest[:ul]), PayloadDigest: string(rest[ul:])}, nil
}

// storedLen is the bytes a body value accounts for on disk: the value, or
// for a segment pointer the record it points at.
func storedLen(v []byte) int64 {
	if len(v) > 0 && v[0] == codecSegment {
		if b, err := decodeBodyLoc(v); err == nil {
			return b.Loc.Len
		}
	}
	return int64(len(v))
}

// rawLen is the body length a value records.
func rawLen(v []byte) (uint64, bool) {
	_, n, _, err := bodyHeader(v)
	return n, err == nil
}

// bodyValue turns a stored body value into the body: decompressed, or read
// from its segment and decoded, and checked against key (when not nil).
func (db *DB) bodyValue(key, v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != codecSegment {
		return decodeBody(v)
	}
	b, err := decodeBodyLoc(v)
	if err != nil {
		return nil, err
	}
	body, err := db.segmentBody(b)
	if err != nil {
		return nil, err
	}
	if uint64(len(body)) != b.RawLen {
		return nil, fmt.Errorf("%v: body of %d bytes, the index says %d", b.Loc, len(body), b.RawLen)
	}
	if key != nil {
		err = checkDigest(key, body)
	}
	return body, err
}

// segmentBody reads the body a location names: the response's payload,
// with its transfer and content encoding undone when it is stored as sent.
func (db *DB) segmentBody(b bodyLoc) ([]byte, error) {
	rec, err := db.segr.Record(b.Loc)
	if err != nil {
		return nil, err
	}
	if !b.Coded {
		return rec.Payload, nil
	}
	body, err := segment.DecodeBody(rec.Head, rec.Payload)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", b.Loc, err)
	}
	return body, nil
}

func checkDigest(key, body []byte) error {
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], key) {
		return fmt.Errorf("body does not match its digest (sha256 %x): %w", sum, segment.ErrDamaged)
	}
	return nil
}

// revisitOf is what c's final record revisits instead of carrying a body:
// for a 304, the URL's current version (server-not-modified); for a body
// already in a segment, its first response (identical-payload-digest).
// nil means c gets a full response record.
func (db *DB) revisitOf(c *capture.Capture, digest string) (*segment.Refers, error) {
	var ref *segment.Refers
	err := db.view(func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		if c.Status == 304 || c.Outcome == capture.OutcomeNotModified {
			st, err := getURLState(bs, urlKey(c.URL))
			if err != nil || st == nil {
				return err
			}
			ref = &segment.Refers{Profile: segment.ProfileNotModified, URI: st.URL, Date: st.FetchedAt}
			if st.FinalURL != "" {
				ref.URI = st.FinalURL
			}
			digest = st.Digest
		}
		if digest == "" {
			return nil
		}
		key, err := digestKey(digest)
		if err != nil {
			return err
		}
		v := bs.get(bBodies).Get(key)
		if len(v) == 0 || v[0] != codecSegment {
			return nil
		}
		b, err := decodeBodyLoc(v)
		if err != nil {
			return nil // damaged pointer: archive a full response
		}
		if ref == nil {
			ref = &segment.Refers{Profile: segment.ProfileIdentical, URI: b.URI, Date: b.Date}
		}
		ref.Digest = b.PayloadDigest
		return nil
	})
	return ref, err
}
