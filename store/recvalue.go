package store

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Record values (records, record_versions) are marshalValue's JSON+CRC
// compressed with zstd: a parsed report with its text, sections, fields and
// checks is 10–30 KB of JSON and about a fifth of that compressed. Kept
// plain, each record is a node of several bbolt pages, rewritten whole
// whenever a key beside it changes; compressed, most fit one page. A value
// starting with '{' is plain JSON (+CRC), as written before compression.

// recWindow is the zstd window for record values (tens of KB).
const recWindow = 256 << 10

// maxRecordValue bounds a decompressed record value, so a damaged value
// never makes the decoder allocate without limit.
const maxRecordValue = 64 << 20

var (
	recOnce sync.Once
	recEnc  *zstd.Encoder
	recDec  *zstd.Decoder
	recErr  error
)

func recCodecs() (*zstd.Encoder, *zstd.Decoder, error) {
	recOnce.Do(func() {
		recEnc, recErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(recWindow), zstd.WithLowerEncoderMem(true))
		if recErr == nil {
			recDec, recErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxRecordValue))
		}
	})
	return recEnc, recDec, recErr
}

// encodeRecordValue is marshalValue compressed.
func encodeRecordValue(sr storedRecord) ([]byte, error) {
	v, err := marshalValue(sr)
	if err != nil {
		return nil, err
	}
	enc, _, err := recCodecs()
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	return enc.EncodeAll(v, make([]byte, 0, len(v)/3)), nil
}

// recordJSON returns a record value's JSON+CRC, decompressing it when it
// was stored compressed.
func recordJSON(v []byte) ([]byte, error) {
	if bytes.HasPrefix(v, []byte("{")) {
		return v, nil
	}
	_, dec, err := recCodecs()
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	out, err := dec.DecodeAll(v, nil)
	if err != nil {
		return nil, fmt.Errorf("decompress record: %v: %w", err, ErrCorrupt)
	}
	return out, nil
}
