package discover

import (
	"bufio"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://WWW.Example.GOV.CN:80/a/./b/../c.html#frag", "http://www.example.gov.cn/a/c.html"},
		{"https://x.gov.cn:443", "https://x.gov.cn/"},
		{"http://x.gov.cn:8080/a/", "http://x.gov.cn:8080/a/"},
		{"http://x.gov.cn/a.html?print=1", "http://x.gov.cn/a.html"},
		{"http://x.gov.cn/a.html?b=2&a=1&utm_source=wx&a=0", "http://x.gov.cn/a.html?a=1&a=0&b=2"},
		{"http://x.gov.cn/a.html?spm=1&id=3&_=1690000000", "http://x.gov.cn/a.html?id=3"},
		{"http://x.gov.cn/年报/index.html", "http://x.gov.cn/%E5%B9%B4%E6%8A%A5/index.html"},
		{"http://x.gov.cn/a?q=%C4%EA%B1%A8", "http://x.gov.cn/a?q=%C4%EA%B1%A8"},
		{"http://x.gov.cn/a?q=a b", "http://x.gov.cn/a?q=a%20b"},
		{"  http://x.gov.cn/a\\b.html \n", "http://x.gov.cn/a/b.html"},
		{"http://x.gov.cn/../../a", "http://x.gov.cn/a"},
		{"http://user:pw@x.gov.cn/", "http://x.gov.cn/"},
		{"javascript:void(0)", ""},
		{"mailto:a@b.cn", ""},
		{"/relative/only", ""},
		{"ftp://x.gov.cn/a.pdf", ""},
		{"http://[::1", ""},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && Canonical(tt.want) != tt.want {
			t.Errorf("Canonical not idempotent on %q: %q", tt.want, Canonical(tt.want))
		}
	}
}

func TestScope_Allow(t *testing.T) {
	tests := []struct {
		seed   string
		extra  []string
		link   string
		ok     bool
		reason string
	}{
		{"https://www.bjmy.gov.cn/", nil, "https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb2017/201802/t20180223_195744.html", true, ""},
		{"http://www.sxgp.gov.cn/", nil, "http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202301/t20230118_1734687.shtml", true, ""},
		{"http://xxgk.sxgp.gov.cn/", nil, "http://www.sxgp.gov.cn/", true, ""},
		{"http://wuyuan.gov.cn/", nil, "http://www.wuyuan.gov.cn/zfxxgknb/", true, ""},
		{"http://www.hd.gov.cn/", nil, "http://hdzfxxgk.hd.gov.cn/zfxxgknb/", true, ""},
		{"http://qionghai.hainan.gov.cn/", nil, "http://qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/gknb/202301/t20230120_3350373.html", true, ""},
		{"http://qionghai.hainan.gov.cn/", nil, "http://wanning.hainan.gov.cn/zfxxgk/", false, SkipOffScope},
		{"http://www.jiuyuanqu.gov.cn/", nil, "http://www.baotou.gov.cn/", false, SkipOffScope},
		{"http://www.hebei.gov.cn/", nil, "https://btfghg.com/xxgk/hssryx/2637203/ryxjjkfq39/zfxxgknb7132/2924402/index", false, SkipMirror},
		{"http://www.yuhang.gov.cn/", nil, "http://dblyj.com/art/2025/1/17/art_1229850470_98226.html", false, SkipMirror},
		{"http://www.liwan.gov.cn/", nil, "http://williamhillcn.org/zwgkk/bmxxgkndbg/content/post_8036501.html", false, SkipMirror},
		{"http://www.qq.gov.cn/", nil, "http://www.baidu.com/", false, SkipOffScope},
		{"http://www.fujian.gov.cn/", nil, "https://fujian.gov.cn:82/gate/big5/www.fujian.gov.cn/zwgk/zfxxgk/zfxxgkzd/gjzdwj/201912/t20191205_5145687.htm", false, SkipBig5},
		{"http://www.x.gov.cn/", nil, "http://big5.x.gov.cn/zwgk/", false, SkipBig5},
		{"http://www.x.gov.cn/", nil, "ftp://www.x.gov.cn/a.pdf", false, SkipScheme},
		{"http://www.gov.cn/", nil, "http://www.other.gov.cn/", false, SkipOffScope},
		{"http://127.0.0.1:8001/", nil, "http://127.0.0.1:8001/zwgk/", true, ""},
		{"http://127.0.0.1:8001/", nil, "http://127.0.0.1:8002/zwgk/", false, SkipOffScope},
		{"http://127.0.0.1:8001/", []string{"127.0.0.1:8002"}, "http://127.0.0.1:8002/zwgk/", true, ""},
		{"http://www.x.gov.cn/", []string{"http://xxgk.platform.cn/"}, "http://xxgk.platform.cn/nb/", true, ""},
		{"http://61.150.65.235/", nil, "http://61.150.65.235/zfxxgk/zfxxgknb/bmxxgknb/1906985018193408001.html", true, ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.link)
		if err != nil {
			t.Fatal(err)
		}
		ok, reason := NewScope(tt.seed, tt.extra).Allow(u)
		if ok != tt.ok || reason != tt.reason {
			t.Errorf("NewScope(%s).Allow(%s) = %v %q, want %v %q", tt.seed, tt.link, ok, reason, tt.ok, tt.reason)
		}
	}
}

