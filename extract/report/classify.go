package report

import (
	"regexp"
	"strings"

	"github.com/nianbao/nianbao/extract/vocab"
)

// Reasons a page is not a report (Result.NotReport). The look-alike
// reasons and their title words are the shared vocabulary (extract/vocab).
const (
	NotInterpretation = vocab.Interpretation
	NotInfographic    = vocab.Infographic
	NotSummaryIndex   = vocab.SummaryIndex
	NotGuide          = vocab.Guide
	NotPlan           = vocab.Plan
	NotLetter         = vocab.Letter
	NotNotice         = vocab.Notice
	NotFeeRules       = vocab.FeeRules
	NotRuleOfLaw      = vocab.RuleOfLaw
	NotFinalAccounts  = vocab.FinalAccounts
	NotEnterprise     = vocab.Enterprise
	NotNoMarkers      = "no_report_markers" // neither the title nor the body looks like a report
	NotEmpty          = "empty"             // no title and no text
	NotAttachmentPage = "attachment_page"   // the report's page only shows or links its document (archived and parsed on its own)
	NotListing        = "listing"           // a list of links (a report column, its pages, an index): never a record
	NotColumn         = "column_page"       // titled like the report column (no year) without a report's body
)

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
	if reason := vocab.LookAlikeOf(ft); reason != "" {
		return false, reason
	}
	if titleIsReport(ft) {
		if !hasYear(ft) && markerCount(fb) < 2 {
			return false, NotColumn // 政府信息公开年报: the column's name, not a report's
		}
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
	return vocab.NamesReport(ft)
}

// namedYear matches a year written in digits or in Chinese numerals.
var namedYear = regexp.MustCompile(`(19|20)\d\d|[一二][〇零○O０一二三四五六七八九]{3}`)

// hasYear says whether a folded title names a year.
func hasYear(ft string) bool { return namedYear.MatchString(ft) }

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
