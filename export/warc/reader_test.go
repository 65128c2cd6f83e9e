package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"testing"
)

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testRecords returns response records whose bodies are a PDF with binary
// bytes, a GBK page (with a 4-byte GB18030 sequence and CRLFCRLF inside),
// an empty body, and a resource with a NUL-heavy block.
func testRecords(t testing.TB) []*Record {
	var recs []*Record
	for i, body := range [][]byte{mustRead(t, "report.pdf"), mustRead(t, "gbk.html"), nil, {0, 0, 0, '\r', '\n'}} {
		head := []byte("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n")
		typ := TypeResponse
		if i == 3 {
			typ, head = TypeResource, nil
		}
		recs = append(recs, &Record{Header: Header{{"WARC-Type", typ}, {"WARC-Record-ID", NewRecordID()},
			{"WARC-Date", "2026-11-23T12:00:00Z"}, {"WARC-Target-URI", "http://www.cdwh.gov.cn/a.pdf"},
			{"Content-Type", ContentTypeResponse}, {"WARC-Payload-Digest", SHA1Digest(body)}},
			Block: append(head, body...)})
	}
	return recs
}

func TestReader_RoundTrip(t *testing.T) {
	for _, compress := range []bool{true, false} {
		recs := testRecords(t)
		var buf bytes.Buffer
		w := NewWriter(&buf, compress)
		var offsets, sizes []int64
		for _, rec := range recs {
			off, size, err := w.Write(rec)
			if err != nil {
				t.Fatal(err)
			}
			offsets, sizes = append(offsets, off), append(sizes, size)
		}
		r := NewReader(bytes.NewReader(buf.Bytes()))
		for i, want := range recs {
			got, err := r.Next()
			if err != nil {
				t.Fatalf("compress=%v record %d: %v", compress, i, err)
			}
			if !bytes.Equal(got.Block, want.Block) {
				t.Errorf("compress=%v record %d: block differs", compress, i)
			}
			if got.Header.Get("WARC-Record-ID") != want.Header.Get("WARC-Record-ID") || got.Version != Version {
				t.Errorf("compress=%v record %d: header %v", compress, i, got.Header)
			}
			if got.Offset != offsets[i] || got.Size != sizes[i] {
				t.Errorf("compress=%v record %d: at %d+%d, written at %d+%d", compress, i, got.Offset, got.Size, offsets[i], sizes[i])
			}
			if err := Verify(got); err != nil {
				t.Errorf("compress=%v record %d: %v", compress, i, err)
			}
		}
		if _, err := r.Next(); !errors.Is(err, io.EOF) {
			t.Errorf("compress=%v: after last record %v", compress, err)
		}
	}
}

// TestReader_WholeFileGzip reads records gzipped together as one member, as
// some tools write them.
func TestReader_WholeFileGzip(t *testing.T) {
	var plain bytes.Buffer
	recs := testRecords(t)
	w := NewWriter(&plain, false)
	for _, rec := range recs {
		if _, _, err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain.Bytes())
	zw.Close()
	r := NewReader(&gz)
	for i := range recs {
		rec, err := r.Next()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if !bytes.Equal(rec.Block, recs[i].Block) || rec.Size != 0 {
			t.Errorf("record %d: block or size (%d) wrong", i, rec.Size)
		}
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after last record %v", err)
	}
}

func TestVerify_DetectsFlippedByte(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flip  func(rec *Record)
		wantE error
	}{
		{"body byte", func(r *Record) { r.Block[len(r.Block)-1] ^= 1 }, ErrDigest},
		{"header byte", func(r *Record) { r.Block[5] ^= 1 }, ErrDigest},
		{"payload digest", func(r *Record) {
			r.Header.Set("WARC-Payload-Digest", SHA1Digest([]byte("x")))
		}, ErrDigest},
		{"unknown algorithm", func(r *Record) { r.Header.Set("WARC-Block-Digest", "md5:abc") }, ErrFormat},
		{"intact", func(r *Record) {}, nil},
	} {
		var buf bytes.Buffer
		if _, _, err := NewWriter(&buf, true).Write(testRecords(t)[0]); err != nil {
			t.Fatal(err)
		}
		rec, err := NewReader(&buf).Next()
		if err != nil {
			t.Fatal(err)
		}
		tc.flip(rec)
		if err := Verify(rec); !errors.Is(err, tc.wantE) || (tc.wantE == nil) != (err == nil) {
			t.Errorf("%s: Verify = %v, want %v", tc.name, err, tc.wantE)
		}
	}
}

// TestVerify_FlippedByteOnDisk flips one byte of a stored body in an
// uncompressed file: reading succeeds, verification fails.
func TestVerify_FlippedByteOnDisk(t *testing.T) {
	var buf bytes.Buffer
	rec := testRecords(t)[1]
	if _, _, err := NewWriter(&buf, false).Write(rec); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte("</title>")) - 1
	b[i] ^= 0x40
	got, err := NewReader(bytes.NewReader(b)).Next()
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(got); !errors.Is(err, ErrDigest) {
		t.Errorf("Verify = %v, want ErrDigest", err)
	}
}

func TestVerify_AcceptsHexAndSHA256(t *testing.T) {
	block := []byte("abc")
	for _, d := range []string{
		"sha1:a9993e364706816aba3e25717850c26c9cd0d89d",
		"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"SHA1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5",
	} {
		rec := &Record{Header: Header{{"WARC-Type", TypeResource}, {"WARC-Block-Digest", d}}, Block: block}
		if err := Verify(rec); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

func TestReader_Malformed(t *testing.T) {
	for name, in := range map[string]string{
		"not warc":       "HTTP/1.1 200 OK\r\n\r\n",
		"no length":      "WARC/1.1\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n",
		"negative":       "WARC/1.1\r\nContent-Length: -1\r\n\r\n",
		"short block":    "WARC/1.1\r\nContent-Length: 100\r\n\r\nabc",
		"huge length":    "WARC/1.1\r\nContent-Length: 99999999999999\r\n\r\nabc",
		"no colon":       "WARC/1.1\r\nnonsense\r\n\r\n",
		"cut header":     "WARC/1.1\r\nContent-Length: 3",
		"broken gzip":    "\x1f\x8b\x08\x00garbage",
		"gzip then junk": string(gzipOf("WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n")) + "junk",
	} {
		r := NewReader(bytes.NewReader([]byte(in)))
		var err error
		for range 3 {
			if _, err = r.Next(); err != nil {
				break
			}
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err %v, want ErrFormat", name, err)
		}
	}
}

func gzipOf(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	w := NewWriter(&buf, true)
	for _, rec := range testRecords(f) {
		w.Write(rec)
	}
	f.Add(buf.Bytes())
	f.Add(mustRead(f, "spec-request.warc"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: 5\r\n\r\nabcde\r\n\r\n"))
	f.Add(gzipOf("WARC/1.1\r\nContent-Length: 1\r\n\r\nx\r\n\r\nWARC/1.1\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in))
		r.MaxBlock = 1 << 20
		for range 100 {
			rec, err := r.Next()
			if err != nil {
				return
			}
			_ = Verify(rec)
			if rec.Offset < 0 || rec.Offset > int64(len(in)) || rec.Size < 0 || rec.Offset+rec.Size > int64(len(in)) {
				t.Fatalf("record at %d+%d outside input of %d", rec.Offset, rec.Size, len(in))
			}
		}
	})
}
