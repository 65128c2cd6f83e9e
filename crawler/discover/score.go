package discover

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	// reportTitle is the title pattern of a real report.
	reportTitle = regexp.MustCompile(`(19|20)\d\d\s*年度?.{0,40}(信息公开|政务公开).{0,12}(年度报告|年报|工作报告)`)
	reportWord  = regexp.MustCompile(`年度报告|公开年报|年报|工作报告`)
	govWord     = regexp.MustCompile(`政府信息公开|信息公开|政务公开|公开目录|主动公开|法定主动公开`)
	lookAlike   = regexp.MustCompile(`解读|汇总|通知|指南|编制|报送|决算|预算|法治政府|企业年报|收费|处理费|图解|问答`)
	newsWord    = regexp.MustCompile(`新闻|动态|要闻|图片|视频|招聘|领导|互动|留言|信箱|访谈|专题|天气|旅游|招商`)
	yearOnly    = regexp.MustCompile(`^\s*(19|20)\d\d\s*(年度?|年报)?\s*$`)
	unitWord    = regexp.MustCompile(`(乡|镇|街道|办事处|局|委员会|委|办公室|中心|部门|乡镇|人民政府|政府)$`)

	// nbToken: URL tokens of the annual-report column.
	nbToken   = regexp.MustCompile(`(?i)(zfxxgknb|xxgknb|gknb|zfxgknb|zfxxgkndbg|xxgkndbg|gkndbg|gzndbg|ndbg|niandubaogao|annualreport|nbhz|/nb_?20\d\d|/20\d\dnb?(/|$)|/nb/)`)
	govToken  = regexp.MustCompile(`(?i)(zfxxgk|xxgk|zwgk|gkml|gkmlpt|publicity|gongkai|/gk/|infopublic)`)
	newsToken = regexp.MustCompile(`(?i)/(xwzx|xwdt|news|tpxw|zwyw|bmdt|xzdt|jrgz|ldhd|spxw|mtbd|rdzt|ztzl|zxft|hdjl|lyb)(/|_|\.|$)`)
	// article: URL shapes of single documents in the CMS families.
	article   = regexp.MustCompile(`(?i)(/t20\d{6}_\d+|/art_\d+_\d+|post_\d+|/content_\d+|/content/[0-9a-f-]{8,}|/doc_[0-9a-f]+|/article_\d+|/show/\d+|/[0-9a-f]{32}\.s?html?$|/\d{4,}\.s?html?$|/c\d+_\d+|/i\d+\.phtml|/\d{5,}$|/[0-9a-f-]{36}\.s?html?$|/t\d{6,}\.s?html?$|\.jsp\?.*(id|fbtime)=)`)
	listShape = regexp.MustCompile(`(?i)(/$|/index(_\d+)?\.s?html?$|/list[_\w]*\.\w+|/col/col\d+|/channel|/index$|[?&](page|pageno|classid|cid|catid)=|/\d{1,3}\.s?html?$|/gkmlpt/index)`)
)

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
	var s float64
	switch {
	case t == "":
	case reportTitle.MatchString(t):
		s += 10
	case reportWord.MatchString(t):
		s += 6
		if govWord.MatchString(t) {
			s += 2
		}
	case govWord.MatchString(t):
		s += 3
	case yearOnly.MatchString(t):
		s += 2
	}
	if lookAlike.MatchString(t) {
		s -= 3
	}
	if newsWord.MatchString(t) && !reportWord.MatchString(t) {
		s -= 2
	}
	return s
}

func urlScore(p string) float64 {
	var s float64
	switch {
	case nbToken.MatchString(p):
		s += 5
	case govToken.MatchString(p):
		s += 2
	}
	if newsToken.MatchString(p) {
		s -= 3
	}
	return s
}

func classify(p, t string, ts, us float64) string {
	switch {
	case article.MatchString(p):
		if ts >= 6 {
			return KindReport
		}
	case listShape.MatchString(p):
		if ts >= 6 || us >= 5 || yearOnly.MatchString(t) {
			return KindListing
		}
	case ts >= 6:
		return KindReport
	}
	return KindNav
}

// listingContext knows whether the page is an annual-report listing, and
// promotes links that sit inside that column.
type listingContext struct {
	on   bool
	host string
	root string // column path prefix
}

func newListingContext(c *pageCtx) listingContext {
	p := strings.ToLower(c.base.EscapedPath())
	on := c.p.Kind == KindListing || c.p.Kind == KindData || nbToken.MatchString(p)
	if !on && c.doc != nil {
		on = reportWord.MatchString(c.doc.Find("title").First().Text()) && !article.MatchString(p)
	}
	root := p
	if i := strings.LastIndex(root, "/"); i >= 0 {
		root = root[:i+1]
	}
	if loc := nbToken.FindStringIndex(p); loc != nil {
		if j := strings.Index(p[loc[0]+1:], "/"); j >= 0 {
			root = p[:loc[0]+1+j+1]
		}
	}
	return listingContext{on: on, host: strings.ToLower(c.base.Host), root: root}
}

// adjust promotes links inside the column of a listing page: documents with
// any title become report candidates, other pages sub-columns.
func (lc listingContext) adjust(u *url.URL, text string, s float64, kind string) (float64, string) {
	if !lc.on || strings.ToLower(u.Host) != lc.host || kind == KindAttachment {
		return s, kind
	}
	p := strings.ToLower(u.EscapedPath())
	inside := strings.HasPrefix(p, lc.root) || nbToken.MatchString(p)
	if !inside || newsToken.MatchString(p) {
		return s, kind
	}
	t := foldSpace(text)
	s += 3
	if kind == KindNav && len([]rune(t)) >= 4 && !govWord.MatchString(t) {
		if article.MatchString(pathQuery(u)) {
			return s, KindReport
		}
		if unitWord.MatchString(t) || yearOnly.MatchString(t) || listShape.MatchString(p) {
			return s, KindListing
		}
	}
	return s, kind
}

// pathQuery is the lowercased escaped path, with "?query" when there is one.
func pathQuery(u *url.URL) string {
	p := strings.ToLower(u.EscapedPath())
	if u.RawQuery != "" {
		p += "?" + strings.ToLower(u.RawQuery)
	}
	return p
}
