package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// smallArchive returns the bytes of a small closed archive, a fuzz seed.
func smallArchive(f *testing.F) []byte {
	path := filepath.Join(f.TempDir(), "seed.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	c := newCapture("http://www.example.gov.cn/r.html", []byte("<html>年度报告</html>"), t0, `"e"`)
	if _, err := db.SaveCapture(c); err != nil {
		f.Fatal(err)
	}
	if err := db.SaveRecord(newRecord(c, 2023, "110101", "北京市")); err != nil {
		f.Fatal(err)
	}
	if err := db.Close(); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// tinyBolt is a bbolt file with 1 KB pages, nested and inline buckets and
// an overflow value: a small seed covering every page kind.
func tinyBolt(f *testing.F) []byte {
	path := filepath.Join(f.TempDir(), "tiny.db")
	b, err := bolt.Open(path, 0o644, &bolt.Options{PageSize: 1024})
	if err != nil {
		f.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		top, err := tx.CreateBucket([]byte("top"))
		if err != nil {
			return err
		}
		inner, err := top.CreateBucket([]byte("inner"))
		if err == nil {
			err = inner.Put([]byte("k"), []byte("v"))
		}
		for i := 0; i < 40 && err == nil; i++ {
			err = top.Put([]byte{byte(i)}, bytes.Repeat([]byte{byte(i)}, 30))
		}
		if err == nil {
			err = top.Put([]byte("big"), bytes.Repeat([]byte("x"), 3000))
		}
		return err
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	data, rerr := os.ReadFile(path)
	if err != nil || rerr != nil {
		f.Fatal(err, rerr)
	}
	m, _ := readMeta(bytes.NewReader(data), 0)
	if used := int(m.hwm) * m.pageSize; used > 0 && used < len(data) {
		data = data[:used] // the file is mapped at 32 KB; the rest is zeros
	}
	return data
}

// FuzzWalkPages: the page walker reads damaged files without panicking,
// hanging or allocating beyond the file's size.
func FuzzWalkPages(f *testing.F) {
	tiny := tinyBolt(f)
	f.Add(tiny, uint32(0), byte(0))
	f.Add(tiny, uint32(2100), byte(0x40))
	f.Fuzz(func(t *testing.T, data []byte, off uint32, x byte) {
		d := append([]byte(nil), data...)
		if len(d) > 0 {
			d[int(off)%len(d)] ^= x
		}
		walkPages(bytes.NewReader(d), int64(len(d)), func([][]byte, []byte, []byte) {})
		checkMetas(bytes.NewReader(d), 0)
	})
}

// FuzzDecodeValues: stored bodies, capture values and metadata values
// decode or fail, never panic.
func FuzzDecodeValues(f *testing.F) {
	body, _ := encodeBody([]byte("<html>政府信息公开工作年度报告</html>"))
	sc := newStoredCapture(newCapture("http://a.gov.cn/", []byte("x"), t0, `"e"`), "", "")
	cv, _ := encodeCaptureValue(sc)
	mv, _ := marshalValue(urlState{URL: "http://a.gov.cn/"})
	for _, s := range [][]byte{body, cv, mv, {0}, {1, 0xff, 0xff, 0xff, 0xff, 0x0f}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		_, _ = decodeBody(v)
		_, _ = decodeCaptureValue(v)
		var st urlState
		_ = unmarshalValue(v, &st)
		_, _ = getRecord(v)
	})
}
