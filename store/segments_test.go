package store

import (
	"bytes"
	"crypto/rand"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// recordTypes lists the WARC record types in the archive's segments, in order.
func recordTypes(t *testing.T, db *DB) []string {
	t.Helper()
	segs, _ := segment.List(db.SegmentDir(), db.SegmentPrefix())
	var out []string
	for _, s := range segs {
		_, err := segment.Scan(filepath.Join(db.SegmentDir(), segment.FileName(db.SegmentPrefix(), s)), s, 0,
			func(_ segment.Loc, raw []byte) error {
				rec, err := segment.Parse(raw)
				if err == nil {
					out = append(out, rec.Type)
				}
				return err
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestSegments_ResponseRevisitMetadata(t *testing.T) {
	db := openTest(t)
	body := []byte("<html>2025年政府信息公开工作年度报告</html>")
	a := newCapture("http://a.gov.cn/nb.html", body, t0, `"e1"`)
	mustSave(t, db, a)
	mustSave(t, db, newCapture("http://b.gov.cn/copy.html", body, t0.Add(1), ""))
	nm := newCapture("http://a.gov.cn/nb.html", nil, t0.Add(2), `"e1"`)
	nm.Status, nm.Outcome = 304, capture.OutcomeNotModified
	mustSave(t, db, nm)
	want := "warcinfo request response metadata request revisit metadata request revisit metadata"
	if got := strings.Join(recordTypes(t, db), " "); got != want {
		t.Fatalf("records:\n got %s\nwant %s", got, want)
	}
	got, err := db.Body(a.Digest())
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("body read back: %q %v", got, err)
	}
	n := 0
	err = db.Captures(func(c *capture.Capture) error {
		if c.Status == 200 && !bytes.Equal(c.Body, body) {
			t.Errorf("capture %s: body %q", c.URL, c.Body)
		}
		n++
		return nil
	})
	if err != nil || n != 3 {
		t.Fatalf("captures: %d %v", n, err)
	}
}

func TestSegments_WireBodyDecodedOnRead(t *testing.T) {
	db := openTest(t)
	body := []byte("hello, 年报")
	c := newCapture("http://a.gov.cn/x.html", body, t0, "")
	c.Wire = &capture.Wire{
		Request: []byte("GET /x.html HTTP/1.1\r\nHost: a.gov.cn\r\n\r\n"),
		Head:    []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"),
		Body:    []byte("5\r\nhello\r\n8\r\n, 年报\r\n0\r\n\r\n"),
	}
	mustSave(t, db, c)
	got, err := db.Body(c.Digest())
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("body read back: %q %v", got, err)
	}
}

func saveRandom(t *testing.T, db *DB, n int) []*capture.Capture {
	var out []*capture.Capture
	for i := 0; i < n; i++ {
		b := make([]byte, 20<<10)
		rand.Read(b)
		c := newCapture("http://a.gov.cn/f"+string(rune('a'+i))+".pdf", b, t0.Add(time.Duration(i)*time.Second), "")
		c.Header = http.Header{"Content-Type": {"application/pdf"}}
		mustSave(t, db, c)
		out = append(out, c)
	}
	return out
}

func TestSegments_TailRepairKeepsIndexed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	caps := saveRandom(t, db, 3)
	seg := filepath.Join(db.SegmentDir(), segment.FileName(db.SegmentPrefix(), 1))
	db.Close()
	fi, _ := os.Stat(seg)
	// An interrupted batch: one whole record and half of the next.
	extra, _ := segment.Exchange(newCapture("http://a.gov.cn/lost", []byte("never acknowledged"), t0, ""), nil)
	f, _ := os.OpenFile(seg, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(extra.Members[0])
	f.Write(extra.Members[1][:len(extra.Members[1])/2])
	f.Close()
	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !strings.Contains(db.Repaired(), "1 whole unindexed record(s) and a partial one") {
		t.Fatalf("repair note: %q", db.Repaired())
	}
	if fi2, _ := os.Stat(seg); fi2.Size() != fi.Size() {
		t.Fatalf("segment %d bytes after repair, want %d", fi2.Size(), fi.Size())
	}
	for _, c := range caps {
		if got, err := db.Body(c.Digest()); err != nil || !bytes.Equal(got, c.Body) {
			t.Fatalf("indexed body lost: %v", err)
		}
	}
	saveRandom(t, db, 1)
	if r, err := db.Verify(nil); err != nil {
		t.Fatalf("verify after repair: %v %v", err, r.Problems)
	}
}

func TestVerify_SegmentDamageNamed(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, db *DB, seg string)
		want   string
	}{
		{"truncated segment", func(t *testing.T, _ *DB, seg string) {
			fi, _ := os.Stat(seg)
			os.Truncate(seg, fi.Size()-100)
		}, "is truncated"},
		{"flipped byte", func(t *testing.T, _ *DB, seg string) {
			data, _ := os.ReadFile(seg)
			data[len(data)/2] ^= 1
			os.WriteFile(seg, data, 0o644)
		}, "is damaged at offset"},
		{"missing segment", func(t *testing.T, _ *DB, seg string) { os.Remove(seg) }, "is missing"},
		{"index past end", func(t *testing.T, db *DB, _ string) {
			db.bolt.Update(func(tx *bolt.Tx) error {
				p := getSegPos(tx.Bucket(bMeta))
				p.End += 1 << 20
				return putSegPos(tx.Bucket(bMeta), p)
			})
		}, "the index points up to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "nianbao.db")
			db, err := Open(path, Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			saveRandom(t, db, 3)
			tt.damage(t, db, filepath.Join(db.SegmentDir(), segment.FileName(db.SegmentPrefix(), 1)))
			db.segr.Close() // drop open files so the damage is seen
			var out bytes.Buffer
			r, err := db.Verify(&out)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(out.String(), tt.want) {
				t.Fatalf("verify: %v; want a problem %q in:\n%s", err, tt.want, out.String())
			}
			if len(r.Problems) == 0 {
				t.Fatal("no problems listed")
			}
		})
	}
}