// TestScope_RealURLs: every government URL of real_report_urls.tsv is in
// the scope of its own www host; every non-government copy ("other" rows
// off gov.cn) is refused from a gov.cn seed.
func TestScope_RealURLs(t *testing.T) {
	own, copies := 0, 0 // URLs checked each way: the test must not pass on none
	for _, r := range realRows(t) {
		u, err := url.Parse(r.url)
		if err != nil {
			t.Fatal(err)
		}
		gov := strings.HasSuffix(u.Hostname(), ".gov.cn") || strings.HasSuffix(u.Hostname(), ".150.65.235")
		ok, reason := NewScope(u.Scheme+"://"+u.Host+"/", nil).Allow(u)
		if gov && !strings.Contains(u.Path, "/gate/big5/") {
			own++
			if !ok {
				t.Errorf("own host refused: %s (%s)", r.url, reason)
			}
		}
		if !gov {
			copies++
			ok, reason = NewScope("http://www.county.gov.cn/", nil).Allow(u)
			if ok || (reason != SkipMirror && reason != SkipOffScope) {
				t.Errorf("copy %s allowed=%v reason %q", r.url, ok, reason)
			}
		}
	}
	if own < 40 || copies == 0 {
		t.Errorf("checked %d government URLs against their own host and %d copies; want at least 40 and 1", own, copies)
	}
	t.Logf("%d government URLs in scope of their own host, %d copies refused", own, copies)
}

type realRow struct {
	url, kind string
	year      int
}

func realRows(t *testing.T) []realRow {
	t.Helper()
	f, err := os.Open(testshared.Path(t, "notes", "real_report_urls.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []realRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 4 || c[0] == "url" {
			continue
		}
		y, _ := strconv.Atoi(c[3])
		rows = append(rows, realRow{url: c[0], kind: c[1], year: y})
	}
	if len(rows) < 50 {
		t.Fatalf("only %d rows in real_report_urls.tsv", len(rows))
	}
	return rows
}

// TestYearOf_RealURLs: from the URL alone, YearOf gives the listed year or
// nothing, and gives a year for most rows.
func TestYearOf_RealURLs(t *testing.T) {
	var with, hit int
	for _, r := range realRows(t) {
		if r.year == 0 || r.kind == "other" { // copies re-posted years later carry their own dates
			continue
		}
		with++
		switch got := YearOf("", r.url); {
		case got == r.year:
			hit++
		case got == 0:
			t.Logf("no year from %s", r.url)
		default:
			t.Errorf("YearOf(%s) = %d, want %d", r.url, got, r.year)
		}
	}
	if hit*10 < with*7 {
		t.Errorf("year found for %d of %d rows, want ≥ 70%%", hit, with)
	}
}

func TestYearOf(t *testing.T) {
	tests := []struct {
		text, url string
		want      int
	}{
		{"博爱县人民政府办公室 2023 年政府信息公开工作年度报告", "", 2023},
		{"二〇二三年度政府信息公开工作年度报告", "", 2023},
		{"2022年度政府信息公开年报", "http://x.gov.cn/t20240101_1.html", 2022},
		{"", "http://x.gov.cn/zfxxgknb/gknb2017/201802/t20180223_1.html", 2017},
		{"", "http://x.gov.cn/zfxxgknb/2022n/202302/t20230218_1.html", 2022},
		{"", "http://x.gov.cn/art/2024/1/23/art_1_2.html", 2023},
		{"", "http://x.gov.cn/art/2020/12/25/art_1_2.html", 2020},
		{"", "http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2017&area=1", 2017},
		{"", "http://x.gov.cn/gkmlpt/content/10/10099/post_10099135.html", 0},
		{"县教育局", "http://x.gov.cn/zfxxgknb/jyj/", 0},
		{"1850年", "", 0},
	}
	for _, tt := range tests {
		if got := YearOf(tt.text, tt.url); got != tt.want {
			t.Errorf("YearOf(%q, %q) = %d, want %d", tt.text, tt.url, got, tt.want)
		}
	}
}

