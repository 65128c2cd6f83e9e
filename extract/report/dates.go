package report

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract/dates"
)

// Where a record's publication date came from (Result.PublishedSource).
const (
	PublishedMeta         = "meta"          // <meta name=PubDate/firstpublishedtime/…> or the CMS's own article data
	PublishedPageText     = "page_text"     // a labelled date on the page: 发布时间 / 发布日期 / 日期 …
	PublishedListing      = "listing"       // the date shown beside the link on the listing it was found on
	PublishedSourcePage   = "source_page"   // the publication date of the report page the document is attached to
	PublishedPDFMetadata  = "pdf_metadata"  // the PDF's CreationDate (else ModDate)
	PublishedDOCXMetadata = "docx_metadata" // the Word/Excel file's dcterms:created (else modified)
	PublishedSignature    = "signature"     // the date under the report's signature (落款日期): the last resort
	PublishedNone         = "none"          // no date anywhere: published is empty
)

// labels are the dated and named fields a page states about itself.
type labels struct {
	published string // 发布时间 / 发布日期 …, YYYY-MM-DD
	written   string // 成文日期 / 发文日期 / 印发日期, YYYY-MM-DD
	source    string // 来源 / 信息来源 / 发布机构 …
}

var (
	// pubLabels name the publication date; genericLabels only when no
	// specific label is on the page.
	pubLabels     = regexp.MustCompile(`(?:发布|公开|发表|发稿|首发|上网|上传)(?:时间|日期)`)
	genericLabels = regexp.MustCompile(`(?:时间|日期)`)
	writtenLabels = regexp.MustCompile(`(?:成文|发文|印发|签发)(?:时间|日期)`)
	sourceLabels  = regexp.MustCompile(`(?:信息来源|文章来源|内容来源|稿件来源|来源单位|来源|发布机构|发布单位|发布部门)`)
	// notPubBefore: 时间/日期 after these is not the publication date.
	notPubBefore = []string{"成文", "发文", "印发", "签发", "更新", "修改", "统计", "截止", "办理", "受理", "答复", "有效", "开始", "结束", "实施", "施行", "废止", "会议", "活动"}
	// sourceStop ends a source value: the next label on the same line.
	sourceStop = regexp.MustCompile(`发布时间|发布日期|时间|日期|浏览|点击|阅读|作者|字号|分享|打印|【|\[|责任编辑|编辑`)
	// notBodies are source values that name no body.
	notBodies = map[string]bool{"本站": true, "本网": true, "本网站": true, "原创": true, "本站原创": true, "网站": true, "无": true}
)

// traditionalLabels simplifies the characters of the labels, for text the
// normaliser has not converted (a copy read directly).
var traditionalLabels = strings.NewReplacer("發", "发", "佈", "布", "時", "时", "間", "间", "來", "来", "開", "开",
	"機構", "机构", "單位", "单位", "資訊", "信息")

// scanLabels reads the labelled fields of a page's text, first occurrence
// of each kind in page order.
func scanLabels(text string) labels {
	text = dates.Fold(traditionalLabels.Replace(pinyinNote.ReplaceAllString(headOf(text, 60000), "")))
	var l labels
	l.published = labelledDate(text, pubLabels, nil)
	if l.published == "" {
		l.published = labelledDate(text, genericLabels, notPubBefore)
	}
	l.written = labelledDate(text, writtenLabels, nil)
	l.source = labelledSource(text)
	return l
}

// labelledDate returns the date written right after the first label re
// finds (not preceded by one of deny) that has one.
func labelledDate(text string, re *regexp.Regexp, deny []string) string {
	for _, ix := range re.FindAllStringIndex(text, 200) {
		if labelDenied(text[:ix[0]], deny) {
			continue
		}
		rest := headOf(text[ix[1]:], 80)
		lead := len(rest) - len(strings.TrimLeft(rest, " \t\r\n:"))
		if lead > 8 {
			continue
		}
		if ms := dates.FindAll(rest); len(ms) > 0 && ms[0].Start == lead {
			return ms[0].String()
		}
	}
	return ""
}

func labelDenied(before string, deny []string) bool {
	for _, d := range deny {
		if strings.HasSuffix(before, d) {
			return true
		}
	}
	return false
}

