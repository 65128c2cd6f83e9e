package report

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PrescreenBytes is the page size from which ParseHTML first screens a
// page with the tokenizer before building its tree: a parse tree costs
// about six times the page (35 MB for a 6 MB table), so a multi-megabyte
// directory or archive page that cannot be a report is rejected for the
// price of one pass.
const PrescreenBytes = 1 << 20

// prescreen decides, without a parse tree, that a large page is not a
// report, in only the cases where the full parse would decide the same:
//   - its own title (ArticleTitle meta, else a report-like <title>) is a
//     look-alike's: the full parse uses that title first, so it gives the
//     same reason;
//   - no title the full parse could pick (page title, any line of text,
//     the crawler's hints) has report words, and the whole text has fewer
//     body markers than a report needs: the full parse reads a subset of
//     that text. The full parse could name another look-alike reason for
//     a title it takes from the text; this one says no_report_markers.
//
// gkmlpt pages (content inside a script) are never screened.
func prescreen(page []byte, hint Hint) (Result, bool) {
	if bytes.Contains(page, []byte("_CONFIG")) {
		return Result{}, false
	}
	pm, text := scanPage(page)
	if pm.title != "" {
		ft := foldLabel(pm.title)
		for _, l := range lookAlikes {
			if containsAny(ft, l.words) {
				return screened(pm, l.reason), true
			}
		}
	}
	for _, t := range []string{pm.title, hint.Title, hint.AnchorText} {
		if titleIsReport(foldLabel(t)) {
			return Result{}, false
		}
	}
	fb := foldLabel(text)
	if containsAny(fb, []string{"年度报告", "年报", "工作报告"}) {
		return Result{}, false
	}
	if markerCount(fb) >= 4 {
		return Result{}, false
	}
	return screened(pm, NotNoMarkers), true
}

func screened(pm pageMeta, reason string) Result {
	return Result{NotReport: reason, Title: pm.title, Fields: map[string]*float64{}, Nulls: map[string]string{}}
}

// scanPage reads a page's metadata as readMeta does and its text outside
// scripts and styles, with one tokenizer pass. Other hidden elements
// (noscript, select …) are kept: more text can only keep a page from
// being rejected, and an unclosed one must not hide the rest.
func scanPage(page []byte) (pageMeta, string) {
	var pm pageMeta
	var title, text strings.Builder
	z := html.NewTokenizer(bytes.NewReader(page))
	inRaw, inTitle, inBody := false, false, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if pm.title == "" {
				pm.title = titleFromHTMLTitle(collapse(title.String()))
			}
			return pm, text.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, hasAttr := z.TagName()
			a := atom.Lookup(tn)
			switch {
			case a == atom.Meta && hasAttr && !inBody:
				readMetaTag(z, &pm)
			case a == atom.Title:
				inTitle = title.Len() == 0
			case a == atom.Body:
				inBody = true
			case a == atom.Script || a == atom.Style:
				inRaw = true
			}
		case html.EndTagToken:
			tn, _ := z.TagName()
			a := atom.Lookup(tn)
			switch {
			case a == atom.Title:
				inTitle = false
			case a == atom.Script || a == atom.Style:
				inRaw = false
			}
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case !inRaw:
				// The tree builder drops NUL from body text, which can join
				// the bytes around it into a character; so must the screen.
				text.Write(bytes.ReplaceAll(z.Text(), []byte{0}, nil))
				text.WriteByte('\n')
			}
		}
	}
}

// readMetaTag is readMeta's <meta> rule for a tokenizer.
func readMetaTag(z *html.Tokenizer, pm *pageMeta) {
	var name, content string
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "name":
			name = string(v)
		case "content":
			content = string(v)
		}
	}
	pm.setMeta(name, content)
}