func TestIsTrap(t *testing.T) {
	tests := []struct {
		url, text string
		trap      bool
		reason    string
	}{
		{"http://x.gov.cn/rili.html?date=2023-01-02", "2", true, "calendar"},
		{"http://x.gov.cn/index.html?year=2023&month=2", "", true, "calendar"},
		{"http://x.gov.cn/search.jsp?q=年报", "", true, "search"},
		{"http://x.gov.cn/was5/web/search?channelid=1&searchword=x", "", true, "search"},
		{"http://x.gov.cn/login.jsp", "", true, "login"},
		{"http://x.gov.cn/zfxxgknb/a.html", "打印本页", true, "print"},
		{"http://x.gov.cn/a/b/a/b/a/b.html", "", true, "loop"},
		{"http://x.gov.cn/xwzx/tpxw/202301/t20230101_1.html", "县长调研", true, "news"},
		{"http://x.gov.cn/xwzx/202301/t20230101_1.html", "2022年政府信息公开工作年度报告", false, ""},
		{"http://x.gov.cn/zwgk/zfxxgk/zfxxgknb/index_2.html", "", false, ""},
		{"http://x.gov.cn/col/col1229114055/index.html", "政府信息公开年报", false, ""},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		trap, reason := IsTrap(u, tt.text)
		if trap != tt.trap || reason != tt.reason {
			t.Errorf("IsTrap(%s, %q) = %v %q, want %v %q", tt.url, tt.text, trap, reason, tt.trap, tt.reason)
		}
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		url, text string
		kind      string
	}{
		{"http://x.gov.cn/zwgk/zfxxgk/zfxxgknb/", "政府信息公开年报", KindListing},
		{"http://x.gov.cn/zwgk/zfxxgk/zfxxgknb/2022n/", "2022年", KindListing},
		{"http://x.gov.cn/zwgk/zfxxgk/", "政府信息公开", KindNav},
		{"http://x.gov.cn/zfxxgknb/202301/t20230118_1.html", "2022年政府信息公开工作年度报告", KindReport},
		{"http://x.gov.cn/zfxxgknb/202301/t20230118_1.html", "", KindNav}, // never a report by URL alone
		{"http://x.gov.cn/zfxxgknb/202301/P0202301.pdf", "", KindAttachment},
		{"http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=a.pdf", "附件", KindAttachment},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if _, kind := Score(u, tt.text, 2); kind != tt.kind {
			t.Errorf("Score(%s, %q) kind %q, want %q", tt.url, tt.text, kind, tt.kind)
		}
	}
	rank := []struct{ url, text string }{ // best first
		{"http://x.gov.cn/zfxxgknb/202301/t20230118_1.html", "2022年政府信息公开工作年度报告"},
		{"http://x.gov.cn/zfxxgknb/202301/t20230118_2.html", "2022年政府信息公开工作年度报告解读"},
		{"http://x.gov.cn/zwgk/zfxxgk/", "政府信息公开"},
		{"http://x.gov.cn/xwzx/", "新闻中心"},
	}
	prev := 1e9
	for _, r := range rank {
		u, _ := url.Parse(r.url)
		s, _ := Score(u, r.text, 2)
		if s >= prev {
			t.Errorf("Score(%s, %q) = %v, not below the previous %v", r.url, r.text, s, prev)
		}
		prev = s
	}
}

// TestScore_RealURLs: with a report title, every real report URL is a
// report candidate; with the column's link text, every real listing URL is
// a listing.
func TestScore_RealURLs(t *testing.T) {
	for _, r := range realRows(t) {
		u, err := url.Parse(r.url)
		if err != nil {
			t.Fatal(err)
		}
		switch r.kind {
		case "report":
			if _, k := Score(u, "2022年政府信息公开工作年度报告", 3); k != KindReport {
				t.Errorf("report %s: kind %s", r.url, k)
			}
		case "listing":
			if _, k := Score(u, "政府信息公开年报", 3); k != KindListing {
				t.Errorf("listing %s: kind %s", r.url, k)
			}
		}
	}
}

// TestIsTrap_RealURLs: no real report or listing URL is a trap.
func TestIsTrap_RealURLs(t *testing.T) {
	for _, r := range realRows(t) {
		u, err := url.Parse(r.url)
		if err != nil {
			t.Fatal(err)
		}
		if trap, why := IsTrap(u, "政府信息公开年报"); trap && r.kind != "other" {
			t.Errorf("%s (%s) is a trap: %s", r.url, r.kind, why)
		}
	}
}
