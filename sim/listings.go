package sim

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"
)

// pageItems returns the items of page n of a column at per items a page.
func pageItems(c *column, n, per int) []*item {
	lo, hi := n*per, (n+1)*per
	if lo > len(c.items) {
		lo = len(c.items)
	}
	if hi > len(c.items) {
		hi = len(c.items)
	}
	return c.items[lo:hi]
}

// trsListing renders page n of a TRS column. Items are linked relative to
// the column directory; the page count exists only in script.
func (c rc) trsListing(col *column, n int) string {
	var b strings.Builder
	b.WriteString(c.columnNav(""))
	b.WriteString(`<div class="list"><ul>`)
	for _, it := range pageItems(col, n, perPageTRS) {
		b.WriteString(itemLI("./"+strings.TrimPrefix(it.docURL(), col.dir), it))
	}
	b.WriteString(`</ul><div class="page">`)
	if c.s.idx%2 == 0 {
		fmt.Fprintf(&b, `<script>var currentPage = %d;createPageHTML(%d, %d, "index", "%s");</script>`, n, c.s.pages(col), n, c.s.ext())
	} else {
		fmt.Fprintf(&b, "<script type=\"text/javascript\">\nvar countPage = %d//共多少页\nvar currentPage = %d;\nvar prefix = \"index\";\nvar suffix = \"%s\";\n</script>", c.s.pages(col), n, c.s.ext())
	}
	b.WriteString("</div></div>")
	return c.frame(col.name+"_"+c.s.name+"人民政府", b.String(), "")
}

// genericListing renders page n with 首页/上一页/下一页/尾页 links.
func (c rc) genericListing(col *column, n int) string {
	var b strings.Builder
	b.WriteString(c.columnNav(""))
	b.WriteString(`<div class="list"><ul>`)
	for _, it := range pageItems(col, n, perPageGeneric) {
		b.WriteString(itemLI(it.docURL(), it))
	}
	b.WriteString(`</ul><div class="pager">`)
	last := c.s.pages(col) - 1
	fmt.Fprintf(&b, "共%d页 ", last+1)
	b.WriteString(a(c.s.listingPath(col, 0), "首页") + " ")
	if n > 0 {
		b.WriteString(a(c.s.listingPath(col, n-1), "上一页") + " ")
	}
	if n < last {
		b.WriteString(a(c.s.listingPath(col, n+1), "下一页") + " " + a(c.s.listingPath(col, last), "尾页"))
	}
	b.WriteString("</div></div>")
	return c.frame(col.name, b.String(), "")
}

// hanwebColumn renders a jcms column page: the first group of records in
// a <datastore>, the rest only through dataproxy.jsp.
func (c rc) hanwebColumn(col *column) string {
	s := c.s
	unit := 300000 + col.id
	var b strings.Builder
	b.WriteString(c.columnNav(""))
	fmt.Fprintf(&b, `<div id="%d"><script type="text/xml"><datastore>`+"\n", unit)
	fmt.Fprintf(&b, `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=%d&path=/&columnid=%d&unitid=%d&webname=%s&permissiontype=0"></a>]]></nextgroup>`+"\n",
		s.webid, 1229000000+col.id, unit, s.name+"人民政府")
	b.WriteString("<recordset>\n")
	b.WriteString(hanwebRecords(pageItems(col, 0, perPageHanweb*groupHanweb)))
	b.WriteString("</recordset></datastore></script>\n")
	fmt.Fprintf(&b, `<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script><script>$("#%d").jpage({dataStore: dataStore, dataBefore: '<ul>', dataAfter: '</ul>', perPage: %d, groupSize: %d, totalRecord: %d, proxyUrl: '/module/web/jpage/dataproxy.jsp', pagesPosition: 'bottom'});</script></div>`,
		unit, perPageHanweb, groupHanweb, len(col.items))
	return c.frame(col.name, b.String(), "")
}

func hanwebRecords(items []*item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("<record><![CDATA[" + itemLI(it.docURL(), it) + "]]></record>\n")
	}
	return b.String()
}

// hanwebProxy answers a dataproxy.jsp request for records [start, end].
func (c rc) hanwebProxy(col *column, start, end int) string {
	if start < 1 {
		start = 1
	}
	var items []*item
	if start <= len(col.items) {
		if end > len(col.items) {
			end = len(col.items)
		}
		if end >= start {
			items = col.items[start-1 : end]
		}
	}
	total := len(col.items)
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>%d</totalrecord><totalpage>%d</totalpage><recordset>%s</recordset></datastore>`,
		total, (total+perPageHanweb-1)/perPageHanweb, hanwebRecords(items))
}

// gkArticle is one entry of the modelled gkmlpt API answer.
type gkArticle struct {
	ID          int        `json:"id"`
	Title       string     `json:"title"`
	URL         string     `json:"url"`
	PublishTime int64      `json:"first_publish_time"`
	Attachments []gkAttach `json:"attachments,omitempty"`
}

type gkAttach struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// gkmlptAPI answers /gkmlpt/api/all/CAT?page=N&sid=SID.
func (c rc) gkmlptAPI(col *column, page int) []byte {
	var arts []gkArticle
	for _, it := range pageItems(col, page-1, perPageGkmlpt) {
		g := gkArticle{ID: 2000000 + it.id*7, Title: it.title, URL: c.base + it.path, PublishTime: it.date.Unix()}
		if it.format != "html" && !it.inConfig() {
			g.Attachments = []gkAttach{{Name: it.title + ".pdf", URL: c.base + it.attach}}
		}
		arts = append(arts, g)
	}
	out, _ := json.Marshal(map[string]any{"articles": arts, "total": len(col.items), "page": page, "classify": map[string]any{"id": col.dir, "name": col.name}})
	return out
}

// news renders page n of the endless news column (a trap: 500 pages).
func (c rc) news(n int) string {
	var b strings.Builder
	b.WriteString(`<ul class="news">`)
	for i := 0; i < 10; i++ {
		k := n*10 + i
		fmt.Fprintf(&b, `<li><a href="./2024%02d/t2024%02d%02d_%d.html">%s</a></li>`, 1+k%12, 1+k%12, 1+k%28, 5000+k, html.EscapeString(fmt.Sprintf("%s新闻%d", c.s.name, k)))
	}
	fmt.Fprintf(&b, `</ul><script>createPageHTML(500, %d, "index", "html");</script>`, n)
	return c.frame("新闻中心", b.String(), "")
}

// calendar renders a day page linking to the days around it, endlessly.
func (c rc) calendar(date string) string {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		d = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	}
	var b strings.Builder
	b.WriteString("<h1>" + d.Format("2006年1月2日") + "</h1>")
	for _, k := range []int{-1, 1, 30} {
		n := d.AddDate(0, 0, k).Format("2006-01-02")
		b.WriteString(a("/rili.html?date="+n, n) + " ")
	}
	return c.frame("日历", b.String(), "")
}

// search renders a result page that links to the next result page.
func (c rc) search(q string, page int) string {
	body := fmt.Sprintf(`<p>"%s" 共找到 9999 条结果</p>`, html.EscapeString(q)) +
		a(fmt.Sprintf("/search.html?q=%s&page=%d", q, page+1), "下一页")
	return c.frame("搜索结果", body, "")
}
