package report

import (
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// This file renders a report as HTML pages in several layouts for the
// layout tests and the benchmark: a Word-exported <table> with
// rowspan/colspan, one cell per <p>, and the tab text in a <pre>; each
// wrapped in a CMS template (TRS, Hanweb, gkmlpt, generic layout table).

// wordCell renders one Word-export cell: <td><p><span>…</span></p></td>.
func wordCell(text string, rs, cs int) string {
	var b strings.Builder
	b.WriteString(`<td width="64" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"`)
	if rs > 1 {
		fmt.Fprintf(&b, ` rowspan="%d"`, rs)
	}
	if cs > 1 {
		fmt.Fprintf(&b, ` colspan="%d"`, cs)
	}
	b.WriteString(`><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">`)
	// Word breaks short labels over lines: "结果<br>维持".
	b.WriteString(strings.ReplaceAll(html.EscapeString(text), "|", "</span></p><p class=\"MsoNormal\"><span>"))
	b.WriteString(`</span></p></td>`)
	return b.String()
}

// printValue renders a figure as the page prints it.
func printValue(fields map[string]*float64, nulls map[string]string, key string) string {
	v := fields[key]
	if v != nil {
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	if nulls[key] == NullNotApplicable {
		return "/"
	}
	return ""
}

func tr(cells ...string) string { return "<tr>" + strings.Join(cells, "") + "</tr>\n" }

func wordTable(rows string) string {
	return `<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">` + "\n<tbody>" + rows + "</tbody></table>\n"
}

// wordArt20 renders the four small section-二 tables of the 2021 form.
func wordArt20(f map[string]*float64, n map[string]string) string {
	v := func(k string, cs int) string { return wordCell(printValue(f, n, k), 1, cs) }
	var b strings.Builder
	b.WriteString(tr(wordCell("第二十条第（一）项", 1, 4)))
	b.WriteString(tr(wordCell("信息内容", 1, 1), wordCell("本年制发件数", 1, 1), wordCell("本年废止件数", 1, 1), wordCell("现行有效件数", 1, 1)))
	b.WriteString(tr(wordCell("规 章", 1, 1), v("art20_rules_issued", 1), v("art20_rules_repealed", 1), v("art20_rules_in_force", 1)))
	b.WriteString(tr(wordCell("行政规范性文件", 1, 1), v("art20_normative_issued", 1), v("art20_normative_repealed", 1), v("art20_normative_in_force", 1)))
	b.WriteString(tr(wordCell("第二十条第（五）项", 1, 4)))
	b.WriteString(tr(wordCell("信息内容", 1, 1), wordCell("本年处理决定数量", 1, 3)))
	b.WriteString(tr(wordCell("行政许可", 1, 1), v("art20_licensing", 3)))
	b.WriteString(tr(wordCell("第二十条第（六）项", 1, 4)))
	b.WriteString(tr(wordCell("信息内容", 1, 1), wordCell("本年处理决定数量", 1, 3)))
	b.WriteString(tr(wordCell("行政处罚", 1, 1), v("art20_penalty", 3)))
	b.WriteString(tr(wordCell("行政强制", 1, 1), v("art20_coercion", 3)))
	b.WriteString(tr(wordCell("第二十条第（八）项", 1, 4)))
	b.WriteString(tr(wordCell("信息内容", 1, 1), wordCell("本年收费金额（单位：万元）", 1, 3)))
	b.WriteString(tr(wordCell("行政事业性收费", 1, 1), v("art20_fees_wan_yuan", 3)))
	return wordTable(b.String())
}

// appLayout is the section-三 table of the 2021 form: group label and
// span per row; spans of 0 mean the group cell is covered by a rowspan.
var appLayout = []struct{ row, group, label string }{
	{"new", "", "一、本年新收政府信息公开申请数量"},
	{"carried_in", "", "二、上年结转政府信息公开申请数量"},
	{"granted", "", "(一) 予以公开"},
	{"partial", "", "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"},
	{"deny_secret", "（三）不予公开", "1.属于国家秘密"},
	{"deny_law", "", "2.其他法律行政法规禁止公开"},
	{"deny_safety", "", "3.危及“三安全一稳定”"},
	{"deny_third_party", "", "4.保护第三方合法权益"},
	{"deny_internal", "", "5.属于三类内部事务信息"},
	{"deny_process", "", "6.属于四类过程性信息"},
	{"deny_enforcement", "", "7.属于行政执法案卷"},
	{"deny_query", "", "8.属于行政查询事项"},
	{"unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"},
	{"unable_create", "", "2.没有现成信息需要另行制作"},
	{"unable_unclear", "", "3.补正后申请内容仍不明确"},
	{"reject_petition", "（五）不予处理", "1.信访举报投诉类申请"},
	{"reject_repeat", "", "2.重复申请"},
	{"reject_publication", "", "3.要求提供公开出版物"},
	{"reject_mass", "", "4.无正当理由大量反复申请"},
	{"reject_confirm", "", "5.要求行政机关确认或重新出具已获取信息"},
	{"other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"other_unpaid", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"other_other", "", "3.其他"},
	{"total", "", "（七）总计"},
	{"carried_out", "", "四、结转下年度继续办理"},
}

var groupSpan = map[string]int{"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}

// wordApplications renders the section-三 table with the form's spans.
func wordApplications(f map[string]*float64, n map[string]string) string {
	var b strings.Builder
	b.WriteString(tr(wordCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), wordCell("申请人情况", 1, 7)))
	b.WriteString(tr(wordCell("自然人", 2, 1), wordCell("法人或其他组织", 1, 5), wordCell("总计", 2, 1)))
	b.WriteString(tr(wordCell("商业|企业", 1, 1), wordCell("科研|机构", 1, 1), wordCell("社会公益组织", 1, 1), wordCell("法律服务机构", 1, 1), wordCell("其他", 1, 1)))
	inGroup := 0
	for _, r := range appLayout {
		var cells []string
		switch {
		case r.row == "new" || r.row == "carried_in" || r.row == "carried_out":
			cells = append(cells, wordCell(r.label, 1, 3))
		case r.row == "granted":
			cells = append(cells, wordCell("三、本年度办理结果", 22, 1), wordCell(r.label, 1, 2))
		case r.group != "":
			inGroup = groupSpan[r.group] - 1
			cells = append(cells, wordCell(r.group, groupSpan[r.group], 1), wordCell(r.label, 1, 1))
		case inGroup > 0:
			inGroup--
			cells = append(cells, wordCell(r.label, 1, 1))
		default:
			cells = append(cells, wordCell(r.label, 1, 2))
		}
		for _, c := range appCols {
			cells = append(cells, wordCell(printValue(f, n, AppKey(r.row, c.key)), 1, 1))
		}
		b.WriteString(tr(cells...))
	}
	return wordTable(b.String())
}

// wordReview renders the section-四 table: two header levels, 15 values.
func wordReview(f map[string]*float64, n map[string]string) string {
	outcomes := []string{"结果|维持", "结果|纠正", "其他|结果", "尚未|审结", "总计"}
	var b strings.Builder
	b.WriteString(tr(wordCell("行政复议", 1, 5), wordCell("行政诉讼", 1, 10)))
	var h2 []string
	for _, o := range outcomes {
		h2 = append(h2, wordCell(o, 2, 1))
	}
	h2 = append(h2, wordCell("未经复议直接起诉", 1, 5), wordCell("复议后起诉", 1, 5))
	b.WriteString(tr(h2...))
	var h3, vals []string
	for i := 0; i < 2; i++ {
		for _, o := range outcomes {
			h3 = append(h3, wordCell(o, 1, 1))
		}
	}
	b.WriteString(tr(h3...))
	for _, k := range reviewKeys {
		vals = append(vals, wordCell(printValue(f, n, k), 1, 1))
	}
	b.WriteString(tr(vals...))
	return wordTable(b.String())
}

// layout renders the body of a seed report (its text) as HTML.
type layout func(text string, g golden) string

// layoutWord keeps the seed's prose as <p> and replaces its tables by
// Word-export tables holding the golden figures.
func layoutWord(text string, g golden) string {
	var b strings.Builder
	tables := map[int]string{2: wordArt20(g.Fields, g.Nulls), 3: wordApplications(g.Fields, g.Nulls), 4: wordReview(g.Fields, g.Nulls)}
	skip := false
	for _, ln := range splitLines(text) {
		if n, _ := headingNum(ln.text); n > 0 && isHeadingOf(ln.text, n) {
			fmt.Fprintf(&b, "<p style=\"text-indent:2em\"><strong>%s</strong></p>\n", html.EscapeString(strings.TrimLeft(ln.text, "# ")))
			t, ok := tables[n]
			skip = ok
			b.WriteString(t)
			continue
		}
		if !skip {
			fmt.Fprintf(&b, "<p style=\"text-indent:2em\"><span style=\"font-family:仿宋\">%s</span></p>\n", html.EscapeString(ln.text))
		}
	}
	return b.String()
}

func isHeadingOf(s string, n int) bool {
	return n <= len(standardHeadings) && containsAny(foldLabel(s), standardHeadings[n-1]) && !containsAny(foldLabel(s), tableRowWords)
}

// layoutCells puts every non-empty cell of the text on its own <p>.
func layoutCells(text string, _ golden) string {
	var b strings.Builder
	for _, ln := range splitLines(text) {
		for _, c := range strings.Split(ln.text, "\t") {
			if c = strings.TrimSpace(strings.TrimLeft(c, "#")); c != "" {
				fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(c))
			}
		}
	}
	return b.String()
}

// layoutPre keeps the tab text in a <pre>.
func layoutPre(text string, _ golden) string {
	return "<pre>" + html.EscapeString(text) + "</pre>\n"
}

const navNoise = `<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>` +
	`<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进本县</a></li></ul></div>`

// template wraps a body in a CMS page.
type template func(title, body string) string

func tmplTRS(title, body string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + html.EscapeString(title) + `_县人民政府</title>` +
		`<meta name="ArticleTitle" content="` + html.EscapeString(title) + `"><meta name="PubDate" content="2024-01-20 09:30">` +
		`<script>var x = "<p>本年新收 99</p>";</script><style>.a{}</style></head><body>` + navNoise +
		`<div class="main"><h1>` + html.EscapeString(title) + `</h1><div class="TRS_Editor"><div class="Custom_UnionStyle">` + body +
		`</div></div></div><div class="footer">主办：县人民政府办公室 <a href="#">网站地图</a></div></body></html>`
}

func tmplHanweb(title, body string) string {
	return `<html><head><title>` + html.EscapeString(title) + `</title></head><body>` + navNoise +
		`<table width="100%"><tr><td class="title">` + html.EscapeString(title) + `</td></tr></table>` +
		`<div id="zoom">` + body + `</div><div>【打印本页】【关闭窗口】</div></body></html>`
}

func tmplGkmlpt(title, body string) string {
	detail, _ := json.Marshal(map[string]any{"id": 1, "title": title, "content": body, "publish_time": "2024-01-20 09:30:00"})
	return `<html><head><title>` + html.EscapeString(title) + `</title><script>window._CONFIG = {};` +
		"\nwindow._CONFIG.DETAIL = " + string(detail) + ";\n</script></head><body>" + navNoise +
		`<div id="app"></div></body></html>`
}

// tmplGkmlptConfig is the other gkmlpt form: DETAIL as a key of the
// _CONFIG object literal, between the site id and the directory tree.
func tmplGkmlptConfig(title, body string) string {
	detail, _ := json.Marshal(map[string]any{"id": 1, "title": title, "content": body, "publish_time": "2024-01-20 09:30:00"})
	return `<html><head><title>` + html.EscapeString(title) + `</title><script>window._CONFIG = {` +
		"\n  SID: '758019',\n  DETAIL: " + string(detail) + ",\n  TREE: [{\"id\": 2590, \"name\": \"年度报告\"}]\n};\n</script></head><body>" + navNoise +
		`<div id="app"></div></body></html>`
}

func tmplGeneric(title, body string) string {
	return `<html><head><title>政务公开</title></head><body><table width="980"><tr><td>` + navNoise +
		`</td></tr><tr><td><div class="box"><div class="con">` + body + `</div></div></td></tr></table></body></html>`
}
