package crawler

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// TestCrawler_Run_SlowDocumentParse: a document whose parse runs external
// tools for a long time (OCR, LibreOffice) does not hold a CPU slot, so
// the other sites' pages are discovered and fetched meanwhile, even with a
// single slot.
func TestCrawler_Run_SlowDocumentParse(t *testing.T) {
	scan := newSite(t)
	scan.page("/", "text/html", []byte(page("home", `<a href="/report/scan2023.pdf">2023年报</a>`)))
	scan.page("/report/scan2023.pdf", "application/pdf", []byte("%PDF-1.4 image only"))
	other := newSite(t)
	var links string
	for i := range 6 {
		links += fmt.Sprintf(`<a href="/report/r%d.html">r</a> `, i)
	}
	other.page("/", "text/html", []byte(page("home", links)))
	for i := range 6 {
		other.page(fmt.Sprintf("/report/r%d.html", i), "text/html", []byte(page("2023年政府信息公开工作年度报告", "")))
	}
	released := make(chan struct{})
	var sawAll atomic.Bool
	parse := func(c *capture.Capture) (*extract.Record, bool, error) {
		if bytes.HasPrefix(c.Body, []byte("%PDF")) {
			select { // an OCR run: it ends when the other site is done, or gives up
			case <-released:
				sawAll.Store(true)
			case <-time.After(5 * time.Second):
			}
			return &extract.Record{URL: c.URL, Title: "2023年政府信息公开工作年度报告"}, true, nil
		}
		return testParse(c)
	}
	opt := testOptions()
	opt.MaxProcessing = 1
	opt.Progress = func(p Progress) {
		if len(other.requests("/report/r5.html")) > 0 {
			select {
			case <-released:
			default:
				close(released)
			}
		}
	}
	res, err := New(opt, newFakeArchive("r"), parse).Run(context.Background(), "r",
		[]Seed{{Code: "1", URL: scan.url("/")}, {Code: "2", URL: other.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	if !sawAll.Load() {
		t.Error("the other site was not crawled while the document was being read")
	}
	if res[0].Reports != 1 || res[1].Reports != 6 {
		t.Errorf("reports %d and %d, want 1 and 6", res[0].Reports, res[1].Reports)
	}
}
