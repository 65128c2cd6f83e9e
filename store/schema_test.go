package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rawUpdate rewrites the schema key of a closed archive (or makes a foreign
// bbolt file) with bbolt directly.
func rawUpdate(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_Schema(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(tx *bolt.Tx) error
		want    string // substring of the error; "" for success
		corrupt bool
	}{
		{"current", func(tx *bolt.Tx) error { return nil }, "", false},
		{"newer", func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(schemaKey, schemaValue(SchemaVersion+1)) }, "upgrade nianbao", false},
		{"damaged version", func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(schemaKey, []byte{0, 0, 0, 2, 1, 2, 3, 4}) }, "schema version is damaged", true},
		{"foreign bbolt file", func(tx *bolt.Tx) error {
			for _, n := range allBuckets {
				if err := tx.DeleteBucket(n); err != nil {
					return err
				}
			}
			_, err := tx.CreateBucket([]byte("etcd"))
			return err
		}, "not a nianbao archive", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			db, err := Open(path, Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			rawUpdate(t, path, tt.prepare)
			db, err = Open(path, Options{})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				return
			}
			if err == nil {
				db.Close()
				t.Fatal("open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrCorrupt) != tt.corrupt {
				t.Errorf("err = %v, want %q (corrupt=%v)", err, tt.want, tt.corrupt)
			}
		})
	}
}

func TestOpen_ReadOnly_NoCreateNoWrites(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "none.db"), Options{ReadOnly: true}); err == nil {
		t.Error("read-only open of a missing file succeeded")
	}
	db, err := Open(filepath.Join(t.TempDir(), "a.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ro, err := Open(db.Path()+"x", Options{ReadOnly: true})
	if err == nil {
		ro.Close()
		t.Error("read-only open created a file")
	}
	if _, err := db.SaveCapture(nil); err == nil {
		t.Error("SaveCapture(nil): no error")
	}
	mustSave(t, db, newCapture("http://a.gov.cn/", []byte("<html>a</html>"), t0, ""))
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if p, err := ro.Prior("http://a.gov.cn/"); err != nil || !p.Known {
		t.Errorf("read-only Prior: %+v %v", p, err)
	}
	if _, err := ro.SaveCapture(newCapture("http://b.gov.cn/", []byte("b"), t0, "")); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to a read-only archive: %v", err)
	}
	if _, err := db.SaveCapture(newCapture("http://c.gov.cn/", []byte("c"), t0, "")); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close: %v, want ErrClosed", err)
	}
}
