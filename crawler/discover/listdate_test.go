package discover

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

func linkDates(links []Link) map[string][2]string {
	m := map[string][2]string{}
	for _, l := range links {
		m[l.URL] = [2]string{l.Date, l.DateFrom}
	}
	return m
}

// TestLinks_Date: the date a listing shows beside a link travels with the
// link; a document on a report page gets the page's own date; nothing is
// guessed where an entry has no date or several.
func TestLinks_Date(t *testing.T) {
	const base = "http://x.gov.cn/zwgk/zfxxgknb/"
	tests := []struct {
		name, kind, body, url, want, from string
	}{
		{"TRS li with span", KindListing,
			`<ul><li><a href="t1.html" title="某县2022年政府信息公开工作年度报告">某县2022年政府信息…</a> <a class="fj" href="P1.pdf">[附件]</a><span>2023-1-20</span></li>` +
				`<li><a href="t2.html">某镇2022年政府信息公开工作年度报告</a><span>2023-02-03</span></li></ul>`,
			base + "t1.html", "2023-01-20", DateListing},
		{"attachment in the same entry", KindListing,
			`<ul><li><a href="t1.html">某县2022年年度报告</a> <a href="P1.pdf">[附件]</a><span>2023/1/20</span></li><li><a href="t2.html">x</a><span>2023-02-03</span></li></ul>`,
			base + "P1.pdf", "2023-01-20", DateListing},
		{"table row", KindListing,
			`<table><tr><td><a href="t1.html">某县2022年政府信息公开工作年度报告</a></td><td>2023年1月20日</td></tr><tr><td><a href="t2.html">y</a></td><td>2023-02-03</td></tr></table>`,
			base + "t1.html", "2023-01-20", DateListing},
		{"dt/dd", KindListing,
			`<dl><dt><a href="t1.html">某县2022年政府信息公开工作年度报告</a></dt><dd>2023.01.20</dd><dt><a href="t2.html">y</a></dt><dd>2023.02.03</dd></dl>`,
			base + "t1.html", "2023-01-20", DateListing},
		{"two dates in one entry", KindListing,
			`<ul><li><a href="t1.html">某县2022年政府信息公开工作年度报告</a> 成文 2023-01-10 发布 2023-01-20</li></ul>`,
			base + "t1.html", "", ""},
		{"no date beside, the next entry has one", KindListing,
			`<ul><li><a href="t1.html">某县2022年政府信息公开工作年度报告</a></li><li><a href="t2.html">y</a><span>2023-02-03</span></li></ul>`,
			base + "t1.html", "", ""},
		{"no date", KindListing,
			`<ul><li><a href="t1.html">某县2022年政府信息公开工作年度报告</a></li></ul>`,
			base + "t1.html", "", ""},
		{"document on a report page", KindReport,
			`<html><head><meta name="PubDate" content="2023-03-01 09:00"></head><body><p>见附件。</p><iframe src="/pdfjs/web/viewer.html?file=/u/a.pdf"></iframe></body></html>`,
			"http://x.gov.cn/u/a.pdf", "2023-03-01", DatePage},
		{"document on a listing has no page date", KindListing,
			`<html><head><meta name="PubDate" content="2023-03-01 09:00"></head><body><a href="/u/a.pdf">某县2022年政府信息公开工作年度报告</a></body></html>`,
			"http://x.gov.cn/u/a.pdf", "", ""},
		{"Hanweb datastore record", KindListing,
			`<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/2023/1/20/art_1_2.html">某县2022年政府信息公开工作年度报告</a><span>2023-01-20</span></li>]]></record></recordset></datastore></script>`,
			"http://x.gov.cn/art/2023/1/20/art_1_2.html", "2023-01-20", DateListing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, _ := Links(Page{URL: base + "index.html", ContentType: "text/html", Body: []byte(tt.body), Kind: tt.kind})
			got, ok := linkDates(links)[tt.url]
			if !ok {
				t.Fatalf("%s not among the links %v", tt.url, linkDates(links))
			}
			if got != [2]string{tt.want, tt.from} {
				t.Errorf("date %v, want %q from %q", got, tt.want, tt.from)
			}
		})
	}
}

func TestLinks_DateGkmlptAPI(t *testing.T) {
	body := `{"articles":[{"title":"某区2022年政府信息公开工作年度报告","url":"http://x.gov.cn/gkmlpt/content/1/1/post_1.html",` +
		`"first_publish_time":1674180000,"attachments":[{"name":"报告.pdf","url":"http://x.gov.cn/attachment/1.pdf"}]}],"total":1}`
	links, _ := Links(Page{URL: "http://x.gov.cn/gkmlpt/api/all/123?page=1&sid=1", ContentType: "application/json", Body: []byte(body), Kind: KindData})
	d := linkDates(links)
	for _, u := range []string{"http://x.gov.cn/gkmlpt/content/1/1/post_1.html", "http://x.gov.cn/attachment/1.pdf"} {
		if d[u] != [2]string{"2023-01-20", DateListing} { // 1674180000 = 2023-01-20 10:00 in China
			t.Errorf("%s: %v", u, d[u])
		}
	}
}

// TestLinks_DateRealTRSListing: the real TRS column page shows each date
// in the table cell beside the link.
func TestLinks_DateRealTRSListing(t *testing.T) {
	body, err := os.ReadFile(testshared.Path(t, "real-pages", "ordos_engebei_xxgknb_listing_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	const col = "http://www.enggb.gov.cn/xxgk/xxgknb/"
	links, _ := Links(Page{URL: col + "index.html", ContentType: "text/html", Body: body, Kind: KindListing})
	d := linkDates(links)
	for u, want := range map[string]string{col + "202009/t20200903_2748784.html": "2020-09-03", col + "202003/t20200311_2593126.html": "2020-03-11"} {
		if d[u][0] != want {
			t.Errorf("%s: date %v, want %s", u, d[u], want)
		}
	}
}
