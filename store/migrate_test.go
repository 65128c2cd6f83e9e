package store

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
)

// saveLegacy archives c as nianbao did before segments: the body inside
// the index file (codec 0/1), no WARC records.
func saveLegacy(t *testing.T, db *DB, c *capture.Capture) {
	t.Helper()
	digest := ""
	if len(c.Body) > 0 {
		digest = c.Digest()
	}
	enc, err := encodeBody(c.Body)
	if err != nil {
		t.Fatal(err)
	}
	sc := newStoredCapture(c, digest, "")
	err = db.write(len(enc), func(tx *bolt.Tx) error {
		bs, err := db.openBuckets(tx)
		if err != nil {
			return err
		}
		if digest != "" {
			key, _ := digestKey(digest)
			if bs.get(bBodies).Get(key) == nil {
				if err := bs.get(bBodies).Put(key, enc); err != nil {
					return err
				}
				meta := bs.get(bMeta)
				addCounter(meta, cntBodies, 1)
				addCounter(meta, cntRawBytes, int64(len(c.Body)))
				addCounter(meta, cntStoredBytes, int64(len(enc)))
			}
		}
		seq, _ := bs.get(bCaptures).NextSequence()
		sc.Seq = seq
		if _, err := updateURL(bs, sc); err != nil {
			return err
		}
		return putCapture(bs, sc)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateToSegments(t *testing.T) {
	db := openTest(t)
	body := []byte(strings.Repeat("<p>2023年政府信息公开工作年度报告</p>", 50))
	a := newCapture("http://a.gov.cn/nb.html", body, t0, `"e1"`)
	saveLegacy(t, db, a)
	saveLegacy(t, db, newCapture("http://b.gov.cn/copy.html", body, t0.Add(1), ""))
	nm := newCapture("http://a.gov.cn/nb.html", nil, t0.Add(2), `"e1"`)
	nm.Status, nm.Outcome = 304, capture.OutcomeNotModified
	saveLegacy(t, db, nm)
	if n, err := db.LegacyCaptures(); err != nil || n != 3 {
		t.Fatalf("legacy captures %d %v", n, err)
	}
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	rep, err := db.MigrateToSegments(nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Captures != 3 || rep.Bodies != 1 || rep.Left != 0 || rep.BodyBytes != int64(len(body)) {
		t.Fatalf("report %+v", rep)
	}
	want := "warcinfo request response metadata request revisit metadata request revisit metadata"
	if got := strings.Join(recordTypes(t, db), " "); got != want {
		t.Fatalf("records:\n got %s\nwant %s", got, want)
	}
	if got, err := db.Body(a.Digest()); err != nil || !bytes.Equal(got, body) {
		t.Fatalf("body after migration: %v", err)
	}
	if n, _ := db.LegacyCaptures(); n != 0 {
		t.Fatalf("%d captures left to migrate", n)
	}
	again, err := db.MigrateToSegments(nil)
	if err != nil || again.Captures != 0 {
		t.Fatalf("second migration: %+v %v", again, err)
	}
	old, err := Open(backup, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got, err := old.Body(a.Digest()); err != nil || !bytes.Equal(got, body) {
		t.Fatalf("backup unreadable: %v", err)
	}
}
