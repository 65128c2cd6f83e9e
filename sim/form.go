package sim

import (
	"fmt"
	"math/rand"
	"strings"
)

// applicantCols are the six applicant columns of section 三; the seventh
// column (总计) is their sum.
var applicantCols = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}

// outcomeRows are the 23 outcome rows of section 三(三) in form order, with
// their group label (rendered once, as a rowspan, in layout 0).
var outcomeRows = []struct{ group, label string }{
	{"（一）予以公开", ""},
	{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""},
	{"（三）不予公开", "1.属于国家秘密"}, {"（三）不予公开", "2.其他法律行政法规禁止公开"},
	{"（三）不予公开", "3.危及“三安全一稳定”"}, {"（三）不予公开", "4.保护第三方合法权益"},
	{"（三）不予公开", "5.属于三类内部事务信息"}, {"（三）不予公开", "6.属于四类过程性信息"},
	{"（三）不予公开", "7.属于行政执法案卷"}, {"（三）不予公开", "8.属于行政查询事项"},
	{"（四）无法提供", "1.本机关不掌握相关政府信息"}, {"（四）无法提供", "2.没有现成信息需要另行制作"},
	{"（四）无法提供", "3.补正后申请内容仍不明确"},
	{"（五）不予处理", "1.信访举报投诉类申请"}, {"（五）不予处理", "2.重复申请"}, {"（五）不予处理", "3.要求提供公开出版物"},
	{"（五）不予处理", "4.无正当理由大量反复申请"}, {"（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
	{"（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"（六）其他处理", "3.其他"},
}

// form holds the figures of one 2021-format report. Every rule of the form
// holds: per column new+carriedIn = total+carriedOut, total = Σ outcomes,
// and each section-四 total is the sum of its four outcomes.
type form struct {
	New, CarriedIn, CarriedOut [6]int
	Outcomes                   [21][6]int // rows of outcomeRows
	Review, Direct, AfterRev   [4]int     // 维持, 纠正, 其他, 尚未审结
	Rules, Norms               [3]int     // 本年制发, 本年废止, 现行有效
	Licences, Penalties, Force int
	Fees                       float64 // 万元
}

func newForm(r *rand.Rand) *form {
	f := &form{}
	weights := []int{20, 4, 1, 1, 1, 2}
	for c := range applicantCols {
		f.New[c] = r.Intn(weights[c]*2 + 1)
		f.CarriedIn[c] = r.Intn(2) * r.Intn(2)
		avail := f.New[c] + f.CarriedIn[c]
		f.CarriedOut[c] = r.Intn(avail/4 + 1)
		f.spread(r, c, avail-f.CarriedOut[c])
	}
	for _, g := range []*[4]int{&f.Review, &f.Direct, &f.AfterRev} {
		for i := range g {
			g[i] = r.Intn(3) * r.Intn(2)
		}
	}
	f.Rules = [3]int{0, 0, 0}
	f.Norms = [3]int{r.Intn(8), r.Intn(3), 10 + r.Intn(60)}
	f.Licences, f.Penalties, f.Force = r.Intn(3000), r.Intn(500), r.Intn(40)
	f.Fees = float64(r.Intn(1000000)) / 100
	return f
}

// spread distributes n decided applications of column c over the outcome
// rows, mostly 予以公开 / 部分公开 / 本机关不掌握.
func (f *form) spread(r *rand.Rand, c, n int) {
	likely := []int{0, 0, 0, 1, 10, 11, 13, 14, 20, 5}
	for i := 0; i < n; i++ {
		f.Outcomes[likely[r.Intn(len(likely))]][c]++
	}
}

func (f *form) colTotal(c int) int {
	t := 0
	for _, row := range f.Outcomes {
		t += row[c]
	}
	return t
}

func sum6(a [6]int) int { return a[0] + a[1] + a[2] + a[3] + a[4] + a[5] }

func sum4(a [4]int) int { return a[0] + a[1] + a[2] + a[3] }

// totals are the key figures a correct parse must find.
func (f *form) totals() map[string]int {
	all := 0
	for c := range applicantCols {
		all += f.colTotal(c)
	}
	return map[string]int{
		"app_new_total":           sum6(f.New),
		"app_carried_in_total":    sum6(f.CarriedIn),
		"app_total_total":         all,
		"app_carried_out_total":   sum6(f.CarriedOut),
		"review_total":            sum4(f.Review),
		"suit_direct_total":       sum4(f.Direct),
		"suit_after_review_total": sum4(f.AfterRev),
	}
}

// tableHTML renders section 三 as one table. layout varies the markup as
// real sites do: 0 nested rowspans with full-width brackets, 1 flat rows
// with half-width brackets and spaces inside labels, 2 <p> inside cells.
func (f *form) tableHTML(layout int) string {
	var b strings.Builder
	b.WriteString(`<table border="1" cellspacing="0" class="MsoNormalTable">`)
	b.WriteString(`<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>`)
	b.WriteString(`<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr><tr>`)
	for _, h := range applicantCols[1:] {
		b.WriteString(cell(label(h, layout), layout))
	}
	b.WriteString("</tr>")
	row := func(lbl string, vals [6]int) {
		b.WriteString(`<tr><td colspan="3">` + label(lbl, layout) + "</td>")
		writeVals(&b, vals, layout)
		b.WriteString("</tr>")
	}
	row("一、本年新收政府信息公开申请数量", f.New)
	row("二、上年结转政府信息公开申请数量", f.CarriedIn)
	for i, o := range outcomeRows {
		b.WriteString("<tr>")
		if i == 0 {
			b.WriteString(`<td rowspan="22">三、本年度办理结果</td>`)
		}
		if o.label == "" {
			b.WriteString(`<td colspan="2">` + label(o.group, layout) + "</td>")
		} else {
			if i == 0 || outcomeRows[i-1].group != o.group {
				b.WriteString(fmt.Sprintf(`<td rowspan="%d">%s</td>`, groupSize(o.group), label(o.group, layout)))
			}
			b.WriteString("<td>" + label(o.label, layout) + "</td>")
		}
		writeVals(&b, f.Outcomes[i], layout)
		b.WriteString("</tr>")
	}
	var tot [6]int
	for c := range applicantCols {
		tot[c] = f.colTotal(c)
	}
	b.WriteString(`<tr><td colspan="2">` + label("（七）总计", layout) + "</td>")
	writeVals(&b, tot, layout)
	b.WriteString("</tr>")
	row("四、结转下年度继续办理", f.CarriedOut)
	b.WriteString("</table>")
	return b.String()
}

func groupSize(g string) int {
	n := 0
	for _, o := range outcomeRows {
		if o.group == g {
			n++
		}
	}
	return n
}

func writeVals(b *strings.Builder, v [6]int, layout int) {
	for _, x := range v {
		b.WriteString(cell(fmt.Sprint(x), layout))
	}
	b.WriteString(cell(fmt.Sprint(sum6(v)), layout))
}

func cell(s string, layout int) string {
	if layout == 2 {
		return `<td valign="center"><p style="text-align:center"><span>` + s + `</span></p></td>`
	}
	return "<td>" + s + "</td>"
}

// label applies the layout's spelling variants.
func label(s string, layout int) string {
	if layout != 1 {
		return s
	}
	s = strings.NewReplacer("（", "(", "）", ")", "商业企业", "商业 企业", "科研机构", "科研 机构").Replace(s)
	return s
}

// reviewHTML renders section 四 (15 numbers).
func (f *form) reviewHTML() string {
	var b strings.Builder
	b.WriteString(`<table border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>`)
	b.WriteString(`<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>`)
	for i := 0; i < 2; i++ {
		b.WriteString("<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>")
	}
	b.WriteString("</tr><tr>")
	for _, g := range [][4]int{f.Review, f.Direct, f.AfterRev} {
		for _, x := range g {
			b.WriteString(fmt.Sprintf("<td>%d</td>", x))
		}
		b.WriteString(fmt.Sprintf("<td>%d</td>", sum4(g)))
	}
	b.WriteString("</tr></table>")
	return b.String()
}

// activeHTML renders section 二 (第二十条 items).
func (f *form) activeHTML() string {
	return fmt.Sprintf(`<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>%d</td><td>%d</td><td>%d</td></tr><tr><td>行政规范性文件</td><td>%d</td><td>%d</td><td>%d</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan="3">%d</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr><tr><td>行政处罚</td><td colspan="3">%d</td></tr><tr><td>行政强制</td><td colspan="3">%d</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr><tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr><tr><td>行政事业性收费</td><td colspan="3">%.2f</td></tr></table>`,
		f.Rules[0], f.Rules[1], f.Rules[2], f.Norms[0], f.Norms[1], f.Norms[2], f.Licences, f.Penalties, f.Force, f.Fees)
}
