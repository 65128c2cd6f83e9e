package export_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
)

// oneReport is a Source holding one record and no captures.
type oneReport struct{ r *extract.Record }

func (s oneReport) Records(f export.Filter, fn func(*extract.Record) error) error { return fn(s.r) }
func (s oneReport) Captures(func(*capture.Capture) error) error                   { return nil }

func ExampleWrite() {
	fees, granted := 0.35, 12.0
	src := oneReport{&extract.Record{
		URL: "http://www.cdwh.gov.cn/zwgk/zfxxgknb/202303/t20230315_1.html", Title: "武侯区人民政府2022年政府信息公开工作年度报告, 全文",
		Year: 2022, RegionCode: "510107", Format: extract.Format2021, Official: true,
		FetchedAt: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC),
		Fields:    map[string]*float64{"app_granted_total": &granted, "art20_fees_wan_yuan": &fees, "review_total": nil},
	}}
	opt := export.Options{Format: export.FormatCSV, Columns: func() []export.Column {
		return []export.Column{{Key: "app_granted_total", Type: "int"}, {Key: "review_total", Type: "int"},
			{Key: "art20_fees_wan_yuan", Type: "decimal"}}
	}}
	sum, err := export.Write(context.Background(), src, opt, os.Stdout)
	fmt.Println(sum.Records, err)
	// Output:
	// url,source_url,title,year,agency,publisher,region_code,region_name,province,published,published_source,signed,form_version,host,official,sha256,fetched_at,parser_version,text_source,ocr_confidence,ocr_min_confidence,artifacts,failed_checks,withdrawn,last_seen,proactive_items,applications_received,applications_granted,applications_partly_granted,applications_refused,reviews,lawsuits,app_granted_total,review_total,art20_fees_wan_yuan
	// http://www.cdwh.gov.cn/zwgk/zfxxgknb/202303/t20230315_1.html,,"武侯区人民政府2022年政府信息公开工作年度报告, 全文",2022,,,510107,,,,,,2021,,true,,2026-11-23T08:00:00Z,,,,,,,false,,,,12,,,,,12,,0.35
	// 1 <nil>
}
