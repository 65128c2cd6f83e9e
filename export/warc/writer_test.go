package warc

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// specRequestBlock is the block of the 'request' example of WARC/1.1
// Annex C, with the CRLF line ends HTTP requires.
const specRequestBlock = "GET /images/logoc.jpg HTTP/1.0\r\n" +
	"User-Agent: Mozilla/5.0 (compatible; heritrix/1.10.0)\r\n" +
	"From: stack@example.org\r\n" +
	"Connection: close\r\n" +
	"Referer: http://www.archive.org/\r\n" +
	"Host: www.archive.org\r\n" +
	"Cookie: PHPSESSID=009d7bb11022f80605aa87e18224d824\r\n" +
	"\r\n"

// TestWriter_Write_SpecRequestExample writes the spec's request example
// with its fields in the spec's order and compares the exact bytes. The
// spec prints Content-Length: 236, which does not match its own block
// (242 bytes with CRLFs, 234 with LFs); the writer always states the real
// length, in the field's original position, and appends a block digest.
func TestWriter_Write_SpecRequestExample(t *testing.T) {
	rec := &Record{Header: Header{
		{"WARC-Type", "request"},
		{"WARC-Target-URI", "http://www.archive.org/images/logoc.jpg"},
		{"WARC-Warcinfo-ID", "<urn:uuid:d7ae5c10-e6b3-4d27-967d-34780c58ba39>"},
		{"WARC-Date", "2006-09-19T17:20:24Z"},
		{"Content-Length", "236"},
		{"WARC-Record-ID", "<urn:uuid:4885803b-eebd-4b27-a090-144450c11594>"},
		{"Content-Type", "application/http;msgtype=request"},
		{"WARC-Concurrent-To", "<urn:uuid:92283950-ef2f-4d72-b224-f54c6ec90bb0>"},
	}, Block: []byte(specRequestBlock)}
	want := "WARC/1.1\r\n" +
		"WARC-Type: request\r\n" +
		"WARC-Target-URI: http://www.archive.org/images/logoc.jpg\r\n" +
		"WARC-Warcinfo-ID: <urn:uuid:d7ae5c10-e6b3-4d27-967d-34780c58ba39>\r\n" +
		"WARC-Date: 2006-09-19T17:20:24Z\r\n" +
		"Content-Length: 242\r\n" +
		"WARC-Record-ID: <urn:uuid:4885803b-eebd-4b27-a090-144450c11594>\r\n" +
		"Content-Type: application/http;msgtype=request\r\n" +
		"WARC-Concurrent-To: <urn:uuid:92283950-ef2f-4d72-b224-f54c6ec90bb0>\r\n" +
		"WARC-Block-Digest: " + SHA1Digest([]byte(specRequestBlock)) + "\r\n" +
		"\r\n" + specRequestBlock + "\r\n\r\n"
	var buf bytes.Buffer
	off, size, err := NewWriter(&buf, false).Write(rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != want {
		t.Errorf("record bytes:\n%q\nwant\n%q", got, want)
	}
	if off != 0 || size != int64(len(want)) {
		t.Errorf("offset %d size %d, want 0 %d", off, size, len(want))
	}
	if *update {
		if err := os.WriteFile("testdata/spec-request.warc", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile("testdata/spec-request.warc")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(golden, buf.Bytes()) {
		t.Errorf("differs from testdata/spec-request.warc")
	}
}

func TestSHA1Digest_KnownValue(t *testing.T) {
	// sha1("") = da39a3ee5e6b4b0d3255bfef95601890afd80709, base32 below.
	if got, want := SHA1Digest(nil), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"; got != want {
		t.Errorf("SHA1Digest(nil) = %s, want %s", got, want)
	}
}

func TestWriter_Write_Refuses(t *testing.T) {
	base := func() Header {
		return Header{{"WARC-Type", "resource"}, {"WARC-Record-ID", NewRecordID()}, {"WARC-Date", "2026-11-23T12:00:00Z"}}
	}
	for name, h := range map[string]Header{
		"no type":       base()[1:],
		"no date":       base()[:2],
		"CRLF in value": append(base(), Field{"WARC-Target-URI", "http://x/\r\nWARC-Type: evil"}),
		"colon in name": append(base(), Field{"Bad:Name", "x"}),
		"NUL in value":  append(base(), Field{"X", "a\x00b"}),
	} {
		var buf bytes.Buffer
		if _, _, err := NewWriter(&buf, true).Write(&Record{Header: h}); err == nil {
			t.Errorf("%s: written", name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written before refusing", name, buf.Len())
		}
	}
}

func TestNewRecordID_Form(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := NewRecordID()
		if len(id) != 47 || !strings.HasPrefix(id, "<urn:uuid:") || id[24] != '4' || !strings.ContainsRune("89ab", rune(id[29])) {
			t.Fatalf("bad id %s", id)
		}
		if seen[id] {
			t.Fatalf("repeated id %s", id)
		}
		seen[id] = true
	}
}

// TestReader_SpecWarcinfo reads the spec's warcinfo example, whose fields
// continue on indented lines.
func TestReader_SpecWarcinfo(t *testing.T) {
	block := "software: Heritrix 1.12.0 http://crawler.archive.org\r\n" +
		"http-header-user-agent:\r\n Mozilla/5.0 (compatible; heritrix/1.4.0 +http://crawler.archive.org)\r\n"
	in := "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2006-09-19T17:20:14Z\r\n" +
		"WARC-Record-ID: <urn:uuid:d7ae5c10-e6b3-4d27-967d-34780c58ba39>\r\n" +
		"Content-Type: application/warc-fields\r\nWARC-Long: first\r\n  second\r\n" +
		"Content-Length: " + strconv.Itoa(len(block)) + "\r\n\r\n" + block + "\r\n\r\n"
	r := NewReader(strings.NewReader(in))
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != "WARC/1.0" || rec.Type() != TypeWarcinfo || string(rec.Block) != block ||
		rec.Header.Get("warc-long") != "first second" || rec.Size != int64(len(in)) {
		t.Errorf("read %+v", rec)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after last record: %v, want io.EOF", err)
	}
}

func TestFormatDate_ParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2006-09-19T17:20:24Z":           "2006-09-19T17:20:24Z",
		"2006-09-19T17:20:24.123456789Z": "2006-09-19T17:20:24Z",
		"2006-09-20T01:20:24+08:00":      "2006-09-19T17:20:24Z",
	} {
		got, err := ParseDate(in)
		if err != nil || FormatDate(got) != want {
			t.Errorf("ParseDate(%q) = %v, %v; formats as %s, want %s", in, got, err, FormatDate(got), want)
		}
	}
	if _, err := ParseDate("19 Sep 2006"); err == nil {
		t.Error("bad date accepted")
	}
}
