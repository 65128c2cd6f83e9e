package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestClassify(t *testing.T) {
	body := "一、总体情况\n二、主动公开政府信息情况\n第二十条\n三、收到和处理政府信息公开申请情况\n本年新收\n结转下年度\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况"
	tests := []struct {
		title, text string
		want        bool
		reason      string
	}{
		{"博爱县人民政府办公室2023年政府信息公开工作年度报告", "", true, ""},
		{"靖州縣2024年政府信息公開工作年度報告", "", true, ""},
		{"2022年度政府信息公开年报", "", true, ""},
		{"市统计局政府信息公开工作报告（2019年）", "", true, ""},
		{"", "某镇2023年政府信息公开工作年度报告\n" + body, true, ""},
		{"关于《某县2023年政府信息公开工作年度报告》的解读", body, false, NotInterpretation},
		{"图解：2023年政府信息公开工作年度报告", body, false, NotInfographic},
		{"2023年度政府信息公开工作年度报告汇总", "", false, NotSummaryIndex},
		{"政府信息公开年报目录", "", false, NotSummaryIndex},
		{"某县人民政府政府信息公开指南", "", false, NotGuide},
		{"关于做好2023年政府信息公开工作年度报告编制和发布工作的通知", body, false, NotNotice},
		{"国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", body, false, NotNotice},
		{"某县2023年法治政府建设年度报告", "", false, NotRuleOfLaw},
		{"某县财政局2023年部门决算", "", false, NotFinalAccounts},
		{"某公司2023年度企业年报公示", "", false, NotEnterprise},
		{"政府信息公开信息处理费管理办法", "", false, NotFeeRules},
		{"某县2023年国民经济和社会发展统计公报", "全县生产总值……", false, NotNoMarkers},
		{"", "", false, NotEmpty},
		{"一图读懂某县2023年政府信息公开工作年度报告", body, false, NotInfographic},
		{"一图看懂｜2023年度政府信息公开年报", "", false, NotInfographic},
		{"图说2022年政府信息公开工作年度报告", "", false, NotInfographic},
		{"某县2023年政府信息公开工作年度报告（H5版）", "", false, NotInfographic},
		{"2023年政府信息公开工作年度报告长图", "", false, NotInfographic},
		{"关于2014年政府信息公开工作要点落实情况的函", "", false, NotLetter},
		{"某县2024年政务公开工作要点", "", false, NotPlan},
		{"政府信息公开年报", "", false, NotColumn},
		{"政府信息公开工作年度报告", "2016年度 某县政府信息公开工作年度报告 2017-03-01", false, NotColumn},
		{"某镇政府信息公开工作年度报告", body, true, ""},
		{"二〇二三年度政府信息公开工作年度报告", "", true, ""},
	}
	for _, tt := range tests {
		got, reason := Classify(tt.title, tt.text)
		if got != tt.want || reason != tt.reason {
			t.Errorf("Classify(%q) = %v %q, want %v %q", tt.title, got, reason, tt.want, tt.reason)
		}
	}
}

func TestReportYear(t *testing.T) {
	tests := []struct {
		title, text string
		want        int
	}{
		{"某县2023 年政府信息公开工作年度报告", "发布时间：2024-01-20", 2023},
		{"政府信息公开工作年度报告", "本报告所列数据的统计期限自202011日起至2020年12月31日止。发布时间：2021-01-28", 2020},
		{"政府信息公开工作年度报告", "统计期限自2021年1月1日起至2021年12月31日止", 2021},
		{"年度报告", "统计期限自 2019 年 1 月 1 日起", 2019},
		{"年度报告", "2022年，我局…2022年共…2023年计划", 2022},
		{"年度报告", "无年份", 0},
	}
	for _, tt := range tests {
		if got := reportYear(tt.title, tt.text); got != tt.want {
			t.Errorf("reportYear(%q, %q) = %d, want %d", tt.title, tt.text, got, tt.want)
		}
	}
}

