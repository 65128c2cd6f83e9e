package crawler

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
)

const (
	title2023 = "某县人民政府2023年政府信息公开工作年度报告"
	title2022 = "某县人民政府2022年政府信息公开工作年度报告"
	title2021 = "某县发展和改革局2021年政府信息公开工作年度报告"
)

// county builds a small county portal: a UTF-8 home page, a GBK listing
// (declared only in <meta>), a second listing page, reports in GBK (with a
// lying header and with no declaration at all) and UTF-8, a PDF and a
// look-alike, plus robots.txt rules.
func county(t *testing.T) (*site, map[string][]byte) {
	s := newSite(t)
	raw := map[string][]byte{
		"/": []byte(page("某县人民政府", `<a href="/xxgk/">政府信息公开</a> <a href="/list/">政府信息公开年报</a>
			<a href="javascript:void(0)">打印</a> <a href="mailto:gk@example.gov.cn">信箱</a>
			<a href="data:text/html,x">x</a> <a href="/private/secret.html">内部</a>`)),
		"/list/": gbk(t, `<html><head><meta charset="gb2312"><title>政府信息公开年报</title></head><body>
			<a href="/report/2023.html">`+title2023+`</a> <a href="/report/2022.html">`+title2022+`</a>
			<a href="/report/jiedu.html">2023年年报解读</a> <a href="/list/index_1.html">下一页</a></body></html>`),
		"/list/index_1.html": []byte(page("政府信息公开年报", `<a href="/report/2021.html">`+title2021+`</a>`)),
		"/report/2023.html":  gbk(t, page(title2023, `一、总体情况 <a href="/report/2023.pdf">附件</a>`)),
		"/report/2022.html":  []byte(page(title2022, "一、总体情况 本年新收 12")),
		"/report/2021.html":  gbk(t, page(title2021, "一、总体情况 本年新收 3")),
		"/report/jiedu.html": []byte(page("2023年年报解读", "图解")),
		"/report/2023.pdf":   append([]byte("%PDF-1.4\n\xff\xfe\x00\xb0\xa1"), bytes.Repeat([]byte{0x93, 0xc4}, 100)...),
		"/xxgk/":             []byte(page("政府信息公开", `<a href="/list/">年报</a>`)),
	}
	ctypes := map[string]string{"/": "text/html; charset=utf-8", "/list/": "text/html",
		"/report/2023.html": "text/html; charset=utf-8", "/report/2021.html": "text/html",
		"/report/2023.pdf": "application/pdf", "/robots.txt": "text/plain"}
	raw["/robots.txt"] = []byte("User-agent: *\nDisallow: /private/\n")
	for p, b := range raw {
		ct := ctypes[p]
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		s.page(p, ct, b)
	}
	return s, raw
}

func TestCrawler_Run_CountySite(t *testing.T) {
	s, raw := county(t)
	a := newFakeArchive("r1")
	opt := testOptions()
	var seen sync.Map
	opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
		if !utf8.Valid(p.Body) || !strings.Contains(p.ContentType, "utf-8") {
			t.Errorf("discoverer got non-UTF-8 page %s (%s)", p.URL, p.ContentType)
		}
		seen.Store(p.URL, string(p.Body))
		return testDiscoverer(p)
	})
	res, err := New(opt, a, testParse).Run(context.Background(), "r1", []Seed{{Code: "110101", Name: "某县", URL: s.url("/")}})
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Outcome != "ok" || r.Reports != 3 || r.New != 3 || r.Changed != 0 {
		t.Fatalf("result = %+v, want ok with 3 new reports", r)
	}
	for path, title := range map[string]string{"/report/2023.html": title2023, "/report/2022.html": title2022, "/report/2021.html": title2021} {
		rec := a.record(s.url(path))
		if rec == nil || rec.Title != title || rec.RegionCode != "110101" || rec.Year == 0 {
			t.Errorf("record %s = %+v, want title %q", path, rec, title)
		}
	}
	for _, path := range []string{"/report/2023.html", "/list/", "/report/2023.pdf"} {
		caps := a.capturesOf(s.url(path))
		if len(caps) != 1 || !bytes.Equal(caps[0].Body, raw[path]) {
			t.Errorf("%s: %d captures, raw bytes kept = %v", path, len(caps), len(caps) == 1 && bytes.Equal(caps[0].Body, raw[path]))
		}
	}
	if c := a.capturesOf(s.url("/report/2023.html"))[0]; c.Charset.Name != "gb18030" {
		t.Errorf("lying header page charset = %+v, want gb18030", c.Charset)
	}
	if c := a.capturesOf(s.url("/report/2023.pdf"))[0]; c.Charset.Name != "" || c.Kind != "attachment" {
		t.Errorf("pdf capture charset %+v kind %q, want untouched attachment", c.Charset, c.Kind)
	}
	if body, _ := seen.Load(s.url("/list/")); !strings.Contains(body.(string), title2023) {
		t.Errorf("GBK listing not decoded for discovery: %q", body)
	}
	if n := len(s.requests("/private/secret.html")); n != 0 {
		t.Errorf("robots-disallowed path requested %d times", n)
	}
	if r.Skipped["robots"] != 1 || r.Skipped["scheme"] != 3 {
		t.Errorf("skipped = %v, want robots 1 and scheme 3", r.Skipped)
	}
	if n := len(s.requests("/robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	if done, _ := a.DoneSites("r1"); done["110101"].Outcome != "ok" {
		t.Errorf("site not recorded done: %v", done)
	}
	checkCapturesComplete(t, a)
}

// checkCapturesComplete asserts every capture carries its outcome and time.
func checkCapturesComplete(t *testing.T, a *fakeArchive) {
	t.Helper()
	for _, c := range a.captures("") {
		if c.Outcome == "" || c.FetchedAt.IsZero() || c.SiteCode == "" || c.Kind == "" {
			t.Errorf("incomplete capture %s: outcome %q kind %q", c.URL, c.Outcome, c.Kind)
		}
		if c.Outcome == capture.OutcomeOK && c.ReqHeader.Get("User-Agent") == "" {
			t.Errorf("capture %s without request headers", c.URL)
		}
	}
}
