package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/internal/testshared"
)

// countySite is a small realistic county portal on loopback: a UTF-8 home
// page, a 政府信息公开 column, a TRS-style annual-report listing in GBK spread
// over two pages (the page count only in createPageHTML), one report in GBK
// as an HTML table, one in UTF-8 as paragraphs (traditional with pinyin),
// and a 年报解读 look-alike in the same listing.
type countySite struct {
	srv      *httptest.Server
	requests atomic.Int64
	pages    map[string]sitePage
}

type sitePage struct {
	body []byte
	ct   string
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode GBK: %v", err)
	}
	return b
}

// tableHTML renders a seed report's text: tab-separated lines become table
// rows (empty cells kept), other lines paragraphs.
func tableHTML(text string) string {
	var b strings.Builder
	inTable := false
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		line = strings.TrimLeft(line, "# ")
		if strings.Contains(line, "\t") {
			if !inTable {
				b.WriteString("<table border=\"1\">\n")
				inTable = true
			}
			b.WriteString("<tr>")
			for _, cell := range strings.Split(strings.TrimRight(line, "\t"), "\t") {
				fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(cell))
			}
			b.WriteString("</tr>\n")
			continue
		}
		if inTable {
			b.WriteString("</table>\n")
			inTable = false
		}
		if strings.TrimSpace(line) != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(line))
		}
	}
	if inTable {
		b.WriteString("</table>\n")
	}
	return b.String()
}

