package store

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/internal/testshared"
)

// Realistic report pages for the tests and benchmarks: what a county portal
// serves around an annual report. The prose comes from the five real seed
// reports (digits varied per page), the statistics table carries the
// Word-export markup these pages have, and the rest is site furniture: a
// style sheet, scripts, navigation and "related" link lists whose titles are
// drawn from the report texts. Pages are compressed one at a time, so only
// repetition within a page helps, as in production.

var (
	corpusOnce sync.Once
	corpus     [][]string // per seed report: its non-empty lines
)

func seedCorpus() [][]string {
	corpusOnce.Do(func() {
		if d := testshared.Dir(); d != "" {
			files, _ := filepath.Glob(filepath.Join(d, "seed-reports", "*.txt"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					continue
				}
				var lines []string
				for _, l := range strings.Split(string(b), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
				corpus = append(corpus, lines)
			}
		}
		if len(corpus) == 0 { // shared material missing: TestReportPage_UsesSeedReports fails
			corpus = [][]string{{"一、总体情况", "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1234条。",
				"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况", "下一步，我们将进一步加强政务公开工作。"}}
		}
	})
	return corpus
}

var rowLabels = []string{"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
	"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
	"3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
	"7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
	"3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
	"4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计", "四、结转下年度继续办理"}

// varyDigits replaces each digit with a random one, so figures differ per page.
func varyDigits(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = byte('0' + rng.Intn(10))
		}
	}
	return string(b)
}

// snippet is a random 8–30 character piece of the corpus, as a link title.
func snippet(rng *rand.Rand) string {
	c := seedCorpus()
	lines := c[rng.Intn(len(c))]
	r := []rune(lines[rng.Intn(len(lines))])
	n := 8 + rng.Intn(23)
	if len(r) <= n {
		return string(r)
	}
	i := rng.Intn(len(r) - n)
	return string(r[i : i+n])
}

func pageHead(b *strings.Builder, rng *rand.Rand, title string) {
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s_政府信息公开年报_某某县人民政府</title>\n", title)
	fmt.Fprintf(b, "<meta name=\"ArticleTitle\" content=\"%s\">\n<meta name=\"PubDate\" content=\"2024-01-%02d %02d:%02d\">\n<meta name=\"ContentSource\" content=\"县政府办公室\">\n", title, 1+rng.Intn(28), rng.Intn(24), rng.Intn(60))
	b.WriteString("<style type=\"text/css\">\n")
	for i := 0; i < 40+rng.Intn(40); i++ {
		fmt.Fprintf(b, ".c%x{margin:%dpx %dpx;padding:%dpx;font-size:%dpx;color:#%06x;line-height:%d%%}\n", rng.Intn(1<<16), rng.Intn(30), rng.Intn(30), rng.Intn(20), 12+rng.Intn(10), rng.Intn(1<<24), 100+rng.Intn(100))
	}
	b.WriteString("</style>\n<script type=\"text/javascript\">\n")
	fmt.Fprintf(b, "var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");hm.src=\"https://hm.baidu.com/hm.js?%032x\";var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(hm,s);})();\n", rng.Uint64())
	fmt.Fprintf(b, "var siteId=%d,columnId=%d,articleId=%d;\n</script>\n</head>\n<body>\n", rng.Intn(1e4), rng.Intn(1e5), rng.Intn(1e7))
}

func linkList(b *strings.Builder, rng *rand.Rand, class string, n int) {
	fmt.Fprintf(b, "<div class=\"%s\"><ul>\n", class)
	for i := 0; i < n; i++ {
		fmt.Fprintf(b, "<li><a href=\"/zwgk/%d/t%d_%d.html\" target=\"_blank\" title=\"%s\">%s</a><span>2023-%02d-%02d</span></li>\n",
			202300+rng.Intn(13), 20230000+rng.Intn(1300), rng.Intn(1e7), snippet(rng), snippet(rng), 1+rng.Intn(12), 1+rng.Intn(28))
	}
	b.WriteString("</ul></div>\n")
}

func statsTable(b *strings.Builder, rng *rand.Rand) {
	const td = `<td width="%d" valign="center" style="border-left:solid windowtext 1.0pt;border-right:solid windowtext 1.0pt;border-top:none;border-bottom:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">%s</span></p></td>`
	b.WriteString("<table class=\"MsoNormalTable\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;border:none\"><tbody>\n")
	for _, label := range rowLabels {
		b.WriteString("<tr style=\"height:20.0pt\">")
		fmt.Fprintf(b, td, 200+rng.Intn(60), label)
		for c := 0; c < 7; c++ {
			fmt.Fprintf(b, td, 50+rng.Intn(20), fmt.Sprint(rng.Intn(4)*rng.Intn(30)))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
}

// reportPage returns a UTF-8 report page of roughly size bytes.
func reportPage(rng *rand.Rand, n, size int) []byte {
	var b strings.Builder
	c := seedCorpus()
	lines := c[n%len(c)]
	pageHead(&b, rng, lines[0])
	linkList(&b, rng, "nav", 30+rng.Intn(30))
	b.WriteString("<div class=\"article\"><div class=\"TRS_Editor\">\n")
	for i, l := range lines {
		fmt.Fprintf(&b, "<p style=\"text-indent:2em;line-height:1.5\"><span style=\"font-family:仿宋_GB2312;font-size:16pt\">%s</span></p>\n", varyDigits(rng, l))
		if i == len(lines)/2 {
			statsTable(&b, rng)
		}
	}
	b.WriteString("</div></div>\n")
	for b.Len() < size {
		linkList(&b, rng, "related", 20+rng.Intn(20))
	}
	fmt.Fprintf(&b, "<div class=\"footer\">主办单位：某某县人民政府办公室 网站标识码：%010d 备案号：豫ICP备%08d号</div>\n</body>\n</html>\n", rng.Intn(1e9), rng.Intn(1e8))
	return []byte(b.String())
}

// gbkPage is reportPage encoded as GB18030, as many county sites still serve.
func gbkPage(rng *rand.Rand, n, size int) []byte {
	p := bytes.Replace(reportPage(rng, n, size), []byte(`charset="utf-8"`), []byte(`charset="gbk"`), 1)
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(p)
	if err != nil {
		panic(err) // test fixture generator: GB18030 encodes all of Unicode
	}
	return out
}
