package discover

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkLinks_Listing: a TRS listing page with 20 reports, a side nav
// and a 40-page pager.
func BenchmarkLinks_Listing(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html><head><title>政府信息公开年报</title></head><body><div class="nav">`)
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&sb, `<a href="/col%d/index.html">栏目%d</a>`, i, i)
	}
	sb.WriteString(`</div><ul>`)
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&sb, `<li><a href="./2023%02d/t2023%02d15_%d.html" title="某县某局2022年政府信息公开工作年度报告">某县某局2022年…</a></li>`, 1+i%12, 1+i%12, 1000+i)
	}
	sb.WriteString(`</ul><script>createPageHTML(40, 0, "index", "html");</script></body></html>`)
	p := Page{URL: "http://www.x.gov.cn/zwgk/zfxxgknb/index.html", ContentType: "text/html", Body: []byte(sb.String()), Kind: KindListing}
	b.SetBytes(int64(len(p.Body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Links(p)
	}
}
