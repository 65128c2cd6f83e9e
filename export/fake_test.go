package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// fakeSource is an in-memory Source. With gen set it generates n records
// on the fly (nothing is held), like a store cursor would.
type fakeSource struct {
	records  []*extract.Record
	gen      func(i int) *extract.Record
	n        int
	captures []*capture.Capture
	filters  []Filter // every filter Records was called with
	ignore   bool     // ignore the filter (a careless adapter)
}

func (f *fakeSource) Records(flt Filter, fn func(*extract.Record) error) error {
	f.filters = append(f.filters, flt)
	emit := func(r *extract.Record) error {
		if !f.ignore && !flt.Match(r) {
			return nil
		}
		return fn(r)
	}
	for _, r := range f.records {
		if err := emit(r); err != nil {
			return err
		}
	}
	for i := 0; f.gen != nil && i < f.n; i++ {
		if err := emit(f.gen(i)); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Captures(fn func(*capture.Capture) error) error {
	for _, c := range f.captures {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// testColumns is a codebook in the shape of report.Codebook: a slice of
// the 2021 form's fields with their real labels.
func testColumns() []Column {
	f21 := []string{extract.Format2021}
	c := func(key, section, label, unit, typ string, formats []string) Column {
		return Column{Key: key, Section: section, Label: label, Unit: unit, Type: typ, Formats: formats,
			Null: "empty cell, 不适用, or not in the report"}
	}
	return []Column{
		c("art20_rules_made", "二", "规章 本年制发件数", "件", TypeInt, nil),
		c("art20_fees_wan_yuan", "二", "行政事业性收费 本年收费金额", "万元", TypeDecimal, nil),
		c("app_new_person", "三", "本年新收政府信息公开申请数量 自然人", "件", TypeInt, nil),
		c("app_new_total", "三", "本年新收政府信息公开申请数量 总计", "件", TypeInt, nil),
		c("app_carried_in_total", "三", "上年结转政府信息公开申请数量 总计", "件", TypeInt, nil),
		c("app_granted_total", "三", "予以公开 总计", "件", TypeInt, nil),
		c("app_partial_total", "三", "部分公开 总计", "件", TypeInt, f21),
		c("app_total_total", "三", "办理结果 总计 总计", "件", TypeInt, nil),
		c("app_carried_out_total", "三", "结转下年度继续办理 总计", "件", TypeInt, nil),
		c("review_total", "四", "行政复议 总计", "件", TypeInt, nil),
		c("suit_direct_total", "四", "未经复议直接起诉 总计", "件", TypeInt, nil),
		c("suit_after_review_total", "四", "复议后起诉 总计", "件", TypeInt, nil),
	}
}

var testRegions = []struct{ code, name, province, host string }{
	{"510107", "武侯区", "四川省", "www.cdwh.gov.cn"},
	{"330106", "西湖区", "浙江省", "www.hzxh.gov.cn"},
	{"440304", "福田区", "广东省", "www.szft.gov.cn"},
	{"120101", "和平区", "天津市", "hp.tj.gov.cn.mirror.example.com"},
}

var testBodies = []string{"人民政府", "人民政府办公室", "教育局", "财政局", "某某街道办事处"}

func num(v float64) *float64 { return &v }

// genRecord returns the i-th record of a realistic, deterministic archive
// with the fields of testColumns.
func genRecord(i int) *extract.Record { return genRecordCols(i, testColumns()) }

// genRecordCols is genRecord with values for the given columns.
func genRecordCols(i int, cols []Column) *extract.Record {
	reg := testRegions[i%len(testRegions)]
	body := testBodies[(i/len(testRegions))%len(testBodies)]
	year := 2019 + i%5
	format := extract.Format2021
	if year < 2021 {
		format = extract.Format2019
	}
	sum := sha256.Sum256([]byte(fmt.Sprint("body", i)))
	fetched := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	fields := map[string]*float64{}
	nulls := map[string]string{}
	for j, c := range cols {
		switch {
		case (i+j)%7 == 0:
			fields[c.Key] = nil
			nulls[c.Key] = "not_applicable"
		case c.Type == TypeDecimal:
			fields[c.Key] = num(float64((i*7919+j)%1000000) / 100)
		default:
			fields[c.Key] = num(float64((i*31 + j*17) % 500))
		}
	}
	r := &extract.Record{
		URL:       fmt.Sprintf("http://%s/zwgk/zfxxgknb/%d03/t%d0315_%d.html", reg.host, year+1, year+1, 100000+i),
		SourceURL: fmt.Sprintf("http://%s/zwgk/zfxxgknb/index_%d.html", reg.host, i%3),
		Title:     fmt.Sprintf("%s%s%d年政府信息公开工作年度报告", reg.name, body, year),
		Year:      year, Agency: reg.name + body, RegionCode: reg.code, RegionName: reg.name,
		Province: reg.province, Published: fmt.Sprintf("%d-03-%02d", year+1, 1+i%28), Format: format,
		Fields: fields, Nulls: nulls,
		Checks: []extract.Check{{Name: "app_balance_total", Pass: i%11 != 0, Detail: "new+carried_in=5, total+carried_out=4"},
			{Name: "review_sum", Pass: true}},
		Artifacts: artifactsFor(i), Text: strings.Repeat("一、总体情况\n本机关认真贯彻落实《条例》，", 40),
		SHA256: hex.EncodeToString(sum[:]), FetchedAt: fetched, ContentType: "text/html; charset=GBK",
		Charset: "gb18030", CharsetMethod: "meta", Host: reg.host, Official: strings.HasSuffix(reg.host, ".gov.cn"),
		ParserVersion: "1+test", TextSource: extract.SourceHTML,
	}
	if i%4 == 3 { // a scan: figures read by OCR
		r.TextSource = extract.SourceOCR
		r.OCR = &extract.OCRInfo{Pages: []int{1, 2}, FigureConfidence: 90 + float64(i%10)/4, MinFigure: float64(40 + i%50)}
	}
	return r
}

func artifactsFor(i int) []string {
	switch i % 4 {
	case 0:
		return nil
	case 1:
		return []string{extract.ArtifactGBK}
	case 2:
		return []string{extract.ArtifactGBK, extract.ArtifactLyingCharset}
	}
	return []string{extract.ArtifactPDF}
}

func testOptions(format string) Options {
	return Options{Format: format, Columns: testColumns}
}
