package discover_test

import (
	"fmt"

	"github.com/nianbao/nianbao/crawler/discover"
)

func ExampleLinks() {
	page := discover.Page{
		URL:         "http://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html",
		ContentType: "text/html",
		Kind:        discover.KindListing,
		Body: []byte(`<ul><li><a href="./202301/t20230118_1.html" title="县人民政府2022年政府信息公开工作年度报告">县人民政府2022年…</a></li></ul>
<a href="javascript:void(0)">打印</a><script>createPageHTML(2, 0, "index", "html");</script>`),
	}
	links, skips := discover.Links(page)
	for _, l := range links {
		fmt.Println(l.Kind, l.Via, l.Year, l.URL)
	}
	for _, s := range skips {
		fmt.Println("skip", s.Reason, s.URL)
	}
	// Output:
	// listing trs 0 http://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/index_1.html
	// report anchor 2022 http://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230118_1.html
	// skip scheme javascript:void(0)
}
