package discover

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/nianbao/nianbao/extract/vocab"
)

var (
	// reportTitle is the title pattern of a real report.
	reportTitle = regexp.MustCompile(`(19|20)\d\d\s*年度?.{0,40}(信息公开|政务公开).{0,12}(年度报告|年报|工作报告)`)
	yearOnly    = regexp.MustCompile(`^\s*(19|20)\d\d\s*(年度?|年报)?\s*$`)
	unitWord    = regexp.MustCompile(`(乡|镇|街道|办事处|局|委员会|委|办公室|中心|部门|乡镇|人民政府|政府)$`)

	// Word lists are matched with strings.Contains: Go's regexp is slow on
	// long alternations and discovery scores every link of every page.
	// Report and look-alike words are the parser's (extract/vocab).
	reportWords = vocab.ReportWords
	govWords    = append(append([]string(nil), vocab.GovWords...), vocab.ColumnWords...)
	newsWords   = []string{"新闻", "动态", "要闻", "图片", "视频", "招聘", "领导", "互动", "留言", "信箱", "访谈", "专题", "天气", "旅游", "招商"}

	// URL tokens, matched on lowercased paths (see pathQuery).
	nbTokens  = []string{"zfxxgknb", "xxgknb", "gknb", "zfxgknb", "ndbg", "niandubaogao", "annualreport", "nbhz", "/nb/", "/nb_20", "/nb20"}
	nbYearDir = regexp.MustCompile(`/20\d\dnb?(/|$)`)
	govTokens = []string{"zfxxgk", "xxgk", "zwgk", "gkml", "publicity", "gongkai", "/gk/", "infopublic"}
	newsDirs  = []string{"xwzx", "xwdt", "news", "tpxw", "zwyw", "bmdt", "xzdt", "jrgz", "ldhd", "spxw", "mtbd", "rdzt", "ztzl", "zxft", "hdjl", "lyb"}

	// article: URL shapes of single documents in the CMS families.
	article   = regexp.MustCompile(`(/t20\d{6}_\d+|/art_\d+_\d+|post_\d+|/content_\d+|/content/[0-9a-f-]{8,}|/doc_[0-9a-f]+|/article_\d+|/show/\d+|/[0-9a-f]{32}\.s?html?$|/\d{4,}\.s?html?$|/c\d+_\d+|/i\d+\.phtml|/\d{5,}$|/[0-9a-f-]{36}\.s?html?$|/t\d{6,}\.s?html?$|\.jsp\?.*(id|fbtime)=)`)
	listShape = regexp.MustCompile(`(/$|/index(_\d+)?\.s?html?$|/list[_\w]*\.\w+|/col/col\d+|/channel|/index$|[?&](page|pageno|classid|cid|catid)=|/\d{1,3}\.s?html?$|/gkmlpt/index)`)
)

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// hasNB reports an annual-report column token in a lowercased path.
func hasNB(p string) bool {
	return containsAny(p, nbTokens) || strings.Contains(p, "/20") && nbYearDir.MatchString(p)
}

// isNews reports a news-section directory (/xwzx/, /news_…) in a
// lowercased path.
func isNews(p string) bool {
	for _, d := range newsDirs {
		for i := strings.Index(p, "/"+d); i >= 0; {
			j := i + 1 + len(d)
			if j == len(p) || p[j] == '/' || p[j] == '_' || p[j] == '.' {
				return true
			}
			k := strings.Index(p[j:], "/"+d)
			if k < 0 {
				break
			}
			i = j + k
		}
	}
	return false
}

// Score ranks a link by what it is likely to lead to, from its anchor text,
// its URL tokens and its depth, and suggests its kind: KindAttachment for
// documents, KindReport only when the text reads like a report (never from
// the URL alone), KindListing for report columns and their year/unit
// sub-columns, KindNav otherwise. A KindNav score ≤ 0 means "nothing
// suggests reports here".
func Score(u *url.URL, text string, depth int) (float64, string) {
	if u == nil {
		return 0, KindNav
	}
	t := foldSpace(text)
	p := pathQuery(u)
	ts, us := textScore(t), urlScore(p)
	s := ts + us - 0.3*float64(depth)
	if isAttachmentURL(u) {
		return s + 4, KindAttachment
	}
	return s, classify(p, t, ts, us)
}

func textScore(t string) float64 {
	if t == "" {
		return 0
	}
	var s float64
	rep := containsAny(t, reportWords)
	switch {
	case rep && strings.Contains(t, "年") && reportTitle.MatchString(t):
		s += 10
	case rep:
		s += 6
		if containsAny(t, govWords) {
			s += 2
		}
	case containsAny(t, govWords):
		s += 3
	case len(t) <= 16 && yearOnly.MatchString(t):
		s += 2
	}
	if vocab.LookAlikeOf(t) != "" {
		s -= 3
	}
	if !rep && containsAny(t, newsWords) {
		s -= 2
	}
	return s
}

func urlScore(p string) float64 {
	var s float64
	switch {
	case hasNB(p):
		s += 5
	case containsAny(p, govTokens):
		s += 2
	}
	if isNews(p) {
		s -= 3
	}
	return s
}

