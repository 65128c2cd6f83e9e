package crawler

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
)

func TestCrawler_Run_Backfill(t *testing.T) {
	s, _ := county(t)
	opt := testOptions()
	opt.Year = 2022
	a := newFakeArchive("b")
	res := runOnce(t, opt, a, "b", Seed{Code: "1", URL: s.url("/")})[0]
	if res.Reports != 1 || res.YearHits != 1 || res.Skipped["other_year"] != 2 {
		t.Errorf("backfill 2022: %+v", res)
	}
	for _, p := range []string{"/report/2023.html", "/report/2021.html", "/report/2023.pdf"} {
		if n := len(s.requests(p)); n != 0 {
			t.Errorf("%s of another year requested", p)
		}
	}
	if a.record(s.url("/report/2022.html")) == nil {
		t.Errorf("2022 report not recorded")
	}
}

func TestCrawler_Run_Progress(t *testing.T) {
	s, _ := county(t)
	s2, _ := county(t)
	opt := testOptions()
	var mu sync.Mutex
	var last Progress
	var sites int
	opt.Progress = func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		last = p
		if p.Site != nil {
			sites++
		}
	}
	runOnce(t, opt, newFakeArchive("p"), "p", Seed{Code: "1", URL: s.url("/")}, Seed{Code: "2", URL: s2.url("/")})
	if sites != 2 || last.SitesDone != 2 || last.SitesTotal != 2 || last.Reports != 6 || last.Pages != 18 || last.Requests != 20 {
		t.Errorf("progress %+v after %d site reports", last, sites)
	}
}

// With a proxy, requests for a public host go to the proxy (no DNS, no
// direct connection), and the private-address guard does not block the
// loopback proxy itself.
func TestCrawler_Run_Proxy(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		if r.URL.Host != "county.example.gov.cn" {
			http.Error(w, "wrong host", 502)
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page("某县人民政府", "首页"))
	}))
	defer proxy.Close()
	opt := testOptions()
	opt.Proxy, opt.AllowPrivate = proxy.URL, false
	res := runOnce(t, opt, newFakeArchive("x"), "x", Seed{Code: "1", URL: "http://county.example.gov.cn/"})[0]
	if res.Outcome != "no_report_column" || res.Pages != 1 {
		t.Errorf("through proxy: %+v", res)
	}
	if len(seen) != 2 || seen[0] != "http://county.example.gov.cn/robots.txt" || seen[1] != "http://county.example.gov.cn/" {
		t.Errorf("proxy saw %v", seen)
	}
}

