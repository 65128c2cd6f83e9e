package crawler

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// flat builds a site whose home page links n report pages, each served
// after hold.
func flat(t *testing.T, n int, hold time.Duration, robots string) *site {
	s := newSite(t)
	addFlat(s, "", n, hold)
	if robots != "" {
		s.page("/robots.txt", "text/plain", []byte(robots))
	}
	return s
}

// addFlat adds prefix+"/" linking n reports under prefix.
func addFlat(s *site, prefix string, n int, hold time.Duration) {
	var links strings.Builder
	for i := range n {
		p := fmt.Sprintf("%s/report/%d.html", prefix, i)
		fmt.Fprintf(&links, `<a href="%s">r%d</a>`, p, i)
		s.handle(p, func(w w, r *r) {
			time.Sleep(hold) // the server is slow; the crawler must not pile up
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page("2023年政府信息公开工作年度报告", p))
		})
	}
	s.page(prefix+"/", "text/html; charset=utf-8", []byte(page("home", links.String())))
}

// gaps returns the pauses between one request's end and the next start.
func gaps(hits []hit) []time.Duration {
	sort.Slice(hits, func(i, j int) bool { return hits[i].start.Before(hits[j].start) })
	var out []time.Duration
	for i := 1; i < len(hits); i++ {
		out = append(out, hits[i].start.Sub(hits[i-1].end))
	}
	return out
}

func TestCrawler_Run_PerHostDelay(t *testing.T) {
	s := flat(t, 6, 0, "")
	opt := testOptions()
	opt.Delay = 60 * time.Millisecond
	if _, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}}); err != nil {
		t.Fatal(err)
	}
	hits := s.allHits()
	if len(hits) != 8 { // robots, home, 6 reports
		t.Fatalf("%d requests, want 8", len(hits))
	}
	for _, g := range gaps(hits) {
		if g < opt.Delay-5*time.Millisecond {
			t.Errorf("gap %v between requests, want ≥ %v", g, opt.Delay)
		}
	}
	if s.maxInflight != 1 {
		t.Errorf("max in flight %d, want 1", s.maxInflight)
	}
}

func TestCrawler_Run_CrawlDelayWins(t *testing.T) {
	s := flat(t, 3, 0, "User-agent: *\nCrawl-delay: 0.15\n")
	opt := testOptions()
	if _, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}}); err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps(s.allHits())[1:] { // the first gap precedes reading robots.txt
		if g < 145*time.Millisecond {
			t.Errorf("gap %v, want ≥ Crawl-delay 150ms", g)
		}
	}
}

// Per-host limits hold across sites: three seeds on one host, crawled in
// parallel, still see at most PerHostConcurrency requests at a time.
func TestCrawler_Run_PerHostConcurrencyAcrossSites(t *testing.T) {
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := newSite(t)
			for _, p := range []string{"/a", "/b", "/c"} {
				addFlat(s, p, 8, 20*time.Millisecond)
			}
			opt := testOptions()
			opt.PerHostConcurrency, opt.Delay, opt.Parallel = n, time.Millisecond, 3
			seeds := []Seed{{Code: "a", URL: s.url("/a/")}, {Code: "b", URL: s.url("/b/")}, {Code: "c", URL: s.url("/c/")}}
			a := newFakeArchive("r")
			res, err := New(opt, a, testParse).Run(context.Background(), "r", seeds)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range a.captures("/report/") {
				if c.Duration < 20*time.Millisecond || c.FetchedAt.IsZero() {
					t.Errorf("%s: duration %v for a 20ms response", c.URL, c.Duration)
				}
			}
			if s.maxInflight != n {
				t.Errorf("max in flight %d, want %d", s.maxInflight, n)
			}
			for _, r := range res {
				if r.Reports != 8 {
					t.Errorf("site %s: %+v", r.Code, r)
				}
			}
		})
	}
}

func TestCrawler_Run_RetryAfter(t *testing.T) {
	s := flat(t, 0, 0, "")
	calls := 0
	s.handle("/report/busy.html", func(w w, r *r) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(503)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("2023年政府信息公开工作年度报告", "ok"))
	})
	s.page("/", "text/html", []byte(page("home", `<a href="/report/busy.html">r</a>`)))
	opt := testOptions()
	res, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	h := s.requests("/report/busy.html")
	if len(h) != 2 {
		t.Fatalf("%d requests to the busy page, want 2", len(h))
	}
	if g := h[1].start.Sub(h[0].end); g < 990*time.Millisecond {
		t.Errorf("retried after %v, want ≥ Retry-After 1s", g)
	}
	if res[0].Reports != 1 || res[0].Requests != 4 {
		t.Errorf("result %+v, want 1 report in 4 requests", res[0])
	}
}

func TestCrawler_Run_RetryAfterTooLong(t *testing.T) {
	s := flat(t, 0, 0, "")
	s.handle("/report/busy.html", func(w w, r *r) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	})
	s.page("/", "text/html", []byte(page("home", `<a href="/report/busy.html">r</a>`)))
	start := time.Now()
	res, err := New(testOptions(), newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.requests("/report/busy.html")) != 1 || res[0].Skipped["http_429"] != 1 || time.Since(start) > time.Second {
		t.Errorf("Retry-After beyond the cap: %+v after %v", res[0], time.Since(start))
	}
}

func TestBackoff(t *testing.T) {
	for try, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		if got := backoff(100, 1000, try); got != want {
			t.Errorf("backoff(try %d) = %v, want %v", try, got, want)
		}
	}
}
