// Package vocab is the one vocabulary of annual-report words and of the
// look-alikes that sit in report columns without being reports. Link
// discovery (crawler/discover) scores anchor texts with it and the parser
// (extract/report) classifies titles with it, so the two cannot drift.
// Words are matched with strings.Contains on simplified, space-free text.
package vocab

import "strings"

// ReportWords name the document itself: a title without one is not a report.
var ReportWords = []string{"年度报告", "年报", "工作报告"}

// GovWords name information disclosure, the subject of the report.
var GovWords = []string{"信息公开", "政务公开"}

// ColumnWords are further words of disclosure columns and menus.
var ColumnWords = []string{"公开目录", "主动公开"}

// Reasons a page with report words is not a report. They are the values of
// the parser's not_report and of discovery's look-alike skips.
const (
	Interpretation = "interpretation"           // 年报解读, 答记者问
	Infographic    = "infographic"              // 一图读懂, 图解, 图说, H5/长图 versions
	SummaryIndex   = "summary_index"            // 年报汇总, 目录, 索引
	Guide          = "guide"                    // 政府信息公开指南
	Plan           = "plan"                     // 政务公开工作要点, 工作方案, 实施方案
	Letter         = "letter"                   // …的函, 办函
	Notice         = "notice"                   // 格式通知, 编制/报送通知
	FeeRules       = "fee_rules"                // 信息处理费 rules
	RuleOfLaw      = "rule_of_law_report"       // 法治政府建设年度报告
	FinalAccounts  = "final_accounts"           // 部门决算 / 预算
	Enterprise     = "enterprise_annual_report" // 企业年报
)

// LookAlike is one kind of look-alike and the title words that reveal it.
type LookAlike struct {
	Reason string
	Words  []string
}

// LookAlikes are checked in order: the first kind whose word a title
// contains names it.
var LookAlikes = []LookAlike{
	{Infographic, []string{"一图读懂", "一图看懂", "一图了解", "一图解读", "图解", "图说", "长图", "H5", "h5", "动漫", "视频解读"}},
	{Interpretation, []string{"解读", "答记者问", "问答"}},
	{RuleOfLaw, []string{"法治政府"}},
	{FinalAccounts, []string{"决算", "预算"}},
	{Enterprise, []string{"企业年报", "企业年度报告", "年度报告公示", "年报公示", "年报申报"}},
	{SummaryIndex, []string{"汇总", "目录", "索引", "一览表", "合集"}},
	{Guide, []string{"指南"}},
	{Letter, []string{"的函", "复函", "致函"}},
	{Plan, []string{"工作要点", "工作方案", "实施方案", "工作计划"}},
	{FeeRules, []string{"信息处理费", "收费"}},
	{Notice, []string{"通知", "办函", "编制工作", "报送工作", "报告格式", "编制和发布", "发布工作", "编制", "报送"}},
}

// LookAlikeOf returns the reason a title (folded: simplified, no spaces) is
// a look-alike, or "".
func LookAlikeOf(title string) string {
	for _, l := range LookAlikes {
		if ContainsAny(title, l.Words) {
			return l.Reason
		}
	}
	return ""
}

// NamesReport says whether a folded title has the shape of a report title:
// a disclosure word and a report word.
func NamesReport(title string) bool {
	return ContainsAny(title, GovWords) && ContainsAny(title, ReportWords)
}

// ContainsAny reports whether s contains any of words.
func ContainsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