// classify decides a kind from the URL shape and the scores: documents
// with report text are reports; column-shaped URLs (directories, index and
// list pages) with report text or column tokens are listings, except an
// index page under a numeric folder with a full report title (a CMS that
// publishes each document as …/63384/index.htm); other shapes are reports
// only with a full title (year included), listings with column words.
func classify(p, t string, ts, us float64) string {
	full := ts >= 10
	switch {
	case article.MatchString(p):
		if ts >= 6 {
			return KindReport
		}
	case listShape.MatchString(p):
		if full && numericIndex.MatchString(p) {
			return KindReport
		}
		if ts >= 6 || us >= 5 || len(t) <= 16 && yearOnly.MatchString(t) {
			return KindListing
		}
	case full:
		return KindReport
	case ts >= 6 || us >= 5:
		return KindListing
	}
	return KindNav
}

var hanwebCol = regexp.MustCompile(`^/col/col(\d+)/`)

var numericIndex = regexp.MustCompile(`/\d{4,}/index\.s?html?$`)

// listingContext knows whether the page is an annual-report listing, and
// promotes links that sit inside that column.
type listingContext struct {
	on     bool
	host   string
	root   string // column path prefix
	hanweb string // Hanweb: the column's id ("" elsewhere)
}

func newListingContext(c *pageCtx) listingContext {
	p := strings.ToLower(c.base.EscapedPath())
	on := c.p.Kind == KindListing || c.p.Kind == KindData || hasNB(p)
	if !on && c.doc != nil {
		on = containsAny(c.doc.Find("title").First().Text(), reportWords) && !article.MatchString(p)
	}
	root := p
	if i := strings.LastIndex(root, "/"); i >= 0 {
		root = root[:i+1]
	}
	hanweb := ""
	if m := hanwebCol.FindStringSubmatch(p); m != nil {
		hanweb = m[1]
	}
	if i := nbIndex(p); i >= 0 {
		if j := strings.Index(p[i+1:], "/"); j >= 0 {
			root = p[:i+1+j+1]
		}
	}
	return listingContext{on: on, host: strings.ToLower(c.base.Host), root: root, hanweb: hanweb}
}

// adjust promotes links inside the column of a listing page: documents with
// any title become report candidates, other pages sub-columns.
func (lc listingContext) adjust(u *url.URL, text string, s float64, kind string) (float64, string) {
	if !lc.on || strings.ToLower(u.Host) != lc.host || kind == KindAttachment {
		return s, kind
	}
	p := strings.ToLower(u.EscapedPath())
	t := foldSpace(text)
	inside := strings.HasPrefix(p, lc.root) || hasNB(p) || lc.hanwebInside(p, t)
	if !inside || isNews(p) {
		return s, kind
	}
	s += 3
	if kind != KindNav || containsAny(t, govWords) {
		return s, kind
	}
	isDoc := article.MatchString(pathQuery(u))
	switch {
	case isDoc && reportish(t):
		return s, KindReport
	case isDoc && len([]rune(t)) >= 4:
		return s, kindNotReport
	case !isDoc && (unitWord.MatchString(t) || len(t) <= 16 && yearOnly.MatchString(t) || listShape.MatchString(p)):
		return s, KindListing
	}
	return s, kind
}

// hanwebInside: on a Hanweb column page, the column's own articles
// (/art/Y/M/D/art_COL_ID.html) and the sibling columns whose names read as
// the report column's year or unit sub-columns (2023年, 教育局, 某某镇) are
// inside the column. Any other /col/colN/ is one of the portal's hundreds
// of columns (首页, 今日要闻, 招商引资 …), not part of this one.
func (lc listingContext) hanwebInside(p, t string) bool {
	if lc.hanweb == "" {
		return false
	}
	if m := hanwebArt.FindStringSubmatch(p); m != nil {
		return m[1] == lc.hanweb
	}
	return hanwebCol.MatchString(p) && (isUnitName(t) || len(t) <= 16 && yearOnly.MatchString(t) ||
		containsAny(t, reportWords))
}

// kindNotReport marks a document in a report column whose title shows it
// is something else (a news item, 一图读懂 …): the finisher skips it as
// SkipNotReport.
const kindNotReport = "not_report"

// newsSignals in a title without report words show a column's news item:
// a meeting held, an infographic, a headline with a colon or an
// exclamation mark.
var newsSignals = []string{"召开", "会议", "大会", "一图读懂", "图解", "视频", "表彰", "调研", "视察", "座谈", "！", "!", "："}

// reportish says whether a document title in a report column may be a
// report's: any title but one that shows a news item (恩格贝生态示范区召开…
// 会议, 一图读懂示范区2017年重点工作, 2016，恩格贝，精彩继续！) without
// report or disclosure words. Columns list reports under unit names or
// bare years too, so no report word is needed.
func reportish(t string) bool {
	return containsAny(t, reportWords) || containsAny(t, govWords) || !containsAny(t, newsSignals)
}

// isUnitName says whether a column name names a unit or a group of units,
// a bracketed tail aside (乡镇（街道）).
func isUnitName(t string) bool {
	if i := strings.IndexAny(t, "（("); i > 0 {
		t = t[:i]
	}
	return unitWord.MatchString(t)
}

// pathQuery is the lowercased escaped path, with "?query" when there is one.
func pathQuery(u *url.URL) string {
	p := strings.ToLower(u.EscapedPath())
	if u.RawQuery != "" {
		p += "?" + strings.ToLower(u.RawQuery)
	}
	return p
}

// nbIndex is the index of the first annual-report token in p, -1 if none.
func nbIndex(p string) int {
	best := -1
	for _, x := range nbTokens {
		if i := strings.Index(p, x); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if loc := nbYearDir.FindStringIndex(p); loc != nil && (best < 0 || loc[0] < best) {
		best = loc[0]
	}
	return best
}
