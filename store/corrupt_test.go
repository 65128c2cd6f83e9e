package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// goodArchive builds a closed archive with records and returns its path,
// its bytes and its high-water size (the bytes its pages use).
func goodArchive(t *testing.T, compact bool) (string, []byte, int64) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "good.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	seedRecords(t, db, 150)
	if compact {
		if err := db.Compact(filepath.Join(dir, "c.db")); err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, "c.db")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var hwm int64
	bdb, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = bdb.View(func(tx *bolt.Tx) error { hwm = tx.Size(); return nil })
	_ = bdb.Close()
	return path, data, hwm
}

// openAndVerify opens a damaged file and verifies it; it returns the first
// error (from Open or Verify) or nil if the file passed both.
func openAndVerify(t *testing.T, path string) error {
	t.Helper()
	db, err := Open(path, Options{Timeout: 200e6})
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Verify(nil)
	return err
}

func writeDamaged(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpen_DamagedFile_ErrCorrupt(t *testing.T) {
	_, good, hwm := goodArchive(t, false)
	const pageSize = 4096
	junk := make([]byte, 1<<20)
	rand.New(rand.NewSource(8)).Read(junk)
	flipMetas := append([]byte(nil), good...)
	flipMetas[40] ^= 0xff          // meta page 0 (inside the checksummed meta)
	flipMetas[pageSize+40] ^= 0xff // meta page 1
	tests := []struct {
		name string
		data []byte
	}{
		{"zero length", nil},
		{"shorter than a page", good[:3000]},
		{"two pages", good[:2*pageSize]},
		{"truncated below the used pages", good[:hwm/3]},
		{"truncated one page short", good[:hwm-pageSize]},
		{"random junk", junk},
		{"text file", []byte(strings.Repeat("this is not a database\n", 1000))},
		{"both meta pages damaged", flipMetas},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeDamaged(t, tt.data)
			err := openAndVerify(t, path)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, path) || !strings.Contains(msg, "backup") || !strings.Contains(msg, "nianbao verify") {
				t.Errorf("message does not name the file and how to recover: %s", msg)
			}
		})
	}
}

// Bit flips inside the used pages: bbolt has no page checksums, so the page
// walk, the value checksums, the body digests and tx.Check are what notice.
// Every damaged file must give ErrCorrupt, or verify clean with its content
// unchanged (the flips hit page slack); never a panic, never silent damage.
func TestVerify_BitFlippedPages_DetectedWithoutPanic(t *testing.T) {
	_, good, hwm := goodArchive(t, true) // compacted: no free pages to flip harmlessly
	const pageSize, trials = 4096, 60
	detected, harmless, want := 0, 0, contentDigest(t, good)
	for seed := int64(0); seed < trials; seed++ {
		rng := rand.New(rand.NewSource(seed))
		data := append([]byte(nil), good...)
		for i := 0; i < 16; i++ { // 16 random bytes across the data pages
			off := 2*pageSize + rng.Int63n(hwm-2*pageSize)
			data[off] ^= byte(1 + rng.Intn(255))
		}
		path := writeDamaged(t, data)
		err := openAndVerify(t, path)
		switch {
		case err == nil && contentDigest(t, data) == want:
			harmless++ // the flips hit page slack or free pages
		case err == nil:
			t.Errorf("seed %d: content changed and verify did not notice", seed)
		case errors.Is(err, ErrCorrupt):
			detected++
		default:
			t.Errorf("seed %d: err = %v, want ErrCorrupt", seed, err)
		}
	}
	t.Logf("bit flips: %d of %d damaged files detected, %d harmless (slack or free space)", detected, trials, harmless)
}

// contentDigest hashes every bucket's keys and values as the page walker
// reads them from the file.
func contentDigest(t *testing.T, data []byte) [32]byte {
	h := sha256.New()
	walkPages(bytes.NewReader(data), int64(len(data)), func(path [][]byte, k, v []byte) {
		for _, p := range path {
			h.Write(p)
			h.Write([]byte{0})
		}
		fmt.Fprintf(h, "%d:%s=%d:%s;", len(k), k, len(v), v)
	})
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// A single flipped byte in one body's compressed bytes is always detected.
func TestVerify_FlippedBodyByte_Detected(t *testing.T) {
	path, good, _ := goodArchive(t, true)
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		_, v := tx.Bucket(bBodies).Cursor().First()
		stored = append([]byte(nil), v[len(v)/2:len(v)/2+32]...)
		return nil
	})
	db.Close()
	off := bytes.Index(good, stored)
	if off < 0 {
		t.Fatal("body bytes not found in the file")
	}
	data := append([]byte(nil), good...)
	data[off+5] ^= 0x01
	err = openAndVerify(t, writeDamaged(t, data))
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