func article(title, charset, pubDate, content string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=%s">
<title>%s</title><meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s">
</head><body><div class="header"><a href="/">首页</a> <a href="/zwgk/">政府信息公开</a></div>
<div class="TRS_Editor">%s</div></body></html>`, charset, title, title, pubDate, content)
}

func newCountySite(t *testing.T) *countySite {
	t.Helper()
	shilong, err := os.ReadFile(testshared.Path(t, "seed-reports", "shilong-district-office-2023.txt"))
	if err != nil {
		t.Fatal(err)
	}
	jingzhou, err := os.ReadFile(testshared.Path(t, "seed-reports", "jingzhou-county-2024-traditional-pinyin.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const htmlUTF8, htmlBare = "text/html; charset=utf-8", "text/html"
	s := &countySite{pages: map[string]sitePage{}}
	s.pages["/robots.txt"] = sitePage{[]byte("User-agent: *\nDisallow: /search/\n"), "text/plain"}
	s.pages["/"] = sitePage{[]byte(`<html><head><meta charset="utf-8"><title>某某区人民政府</title></head><body>
<a href="/xwzx/">新闻中心</a> <a href="/search/?q=年报">搜索</a> <a href="/zwgk/">政府信息公开</a></body></html>`), htmlUTF8}
	s.pages["/xwzx/"] = sitePage{[]byte(`<html><body><a href="/xwzx/202401/t1.html">区长调研</a></body></html>`), htmlUTF8}
	s.pages["/zwgk/"] = sitePage{[]byte(`<html><head><meta charset="utf-8"></head><body>
<a href="/zwgk/zfxxgkzn/">政府信息公开指南</a> <a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a></body></html>`), htmlUTF8}
	s.pages["/zwgk/zfxxgknb/index.html"] = sitePage{gbk(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<ul><li><a href="./202402/t20240201_1002.html">《石龙区人民政府办公室2023年政府信息公开工作年度报告》解读</a></li>
<li><a href="./202401/t20240125_1001.html">石龙区人民政府办公室2023年政府信息公开工作年度报告</a></li></ul>
<script>createPageHTML(2, 0, "index", "html");</script></body></html>`), htmlBare}
	s.pages["/zwgk/zfxxgknb/index_1.html"] = sitePage{gbk(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<ul><li><a href="./202502/t20250218_2001.html">靖州县2024年政府信息公开工作年度报告</a></li></ul>
<script>createPageHTML(2, 1, "index", "html");</script></body></html>`), htmlBare}
	s.pages["/zwgk/zfxxgknb/202401/t20240125_1001.html"] = sitePage{gbk(t, article(
		"石龙区人民政府办公室2023年政府信息公开工作年度报告", "gb2312", "2024-01-25", tableHTML(string(shilong)))), htmlUTF8} // header lies: body is GBK
	s.pages["/zwgk/zfxxgknb/202502/t20250218_2001.html"] = sitePage{[]byte(article(
		"靖州縣2024年政府信息公開工作年度報告", "utf-8", "2025-02-18", tableHTML(string(jingzhou)))), htmlBare}
	s.pages["/zwgk/zfxxgknb/202402/t20240201_1002.html"] = sitePage{gbk(t, article(
		"《石龙区人民政府办公室2023年政府信息公开工作年度报告》解读", "gbk", "2024-02-01",
		"<p>为便于公众理解，现对石龙区人民政府办公室2023年政府信息公开工作年度报告解读如下：2023年共收到政府信息公开申请24件。</p>")), htmlBare}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		p, ok := s.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.ct)
		w.Write(p.body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// writeTestConfig writes a config for loopback crawls: no delay, private
// addresses allowed (the site is on 127.0.0.1).
func writeTestConfig(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "config.yaml")
	cfg := "crawl:\n  delay: 0s\n  allow_private: true\n  timeout: 5s\n  parallel_sites: 4\nlog:\n  level: warn\n"
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

// crawlCountySite crawls the loopback county site into a fresh archive.
func crawlCountySite(t *testing.T) (site *countySite, dir, cfg, db string) {
	t.Helper()
	site = newCountySite(t)
	dir = t.TempDir()
	cfg = writeTestConfig(t, dir)
	seedFile := filepath.Join(dir, "seeds.csv")
	os.WriteFile(seedFile, []byte("code,name,province,url\n410404,石龙区,河南省,"+site.srv.URL+"/\n"), 0o644)
	db = filepath.Join(dir, "archive.db")
	if out, errs, code := runCLI(t, "crawl", "--config", cfg, "--seeds", seedFile, "--db", db); code != 0 || testing.Verbose() {
		t.Logf("crawl stdout:\n%s\nstderr:\n%s", out, errs)
		if code != 0 {
			t.FailNow()
		}
	}
	return site, dir, cfg, db
}

func TestEndToEnd_CrawlExportJSONL(t *testing.T) {
	site, dir, cfg, db := crawlCountySite(t)
	jsonl := filepath.Join(dir, "reports.jsonl")
	if out, errs, code := runCLI(t, "export", "--config", cfg, "--db", db, "--format", "jsonl", "--out", jsonl); code != 0 {
		t.Fatalf("export exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	recs := readJSONL(t, jsonl)
	if len(recs) != 2 {
		t.Fatalf("exported %d records, want the 2 reports (look-alike excluded): %v", len(recs), titles(recs))
	}
	want := map[string]struct {
		year          int
		agency        string
		newTotal      float64
		totalTotal    float64
		artifactsHave []string
	}{
		"/zwgk/zfxxgknb/202401/t20240125_1001.html": {2023, "石龙区人民政府办公室", 24, 24, []string{"gbk", "lying_charset"}},
		"/zwgk/zfxxgknb/202502/t20250218_2001.html": {2024, "靖州县", 17, 16, []string{"pinyin_annotation", "traditional"}},
	}
	for _, r := range recs {
		path := strings.TrimPrefix(r.URL, site.srv.URL)
		w, ok := want[path]
		if !ok {
			t.Errorf("unexpected record %s (%q)", r.URL, r.Title)
			continue
		}
		if r.Year != w.year || !strings.HasPrefix(r.Agency, w.agency) {
			t.Errorf("%s: year %d agency %q, want %d %q", path, r.Year, r.Agency, w.year, w.agency)
		}
		if r.RegionCode != "410404" || r.RegionName != "石龙区" || r.Province != "河南省" || r.Format != "2021" {
			t.Errorf("%s: region %s %s %s format %s", path, r.RegionCode, r.RegionName, r.Province, r.Format)
		}
		checkNum(t, path, r.Fields, "app_new_total", w.newTotal)
		checkNum(t, path, r.Fields, "app_total_total", w.totalTotal)
		for _, a := range w.artifactsHave {
			if !contains(r.Artifacts, a) {
				t.Errorf("%s: artifacts %v lack %q", path, r.Artifacts, a)
			}
		}
		if r.SHA256 == "" || r.FetchedAt == "" || !strings.HasSuffix(r.SourceURL, "/index.html") && !strings.HasSuffix(r.SourceURL, "/index_1.html") {
			t.Errorf("%s: provenance sha256=%q fetched_at=%q source_url=%q", path, r.SHA256, r.FetchedAt, r.SourceURL)
		}
	}
}

type exported struct {
	URL, Title, Agency, RegionCode, RegionName, Province, Format, SHA256, FetchedAt, SourceURL string
	Year                                                                                       int
	Fields                                                                                     map[string]*float64
	Artifacts                                                                                  []string
}

func readJSONL(t testing.TB, path string) []exported {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []exported
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("bad JSONL line: %v", err)
		}
		var r exported
		json.Unmarshal(sc.Bytes(), &r)
		var rc, rn, sha, fa, su string
		json.Unmarshal(raw["form_version"], &r.Format)
		json.Unmarshal(raw["region_code"], &rc)
		json.Unmarshal(raw["region_name"], &rn)
		json.Unmarshal(raw["sha256"], &sha)
		json.Unmarshal(raw["fetched_at"], &fa)
		json.Unmarshal(raw["source_url"], &su)
		r.RegionCode, r.RegionName, r.SHA256, r.FetchedAt, r.SourceURL = rc, rn, sha, fa, su
		recs = append(recs, r)
	}
	return recs
}

func titles(recs []exported) []string {
	var s []string
	for _, r := range recs {
		s = append(s, r.Title)
	}
	return s
}

func checkNum(t *testing.T, where string, f map[string]*float64, key string, want float64) {
	t.Helper()
	v, ok := f[key]
	if !ok || v == nil || *v != want {
		got := "missing"
		if ok && v == nil {
			got = "null"
		} else if ok {
			got = fmt.Sprint(*v)
		}
		t.Errorf("%s: %s = %s, want %v", where, key, got, want)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestEndToEnd_ExportFiltersAndFormats(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	count := func(args ...string) int {
		out := filepath.Join(dir, "f.jsonl")
		os.Remove(out)
		a := append([]string{"export", "--config", cfg, "--db", db, "--format", "jsonl", "--out", out}, args...)
		if o, errs, code := runCLI(t, a...); code != 0 {
			t.Fatalf("export %v: exit %d\n%s%s", args, code, o, errs)
		}
		return len(readJSONL(t, out))
	}
	filters := []struct {
		args []string
		want int
	}{
		{nil, 2},
		{[]string{"--year", "2024"}, 1},
		{[]string{"--region", "4104"}, 2},
		{[]string{"--region", "410404", "--year", "2023"}, 1},
		{[]string{"--province", "河南省", "--form-version", "legacy"}, 0}, // a province absent from the archive: TestCLI_ExportFilterSuggestions
		{[]string{"--format-version", "2019"}, 0},
		{[]string{"--since", "2000-01-01"}, 2},
	}
	for _, f := range filters {
		if got := count(f.args...); got != f.want {
			t.Errorf("export %v: %d records, want %d", f.args, got, f.want)
		}
	}
	for _, format := range []string{"csv", "parquet", "warc", "text"} {
		out := filepath.Join(dir, "out."+format)
		o, errs, code := runCLI(t, "export", "--config", cfg, "--db", db, "--format", format, "--out", out)
		if code != 0 {
			t.Errorf("export --format %s: exit %d\n%s%s", format, code, o, errs)
			continue
		}
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Errorf("export --format %s wrote nothing at %s: %v", format, out, err)
		}
	}
	if _, errs, code := runCLI(t, "export", "--db", db, "--format", "xls", "--out", "x"); code != 2 || !strings.Contains(errs, "not one of") {
		t.Errorf("bad format: exit %d %q", code, errs)
	}
}
