package store

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/store/segment"
)

// The DOMs a browser rendered from a response are archived with it as
// WARC metadata records naming the response, copied with the capture's
// records; the capture's body stays the raw response, and the archive
// verifies clean (openTest's cleanup).
func TestSaveCapture_RenderedDOMsAsMetadata(t *testing.T) {
	db := openTest(t)
	c := newCapture("http://www.x.gov.cn/xxgk/nb/", []byte("<html><script>load()</script></html>"), t0, "")
	c.Kind, c.Rendered = "browser", []string{"<html><li>第一页</li></html>", "<html><li>第二页</li></html>"}
	if _, err := db.SaveCapture(c); err != nil {
		t.Fatal(err)
	}
	var recs []*segment.Record
	err := db.SegmentCaptures(func(_ *capture.Capture, records func() ([][]byte, error)) error {
		ms, err := records()
		for _, m := range ms {
			zr, _ := gzip.NewReader(bytes.NewReader(m))
			raw, _ := io.ReadAll(zr)
			r, err := segment.Parse(raw)
			if err != nil {
				return err
			}
			recs = append(recs, r)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var resp string
	var doms []string
	for _, r := range recs {
		switch {
		case r.Type == "response":
			resp = r.Field("WARC-Record-ID")
			if string(r.Payload) != string(c.Body) {
				t.Errorf("response holds %q, want the raw body", r.Payload)
			}
		case r.Type == "metadata" && r.Field("Content-Type") == "text/html; charset=utf-8":
			if r.Field("WARC-Refers-To") != resp || resp == "" {
				t.Errorf("rendered DOM refers to %q, the response is %q", r.Field("WARC-Refers-To"), resp)
			}
			doms = append(doms, string(r.Payload))
		}
	}
	if len(doms) != 2 || doms[0] != c.Rendered[0] || doms[1] != c.Rendered[1] {
		t.Errorf("rendered records %q, want %q", doms, c.Rendered)
	}
	got, err := db.Body(c.Digest())
	if err != nil || string(got) != string(c.Body) {
		t.Errorf("body read back %q (%v), want the raw response", got, err)
	}
}