// labelledSource returns the body named after 来源: / 信息来源: / 发布机构:
// (a colon, or the value in the next table cell).
func labelledSource(text string) string {
	for _, ix := range sourceLabels.FindAllStringIndex(text, 200) {
		rest := headOf(text[ix[1]:], 200)
		t := strings.TrimLeft(rest, " \t")
		switch {
		case strings.HasPrefix(t, ":"):
			t = strings.TrimLeft(t[1:], " \t\r\n")
		case strings.HasPrefix(t, "\n"):
			t = strings.TrimLeft(t, " \t\r\n")
		default:
			continue // 来源于… is prose, not a label
		}
		v := t
		if i := strings.IndexAny(v, " \t\r\n|｜丨,，;；"); i >= 0 {
			v = v[:i]
		}
		if loc := sourceStop.FindStringIndex(v); loc != nil {
			v = v[:loc[0]]
		}
		v = strings.Trim(v, ":：()（）")
		if n := utf8.RuneCountInString(v); n >= 2 && n <= 40 && !notBodies[v] && !hasDigitRun(v) {
			return v
		}
	}
	return ""
}

func hasDigitRun(s string) bool {
	return strings.ContainsAny(s, "0123456789") && dates.FindAll(s) != nil
}

// signature is the report's closing block: the date line among the last
// lines (alone, or after the body's name) and the body named just above
// it or before it on the same line.
type signature struct{ date, agency string }

// signatureOf reads the closing block of the report's lines.
func signatureOf(lines []line) signature {
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-8; i-- {
		t := strings.TrimSpace(dates.Fold(lines[i].text))
		ms := dates.FindAll(t)
		if len(ms) != 1 || strings.TrimSpace(t[ms[0].End:]) != "" && strings.TrimSpace(t[ms[0].End:]) != "日" {
			continue
		}
		sig := signature{date: ms[0].String()}
		if before := strings.TrimSpace(t[:ms[0].Start]); before != "" {
			if !isBodyName(before) {
				continue // a sentence ending in a date, not a signature
			}
			sig.agency = before
		} else if i > 0 && isBodyName(strings.TrimSpace(lines[i-1].text)) {
			sig.agency = strings.TrimSpace(lines[i-1].text)
		}
		return sig
	}
	return signature{}
}

// bodySuffixes end the names of government bodies.
var bodySuffixes = []string{"政府", "办公室", "办公厅", "办事处", "委员会", "局", "委", "办", "厅", "中心", "院", "所", "站", "处",
	"街道", "镇", "乡", "县", "区", "市", "管委会", "管理委员会", "公司", "部"}

// isBodyName: a short line without punctuation ending like a body's name.
func isBodyName(s string) bool {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\t", " "))
	n := utf8.RuneCountInString(s)
	if n < 3 || n > 40 || strings.ContainsAny(s, "，。；：:,;、（）()《》0123456789") {
		return false
	}
	s = strings.ReplaceAll(s, " ", "")
	for _, suf := range bodySuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// metaDate turns a metadata value into YYYY-MM-DD, or "".
func metaDate(s string) string {
	d, _ := dates.Value(s)
	return d.String()
}

// publication decides the publication date and where it came from, in
// order of trust: the page's metadata, a labelled date on the page, the
// listing's date beside the link (or the date of the report page a
// document hangs on), the document's own metadata (only when
// not before the report year), the signature date.
func publication(pm pageMeta, lab labels, hint Hint, sig signature, year int) (date, source string) {
	link := PublishedListing
	if hint.LinkDateFrom == "page" {
		link = PublishedSourcePage
	}
	doc := metaDate(hint.DocDate)
	if doc != "" && year > 0 && atoi(doc[:4]) < year {
		doc = "" // a template's date, older than the year reported on
	}
	for _, c := range []struct{ date, source string }{
		{metaDate(pm.published), PublishedMeta},
		{lab.published, PublishedPageText},
		{metaDate(hint.LinkDate), link},
		{doc, hint.DocDateSource},
		{sig.date, PublishedSignature},
	} {
		if c.date != "" && c.source != "" {
			return c.date, c.source
		}
	}
	return "", PublishedNone
}
