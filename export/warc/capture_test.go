package warc

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

var t0 = time.Date(2026, 11, 20, 3, 4, 5, 0, time.UTC)

func testCaptures(t testing.TB) []*capture.Capture {
	pdf, gbk := mustRead(t, "report.pdf"), mustRead(t, "gbk.html")
	page := "http://www.cdwh.gov.cn/zwgk/zfxxgknb/202303/t20230315_1234.html"
	return []*capture.Capture{
		{URL: page, FinalURL: page, Method: "GET", Status: 200, Proto: "HTTP/1.1", Body: gbk, FetchedAt: t0,
			ReqHeader: http.Header{"User-Agent": {"nianbao/1"}},
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"},
				"Transfer-Encoding": {"chunked"}, "Etag": {`"abc"`}},
			Charset:   capture.Charset{Name: "gb18030", Method: "score", Note: "declared utf-8 lied"},
			SourceURL: "http://www.cdwh.gov.cn/zwgk/zfxxgknb/index.html", Kind: "report", SiteCode: "510107"},
		{URL: "http://www.cdwh.gov.cn/downfile.jsp?filename=a.pdf", FinalURL: "http://www.cdwh.gov.cn/attach/a.pdf",
			Method: "GET", Status: 200, Body: pdf, FetchedAt: t0.Add(time.Second), Kind: "attachment",
			Header: http.Header{"Content-Type": {"application/pdf"}, "Content-Length": {"99999"}}},
		// the same page again, unchanged: identical-payload-digest revisit
		{URL: page, Method: "GET", Status: 200, Body: gbk, FetchedAt: t0.Add(24 * time.Hour),
			Header: http.Header{"Content-Type": {"text/html"}}},
		// conditional re-fetch answered 304: server-not-modified revisit
		{URL: page, Method: "GET", Status: 304, FetchedAt: t0.Add(48 * time.Hour), Outcome: capture.OutcomeNotModified,
			ReqHeader: http.Header{"If-None-Match": {`"abc"`}}, Header: http.Header{"Etag": {`"abc"`}}},
		// Hanweb listing by POST
		{URL: "http://www.hz.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1", Method: "POST", Status: 200,
			ReqBody: []byte("col=1&webid=2&columnid=3"), Body: []byte("<datastore/>"), FetchedAt: t0.Add(time.Minute),
			Header: http.Header{"Content-Type": {"text/xml;charset=UTF-8"}}},
	}
}