// A leaf page with a damaged header: Open succeeds (the meta pages are
// fine), Verify reports the damage, and Compact salvages every other page
// into a new archive that opens, verifies what it holds and takes new writes.
func TestCompact_DamagedPage_Salvages(t *testing.T) {
	_, good, hwm := goodArchive(t, true)
	const pageSize = 4096
	data := append([]byte(nil), good...)
	damaged := int64(0)
	for id := hwm / pageSize / 2; id < hwm/pageSize; id++ {
		p := data[id*pageSize:]
		if binary.LittleEndian.Uint64(p) == uint64(id) && binary.LittleEndian.Uint16(p[8:]) == flagLeaf {
			binary.LittleEndian.PutUint16(p[8:], 0x20)
			damaged = id
			break
		}
	}
	if damaged == 0 {
		t.Fatal("no leaf page found")
	}
	path := writeDamaged(t, data)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer db.Close()
	if _, err := db.Verify(nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("verify: %v, want ErrCorrupt", err)
	}
	dst := filepath.Join(t.TempDir(), "salvaged.db")
	err = db.Compact(dst)
	var se *SalvagedError
	if !errors.As(err, &se) || !errors.Is(err, ErrCorrupt) || se.Copied == 0 {
		t.Fatalf("compact of a damaged archive: %v", err)
	}
	t.Logf("page %d damaged: %v", damaged, err)
	sdb, err := Open(dst, Options{})
	if err != nil {
		t.Fatalf("open salvaged copy: %v", err)
	}
	defer sdb.Close()
	rep, _ := sdb.Verify(nil)
	for _, p := range rep.Problems {
		if strings.Contains(p, "page structure") || strings.Contains(p, "meta counter") || strings.Contains(p, "bbolt check") {
			t.Errorf("salvaged copy is not a sound file: %s", p)
		}
	}
	n := len(urlsOf(t, sdb, RecordFilter{AllVersions: true}))
	if n == 0 || n > 150 {
		t.Errorf("salvaged %d records of 150", n)
	}
	mustSave(t, sdb, newCapture("http://after.gov.cn/", []byte("<html>new</html>"), t0, ""))
	t.Logf("salvaged %d of 150 records; %d problems left (lost references)", n, len(rep.Problems))
}

// damageNewestMeta flips a byte inside the checksummed part of the meta page
// with the higher transaction id.
func damageNewestMeta(t *testing.T, good []byte) []byte {
	t.Helper()
	data := append([]byte(nil), good...)
	r := bytes.NewReader(data)
	m0, ok0 := readMeta(r, 0)
	m1, ok1 := readMeta(r, int64(m0.pageSize))
	if !ok0 || !ok1 {
		t.Fatal("good archive has an invalid meta page")
	}
	off := 40
	if m1.txid > m0.txid {
		off += m0.pageSize
	}
	data[off] ^= 0xff
	return data
}

// When the newest meta page is damaged bbolt silently reads the older one.
// On a compacted file that one describes an empty database: Open must say
// so rather than start a fresh archive over the data. On a working archive
// it is the previous commit: Verify must report it.
func TestOpen_DamagedNewestMeta(t *testing.T) {
	_, compacted, _ := goodArchive(t, true)
	err := openAndVerify(t, writeDamaged(t, damageNewestMeta(t, compacted)))
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("compacted archive with its newest meta damaged: %v", err)
	}
	_, working, _ := goodArchive(t, false)
	path := writeDamaged(t, damageNewestMeta(t, working))
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open with the previous commit's meta: %v", err)
	}
	defer db.Close()
	rep, err := db.Verify(nil)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(rep.Problems[0], "meta page") {
		t.Errorf("verify with one damaged meta page: %v %v", err, rep.Problems)
	}
}
