package store

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this code reads and writes. Open migrates older
// files forward, one step at a time, each step in its own transaction.
const SchemaVersion = 1

var schemaKey = []byte("schema")

// migrations[v] upgrades a file from schema v to v+1. Version 0 is a new,
// empty file. Add a step here (never edit an old one) when the layout changes.
var migrations = map[int]func(tx *bolt.Tx) error{
	0: createBuckets,
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// schemaValue encodes a version with its CRC-32C, so a damaged version
// reads as damage, not as a file from a newer nianbao.
func schemaValue(v int) []byte {
	b := u32(uint32(v))
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// schemaVersion reads the file's version: 0 for a fresh bbolt file,
// -1 for a bbolt file that holds something other than an archive or whose
// version is damaged.
func schemaVersion(tx *bolt.Tx) int {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			return 0
		}
		return -1
	}
	v := meta.Get(schemaKey)
	if len(v) != 8 || crc32.Checksum(v[:4], castagnoli) != binary.BigEndian.Uint32(v[4:]) {
		return -1
	}
	return int(binary.BigEndian.Uint32(v))
}

// holdsData reports whether the file is larger than bbolt ever makes a file
// before its first commit (four pages, mapped at 32 KB): a file with an
// empty root that large is one whose newest meta page was lost, leaving an
// older one from before the data was written (e.g. a compacted file).
func (db *DB) holdsData() bool {
	fi, err := os.Stat(db.path)
	if err != nil {
		return false
	}
	return fi.Size() > max(32<<10, 4*int64(db.bolt.Info().PageSize))
}

// migrate brings the file to SchemaVersion.
func (db *DB) migrate() error {
	var v int
	if err := db.view(func(tx *bolt.Tx) error { v = schemaVersion(tx); return nil }); err != nil {
		return err
	}
	switch {
	case v == 0 && db.holdsData():
		return corrupt(db.path, "the file holds data, but its valid meta page describes an empty database: the newest meta page is damaged")
	case v < 0:
		return corrupt(db.path, "not a nianbao archive, or its schema version is damaged (bucket meta)")
	case v > SchemaVersion:
		return fmt.Errorf("database %s has schema %d, newer than this nianbao (schema %d): upgrade nianbao", db.path, v, SchemaVersion)
	case v < SchemaVersion && db.readOnly:
		return fmt.Errorf("database %s has schema %d and needs migrating to %d: open it read-write once", db.path, v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		step := migrations[v]
		next := v + 1
		err := db.updateDirect(func(tx *bolt.Tx) error {
			if err := step(tx); err != nil {
				return err
			}
			return tx.Bucket(bMeta).Put(schemaKey, schemaValue(next))
		})
		if err != nil {
			return fmt.Errorf("migrate %s from schema %d to %d: %w", db.path, v, next, err)
		}
	}
	return nil
}
