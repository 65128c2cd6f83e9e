package report

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
)

// trsListing builds a TRS-style column page: ten report links with their
// dates in an <ul>, a pager script, the column named in <title>.
func trsListing(title string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><title>%s</title><meta name="ColumnName" content="政府信息公开年报"></head><body><div class="list"><ul>`, title)
	for i := 0; i < 10; i++ {
		y := 2016 + i%8
		fmt.Fprintf(&b, `<li><a href="./20%02d03/t20%02d0301_%d.html">某县某局%d年政府信息公开工作年度报告</a><span>%d-3-1</span></li>`, y-2000, y-2000, i, y, y+1)
	}
	b.WriteString(`</ul><script>var countPage = 3;createPageHTML(3, 0, "index", "html");</script></div></body></html>`)
	return []byte(b.String())
}

func TestParseHTML_ListingIsNeverARecord(t *testing.T) {
	real, err := os.ReadFile(testshared.Path(t, "real-pages", "ordos_engebei_xxgknb_listing_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		page []byte
		hint Hint
	}{
		{"TRS column, year in title", trsListing("2016年政府信息公开年报"), Hint{URL: "http://x.gov.cn/zfxxgknb/index.html"}},
		{"TRS column, column title", trsListing("政府信息公开年报_某县人民政府"), Hint{}},
		{"TRS column, anchor names a report", trsListing("某县"), Hint{AnchorText: "2016年政府信息公开工作年度报告"}},
		{"real TRS column (恩格贝)", real, Hint{URL: "http://www.egb.gov.cn/xxgk/xxgknb/index.html", AnchorText: "信息公开年报"}},
		{"real TRS column, report anchor", real, Hint{AnchorText: "鄂尔多斯市2019年政府信息公开工作年度报告"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ParseHTML(tt.page, tt.hint)
			if r.IsReport {
				t.Errorf("listing parsed as a report: year %d, title %q, not_report %q", r.Year, r.Title, r.NotReport)
			}
			if r.NotReport == "" {
				t.Errorf("no reason given")
			}
		})
	}
}

// A report page with a sidebar of other years' reports stays a report.
func TestParseHTML_ReportWithSidebarStaysReport(t *testing.T) {
	page := `<html><head><meta name="ArticleTitle" content="某县2023年政府信息公开工作年度报告"></head><body>
<div class="TRS_Editor"><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>第二十条第（一）项</p><p>三、收到和处理政府信息公开申请情况</p><p>本年新收政府信息公开申请数量</p><p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div>
<ul class="related"><li><a href="/a">某县2022年政府信息公开工作年度报告</a></li><li><a href="/b">某县2021年政府信息公开工作年度报告</a></li><li><a href="/c">某县2020年政府信息公开工作年度报告</a></li></ul><a href="index_1.html">下一页</a></body></html>`
	r := ParseHTML([]byte(page), Hint{})
	if !r.IsReport || r.Year != 2023 {
		t.Errorf("report with a sidebar: is_report %v (%q), year %d", r.IsReport, r.NotReport, r.Year)
	}
}
