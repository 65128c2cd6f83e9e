package segment

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

func sampleCapture(body []byte) *capture.Capture {
	return &capture.Capture{
		URL: "http://www.example.gov.cn/a.pdf", FinalURL: "http://www.example.gov.cn/a.pdf", Method: "GET",
		ReqHeader: http.Header{"User-Agent": {"nianbao-test"}}, Status: 200, Proto: "HTTP/1.1",
		Header: http.Header{"Content-Type": {"application/pdf"}}, Body: body,
		FetchedAt: time.Date(2026, 12, 2, 3, 4, 5, 6, time.UTC), Outcome: capture.OutcomeOK, Kind: "attachment",
		SourceURL: "http://www.example.gov.cn/", SiteCode: "110000",
	}
}

// gzipChunked is a body sent gzip-encoded and chunked, with its head.
func gzipChunked(t *testing.T, body []byte) (head, wire []byte) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(body)
	zw.Close()
	var w bytes.Buffer
	for b := z.Bytes(); len(b) > 0; {
		n := min(len(b), 700)
		fmt.Fprintf(&w, "%x\r\n%s\r\n", n, b[:n])
		b = b[n:]
	}
	w.WriteString("0\r\n\r\n")
	head = []byte("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n")
	return head, w.Bytes()
}

func writeAll(t *testing.T, dir string, max int64, builts ...*Built) (locs [][]Loc) {
	t.Helper()
	w, err := OpenWriter(dir, "arc", 0, 0, WriterOptions{MaxSize: max})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range builts {
		var ls []Loc
		for _, m := range b.Members {
			l, err := w.Append(m)
			if err != nil {
				t.Fatal(err)
			}
			ls = append(ls, l)
		}
		locs = append(locs, ls)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return locs
}

func TestRoundTrip(t *testing.T) {
	html := bytes.Repeat([]byte("<p>政府信息公开工作年度报告</p>\n"), 200)
	head, wire := gzipChunked(t, html)
	coded := sampleCapture(html)
	coded.Wire = &Wire{Request: []byte("GET /a.pdf HTTP/1.1\r\nHost: www.example.gov.cn\r\nUser-Agent: x\r\n\r\n"), Head: head, Body: wire}
	pdf := make([]byte, 300<<10)
	rand.Read(pdf)
	tests := []struct {
		name      string
		c         *capture.Capture
		wantCoded bool
	}{
		{"synthesized", sampleCapture(pdf), false},
		{"wire gzip chunked", coded, true},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Exchange(tt.c, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Members) != 3 || b.Main != 1 || b.Coded != tt.wantCoded {
				t.Fatalf("members %d main %d coded %v", len(b.Members), b.Main, b.Coded)
			}
			locs := writeAll(t, filepath.Join(dir, tt.name), 0, b)
			r := NewReader(filepath.Join(dir, tt.name), "arc")
			defer r.Close()
			rec, err := r.Record(locs[0][b.Main])
			if err != nil {
				t.Fatal(err)
			}
			if rec.Type != "response" || rec.Field("WARC-Target-URI") != tt.c.FinalURL {
				t.Fatalf("record %s %s", rec.Type, rec.Field("WARC-Target-URI"))
			}
			got := rec.Payload
			if b.Coded {
				if got, err = DecodeBody(rec.Head, rec.Payload); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got, tt.c.Body) {
				t.Fatalf("body read back differs: %d bytes, want %d", len(got), len(tt.c.Body))
			}
			meta, err := r.Record(locs[0][2])
			if err != nil || meta.Type != "metadata" || !bytes.Contains(meta.Payload, []byte("via: http://www.example.gov.cn/")) {
				t.Fatalf("metadata %v %q", err, meta.Payload)
			}
		})
	}
}

type Wire = capture.Wire

func TestRotationAndScan(t *testing.T) {
	dir := t.TempDir()
	var builts []*Built
	for i := 0; i < 5; i++ {
		body := make([]byte, 40<<10)
		rand.Read(body)
		b, err := Exchange(sampleCapture(body), nil)
		if err != nil {
			t.Fatal(err)
		}
		builts = append(builts, b)
	}
	locs := writeAll(t, dir, 100<<10, builts...)
	segs, _ := List(dir, "arc")
	if len(segs) < 2 {
		t.Fatalf("no rotation: %v", segs)
	}
	n := 0
	for _, s := range segs {
		end, err := Scan(filepath.Join(dir, FileName("arc", s)), s, 0, func(l Loc, raw []byte) error {
			if _, err := Parse(raw); err != nil {
				return err
			}
			n++
			return nil
		})
		fi, _ := os.Stat(filepath.Join(dir, FileName("arc", s)))
		if err != nil || end != fi.Size() {
			t.Fatalf("scan %d: end %d size %d err %v", s, end, fi.Size(), err)
		}
	}
	if n != 15 || locs[4][2].Seg != segs[len(segs)-1] {
		t.Fatalf("scanned %d records, last loc %v", n, locs[4][2])
	}
}

func TestDamage(t *testing.T) {
	body := make([]byte, 64<<10)
	rand.Read(body)
	b, _ := Exchange(sampleCapture(body), nil)
	tests := []struct {
		name   string
		damage func(path string)
		loc    func(Loc) Loc
		want   error
	}{
		{"flipped byte", func(p string) { flip(t, p) }, nil, ErrDamaged},
		{"missing file", func(p string) { os.Remove(p) }, nil, ErrMissing},
		{"truncated", func(p string) { os.Truncate(p, 1000) }, nil, ErrPastEnd},
		{"index past end", func(string) {}, func(l Loc) Loc { l.Off += 1 << 20; return l }, ErrPastEnd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			locs := writeAll(t, dir, 0, b)
			path := filepath.Join(dir, FileName("arc", 1))
			tt.damage(path)
			loc := locs[0][b.Main]
			if tt.loc != nil {
				loc = tt.loc(loc)
			}
			r := NewReader(dir, "arc")
			defer r.Close()
			_, err := r.Record(loc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestScanTail(t *testing.T) {
	dir := t.TempDir()
	b, _ := Exchange(sampleCapture([]byte("hello")), nil)
	writeAll(t, dir, 0, b)
	path := filepath.Join(dir, FileName("arc", 1))
	fi, _ := os.Stat(path)
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(b.Members[1][:len(b.Members[1])/2]) // an interrupted append
	f.Close()
	end, err := Scan(path, 1, 0, func(Loc, []byte) error { return nil })
	if !errors.Is(err, ErrTail) || end != fi.Size() {
		t.Fatalf("end %d (want %d) err %v", end, fi.Size(), err)
	}
}

func flip(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40
	os.WriteFile(path, data, 0o644)
}
