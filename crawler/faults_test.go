package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
)

// fault is one hostile server behaviour served as a seed page.
type fault struct {
	name    string
	handler http.HandlerFunc
	robots  http.HandlerFunc
	tweak   func(*Options)
	site    string          // expected site outcome
	capture capture.Outcome // expected outcome of the seed's capture ("" = none archived)
	check   func(t *testing.T, c *capture.Capture)
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// gzipBomb is 64 MB of zeros gzipped (~64 KB on the wire).
func gzipBomb() []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zero := make([]byte, 1<<20)
		for range 64 {
			zw.Write(zero)
		}
		zw.Close()
		bomb = b.Bytes()
	})
	return bomb
}

func hijack(w http.ResponseWriter, raw string) {
	conn, buf, _ := w.(http.Hijacker).Hijack()
	buf.WriteString(raw)
	buf.Flush()
	conn.Close()
}

func faults() []fault {
	junk := make([]byte, 200<<10)
	rand.New(rand.NewSource(1)).Read(junk)
	return []fault{
		{name: "reset mid-body", site: "unreachable", capture: capture.OutcomeConnection,
			handler: func(w w, r *r) {
				hijack(w, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>partial")
			},
			check: func(t *testing.T, c *capture.Capture) {
				if string(c.Body) != "<html>partial" || c.Status != 200 {
					t.Errorf("partial body %q status %d", c.Body, c.Status)
				}
			}},
		{name: "slowloris", site: "timeout", capture: capture.OutcomeTimeout,
			tweak: func(o *Options) { o.Timeout, o.IdleTimeout = 800*time.Millisecond, 500*time.Millisecond },
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html")
				for {
					if _, err := w.Write([]byte("<")); err != nil {
						return
					}
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(200 * time.Millisecond):
					}
				}
			}},
		{name: "stalled body", site: "timeout", capture: capture.OutcomeTimeout,
			tweak: func(o *Options) { o.IdleTimeout = 300 * time.Millisecond },
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html>"))
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			}},
		{name: "never-ending body", site: "no_report_column", capture: capture.OutcomeTruncated,
			tweak: func(o *Options) { o.MaxBodyBytes = 1 << 20 },
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html")
				chunk := bytes.Repeat([]byte("<p>年报</p>"), 1000)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			},
			check: func(t *testing.T, c *capture.Capture) {
				if len(c.Body) != 1<<20 || !c.Truncated || c.LimitBytes != 1<<20 {
					t.Errorf("body %d truncated %v limit %d", len(c.Body), c.Truncated, c.LimitBytes)
				}
			}},
		{name: "6 MB page", site: "no_report_column", capture: capture.OutcomeTruncated,
			tweak: func(o *Options) { o.MaxBodyBytes = 5 << 20 },
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(bytes.Repeat([]byte("<p>x</p>"), 6<<20/8))
			}},
		{name: "gzip bomb", site: "no_report_column", capture: capture.OutcomeTruncated,
			tweak: func(o *Options) { o.MaxBodyBytes = 1 << 20 },
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			},
			check: func(t *testing.T, c *capture.Capture) {
				if len(c.Body) != 1<<20 {
					t.Errorf("decompressed %d bytes, want the 1 MB cap", len(c.Body))
				}
			}},
		{name: "binary junk as text/html", site: "no_report_column", capture: capture.OutcomeOK,
			handler: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/html")
				w.Write(junk)
			},
			check: func(t *testing.T, c *capture.Capture) {
				if !bytes.Equal(c.Body, junk) {
					t.Errorf("raw junk altered")
				}
			}},
		{name: "redirect loop", site: "unreachable", capture: capture.OutcomeRedirect,
			handler: func(w w, r *r) { http.Redirect(w, r, fmt.Sprintf("/?n=%d", len(r.URL.RawQuery)), http.StatusFound) },
			check: func(t *testing.T, c *capture.Capture) {
				if c.Status != 302 {
					t.Errorf("refused redirect capture status %d", c.Status)
				}
			}},
		{name: "redirect to private address", site: "unreachable", capture: capture.OutcomeRedirect,
			tweak: func(o *Options) {
				o.AllowPrivate = false
				o.forbidIP = func(ip netip.Addr) bool { return ip != netip.MustParseAddr("127.0.0.1") }
			},
			handler: func(w w, r *r) { http.Redirect(w, r, "http://127.0.0.2:9/admin", http.StatusFound) }},
		{name: "robots.txt 500", site: "robots_denied",
			robots:  func(w w, r *r) { http.Error(w, "oops", 500) },
			handler: t500},
		{name: "robots.txt 5 MB", site: "no_report_column", capture: capture.OutcomeOK,
			robots: func(w w, r *r) {
				w.Header().Set("Content-Type", "text/plain")
				w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
				w.Write(bytes.Repeat([]byte("# padding padding padding padding\n"), 5<<20/34))
			},
			handler: func(w w, r *r) { fmt.Fprint(w, page("home", `<a href="/private/x">x</a>`)) },
			check: func(t *testing.T, c *capture.Capture) {
				if c.Status != 200 {
					t.Errorf("seed status %d", c.Status)
				}
			}},
		{name: "header flood", site: "unreachable", capture: capture.OutcomeConnection,
			tweak: func(o *Options) { o.MaxHeaderBytes = 64 << 10 },
			handler: func(w w, r *r) {
				for i := range 2000 {
					w.Header().Set(fmt.Sprintf("X-Flood-%d", i), strings.Repeat("a", 100))
				}
				w.WriteHeader(200)
			}},
		{name: "412 $_ts challenge", site: "challenged", capture: capture.OutcomeChallenged,
			handler: func(w w, r *r) {
				w.WriteHeader(412)
				fmt.Fprint(w, `<script>$_ts=window['$_ts'];</script>`)
			}},
		{name: "521 X-Via-JSL", site: "challenged", capture: capture.OutcomeChallenged,
			handler: func(w w, r *r) {
				w.Header().Set("X-Via-JSL", "abc")
				w.WriteHeader(521)
				fmt.Fprint(w, `<script>document.cookie=('__jsl_clearance')</script>`)
			}},
		{name: "202 script challenge", site: "challenged", capture: capture.OutcomeChallenged,
			handler: func(w w, r *r) {
				w.WriteHeader(202)
				fmt.Fprint(w, `<html><script>location.reload()</script></html>`)
			}},
		{name: "seed 404", site: "unreachable", capture: capture.OutcomeHTTPError,
			handler: http.NotFound},
	}
}

