package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// Stored metadata values (captures, URL states, versions, records, runs,
// site results) are JSON followed by the CRC-32C of the JSON, 4 bytes
// big-endian. bbolt keeps no checksums of its own pages, so without it a
// flipped byte inside a string (a title, a header) would read back silently
// wrong; with it reads fail and Verify lists the value. Bodies need no CRC:
// their key is their SHA-256.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const crcLen = 4

func marshalValue(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode value: %w", err)
	}
	return binary.BigEndian.AppendUint32(data, crc32.Checksum(data, castagnoli)), nil
}

func unmarshalValue(data []byte, v any) error {
	if len(data) < crcLen {
		return fmt.Errorf("stored value of %d bytes: %w", len(data), ErrCorrupt)
	}
	body, sum := data[:len(data)-crcLen], binary.BigEndian.Uint32(data[len(data)-crcLen:])
	if crc32.Checksum(body, castagnoli) != sum {
		return fmt.Errorf("stored value fails its checksum (the bytes were altered): %w", ErrCorrupt)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode stored value: %w", err)
	}
	return nil
}
