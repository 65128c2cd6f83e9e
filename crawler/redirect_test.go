package crawler

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestCrawler_Run_RedirectHopsArePolite(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html", []byte(page("home", `<a href="/report/old.html">r</a> <a href="/report/hidden.html">h</a>`)))
	s.handle("/report/old.html", func(w w, r *r) { http.Redirect(w, r, "/report/new.html", http.StatusMovedPermanently) })
	s.handle("/report/hidden.html", func(w w, r *r) { http.Redirect(w, r, "/private/x.html", http.StatusFound) })
	s.page("/report/new.html", "text/html", []byte(page("2023年政府信息公开工作年度报告", "")))
	s.page("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /private/\n"))
	s.handle("/private/x.html", t500)
	opt := testOptions()
	opt.Delay = 80 * time.Millisecond
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.url("/")})[0]
	old, moved := s.requests("/report/old.html"), s.requests("/report/new.html")
	if len(old) != 1 || len(moved) != 1 {
		t.Fatalf("requests old %d new %d", len(old), len(moved))
	}
	if g := moved[0].start.Sub(old[0].end); g < 75*time.Millisecond {
		t.Errorf("redirect hop followed %v after the 301, want ≥ the 80ms delay", g)
	}
	if c := a.capturesOf(s.url("/report/old.html")); len(c) != 1 || c[0].FinalURL != s.url("/report/new.html") {
		t.Errorf("redirected capture %+v", c)
	}
	if len(s.requests("/private/x.html")) != 0 {
		t.Errorf("redirect into a robots-disallowed path followed")
	}
	if c := a.capturesOf(s.url("/report/hidden.html")); len(c) != 1 || c[0].Outcome != "robots_denied" || c[0].Status != 302 {
		t.Errorf("refused redirect capture %+v", c)
	}
	if res.Reports != 1 {
		t.Errorf("result %+v", res)
	}
}

// A portal that moved answers its old seed with a redirect; the crawl
// continues on the new host.
func TestCrawler_Run_SeedMovedHost(t *testing.T) {
	moved := newSite(t)
	moved.page("/", "text/html", []byte(page("home", `<a href="/report/a.html">a</a>`)))
	moved.page("/report/a.html", "text/html", []byte(page("2023年政府信息公开工作年度报告", "")))
	old := newSite(t)
	old.handle("/", func(w w, r *r) { http.Redirect(w, r, moved.url("/"), http.StatusFound) })
	res := runOnce(t, testOptions(), newFakeArchive("r"), "r", Seed{Code: "1", URL: old.url("/")})[0]
	if res.Outcome != "ok" || res.Reports != 1 {
		t.Errorf("moved seed: %+v", res)
	}
}

func TestCrawler_Run_ArchiveFailureStopsRun(t *testing.T) {
	s, _ := county(t)
	a := newFakeArchive("r")
	a.saveErr = errors.New("disk full")
	start := time.Now()
	_, err := New(testOptions(), a, testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.url("/")}, {Code: "2", URL: s.url("/xxgk/")}})
	if err == nil || !errors.Is(err, a.saveErr) || time.Since(start) > 2*time.Second {
		t.Errorf("Run = %v after %v, want the archive error", err, time.Since(start))
	}
	if d, _ := a.DoneSites("r"); len(d) != 0 {
		t.Errorf("sites marked done after an archive failure: %v", d)
	}
}