func t500(w http.ResponseWriter, _ *http.Request) { http.Error(w, "should not be requested", 500) }

func TestCrawler_Run_Faults(t *testing.T) {
	gzipBomb() // built before any server waits on it
	for _, f := range faults() {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			s.handle("/", f.handler)
			s.handle("/private/x", t500)
			if f.robots != nil {
				s.handle("/robots.txt", f.robots)
			}
			opt := testOptions()
			opt.MaxRetries = -1
			opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
				if !utf8.Valid(p.Body) {
					t.Errorf("invalid UTF-8 handed to discovery")
				}
				return testDiscoverer(p)
			})
			if f.tweak != nil {
				f.tweak(&opt)
			}
			a := newFakeArchive("r")
			start := time.Now()
			res, err := New(opt, a, testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Outcome != f.site {
				t.Errorf("site outcome %q (%s), want %q", res[0].Outcome, res[0].Detail, f.site)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if len(s.requests("/private/x")) != 0 {
				t.Errorf("robots-disallowed URL requested")
			}
			caps := a.capturesOf(s.url("/"))
			switch {
			case f.capture == "" && len(caps) != 0:
				t.Errorf("seed captured %d times, want not requested", len(caps))
			case f.capture == "":
			case len(caps) != 1:
				t.Fatalf("%d seed captures, want 1", len(caps))
			case caps[0].Outcome != f.capture:
				t.Errorf("capture outcome %q (%s), want %q", caps[0].Outcome, caps[0].Error, f.capture)
			case f.check != nil:
				f.check(t, caps[0])
			}
		})
	}
}

func TestCrawler_Run_TLSError(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	opt := testOptions()
	opt.TLSStrict = true // as found (the default), the page is archived with the error: tls_test.go
	res, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: srv.URL + "/"}})
	if err != nil || res[0].Outcome != "tls_error" {
		t.Errorf("got %v %+v, want tls_error", err, res[0])
	}
}

func TestCrawler_Run_Refused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	opt := testOptions()
	opt.MaxRetries = 1
	res, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r",
		[]Seed{{Code: "1", URL: u + "/"}, {Code: "2", URL: "ftp://example.gov.cn/"}, {Code: "3"}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != "unreachable" || res[0].Requests != 2 || res[1].Outcome != "no_url" || res[2].Outcome != "no_url" {
		t.Errorf("got %+v", res)
	}
}

// TestCrawler_Run_LargePageTextCut: a 3 MB GBK page is archived whole, but
// only MaxDiscoverBytes of its text go on to colly and discovery: a link
// early in the page is followed, one past the cut is not, and the cut is
// recorded as a skip.
func TestCrawler_Run_LargePageTextCut(t *testing.T) {
	s := newSite(t)
	var page bytes.Buffer
	page.WriteString(`<html><head><meta charset="gbk"></head><body><a href="/early.html">前</a>`)
	row := gbk(t, "<p>政务公开目录条目，内容详见相关栏目。</p>\n")
	for page.Len() < 3<<20 {
		page.Write(row)
	}
	page.WriteString(`<a href="/late.html">后</a></body></html>`)
	raw := page.Bytes()
	s.handle("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(raw)
	})
	s.handle("/early.html", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "<p>early</p>") })
	s.handle("/late.html", t500)
	opt := testOptions()
	seen := 0
	opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
		if p.URL == s.url("/") {
			seen = len(p.Body)
			if !utf8.Valid(p.Body) {
				t.Errorf("invalid UTF-8 handed to discovery")
			}
		}
		return testDiscoverer(p)
	})
	a := newFakeArchive("r")
	res, err := New(opt, a, testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	caps := a.capturesOf(s.url("/"))
	if len(caps) != 1 || !bytes.Equal(caps[0].Body, raw) {
		t.Fatalf("page archived %d times, or not byte for byte", len(caps))
	}
	if seen == 0 || seen > DefaultMaxDiscoverBytes {
		t.Errorf("discovery saw %d bytes, want 1..%d", seen, DefaultMaxDiscoverBytes)
	}
	if len(s.requests("/early.html")) != 1 || len(s.requests("/late.html")) != 0 {
		t.Errorf("early link requested %d times, late %d; want 1 and 0", len(s.requests("/early.html")), len(s.requests("/late.html")))
	}
	if res[0].Skipped["discover_truncated"] != 1 {
		t.Errorf("skips %v, want discover_truncated once", res[0].Skipped)
	}
}
