package discover

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// run returns the links of an inline page by URL, failing on duplicates.
func run(t *testing.T, p Page) (map[string]Link, []Skip) {
	t.Helper()
	if p.ContentType == "" {
		p.ContentType = "text/html"
	}
	links, skips := Links(p)
	m := map[string]Link{}
	for _, l := range links {
		key := l.URL
		if l.Method == "POST" {
			key = "POST " + l.URL
		}
		if _, dup := m[key]; dup {
			t.Fatalf("duplicate link %s", key)
		}
		m[key] = l
	}
	return m, skips
}

func want(t *testing.T, m map[string]Link, u, kind string) Link {
	t.Helper()
	l, ok := m[u]
	if !ok {
		var got []string
		for k := range m {
			got = append(got, k)
		}
		t.Fatalf("missing %s (%s); got %v", u, kind, got)
	}
	if l.Kind != kind {
		t.Errorf("%s: kind %q, want %q (score %v, text %q)", u, l.Kind, kind, l.Score, l.Text)
	}
	return l
}

func TestTRSRule_CreatePageHTML(t *testing.T) {
	body := `<html><head><title>政府信息公开年报</title></head><body><ul>
<li><a href="./202301/t20230118_1734687.html" title="高平市人民政府办公室2022年政府信息公开工作年度报告">高平市人民政府办公室2022年…</a></li>
<li><a href="./202301/P020230118391234567890.pdf">附件：2022年度报告.pdf</a></li></ul>
<script>var currentPage = 0;createPageHTML(4, 0, "index", "shtml");</script></body></html>`
	m, _ := run(t, Page{URL: "http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/index.shtml", Body: []byte(body), Kind: KindListing})
	for _, n := range []string{"1", "2", "3"} {
		l := want(t, m, "http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/index_"+n+".shtml", KindListing)
		if l.Via != "trs" {
			t.Errorf("via %q", l.Via)
		}
	}
	if _, ok := m["http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/index_4.shtml"]; ok {
		t.Error("index_4 emitted for 4 pages")
	}
	r := want(t, m, "http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202301/t20230118_1734687.html", KindReport)
	if r.Year != 2022 {
		t.Errorf("year %d", r.Year)
	}
	want(t, m, "http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202301/P020230118391234567890.pdf", KindAttachment)
}

func TestTRSRule_CountPage(t *testing.T) {
	body := `<div class="list"></div><script type="text/javascript">
var countPage = 3//共多少页
var currentPage = 0;</script>`
	m, _ := run(t, Page{URL: "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/", Body: []byte(body)})
	want(t, m, "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index_1.html", KindListing)
	want(t, m, "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index_2.html", KindListing)
	if len(m) != 2 {
		t.Errorf("got %d links, want 2", len(m))
	}
}

const hanwebPage = `<html><head><title>政府信息公开年报</title></head><body>
<div id="379542"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3063&path=/&columnid=1229114055&unitid=379542&webname=龙游县人民政府&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/1/23/art_1229114055_88348.html" title="龙游县横山镇人民政府2023年政府信息公开工作年度报告" target="_blank">龙游县横山镇人民政府2023年政府…</a><span>2024-01-23</span></li>]]></record>
<record><![CDATA[<li><a href="/module/download/downfile.jsp?classid=0&filename=2401231.pdf">横山镇年报附件</a></li>]]></record>
</recordset></datastore></script>
<script>$("#379542").jpage({dataStore: dataStore, perPage: 1, groupSize: 1, totalRecord: 5, proxyUrl: "/module/web/jpage/dataproxy.jsp"});</script>
</div></body></html>`