// Links on a GBK page with non-ASCII query values are requested with the
// values percent-encoded in GBK, as the server expects; this needs the
// page's original charset handed to discover.
func TestCrawler_Run_GBKQuery(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html", gbk(t, `<html><head><meta charset="gbk"></head><body>
		<a href="/zfxxgknb/list.asp?classid=年报">政府信息公开年报</a></body></html>`))
	s.page("/zfxxgknb/list.asp", "text/html; charset=gbk", gbk(t, page("年报", "")))
	opt := testOptions()
	opt.Discoverer = nil // the real discover package
	runOnce(t, opt, newFakeArchive("g"), "g", Seed{Code: "1", URL: s.url("/")})
	h := s.requests("/zfxxgknb/list.asp")
	if len(h) != 1 || h[0].query != "classid=%C4%EA%B1%A8" {
		t.Errorf("list.asp requests %+v, want query classid=%%C4%%EA%%B1%%A8", h)
	}
}

// colly must neither truncate (its default limit is 10 MB) nor re-decode.
func TestCrawler_Run_LargePageNotTruncatedByColly(t *testing.T) {
	s := newSite(t)
	big := bytes.Repeat([]byte("<p>政府信息公开</p>"), 12<<20/24)
	s.page("/", "text/html; charset=utf-8", big)
	var got atomic.Int64
	opt := testOptions()
	opt.MaxDiscoverBytes = 16 << 20 // the default 1 MB would cut it for discovery on purpose
	opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
		got.Store(int64(len(p.Body)))
		return nil, nil
	})
	a := newFakeArchive("l")
	runOnce(t, opt, a, "l", Seed{Code: "1", URL: s.url("/")})
	c := a.capturesOf(s.url("/"))
	if len(c) != 1 || len(c[0].Body) != len(big) || got.Load() != int64(len(big)) || c[0].Truncated {
		t.Errorf("12 MB page: captured %d, discovery saw %d, want %d", len(c[0].Body), got.Load(), len(big))
	}
	if !strings.Contains(c[0].Header.Get("Content-Type"), "utf-8") {
		t.Errorf("response header altered in the archive: %q", c[0].Header.Get("Content-Type"))
	}
}

// A backfill stops paging a column once a page lists only older reports,
// but a "last page" link read early must not hide the pages before it.
func TestCrawler_Run_BackfillStopsAtOlderPages(t *testing.T) {
	for _, lastLink := range []bool{false, true} {
		t.Run(fmt.Sprint("last-page link ", lastLink), func(t *testing.T) {
			s := pagedColumn(t, lastLink)
			opt := testOptions()
			opt.Year = 2022
			res := runOnce(t, opt, newFakeArchive("b"), "b", Seed{Code: "1", URL: s.url("/")})[0]
			n := func(p string) int { return len(s.requests(p)) }
			if n("/list/index_1.html") != 1 || n("/list/index_2.html") != 1 || res.YearHits != 1 {
				t.Errorf("index_1 %d, index_2 %d requests, %d hits; want 1, 1, 1", n("/list/index_1.html"), n("/list/index_2.html"), res.YearHits)
			}
			if !lastLink && (n("/list/index_3.html") != 0 || res.Skipped["past_year"] != 1) {
				t.Errorf("index_3 requested %d times after index_2 showed only older reports (%v)", n("/list/index_3.html"), res.Skipped)
			}
		})
	}
}

// pagedColumn is a report column of four pages, newest first: 2024–2023,
// 2022–2021, 2020–2019, 2018–2017, chained by 下一页 and optionally with a
// 尾页 link on the first page.
func pagedColumn(t *testing.T, lastLink bool) *site {
	s := newSite(t)
	s.page("/", "text/html", []byte(page("home", `<a href="/list/">年报</a>`)))
	pages := []string{"/list/", "/list/index_1.html", "/list/index_2.html", "/list/index_3.html"}
	for i, p := range pages {
		var b strings.Builder
		for _, y := range []int{2024 - 2*i, 2023 - 2*i} {
			rp := fmt.Sprintf("/report/%d.html", y)
			fmt.Fprintf(&b, `<a href="%s">%d年报</a>`, rp, y)
			s.page(rp, "text/html", []byte(page(fmt.Sprintf("%d年政府信息公开工作年度报告", y), "")))
		}
		if i+1 < len(pages) {
			fmt.Fprintf(&b, `<a href="%s">下一页</a>`, pages[i+1])
		}
		if i == 0 && lastLink {
			fmt.Fprintf(&b, `<a href="%s">尾页</a>`, pages[len(pages)-1])
		}
		s.page(p, "text/html", []byte(page("年报", b.String())))
	}
	return s
}

func TestPageNumber(t *testing.T) {
	for raw, want := range map[string]int{"http://x/nb/index.html": 0, "http://x/nb/index_3.html": 3, "http://x/nb/": 0,
		"http://x/list.asp?classid=7&page=5": 5, "http://x/c123/4.shtml": 4, "http://x/info/1066/61104.htm": 61104,
		"http://x/gkmlpt/api/all/2?page=3&sid=9": 3, "http://x/art/list.jsp": -1} {
		if got := pageNumber(&request{URL: raw}); got != want {
			t.Errorf("pageNumber(%s) = %d, want %d", raw, got, want)
		}
	}
	post := &request{URL: "http://x/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=15", Method: "POST"}
	if got := pageNumber(post); got != 31 {
		t.Errorf("dataproxy page = %d", got)
	}
}

func TestColumnKey(t *testing.T) {
	same := [][2]*request{
		{{URL: "http://x.gov.cn/col/nb/index.html"}, {URL: "http://x.gov.cn/col/nb/index_3.html"}},
		{{URL: "http://x.gov.cn/list.asp?classid=7&page=1"}, {URL: "http://x.gov.cn/list.asp?page=4&classid=7"}},
		{{URL: "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15", Method: "POST", Body: []byte("columnid=12&unitid=3")},
			{URL: "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30", Method: "POST", Body: []byte("unitid=3&columnid=12")}},
	}
	for _, p := range same {
		if columnKey(p[0]) != columnKey(p[1]) {
			t.Errorf("%s and %s should be one column", p[0].URL, p[1].URL)
		}
	}
	a := &request{URL: "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1", Method: "POST", Body: []byte("columnid=12")}
	b := &request{URL: "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1", Method: "POST", Body: []byte("columnid=13")}
	if columnKey(a) == columnKey(b) || columnKey(&request{URL: "http://x.gov.cn/list.asp?classid=1"}) == columnKey(&request{URL: "http://x.gov.cn/list.asp?classid=2"}) {
		t.Errorf("different columns share a key")
	}
}

func TestCrawler_Run_BudgetAndDepth(t *testing.T) {
	tests := []struct {
		name    string
		tweak   func(*Options)
		outcome string
		check   func(t *testing.T, s *site, res capture.SiteResult)
	}{
		{"budget", func(o *Options) { o.SitePageBudget = 3 }, "budget_exhausted", func(t *testing.T, s *site, res capture.SiteResult) {
			if res.Requests != 4 { // robots.txt is not charged to the budget
				t.Errorf("%d requests with a budget of 3 pages", res.Requests)
			}
		}},
		{"depth", func(o *Options) { o.MaxDepth = 1 }, "no_report_column", func(t *testing.T, s *site, res capture.SiteResult) {
			if n := len(s.requests("/report/2023.html")); n != 0 || res.Skipped["too_deep"] == 0 {
				t.Errorf("depth-2 report requested %d times; skipped %v", n, res.Skipped)
			}
		}},
		// An attachment is a leaf: the PDF of a report page at the depth
		// limit is fetched, a report page one level deeper is not.
		{"attachment past depth", func(o *Options) { o.MaxDepth = 2 }, "ok", func(t *testing.T, s *site, res capture.SiteResult) {
			if n := len(s.requests("/report/2023.pdf")); n != 1 {
				t.Errorf("depth-3 attachment requested %d times, want 1", n)
			}
			if n := len(s.requests("/report/2021.html")); n != 0 || res.Skipped["too_deep"] == 0 {
				t.Errorf("depth-3 report requested %d times; skipped %v", n, res.Skipped)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := county(t)
			opt := testOptions()
			tt.tweak(&opt)
			res := runOnce(t, opt, newFakeArchive("x"), "x", Seed{Code: "1", URL: s.url("/")})[0]
			if res.Outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", res.Outcome, tt.outcome)
			}
			tt.check(t, s, res)
		})
	}
}
