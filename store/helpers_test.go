package store

import (
	"bytes"
	"fmt"
	"math/rand"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// openTest opens a fresh archive in a temp dir; on cleanup it verifies the
// archive (failing the test on any problem) and closes it.
func openTest(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nianbao.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		var buf bytes.Buffer
		if _, err := db.Verify(&buf); err != nil {
			t.Errorf("verify on cleanup: %v\n%s", err, buf.String())
		}
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// newCapture builds a 200 capture of url with body fetched at t.
func newCapture(url string, body []byte, at time.Time, etag string) *capture.Capture {
	h := http.Header{"Content-Type": {"text/html"}}
	if etag != "" {
		h.Set("ETag", etag)
		h.Set("Last-Modified", at.Format(http.TimeFormat))
	}
	return &capture.Capture{
		URL: url, FinalURL: url, Method: "GET", ReqHeader: http.Header{"User-Agent": {"nianbao-test"}},
		Status: 200, Proto: "HTTP/1.1", Header: h, Body: body, FetchedAt: at, Duration: 120 * time.Millisecond,
		Outcome: capture.OutcomeOK, Charset: capture.Charset{Name: "utf-8", Method: "valid-utf8"},
		SourceURL: "http://www.example.gov.cn/zwgk/zfxxgknb/index.html", SiteCode: "110101", Kind: "report",
	}
}

func mustSave(t testing.TB, db *DB, c *capture.Capture) capture.Saved {
	t.Helper()
	s, err := db.SaveCapture(c)
	if err != nil {
		t.Fatalf("save capture %s: %v", c.URL, err)
	}
	return s
}

func f64(v float64) *float64 { return &v }

// newRecord builds a record for a saved capture.
func newRecord(c *capture.Capture, year int, region, province string) *extract.Record {
	return &extract.Record{
		URL: c.URL, SourceURL: c.SourceURL, Title: fmt.Sprintf("%d年政府信息公开工作年度报告", year), Year: year,
		Agency: "某某区人民政府办公室", RegionCode: region, RegionName: "某某区", Province: province,
		Published: fmt.Sprintf("%d-03-01", year+1), Format: extract.Format2021,
		Fields:    map[string]*float64{"app_new_total": f64(12), "fee_amount": nil},
		Nulls:     map[string]string{"fee_amount": "not_applicable"},
		Checks:    []extract.Check{{Name: "app_balance_total", Pass: true}},
		Artifacts: []string{}, Text: "一、总体情况", SHA256: c.Digest(), FetchedAt: c.FetchedAt,
		Host: "www.example.gov.cn", Official: true, ParserVersion: "test-1",
	}
}

// Realistic report pages: the layout of a TRS-style county portal around
// the 2021-format report, with varying figures, so compression sees what it
// will see in production rather than random bytes.
var (
	agencies = []string{"区人民政府办公室", "区发展和改革局", "区教育局", "区财政局", "区人力资源和社会保障局",
		"区自然资源局", "区生态环境分局", "区住房和城乡建设局", "区卫生健康局", "区市场监督管理局", "街道办事处", "镇人民政府"}
	rowLabels = []string{"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
		"3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
		"7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
		"3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
		"4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（七）总计", "四、结转下年度继续办理"}
	prose = []string{"本年度，我单位坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实《中华人民共和国政府信息公开条例》，",
		"围绕中心工作，进一步加强主动公开，规范依申请公开办理流程，强化政府信息管理和平台建设，", "不断提升政务公开质量和实效，有效保障了人民群众的知情权、参与权、表达权和监督权。",
		"全年通过政府门户网站主动公开政府信息", "条，其中政策文件", "件，政策解读", "篇，回应社会关切", "次。",
		"存在的主要问题：一是公开内容的深度和广度有待进一步拓展；二是政策解读形式较为单一；三是工作人员业务能力有待提高。",
		"下一步，我们将进一步健全完善政务公开工作机制，加大培训力度，提升政务公开工作水平。"}
)

// reportPage returns a UTF-8 report page of roughly size bytes.
func reportPage(rng *rand.Rand, n, size int) []byte {
	var b strings.Builder
	agency := agencies[n%len(agencies)]
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某区%s2023年政府信息公开工作年度报告</title>`, agency)
	fmt.Fprintf(&b, `<meta name="ArticleTitle" content="%s2023年政府信息公开工作年度报告"><meta name="PubDate" content="2024-01-%02d">`, agency, 1+n%28)
	b.WriteString(`<link rel="stylesheet" href="/css/common.css"><script src="/js/jquery.min.js"></script></head><body>`)
	b.WriteString(`<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>`)
	fmt.Fprintf(&b, `<div class="TRS_Editor"><p style="text-align:center"><strong>%s2023年政府信息公开工作年度报告</strong></p>`, agency)
	for b.Len() < size {
		fmt.Fprintf(&b, `<p style="text-indent:2em">%s%d%s%d%s%d%s%d%s</p>`, prose[0]+prose[1]+prose[2], rng.Intn(5000),
			prose[4], rng.Intn(300), prose[5], rng.Intn(90), prose[6], rng.Intn(50), prose[7])
		b.WriteString(`<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"><tbody>`)
		b.WriteString(`<tr><td colspan="3" rowspan="2" style="width:40%">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>`)
		b.WriteString(`<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>`)
		for _, label := range rowLabels {
			fmt.Fprintf(&b, `<tr><td colspan="3" style="text-align:left"><span style="font-family:宋体;font-size:14px">%s</span></td>`, label)
			for c := 0; c < 7; c++ {
				fmt.Fprintf(&b, `<td style="text-align:center"><span style="font-family:宋体;font-size:14px">%d</span></td>`, rng.Intn(3)*rng.Intn(20))
			}
			b.WriteString("</tr>")
		}
		b.WriteString(`</tbody></table><p style="text-indent:2em">` + prose[8] + prose[9] + `</p>`)
	}
	b.WriteString(`</div><div class="footer">主办单位：某某区人民政府办公室 备案号：京ICP备05060933号 政府网站标识码：1101010001</div></body></html>`)
	return []byte(b.String())
}

// gbkPage is reportPage encoded as GBK, as many county sites still serve.
func gbkPage(rng *rand.Rand, n, size int) []byte {
	p := bytes.Replace(reportPage(rng, n, size), []byte(`charset="utf-8"`), []byte(`charset="gbk"`), 1)
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(p)
	if err != nil {
		panic(err) // test fixture generator: the text is all GBK-encodable
	}
	return out
}
