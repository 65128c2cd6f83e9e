package warc

import (
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nianbao/nianbao/capture"
)

var interopDir = flag.String("interop", "", "write test.warc.gz and test.cdxj to this folder for testdata/interop/warcio_check.sh")

// TestInteropFiles writes the test captures (GBK page, PDF, identical and
// not-modified revisits, a POST, a Chinese attachment URL) as a WARC and
// its CDXJ index, for webrecorder's warcio to read and index. Skipped
// unless -interop is given.
func TestInteropFiles(t *testing.T) {
	if *interopDir == "" {
		t.Skip("needs -interop DIR")
	}
	cs := append(testCaptures(t), &capture.Capture{URL: "http://www.hz.gov.cn/attach/附件 1.pdf", Status: 200,
		Body: mustRead(t, "report.pdf"), FetchedAt: t0.Add(72 * 3600e9),
		Header: http.Header{"Content-Type": {"application/pdf"}}},
		&capture.Capture{URL: "http://www.zj.gov.cn/module/web/jpage/dataproxy.jsp?perpage=15", Method: "POST", Status: 200,
			ReqHeader: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=UTF-8"}},
			ReqBody:   []byte("col=1&webid=3&columnid=1229&keyword=%E5%B9%B4%E6%8A%A5"), Body: []byte("<datastore/>"),
			FetchedAt: t0, Header: http.Header{"Content-Type": {"text/xml"}}})
	file, entries := writeCaptures(t, cs)
	if err := os.WriteFile(filepath.Join(*interopDir, "test.warc.gz"), file, 0o644); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range entries {
		e.Filename = "test.warc.gz"
		l, err := e.Line()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	var out []byte
	for _, l := range lines {
		out = append(out, l+"\n"...)
	}
	if err := os.WriteFile(filepath.Join(*interopDir, "test.cdxj"), out, 0o644); err != nil {
		t.Fatal(err)
	}
}
