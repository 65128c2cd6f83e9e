package report

import "strings"

// Reasons a page is not a report (Result.NotReport).
const (
	NotInterpretation = "interpretation"           // 年报解读, 图解
	NotSummaryIndex   = "summary_index"            // 年报汇总, 目录
	NotGuide          = "guide"                    // 政府信息公开指南
	NotNotice         = "notice"                   // 格式通知, 编制/报送通知
	NotFeeRules       = "fee_rules"                // 信息处理费 rules
	NotRuleOfLaw      = "rule_of_law_report"       // 法治政府建设年度报告
	NotFinalAccounts  = "final_accounts"           // 部门决算 / 预算
	NotEnterprise     = "enterprise_annual_report" // 企业年报
	NotNoMarkers      = "no_report_markers"        // neither the title nor the body looks like a report
	NotEmpty          = "empty"                    // no title and no text
	NotAttachmentPage = "attachment_page"          // the report's page only shows or links its document (archived and parsed on its own)
)

// lookAlikes are title words of pages that sit in report columns but are
// not reports, checked in order.
var lookAlikes = []struct {
	words  []string
	reason string
}{
	{[]string{"解读", "图解", "答记者问"}, NotInterpretation},
	{[]string{"法治政府建设"}, NotRuleOfLaw},
	{[]string{"决算", "预算"}, NotFinalAccounts},
	{[]string{"企业年报", "企业年度报告", "年度报告公示", "年报公示", "年报申报"}, NotEnterprise},
	{[]string{"汇总", "目录", "索引", "一览表", "合集"}, NotSummaryIndex},
	{[]string{"指南"}, NotGuide},
	{[]string{"信息处理费"}, NotFeeRules},
	{[]string{"通知", "编制工作", "报送工作", "报告格式", "编制和发布", "发布工作", "的函", "办函"}, NotNotice},
}

// bodyMarkers are the section titles and table labels of a real report.
var bodyMarkers = []string{"主动公开政府信息情况", "收到和处理政府信息公开申请", "行政复议", "本年新收",
	"结转下年度", "第二十条", "依申请公开", "存在的主要问题"}

// Classify decides whether a page with this title and text is an annual
// report on government information disclosure; when it is not, reason says
// what it is (one of the Not* constants). An empty title is taken from the
// first lines of text.
func Classify(title, text string) (isReport bool, reason string) {
	if strings.TrimSpace(title) == "" {
		title = titleFromLines(splitLines(headOf(text, 2000)))
	}
	if strings.TrimSpace(title) == "" && strings.TrimSpace(text) == "" {
		return false, NotEmpty
	}
	return classifyFolded(foldLabel(title), foldLabel(headOf(text, 20000)))
}

// classifyFolded is Classify on folded title and body text.
func classifyFolded(ft, fb string) (bool, string) {
	for _, l := range lookAlikes {
		if containsAny(ft, l.words) {
			return false, l.reason
		}
	}
	if titleIsReport(ft) {
		return true, ""
	}
	if markerCount(fb) >= 4 && (ft == "" || strings.Contains(ft, "公开") || strings.Contains(ft, "报告")) {
		return true, ""
	}
	return false, NotNoMarkers
}

// markerCount is how many of the report's body markers folded text has.
func markerCount(fb string) int {
	n := 0
	for _, m := range bodyMarkers {
		if strings.Contains(fb, m) {
			n++
		}
	}
	return n
}

// titleIsReport matches the report title pattern: 政府信息公开 / 政务公开
// with 年度报告, 年报 or 工作报告.
func titleIsReport(ft string) bool {
	if !strings.Contains(ft, "信息公开") && !strings.Contains(ft, "政务公开") {
		return false
	}
	return strings.Contains(ft, "年度报告") || strings.Contains(ft, "年报") || strings.Contains(ft, "工作报告")
}

// headOf returns at most n bytes of s, cut at a rune boundary.
func headOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
