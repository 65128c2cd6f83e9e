package crawler

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/sim"
)

// A 10 MB PDF served at 200 KB/s takes 50 s; with a 2 s timeout for
// connecting and headers and a 2 s idle timeout it arrives whole, once.
func TestCrawler_Run_SlowDocument(t *testing.T) {
	t.Parallel()
	const size, rate = 10 << 20, 200 << 10
	h := sim.SlowDocument(size, rate)
	s := serveHazard(t, h)
	opt := hazardOptions()
	opt.Timeout, opt.IdleTimeout, opt.MaxBodyBytes = 2*time.Second, 2*time.Second, 20<<20
	a := newFakeArchive("r")
	start := time.Now()
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	caps := a.captures(h.Reports[0])
	if len(caps) != 1 {
		t.Fatalf("%d captures of the PDF, want 1 (no retry)", len(caps))
	}
	c := caps[0]
	if c.Outcome != capture.OutcomeOK || c.Truncated || !bytes.Equal(c.Body, sim.SlowDocumentBody(size)) {
		t.Errorf("PDF %s (%s), %d bytes, truncated %v; want all %d bytes", c.Outcome, c.Error, len(c.Body), c.Truncated, size)
	}
	if res.Reports != 1 {
		t.Errorf("site %s: %d reports", res.Outcome, res.Reports)
	}
	t.Logf("10 MB at 200 KB/s: %v, PDF fetch %v", time.Since(start).Round(time.Second), c.Duration.Round(time.Second))
}

// A server that resets every third connection (keep-alive off, so every
// third request): retries bring every report in.
func TestCrawler_Run_ResetEveryThird(t *testing.T) {
	h := sim.FlakySite()
	s, err := sim.Serve(h, sim.ResetEvery(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	s.DisableKeepAlives()
	a := newFakeArchive("r")
	res := runOnce(t, hazardOptions(), a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	checkReports(t, a, s.URL, h, res)
	if res.Outcome != "ok" || res.Requests <= res.Pages {
		t.Errorf("outcome %s (%s), %d requests for %d pages: want ok after retries", res.Outcome, res.Detail, res.Requests, res.Pages)
	}
}

// slowParse blocks the parse of a.pdf until released (or 5 s pass).
type slowParse struct {
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	waited  bool // the release came before the deadline
}

func (p *slowParse) free() { p.once.Do(func() { close(p.release) }) }

func (p *slowParse) parse(c *capture.Capture) (*extract.Record, bool, error) {
	if strings.HasSuffix(c.URL, "/a.pdf") {
		select {
		case <-p.release:
			p.mu.Lock()
			p.waited = true
			p.mu.Unlock()
		case <-time.After(5 * time.Second):
		}
	}
	return testParse(c)
}

func pdfSite(t *testing.T, n int) *site {
	s := newSite(t)
	s.page("/", "text/html", []byte(page("home", `<a href="/a.pdf">a</a><a href="/list/">年报</a><a href="/b.pdf">b</a>`)))
	s.page("/list/", "text/html", []byte(page("年报", `<a href="/report/1.html">r</a>`)))
	s.page("/report/1.html", "text/html", []byte(page("2023年政府信息公开工作年度报告", "")))
	for _, p := range []string{"/a.pdf", "/b.pdf"} {
		s.page(p, "application/pdf", append([]byte("%PDF-1.4 2023年政府信息公开工作年度报告"+p), bytes.Repeat([]byte{0xff}, n)...))
	}
	return s
}

// Parsing a document (pdftotext) happens outside the CPU slots: with one
// CPU slot, the listing is discovered while a.pdf's parse is still running.
func TestCrawler_Run_ToolsOutsideCPUSlots(t *testing.T) {
	s := pdfSite(t, 10)
	sp := &slowParse{release: make(chan struct{})}
	opt := testOptions()
	opt.MaxProcessing, opt.PerHostConcurrency, opt.NoDelay, opt.IgnoreRobots = 1, 2, true, true
	opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
		if strings.HasSuffix(p.URL, "/report/1.html") {
			sp.free()
		}
		return testDiscoverer(p)
	})
	res := runOnceWith(t, opt, sp.parse, s)
	if !sp.waited || res.Reports != 3 {
		t.Errorf("report page discovered while a.pdf was parsed: %v; reports %d", sp.waited, res.Reports)
	}
}

// The large-body slot is released once a body is read, not held through
// parsing: with one slot, b.pdf (2 MB) is read while a.pdf (2 MB) is parsed.
func TestCrawler_Run_LargeSlotReleasedBeforeParse(t *testing.T) {
	s := pdfSite(t, 2<<20)
	sp := &slowParse{release: make(chan struct{})}
	opt := testOptions()
	opt.MaxLargeBodies, opt.PerHostConcurrency, opt.NoDelay, opt.IgnoreRobots = 1, 2, true, true
	a := &signalArchive{fakeArchive: newFakeArchive("r"), on: "/b.pdf", fire: sp.free}
	res, err := New(opt, a, sp.parse).Run(t.Context(), "r", []Seed{{Code: "1", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	if !sp.waited || res[0].Reports != 3 {
		t.Errorf("b.pdf read while a.pdf was parsed: %v; reports %d", sp.waited, res[0].Reports)
	}
}

func runOnceWith(t *testing.T, opt Options, parse ParseFunc, s *site) capture.SiteResult {
	t.Helper()
	res, err := New(opt, newFakeArchive("r"), parse).Run(t.Context(), "r", []Seed{{Code: "1", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0]
}

// signalArchive calls fire once a capture of a URL ending in on is saved.
type signalArchive struct {
	*fakeArchive
	on   string
	fire func()
}

func (a *signalArchive) SaveCapture(c *capture.Capture) (capture.Saved, error) {
	sv, err := a.fakeArchive.SaveCapture(c)
	if strings.HasSuffix(c.URL, a.on) {
		a.fire()
	}
	return sv, err
}
