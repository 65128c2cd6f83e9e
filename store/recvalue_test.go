package store

import (
	"bytes"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestRecordValue_StoredCompressed_PlainStillRead: a record is stored
// compressed (far smaller than its JSON), reads back equal, and a record
// written plain by an older nianbao is still read and verified.
func TestRecordValue_StoredCompressed_PlainStillRead(t *testing.T) {
	db := openTest(t)
	const u = "http://www.example.gov.cn/zfxxgknb/2023.html"
	c := newCapture(u, []byte("<html>2023</html>"), t0, "")
	mustSave(t, db, c)
	rec := newRecord(c, 2023, "110101", "北京市")
	rec.Text = strings.Repeat("一、总体情况 本年度共主动公开政府信息 1234 条。", 300)
	if err := db.SaveRecord(rec); err != nil {
		t.Fatal(err)
	}
	plain, err := marshalValue(storedRecord{Record: rec, SavedAt: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	_ = db.view(func(tx *bolt.Tx) error {
		stored = append(stored, tx.Bucket(bRecords).Get(urlKey(u))...)
		return nil
	})
	if bytes.HasPrefix(stored, []byte("{")) || len(stored)*4 > len(plain) {
		t.Errorf("stored record is %d bytes (plain JSON %d): want compressed to under a quarter", len(stored), len(plain))
	}
	got, err := db.Record(u)
	if err != nil || got.Text != rec.Text || got.Year != 2023 {
		t.Fatalf("record read back: %v (err %v)", got, err)
	}

	// As an archive written before compression holds it.
	old := *rec
	old.Title = "旧格式"
	plain, _ = marshalValue(storedRecord{Record: &old, SavedAt: time.Now().UTC()})
	if err := db.write(len(plain), func(tx *bolt.Tx) error { return tx.Bucket(bRecords).Put(urlKey(u), plain) }); err != nil {
		t.Fatal(err)
	}
	if got, err = db.Record(u); err != nil || got.Title != "旧格式" {
		t.Fatalf("plain record read back: %v (err %v)", got, err)
	}
}

// TestRecordValue_DamagedCompressedValue: a damaged compressed record is
// ErrCorrupt, never a panic or a silently different record.
func TestRecordValue_DamagedCompressedValue(t *testing.T) {
	for _, v := range [][]byte{{0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3}, []byte("not a record"), {0x28}} {
		if sr, err := getRecord(v); err == nil {
			t.Errorf("getRecord(%x) = %+v, want an error", v, sr)
		}
	}
}
