package crawler

import (
	"bytes"
	"compress/gzip"
	"net/url"
	"testing"

	"github.com/nianbao/nianbao/capture"
)

// FuzzReadBody: any bytes under any content-encoding read without panic
// and never past the limit.
func FuzzReadBody(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("年报"), 1000))
	zw.Close()
	f.Add(gz.Bytes(), "gzip")
	f.Add([]byte{0x78, 0x9c, 0x03, 0x00}, "deflate")
	f.Add([]byte{0x0b, 0x02, 0x80}, "br")
	f.Add([]byte("<html>"), "")
	f.Fuzz(func(t *testing.T, body []byte, enc string) {
		const limit = 4096
		r := readBody(bytes.NewReader(body), enc, limit, func() error { return nil })
		if len(r.Body) > limit {
			t.Fatalf("read %d bytes past the %d limit", len(r.Body), limit)
		}
	})
}

// FuzzRobots: any robots.txt body yields a policy that answers without
// panic.
func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n"), "/private/x")
	f.Add([]byte("User-agent: nianbao\nAllow: /\nDisallow: /*.pdf$\n"), "/a.pdf")
	f.Add([]byte("\xff\xfe garbage\nDisallow"), "/")
	f.Fuzz(func(t *testing.T, body []byte, p string) {
		pol := robotsFrom(&capture.Capture{Status: 200, Body: body}, "nianbao")
		u := &url.URL{Scheme: "http", Host: "x.gov.cn", Path: p}
		pol.allow(u)
		if pol.crawlDelay < 0 {
			t.Fatalf("negative crawl delay %v", pol.crawlDelay)
		}
	})
}

// FuzzColumn: column keys and page numbers of arbitrary URLs and forms.
func FuzzColumn(f *testing.F) {
	f.Add("http://x.gov.cn/list.asp?classid=7&page=3", "")
	f.Add("http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16", "columnid=1&unitid=2")
	f.Add("http://x.gov.cn/nb/index_12.shtml", "")
	f.Fuzz(func(t *testing.T, raw, form string) {
		r := &request{URL: raw, Method: "POST", Body: []byte(form)}
		columnKey(r)
		pageNumber(r)
	})
}