// writeCaptures writes cs and returns the file and the index entries.
func writeCaptures(t testing.TB, cs []*capture.Capture) ([]byte, []IndexEntry) {
	var buf bytes.Buffer
	cw, err := NewCaptureWriter(&buf, "test.warc.gz", Header{{"software", "nianbao test"}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	var entries []IndexEntry
	for _, c := range cs {
		e, err := cw.WriteCapture(c)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	return buf.Bytes(), entries
}

func TestCaptureWriter_Records(t *testing.T) {
	cs := testCaptures(t)
	file, _ := writeCaptures(t, cs)
	r := NewReader(bytes.NewReader(file))
	var types []string
	var recs []*Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(rec); err != nil {
			t.Errorf("%s %s: %v", rec.Type(), rec.Header.Get("WARC-Target-URI"), err)
		}
		types = append(types, rec.Type()+":"+rec.Header.Get("WARC-Profile"))
		recs = append(recs, rec)
	}
	want := []string{"warcinfo:", "response:", "request:", "metadata:", "response:", "request:", "metadata:",
		"revisit:" + ProfileIdenticalPayload, "request:", "metadata:",
		"revisit:" + ProfileNotModified, "request:", "metadata:", "response:", "request:", "metadata:"}
	if strings.Join(types, " ") != strings.Join(want, " ") {
		t.Fatalf("record types\n%v\nwant\n%v", types, want)
	}
	checkResponse(t, recs[1], cs[0])
	checkRevisits(t, recs[1], recs[7], recs[10])
	checkMetadata(t, recs[3], recs[1])
	if req := string(recs[14].Block); !strings.HasPrefix(req, "POST /module/web/jpage/dataproxy.jsp?startrecord=1 HTTP/1.1\r\nHost: www.hz.gov.cn\r\n") ||
		!strings.HasSuffix(req, "\r\n\r\ncol=1&webid=2&columnid=3") {
		t.Errorf("POST request block %q", req)
	}
	if pdf := recs[4]; !bytes.Contains(pdf.Block, []byte("Content-Length: "+strconv.Itoa(len(cs[1].Body))+"\r\n")) ||
		pdf.Header.Get("WARC-Target-URI") != "http://www.cdwh.gov.cn/attach/a.pdf" {
		t.Errorf("pdf response: target %s, block head %q", pdf.Header.Get("WARC-Target-URI"), pdf.Block[:80])
	}
}

func checkResponse(t *testing.T, rec *Record, c *capture.Capture) {
	t.Helper()
	payload, _ := HTTPPayload(rec.Block)
	if !bytes.Equal(payload, c.Body) {
		t.Errorf("response payload differs from the capture body")
	}
	head := string(rec.Block[:len(rec.Block)-len(payload)])
	wantHead := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nEtag: \"abc\"\r\nContent-Length: " +
		strconv.Itoa(len(c.Body)) + "\r\n\r\n"
	if head != wantHead {
		t.Errorf("response head %q, want %q", head, wantHead)
	}
	if rec.Header.Get("WARC-Date") != "2026-11-20T03:04:05Z" || rec.Header.Get("WARC-Payload-Digest") != SHA1Digest(c.Body) {
		t.Errorf("response header %v", rec.Header)
	}
}

func checkRevisits(t *testing.T, orig, same, notModified *Record) {
	t.Helper()
	for _, rv := range []*Record{same, notModified} {
		if rv.Header.Get("WARC-Refers-To") != orig.Header.Get("WARC-Record-ID") ||
			rv.Header.Get("WARC-Refers-To-Target-URI") != orig.Header.Get("WARC-Target-URI") ||
			rv.Header.Get("WARC-Refers-To-Date") != orig.Header.Get("WARC-Date") ||
			rv.Header.Get("WARC-Payload-Digest") != orig.Header.Get("WARC-Payload-Digest") {
			t.Errorf("revisit header %v does not refer to %v", rv.Header, orig.Header)
		}
		if p, ok := HTTPPayload(rv.Block); !ok || len(p) != 0 {
			t.Errorf("revisit block holds a payload: %q", rv.Block)
		}
	}
	if !strings.HasPrefix(string(notModified.Block), "HTTP/1.1 304 Not Modified\r\n") {
		t.Errorf("304 block %q", notModified.Block)
	}
}

func checkMetadata(t *testing.T, meta, resp *Record) {
	t.Helper()
	if meta.Header.Get("WARC-Refers-To") != resp.Header.Get("WARC-Record-ID") {
		t.Errorf("metadata refers to %s", meta.Header.Get("WARC-Refers-To"))
	}
	for _, line := range []string{"via: http://www.cdwh.gov.cn/zwgk/zfxxgknb/index.html\r\n", "fetchedAs: report\r\n",
		"charset: gb18030\r\n", "charsetMethod: score\r\n", "http-header-removed: Content-Encoding: gzip\r\n",
		"http-header-removed: Transfer-Encoding: chunked\r\n", "siteCode: 510107\r\n"} {
		if !bytes.Contains(meta.Block, []byte(line)) {
			t.Errorf("metadata lacks %q:\n%s", line, meta.Block)
		}
	}
}

// TestCaptureWriter_IndexOffsets seeks to each index entry's offset, reads
// exactly its length as a gzip member, and finds the indexed record.
func TestCaptureWriter_IndexOffsets(t *testing.T) {
	cs := testCaptures(t)
	file, entries := writeCaptures(t, cs)
	for i, e := range entries {
		member := io.NewSectionReader(bytes.NewReader(file), e.Offset, e.Length)
		rec, err := NewReader(member).Next()
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if rec.Size != e.Length || rec.Header.Get("WARC-Target-URI") != e.URL {
			t.Errorf("entry %d: read %s (%d bytes), indexed %s (%d)", i, rec.Header.Get("WARC-Target-URI"), rec.Size, e.URL, e.Length)
		}
		if typ := rec.Type(); (typ == TypeRevisit) != (e.Mime == "warc/revisit") {
			t.Errorf("entry %d: type %s, mime %s", i, typ, e.Mime)
		}
		if e.Digest != rec.Header.Get("WARC-Payload-Digest") {
			t.Errorf("entry %d: digest %s, record %s", i, e.Digest, rec.Header.Get("WARC-Payload-Digest"))
		}
	}
	if entries[0].Mime != "text/html" || entries[1].Mime != "application/pdf" || entries[3].Status != 304 {
		t.Errorf("entries %+v", entries)
	}
}

func TestCaptureWriter_NoResponse(t *testing.T) {
	var buf bytes.Buffer
	cw, err := NewCaptureWriter(&buf, "x.warc.gz", nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	n := buf.Len()
	_, err = cw.WriteCapture(&capture.Capture{URL: "http://unreachable.gov.cn/", Outcome: capture.OutcomeTimeout})
	if !errors.Is(err, ErrNoResponse) || buf.Len() != n {
		t.Errorf("err %v, %d bytes written", err, buf.Len()-n)
	}
}

func TestCaptureWriter_NotModifiedWithoutOriginal(t *testing.T) {
	c := &capture.Capture{URL: "http://www.hz.gov.cn/a.html", Status: 304, FetchedAt: t0, Header: http.Header{"Etag": {"x"}}}
	file, entries := writeCaptures(t, []*capture.Capture{c})
	line, err := entries[0].Line()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(line, `"mime":"warc/revisit","status":"304","digest":"-"`) {
		t.Errorf("index line %s", line)
	}
	rec, err := NewReader(io.NewSectionReader(bytes.NewReader(file), entries[0].Offset, entries[0].Length)).Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Header.Get("WARC-Refers-To") != "" || rec.Header.Get("WARC-Profile") != ProfileNotModified {
		t.Errorf("revisit header %v", rec.Header)
	}
}

func TestResponseHead_UnknownStatus(t *testing.T) {
	head, _ := ResponseHead(&capture.Capture{Status: 521, Body: []byte("x"), Header: http.Header{"X-Via-Jsl": {"abc"}}})
	if want := "HTTP/1.1 521 \r\nX-Via-Jsl: abc\r\nContent-Length: 1\r\n\r\n"; string(head) != want {
		t.Errorf("head %q, want %q", head, want)
	}
}

func TestTargetURI(t *testing.T) {
	for in, want := range map[string]string{
		"http://www.hz.gov.cn/attach/附件1.pdf":     "http://www.hz.gov.cn/attach/%E9%99%84%E4%BB%B61.pdf",
		"http://x.gov.cn/a b?q=年报#f":              "http://x.gov.cn/a%20b?q=%E5%B9%B4%E6%8A%A5#f",
		"http://x.gov.cn/%E5%B9%B4?a=1&b=2":       "http://x.gov.cn/%E5%B9%B4?a=1&b=2",
		"http://x.gov.cn/\r\nWARC-Type: response": "http://x.gov.cn/%0D%0AWARC-Type:%20response",
	} {
		if got := TargetURI(in); got != want {
			t.Errorf("TargetURI(%q) = %q, want %q", in, got, want)
		}
	}
}