func TestHanwebRule_DatastoreAndGroups(t *testing.T) {
	m, _ := run(t, Page{URL: "http://www.longyou.gov.cn/col/col1229114055/index.html", Body: []byte(hanwebPage), Kind: KindListing})
	r := want(t, m, "http://www.longyou.gov.cn/art/2024/1/23/art_1229114055_88348.html", KindReport)
	if r.Year != 2023 || r.Via != "hanweb" {
		t.Errorf("report link %+v", r)
	}
	want(t, m, "http://www.longyou.gov.cn/module/download/downfile.jsp?classid=0&filename=2401231.pdf", KindAttachment)
	var posts []Link
	for _, l := range m {
		if l.Method == "POST" {
			posts = append(posts, l)
		}
	}
	if len(posts) != 3 { // records 3, 4, 5 (2 embedded, 5 in total, 1 per group)
		t.Fatalf("got %d POST groups, want 3: %+v", len(posts), posts)
	}
	p := want(t, m, "POST http://www.longyou.gov.cn/module/web/jpage/dataproxy.jsp?endrecord=3&perpage=1&startrecord=3", KindData)
	form, err := url.ParseQuery(string(p.Body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"columnid": "1229114055", "unitid": "379542", "webid": "3063", "path": "/", "webname": "龙游县人民政府", "sourceContentType": "1"} {
		if form.Get(k) != v {
			t.Errorf("form %s=%q, want %q (body %s)", k, form.Get(k), v, p.Body)
		}
	}
	if p.Header["Content-Type"] != "application/x-www-form-urlencoded" || p.Header["Referer"] != "http://www.longyou.gov.cn/col/col1229114055/index.html" {
		t.Errorf("header %v", p.Header)
	}
}

func TestHanwebRule_DataProxyAnswer(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>100</totalrecord><totalpage>7</totalpage><recordset>
<record><![CDATA[<li><a href="/art/2022/1/14/art_1229460359_58888.html">螺洋街道2021年政府信息公开工作年度报告</a></li>]]></record>
</recordset></datastore>`
	req := "col=1&columnid=1228995987&unitid=4410&webid=3&path=%2F&sourceContentType=1"
	m, _ := run(t, Page{URL: "http://www.luqiao.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",
		ContentType: "text/xml", Body: []byte(body), Kind: KindData, Method: "POST", ReqBody: []byte(req)})
	want(t, m, "http://www.luqiao.gov.cn/art/2022/1/14/art_1229460359_58888.html", KindReport)
	p := want(t, m, "POST http://www.luqiao.gov.cn/module/web/jpage/dataproxy.jsp?endrecord=100&perpage=15&startrecord=91", KindData)
	if string(p.Body) != "col=1&columnid=1228995987&path=%2F&sourceContentType=1&unitid=4410&webid=3" {
		t.Errorf("body %s", p.Body)
	}
	if len(m) != 2 {
		t.Errorf("got %d links, want 2", len(m))
	}
}

func TestGkmlptRule_SIDAndCategories(t *testing.T) {
	body := `<html><head><title>政府信息公开目录</title><script>window._CONFIG = {SID: '662021', ROOT: '/yjzjj/gkmlpt/', DETAIL: null};</script></head>
<body><ul class="tree"><li><a href="#721">政府信息公开年报</a></li><li><a href="#2">机构职能</a></li></ul></body></html>`
	m, _ := run(t, Page{URL: "http://www.yangjiang.gov.cn/yjzjj/gkmlpt/index#721", Body: []byte(body)})
	l := want(t, m, "http://www.yangjiang.gov.cn/yjzjj/gkmlpt/api/all/721?page=1&sid=662021", KindData)
	if l.Text != "政府信息公开年报" || l.Via != "gkmlpt" {
		t.Errorf("%+v", l)
	}
	other := want(t, m, "http://www.yangjiang.gov.cn/yjzjj/gkmlpt/api/all/2?page=1&sid=662021", KindData)
	if other.Score >= l.Score {
		t.Errorf("机构职能 category %v ranks ≥ 年报 category %v", other.Score, l.Score)
	}
	bare := `<script>window._CONFIG = {SID: '755325'};</script><div id="app"></div>`
	m, _ = run(t, Page{URL: "http://www.szlh.gov.cn/lhqkjhgyxxhj/gkmlpt/index", Body: []byte(bare)})
	want(t, m, "http://www.szlh.gov.cn/lhqkjhgyxxhj/gkmlpt/api/all/0?page=1&sid=755325", KindData)
}

func TestGkmlptJSONRule(t *testing.T) {
	body := `{"articles":[{"title":"大埔县三河镇人民政府2023年政府信息公开工作年度报告","url":"https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/content/2/2590/post_2590436.html",
"attachments":[{"name":"年报.pdf","url":"/attachment/0/2590/2590436/a.pdf"}]},
{"title":"2023年政府信息公开工作年度报告解读","link":"/gkmlpt/content/2/2590/post_2590437.html"},
{"title":"2022年政府信息公开工作年度报告","post_url":"/gkmlpt/content/2/2590/post_2590438.html"}],"total":7,"page":1}`
	m, _ := run(t, Page{URL: "https://www.dabu.gov.cn/gkmlpt/api/all/721?page=1&sid=662021", ContentType: "application/json", Body: []byte(body), Kind: KindData})
	want(t, m, "https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/content/2/2590/post_2590436.html", KindReport)
	want(t, m, "https://www.dabu.gov.cn/attachment/0/2590/2590436/a.pdf", KindAttachment)
	want(t, m, "https://www.dabu.gov.cn/gkmlpt/content/2/2590/post_2590437.html", KindReport)
	want(t, m, "https://www.dabu.gov.cn/gkmlpt/content/2/2590/post_2590438.html", KindReport)
	want(t, m, "https://www.dabu.gov.cn/gkmlpt/api/all/721?page=2&sid=662021", KindData)
	want(t, m, "https://www.dabu.gov.cn/gkmlpt/api/all/721?page=3&sid=662021", KindData)
	if _, ok := m["https://www.dabu.gov.cn/gkmlpt/api/all/721?page=4&sid=662021"]; ok {
		t.Error("page 4 of 7 records at 3 per page")
	}
}

// TestGkmlptDetailRule: a detail page whose article (and its attachment
// links, JSON-escaped) lives only in window._CONFIG's DETAIL object.
func TestGkmlptDetailRule(t *testing.T) {
	for _, form := range []string{
		`window._CONFIG = {SID: '758019', DETAIL: %s, TREE: [{"id": 2590}]};`,
		`window._CONFIG = {}; window._CONFIG.DETAIL = %s;`,
	} {
		detail := `{"title":"2023年政府信息公开工作年度报告","content":"<p>详见附件：<a href=\"\/attachment\/0\/2590\/2590436\/nb2023.pdf\">2023年年报.pdf<\/a></p><iframe src=\"/pdfjs/web/viewer.html?file=%2Fattachment%2F0%2F2590%2F2590436%2Fnb2023b.pdf\"></iframe>"}`
		body := `<html><head><title>2023年政府信息公开工作年度报告</title><script>` + fmt.Sprintf(form, detail) + `</script></head><body><div id="app"></div></body></html>`
		m, _ := run(t, Page{URL: "https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/content/2/2590/post_2590436.html", Body: []byte(body), Kind: KindReport})
		l := want(t, m, "https://www.dabu.gov.cn/attachment/0/2590/2590436/nb2023.pdf", KindAttachment)
		if l.Via != "gkmlpt-detail" {
			t.Errorf("via %q, want gkmlpt-detail", l.Via)
		}
		want(t, m, "https://www.dabu.gov.cn/attachment/0/2590/2590436/nb2023b.pdf", KindAttachment)
		for u := range m {
			if strings.Contains(u, "/gkmlpt/api/") {
				t.Errorf("a detail page led to the directory API: %s", u)
			}
		}
	}
}

func TestPagerRule(t *testing.T) {
	tests := []struct {
		name, page, body string
		want             []string
	}{
		{"query", "http://www.x.gov.cn/xxgk/list.asp?classid=12&page=1",
			`<a href="list.asp?classid=12&page=2">下一页</a> <a href="list.asp?classid=12&page=4">尾页</a>`,
			[]string{"http://www.x.gov.cn/xxgk/list.asp?classid=12&page=2", "http://www.x.gov.cn/xxgk/list.asp?classid=12&page=3", "http://www.x.gov.cn/xxgk/list.asp?classid=12&page=4"}},
		{"N.html", "https://jyj.yanan.gov.cn/zfxxgk/zfxxgknb/1.html",
			`<a href="2.html">下一页</a><a href="3.html">末页</a>`,
			[]string{"https://jyj.yanan.gov.cn/zfxxgk/zfxxgknb/2.html", "https://jyj.yanan.gov.cn/zfxxgk/zfxxgknb/3.html"}},
		{"list_N", "http://www.x.gov.cn/nb/list_1.html",
			`<a href="list_2.html">2</a> <a href="list_3.html">3</a> <a href="list_3.html">最后一页</a>`,
			[]string{"http://www.x.gov.cn/nb/list_2.html", "http://www.x.gov.cn/nb/list_3.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := run(t, Page{URL: tt.page, Body: []byte(tt.body), Kind: KindListing})
			for _, u := range tt.want {
				want(t, m, u, KindListing)
			}
		})
	}
}

func TestAttachmentRule(t *testing.T) {
	body := `<div class="TRS_Editor">
<iframe src="/pdfjs/web/viewer.html?file=%2Fattach%2F0%2Fa1.pdf"></iframe>
<embed src="../files/a2.pdf" type="application/pdf">
<object data="/files/a3.pdf"></object>
<span onclick="window.open('/files/a4.doc')">下载</span>
<a href="javascript:openFile('/files/a5.wps')">附件</a>
<a href="/files/a6.xlsx">附表</a>
<a href="/viewer.html?file=/files/a7.pdf">在线查看</a>
<script>var att = "/files/a8.docx";</script>
<a href="mailto:x@y.gov.cn">邮箱</a><a href="tel:0571">电话</a><a href="data:text/plain,x">x</a></div>`
	m, skips := run(t, Page{URL: "http://www.x.gov.cn/zwgk/zfxxgknb/202301/t20230118_1.html", Body: []byte(body)})
	for i := 1; i <= 8; i++ {
		ext := map[int]string{4: "doc", 5: "wps", 6: "xlsx", 8: "docx"}[i]
		if ext == "" {
			ext = "pdf"
		}
		dir := "/files/"
		if i == 1 {
			dir = "/attach/0/"
		}
		if i == 2 {
			dir = "/zwgk/zfxxgknb/files/"
		}
		want(t, m, "http://www.x.gov.cn"+dir+"a"+string(rune('0'+i))+"."+ext, KindAttachment)
	}
	n := 0
	for _, s := range skips {
		if s.Reason == SkipScheme {
			n++
		}
	}
	if n != 3 {
		t.Errorf("scheme skips %d, want 3: %v", n, skips)
	}
}

func TestLinks_CharsetQuery(t *testing.T) {
	body := `<a href="/xxgk/list.jsp?col=年报&page=2">2023年政府信息公开年报</a>`
	for _, tt := range []struct{ cs, want string }{
		{"gbk", "http://www.x.gov.cn/xxgk/list.jsp?col=%C4%EA%B1%A8&page=2"},
		{"", "http://www.x.gov.cn/xxgk/list.jsp?col=%E5%B9%B4%E6%8A%A5&page=2"},
	} {
		links, _ := Links(Page{URL: "http://www.x.gov.cn/", Body: []byte(body), Charset: tt.cs})
		found := false
		for _, l := range links {
			found = found || l.URL == tt.want
		}
		if !found {
			t.Errorf("charset %q: want %s in %+v", tt.cs, tt.want, links)
		}
	}
}

func TestLinks_ScopeAndDuplicates(t *testing.T) {
	body := `<a href="http://xxgk.sxgp.gov.cn/zfxxgknb/">政府信息公开年报</a>
<a href="https://fujian.gov.cn:82/gate/big5/www.sxgp.gov.cn/zfxxgknb/">繁體</a>
<a href="http://btfghg.com/xxgk/zfxxgknb/index">年报</a>
<a href="http://www.other.gov.cn/zfxxgknb/">政府信息公开年报</a>
<a href="/zfxxgknb/t20230101_1.html?print=1">2022年政府信息公开工作年度报告</a>
<a href="/zfxxgknb/t20230101_1.html#x">2022年政府信息公开工作年度报告</a>
<a href="/rili.html?date=2023-01-02">2</a><a href="/search.jsp?q=年报">搜索</a>`
	_, skips := run(t, Page{URL: "http://www.sxgp.gov.cn/", Body: []byte(body)})
	got := map[string]int{}
	for _, s := range skips {
		got[s.Reason]++
	}
	for _, r := range []string{SkipBig5, SkipMirror, SkipOffScope, SkipDuplicate, SkipTrap} {
		if got[r] == 0 {
			t.Errorf("no %q skip in %v", r, skips)
		}
	}
	if !strings.Contains(skipsString(skips), "btfghg.com") {
		t.Error("mirror not reported")
	}
}

func skipsString(s []Skip) string {
	var b strings.Builder
	for _, x := range s {
		b.WriteString(x.URL + " " + x.Reason + "\n")
	}
	return b.String()
}

// TestLinks_ListingContext: inside a report column, unit and year
// sub-columns are listings and documents with any title are report
// candidates; outside it the same links stay navigation.
func TestLinks_ListingContext(t *testing.T) {
	body := `<div class="leftnav"><a href="/zwgk/zfxxgknb/bmnb/index.html">部门</a>
<a href="/zwgk/zfxxgknb/xzjd/index.html">乡镇（街道）</a><a href="/zwgk/zfxxgknb/2022n/">2022年</a></div>
<ul><li><a href="./202301/t20230118_1.html">县教育局年度工作情况</a></li></ul>`
	m, _ := run(t, Page{URL: "http://www.x.gov.cn/zwgk/zfxxgknb/index.html", Body: []byte(body), Kind: KindListing})
	want(t, m, "http://www.x.gov.cn/zwgk/zfxxgknb/bmnb/index.html", KindListing)
	want(t, m, "http://www.x.gov.cn/zwgk/zfxxgknb/xzjd/index.html", KindListing)
	want(t, m, "http://www.x.gov.cn/zwgk/zfxxgknb/2022n/", KindListing)
	want(t, m, "http://www.x.gov.cn/zwgk/zfxxgknb/202301/t20230118_1.html", KindReport)
	m, _ = run(t, Page{URL: "http://www.x.gov.cn/zwgk/index.html", Body: []byte(body)})
	if l, ok := m["http://www.x.gov.cn/zwgk/202301/t20230118_1.html"]; ok && l.Kind == KindReport {
		t.Errorf("outside a report column a plain title became a report: %+v", l)
	}
}

func TestExtraRules(t *testing.T) {
	body := `<html><head><base href="http://www.x.gov.cn/web/"><meta http-equiv="refresh" content="0; url=/portal/index.html">
<link rel="next" href="index_1.html"></head><body>
<script>window.location.href = "/zwgk/zfxxgk/index.html";</script>
<p>本报告电子版可在县人民政府门户网站“政府信息公开年报”栏目（http://www.x.gov.cn/zfxxgk/zfxxgknb/）查阅。</p>
<a href="a.html">相对链接</a></body></html>`
	m, _ := run(t, Page{URL: "http://www.x.gov.cn/index.html", Body: []byte(body)})
	want(t, m, "http://www.x.gov.cn/zfxxgk/zfxxgknb/", KindListing)
	if _, ok := m["http://www.x.gov.cn/web/index_1.html"]; !ok {
		t.Errorf("<base href> not applied / <link rel=next> missing: %v", m)
	}
	for _, u := range []string{"http://www.x.gov.cn/portal/index.html", "http://www.x.gov.cn/zwgk/zfxxgk/index.html"} {
		if _, ok := m[u]; !ok {
			t.Errorf("missing %s", u)
		}
	}
}

// TestLinks_PageScope: the crawler's scope (with a sibling host) replaces
// the default scope of the page's own site.
func TestLinks_PageScope(t *testing.T) {
	body := `<a href="http://127.0.0.1:9002/zfxxgknb/index.html">政府信息公开年报</a>`
	p := Page{URL: "http://127.0.0.1:9001/zwgk/", Body: []byte(body)}
	if m, skips := run(t, p); len(m) != 0 || len(skips) != 1 || skips[0].Reason != SkipOffScope {
		t.Errorf("default scope: links %v skips %v", m, skips)
	}
	p.Scope = NewScope("http://127.0.0.1:9001/", []string{"127.0.0.1:9002"})
	m, _ := run(t, p)
	want(t, m, "http://127.0.0.1:9002/zfxxgknb/index.html", KindListing)
}

func TestTRSRule_Variants(t *testing.T) {
	tests := []struct{ name, page, script string }{
		{"variables", "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index.html",
			"var countPage = 3//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, \"index\", \"html\");"},
		{"div id first", "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index.html",
			"createPageHTML('page_div',3, 1,'index','html',27);"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := run(t, Page{URL: tt.page, Body: []byte("<script>" + tt.script + "</script>")})
			want(t, m, "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index_1.html", KindListing)
			want(t, m, "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/index_2.html", KindListing)
			if len(m) != 2 {
				t.Errorf("got %d links, want 2: %v", len(m), m)
			}
		})
	}
}

func TestAnchorRule_Onclick(t *testing.T) {
	body := `<ul><li onclick="location.href='/zfxxgknb/202301/t20230118_9.html'">2022年政府信息公开工作年度报告</li>
</ul><table><tr onclick="window.open('/zfxxgknb/bm/index.html')"><td>部门年报</td></tr></table>`
	m, _ := run(t, Page{URL: "http://www.x.gov.cn/zfxxgknb/index.html", Body: []byte(body), Kind: KindListing})
	want(t, m, "http://www.x.gov.cn/zfxxgknb/202301/t20230118_9.html", KindReport)
	want(t, m, "http://www.x.gov.cn/zfxxgknb/bm/index.html", KindListing)
}
