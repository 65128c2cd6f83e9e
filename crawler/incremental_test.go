package crawler

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func runOnce(t *testing.T, opt Options, a Archive, runID string, seeds ...Seed) []capture.SiteResult {
	t.Helper()
	res, err := New(opt, a, testParse).Run(context.Background(), runID, seeds)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// unconditional returns the requests among hits that carried no validator.
func unconditional(hits []hit, prefix string) []string {
	var out []string
	for _, h := range hits {
		if strings.HasPrefix(h.path, prefix) && h.header.Get("If-None-Match") == "" && h.header.Get("If-Modified-Since") == "" {
			out = append(out, h.path)
		}
	}
	return out
}

func TestCrawler_Run_Incremental(t *testing.T) {
	s, _ := county(t)
	a := newFakeArchive("")
	clk := &clock{t: time.Date(2026, 2, 1, 3, 0, 0, 0, time.UTC)}
	opt := testOptions()
	opt.Now = clk.now
	opt.RevisitMin = 48 * time.Hour // night 2 is within it: every archived page is fresh
	seed := Seed{Code: "110101", URL: s.url("/")}

	a.run = "night1"
	first := runOnce(t, opt, a, "night1", seed)[0]
	n1 := len(s.allHits())

	// Night 2, one day later: listings are re-read conditionally (304),
	// archived reports are fresh and not requested at all.
	clk.t = clk.t.Add(24 * time.Hour)
	a.run = "night2"
	second := runOnce(t, opt, a, "night2", seed)[0]
	hits2 := s.allHits()[n1:]
	if u := unconditional(hits2, "/report/"); len(u) != 0 || len(s.requests("/report/2022.html")) != 1 {
		t.Errorf("night 2 re-requested archived reports: %v", u)
	}
	if u := unconditional(hits2, "/"); len(u) != 1 || u[0] != "/robots.txt" {
		t.Errorf("night 2 unconditional requests %v, want only robots.txt", u)
	}
	if second.Reports != 3 || second.Unchanged != 3 || second.New+second.Changed != 0 || second.NotMod != 3 {
		t.Errorf("night 2 = %+v, want 3 unchanged reports and 3 not-modified listings", second)
	}
	if n := len(s.requests("/xxgk/")); n != 1 {
		t.Errorf("fresh navigation page requested %d times, want once (links replayed from the archive)", n)
	}
	if len(a.caps) > n1+len(hits2) || first.New != 3 {
		t.Errorf("captures %d after %d requests", len(a.caps), n1+len(hits2))
	}

	// A month later (past revisit_max: these reports are of earlier
	// seasons, so February caps nothing) reports are checked
	// conditionally; one has changed and is re-parsed as a new version.
	s.page("/report/2022.html", "text/html; charset=utf-8", []byte(page(title2022, "一、总体情况 本年新收 13（更正）")))
	clk.t = clk.t.Add(31 * 24 * time.Hour)
	a.run = "night3"
	n2 := len(s.allHits())
	third := runOnce(t, opt, a, "night3", seed)[0]
	if u := unconditional(s.allHits()[n2:], "/report/"); len(u) != 0 {
		t.Errorf("revalidation sent unconditional requests: %v", u)
	}
	if third.Changed != 1 || third.Unchanged != 2 || third.Reports != 3 {
		t.Errorf("night 3 = %+v, want 1 changed and 2 unchanged", third)
	}
	if rec := a.record(s.url("/report/2022.html")); rec == nil || !strings.Contains(rec.Text, "本年新收 13") {
		t.Errorf("changed report not re-parsed: %+v", rec)
	}
	if a.versions[s.url("/report/2022.html")] != 2 || a.versions[s.url("/report/2021.html")] != 1 {
		t.Errorf("versions %v", a.versions)
	}
}

// Without a BodyReader the archive cannot replay a listing's body, so
// listings are fetched in full; reports are still not re-requested.
func TestCrawler_Run_IncrementalWithoutBodies(t *testing.T) {
	s, _ := county(t)
	fa := newFakeArchive("n1")
	a := plainArchive{fa}
	opt := testOptions()
	runOnce(t, opt, a, "n1", Seed{Code: "1", URL: s.url("/")})
	n1 := len(s.allHits())
	fa.run = "n2"
	res := runOnce(t, opt, a, "n2", Seed{Code: "1", URL: s.url("/")})[0]
	hits := s.allHits()[n1:]
	for _, h := range hits {
		if strings.HasPrefix(h.path, "/report/") && !strings.HasSuffix(h.path, "jiedu.html") {
			t.Errorf("archived report %s requested again", h.path)
		}
	}
	if res.Reports != 3 || res.Unchanged != 3 || res.NotMod != 0 {
		t.Errorf("second run %+v", res)
	}
}

// TestCrawler_Run_OneDocumentTwoLinks: a listing links a report's PDF both
// through a download script that redirects to it and directly. The
// document is parsed and counted once on the first night, and once as
// unchanged on the next, when neither link is requested.
func TestCrawler_Run_OneDocumentTwoLinks(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html; charset=utf-8", []byte(page("某县人民政府", `<a href="/list/">政府信息公开年报</a>`)))
	s.page("/list/", "text/html; charset=utf-8", []byte(page("政府信息公开年报",
		`<a href="/module/download/downfile.jsp?filename=nb2023.pdf">`+title2023+`</a> <a href="/files/nb2023.pdf">附件</a>`)))
	s.handle("/module/download/downfile.jsp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/files/nb2023.pdf", http.StatusFound)
	})
	s.page("/files/nb2023.pdf", "application/pdf", []byte("%PDF-1.4\n"+title2023+"\n%%EOF"))
	first, second, hits2 := twoNights(t, s)
	if first.Reports != 1 || first.New != 1 || first.Skipped["same_document"]+first.Skipped["duplicate"] == 0 {
		t.Errorf("night 1: %d reports (%d new), skips %v; want the document once", first.Reports, first.New, first.Skipped)
	}
	if second.Reports != 1 || second.Unchanged != 1 {
		t.Errorf("night 2: %d reports (%d unchanged), skips %v; want the document once, unchanged", second.Reports, second.Unchanged, second.Skipped)
	}
	for _, h := range hits2 {
		if strings.Contains(h.path, "nb2023") {
			t.Errorf("night 2 requested %s though the document is fresh", h.path)
		}
	}
}

