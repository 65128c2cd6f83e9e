package crawler

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract"
)

// hit is one request the test site received.
type hit struct {
	path, query string
	header      http.Header
	start, end  time.Time
}

// site is a loopback test server with a route per behaviour. It logs every
// request and measures concurrency, so politeness is checked server-side.
type site struct {
	mu          sync.Mutex
	routes      map[string]http.HandlerFunc
	hits        []hit
	inflight    int
	maxInflight int
	srv         *httptest.Server
}

func newSite(t *testing.T) *site {
	s := &site{routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.routes[path] = h
	s.mu.Unlock()
}

// page serves body with ctype, an ETag and Last-Modified, answering 304 to
// matching validators. Changing the body later changes the ETag.
func (s *site) page(path, ctype string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2023 15:04:05 GMT")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(body)
	})
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.routes[r.URL.Path]
	s.inflight++
	s.maxInflight = max(s.maxInflight, s.inflight)
	i := len(s.hits)
	s.hits = append(s.hits, hit{path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), start: time.Now()})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.hits[i].end = time.Now()
		s.mu.Unlock()
	}()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// requests returns the hits on path.
func (s *site) requests(path string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.hits {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

func (s *site) allHits() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testDiscoverer finds hrefs and labels them by path: /list → listing,
// /report → report, documents → attachment, anything else nav.
func testDiscoverer(p discover.Page) ([]discover.Link, []discover.Skip) {
	links, skips := hrefLinks(p)
	for i := range links {
		l := &links[i]
		switch {
		case l.Kind == discover.KindAttachment:
			l.Score = 5
		case strings.Contains(l.URL, "/list"):
			l.Kind, l.Score = discover.KindListing, 10
		case strings.Contains(l.URL, "/report"):
			l.Kind, l.Score = discover.KindReport, 5
		default:
			l.Score = 1
		}
		if m := yearRe.FindString(l.URL); m != "" {
			l.Year, _ = strconv.Atoi(m)
		}
	}
	return links, skips
}

var (
	yearRe  = regexp.MustCompile(`20\d\d`)
	titleRe = regexp.MustCompile(`<title>([^<]*)</title>`)
)

// testParse is a stand-in for extract.Extract: a page is a report when its
// decoded text names 政府信息公开工作年度报告.
func testParse(c *capture.Capture) (*extract.Record, bool, error) {
	text, _ := defaultDecode(c.Body, c.Header.Get("Content-Type"))
	if !bytes.Contains(text, []byte("政府信息公开工作年度报告")) {
		return &extract.Record{URL: c.FinalURL}, false, nil
	}
	rec := &extract.Record{URL: c.FinalURL, Text: string(text)}
	if m := titleRe.FindSubmatch(text); m != nil {
		rec.Title = string(m[1])
	}
	if m := yearRe.Find([]byte(rec.Title)); m != nil {
		rec.Year, _ = strconv.Atoi(string(m))
	}
	return rec, true, nil
}

// testOptions are fast, loopback-friendly options.
func testOptions() Options {
	return Options{
		Delay: 2 * time.Millisecond, Timeout: 3 * time.Second, IdleTimeout: time.Second,
		BackoffBase: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond, MaxRetryAfter: 3 * time.Second,
		AllowPrivate: true, Parallel: 4, Discoverer: DiscovererFunc(testDiscoverer),
	}
}

func page(title, body string) string {
	return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>"
}

// Short names for handler parameters.
type (
	w = http.ResponseWriter
	r = http.Request
)