func TestAgencyFromTitle(t *testing.T) {
	tests := map[string]string{
		"博爱县人民政府办公室2023年政府信息公开工作年度报告":    "博爱县人民政府办公室",
		"洛龙区定鼎门街道办事处 2023 年政府信息公开工作年度报告": "洛龙区定鼎门街道办事处",
		"2023年政府信息公开工作年度报告":              "",
		"2024年度淮安市洪泽区人民政府政府信息公开工作年度报告":   "淮安市洪泽区人民政府",
		"2024年度全县政府信息公开工作年度报告":           "",
		"关于某局2023年政府信息公开工作年度报告":          "某局",
		"某县人民政府办公室关于2023年政府信息公开工作年度报告":   "某县人民政府办公室",
	}
	for title, want := range tests {
		if got := agencyFromTitle(title); got != want {
			t.Errorf("agencyFromTitle(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestPublished(t *testing.T) {
	tests := []struct{ text, want string }{
		{"某县2023年政府信息公开工作年度报告\n發(fā)布時間:2025-02-18 16:52信息來源:县政府", "2025-02-18"},
		{"标题\n发布日期：2024年1月5日\n正文", "2024-01-05"},
		{"某县2023年政府信息公开工作年度报告\n正文\n某县人民政府办公室\n2024年1月20日", "2024-01-20"},
		{"某县2023年政府信息公开工作年度报告\n2023年1月1日起施行\n正文很多", ""},
		{"发布时间：2024-13-40", ""},
	}
	for _, tt := range tests {
		if got := ParseText(tt.text, Hint{}).Published; got != tt.want {
			t.Errorf("Published(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestValueCell(t *testing.T) {
	tests := []struct {
		in   string
		kind cellKind
		val  float64
	}{
		{"0", cellValue, 0}, {"7538.66", cellValue, 7538.66}, {"1,234", cellValue, 1234}, {"-3", cellValue, -3},
		{"+2", cellValue, 2}, {"１２", cellValue, 12}, {"12件", cellValue, 12}, {"/", cellNA, 0}, {"／", cellNA, 0},
		{"—", cellNA, 0}, {"-", cellNA, 0}, {"不适用", cellNA, 0}, {"1.", cellLabel, 0}, {"2023年", cellLabel, 0},
		{"1,23", cellLabel, 0}, {"1.2.3", cellLabel, 0}, {"--3", cellLabel, 0}, {"", cellEmpty, 0},
	}
	for _, tt := range tests {
		cs := classify(tt.in, nil)
		if len(cs) != 1 || cs[0].kind != tt.kind || (tt.kind == cellValue && cs[0].val != tt.val) {
			t.Errorf("classify(%q) = %+v, want kind %d val %v", tt.in, cs, tt.kind, tt.val)
		}
	}
	if cs := classify("3001 53 0", nil); len(cs) != 3 || cs[1].val != 53 {
		t.Errorf("run-together cells = %+v", cs)
	}
	if cs := classify("（七）总计 21 0 /", nil); len(cs) != 4 || cs[0].label != "(七)总计" || cs[1].val != 21 || cs[3].kind != cellNA {
		t.Errorf("label with values = %+v", cs)
	}
	if cs := classify("结果 维持", nil); len(cs) != 1 || cs[0].label != "结果维持" {
		t.Errorf("spaced label = %+v", cs)
	}
}

func TestFoldLabel(t *testing.T) {
	tests := map[string]string{
		"结果 维持": "结果维持",
		"（二）部分公开（区分处理的，只计这一情形）": "(二)部分公开(区分处理的,只计这一情形)",
		"本年制發(fā)件數(shù)":       "本年制发件数",
		"危及“三安全一稳定”":            "危及三安全一稳定",
		"商业\u3000企业":            "商业企业",
		"〔2021〕30号":             "(2021)30号",
	}
	for in, want := range tests {
		if got := foldLabel(in); got != want {
			t.Errorf("foldLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseText_Format2019(t *testing.T) {
	r := ParseText(readTestdata(t, "synthetic_2019.txt"), Hint{})
	if r.Format != Format2019 || r.Year != 2020 || r.Agency != "某某市某某区人民政府办公室" {
		t.Fatalf("format %s year %d agency %q", r.Format, r.Year, r.Agency)
	}
	if len(r.Fields) != len(KeysFor(Format2019)) {
		t.Errorf("%d fields, want %d", len(r.Fields), len(KeysFor(Format2019)))
	}
	want := map[string]float64{
		"art20_normative_made": 5, "art20_normative_total": 37, "art20_licensing_prev": 120, "art20_licensing_delta": -3,
		"art20_licensing": 5608, "art20_other_services_prev": 4, "art20_penalty_delta": 2, "art20_coercion": 12,
		"art20_fee_items_prev": 3, "art20_procurement_count": 14, "art20_procurement_wan_yuan": 356.2,
		"app_new_total": 15, "app_other_person": 1, "app_other_total": 1, "app_total_total": 16, "app_total_legal": 2,
		"review_upheld": 1, "review_total": 1,
	}
	for k, w := range want {
		if v := r.Fields[k]; v == nil || *v != w {
			t.Errorf("%s = %v (%s), want %v", k, deref(v), r.Nulls[k], w)
		}
	}
	for _, k := range []string{"art20_other_services", "art20_fee_items_delta"} {
		if r.Fields[k] != nil || r.Nulls[k] != NullNotApplicable {
			t.Errorf("%s = %v (%q), want not_applicable", k, deref(r.Fields[k]), r.Nulls[k])
		}
	}
	if _, ok := r.Fields["app_other_other_person"]; ok {
		t.Error("2019 record carries a 2021-only key")
	}
	for _, c := range r.Checks {
		if !c.Pass {
			t.Errorf("check %s failed: %s", c.Name, c.Detail)
		}
	}
	if len(r.Checks) != 7+7+23+3 {
		t.Errorf("%d checks, want 40", len(r.Checks))
	}
}

func TestParseText_Legacy(t *testing.T) {
	r := ParseText(readTestdata(t, "legacy_2015.txt"), Hint{})
	if !r.IsReport || r.Format != FormatLegacy || r.Year != 2015 || len(r.Fields) != len(KeysFor(FormatLegacy)) || len(r.Checks) != 0 {
		t.Errorf("report=%v format=%s year=%d fields=%d checks=%d", r.IsReport, r.Format, r.Year, len(r.Fields), len(r.Checks))
	}
	for k, want := range map[string]float64{"legacy_proactive_items": 1250, "legacy_app_received": 12,
		"legacy_reviews": 0, "legacy_lawsuits": 0, "legacy_fees_wan_yuan": 0} {
		if v := r.Fields[k]; v == nil || *v != want {
			t.Errorf("%s = %v (%s), want %v", k, deref(v), r.Nulls[k], want)
		}
	}
	if len(r.Sections) != 6 || !strings.HasPrefix(r.Sections[2].Heading, "三、依申请公开") {
		t.Errorf("sections %+v", r.Sections)
	}
}

// TestParseText_BrokenRows: a row with too few cells is unreadable (not
// shifted), a failing rule is flagged and the values kept.
func TestParseText_BrokenRows(t *testing.T) {
	orig := readSeed(t, seedPath(t, "shilong-district-office-2023.txt"))
	text := strings.Replace(orig, "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0", 1)
	text = strings.Replace(text, "(七) 总计\t24\t0", "(七) 总计\t23\t0", 1)
	if strings.Count(orig, "\n") != strings.Count(text, "\n") || len(orig)-len(text) != 4 {
		t.Fatal("seed edit did not apply")
	}
	r := ParseText(text, Hint{})
	if r.Fields["app_carried_in_person"] != nil || r.Nulls["app_carried_in_person"] != NullUnreadable {
		t.Errorf("short row: %v %q", deref(r.Fields["app_carried_in_person"]), r.Nulls["app_carried_in_person"])
	}
	if v := r.Fields["app_total_person"]; v == nil || *v != 23 {
		t.Errorf("app_total_person = %v, want 23 as printed", deref(v))
	}
	failed := map[string]bool{}
	for _, c := range r.Checks {
		failed[c.Name] = !c.Pass
	}
	if !failed["app_outcomes_sum_person"] || !failed["app_row_total_total"] || failed["app_row_total_new"] {
		t.Errorf("checks: %v", failed)
	}
	if _, ok := failed["app_balance_person"]; ok {
		t.Error("app_balance_person evaluated with a null input")
	}
}

func seedPath(t *testing.T, name string) string {
	t.Helper()
	return testshared.Path(t, "seed-reports", name)
}

func gridOf(t *testing.T, markup string) [][]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(markup))
	if err != nil {
		t.Fatal(err)
	}
	return buildGrid(tableRows(findFirst(doc, atom.Table)))
}

func TestBuildGrid(t *testing.T) {
	g := gridOf(t, `<table><tr><td rowspan="2">A</td><td colspan="2">B</td></tr><tr><td>1</td><td>2</td></tr><tr><td colspan="3">C</td></tr></table>`)
	want := [][]string{{"A", "B", ""}, {"A", "1", "2"}, {"C", "", ""}}
	if len(g) != len(want) {
		t.Fatalf("grid %q", g)
	}
	for i := range want {
		if strings.Join(g[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, g[i], want[i])
		}
	}
	var b strings.Builder
	b.WriteString("<table>")
	for i := 0; i < 300; i++ {
		b.WriteString(`<tr><td rowspan="100000" colspan="100000">x</td><td>1</td></tr>`)
	}
	b.WriteString("</table>")
	for i, row := range gridOf(t, b.String()) {
		if len(row) > maxCols {
			t.Fatalf("row %d has %d cells, bound is %d", i, len(row), maxCols)
		}
	}
}

// TestClassify_RealLookAlikes uses the look-alike pages of the shared URL
// list (official hosts, kind other/interpretation): their descriptions name
// what they are, and none may pass as a report.
func TestClassify_RealLookAlikes(t *testing.T) {
	b, err := os.ReadFile(testshared.Path(t, "notes", "real_report_urls.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"目录": NotSummaryIndex, "办函": NotNotice, "解读": NotInterpretation, "通知": NotNotice}
	n := 0
	for _, row := range strings.Split(string(b), "\n")[1:] {
		f := strings.Split(row, "\t")
		if len(f) < 3 || (f[1] != "other" && f[1] != "interpretation") || !strings.Contains(f[0], ".gov.cn") {
			continue
		}
		n++
		ok, reason := Classify(f[2], "")
		if ok {
			t.Errorf("%s (%s) classified as a report", f[2], f[0])
			continue
		}
		for cue, w := range want {
			if strings.Contains(f[2], cue) && reason != w {
				t.Errorf("%s: reason %q, want %q", f[2], reason, w)
			}
		}
	}
	if n < 4 {
		t.Errorf("only %d look-alike rows found", n)
	}
}

func TestHeadingNum(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"## 二、主动公开政府信息情况", 2}, {"第三部分 收到和处理政府信息公开申请情况", 3}, {"四．政府信息公开行政复议、行政诉讼情况", 4},
		{"   五、存在的主要问题及改进情况", 5}, {"三、本年度办理结果\t(一) 予以公开\t0", 0}, {"(一)主动公开情况", 0},
		{"十、附件", 10}, {"一是加强领导，二是完善制度", 0},
	}
	for _, tt := range tests {
		if got, _ := headingNum(tt.in); got != tt.want {
			t.Errorf("headingNum(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestParseText_NoHeadings: without section headings the tables are found
// by their own markers and read the same.
func TestParseText_NoHeadings(t *testing.T) {
	for _, name := range []string{"boai-county-office-2023.txt", "jingzhou-county-2024-traditional-pinyin.txt"} {
		text := readSeed(t, seedPath(t, name))
		want := ParseText(text, Hint{})
		var kept []string
		for _, l := range strings.Split(text, "\n") {
			if n, _ := headingNum(l); n >= 2 && n <= 4 && !strings.Contains(l, "\t") && isHeadingOf(l, n) {
				continue
			}
			kept = append(kept, l)
		}
		if len(kept) != len(strings.Split(text, "\n"))-3 {
			t.Fatalf("%s: removed %d headings, want 3", name, len(strings.Split(text, "\n"))-len(kept))
		}
		got := ParseText(strings.Join(kept, "\n"), Hint{})
		for k, v := range want.Fields {
			if w := got.Fields[k]; (w == nil) != (v == nil) || (v != nil && *v != *w) {
				t.Errorf("%s: %s = %v (%s), want %v", name, k, deref(w), got.Nulls[k], deref(v))
			}
		}
	}
}

func TestParseText_AgencyFromText(t *testing.T) {
	r := ParseText("2024年政府信息公开工作年度报告\n本报告由淮安市人民政府办公室根据《条例》编制。\n一、总体情况", Hint{})
	if r.Agency != "淮安市人民政府办公室" || r.Year != 2024 {
		t.Errorf("agency %q year %d", r.Agency, r.Year)
	}
}