// TestCrawler_Run_FreshReportKeepsItsDocument: a report page whose PDF is
// linked from nowhere else. On the next night both are fresh: neither is
// requested, and both are accounted for (the page's stored links lead to
// the document).
func TestCrawler_Run_FreshReportKeepsItsDocument(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html; charset=utf-8", []byte(page("某县人民政府", `<a href="/list/">政府信息公开年报</a>`)))
	s.page("/list/", "text/html; charset=utf-8", []byte(page("政府信息公开年报", `<a href="/report/2023.html">`+title2023+`</a>`)))
	s.page("/report/2023.html", "text/html; charset=utf-8", []byte(page(title2023, `一、总体情况 <a href="/files/nb2023.pdf">附件</a>`)))
	s.page("/files/nb2023.pdf", "application/pdf", []byte("%PDF-1.4\n"+title2023+"\n%%EOF"))
	first, second, hits2 := twoNights(t, s)
	if first.Reports != 2 {
		t.Fatalf("night 1: %d reports, want the page and its PDF", first.Reports)
	}
	if second.Reports != 2 || second.Unchanged != 2 {
		t.Errorf("night 2: %d reports (%d unchanged), want 2 unchanged", second.Reports, second.Unchanged)
	}
	for _, h := range hits2 {
		if strings.HasPrefix(h.path, "/report/") || strings.HasPrefix(h.path, "/files/") {
			t.Errorf("night 2 requested %s though it is fresh", h.path)
		}
	}
}

// twoNights crawls s from its home page on two nights a day apart into one
// archive; it returns each night's result and the second night's requests.
func twoNights(t *testing.T, s *site) (first, second capture.SiteResult, hits2 []hit) {
	t.Helper()
	a := newFakeArchive("")
	clk := &clock{t: time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)}
	opt := testOptions()
	opt.Now = clk.now
	opt.RevisitMin = 48 * time.Hour // night 2 is within it: every archived page is fresh
	seed := Seed{Code: "1", URL: s.url("/")}
	a.run = "n1"
	first = runOnce(t, opt, a, "n1", seed)[0]
	n := len(s.allHits())
	clk.t = clk.t.Add(24 * time.Hour)
	a.run = "n2"
	second = runOnce(t, opt, a, "n2", seed)[0]
	return first, second, s.allHits()[n:]
}
