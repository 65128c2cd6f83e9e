package report

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract/vocab"
)

// PrescreenBytes is the page size from which ParseHTML first screens a
// page with the tokenizer before building its tree: a parse tree costs
// about six times the page (35 MB for a 6 MB table), so a multi-megabyte
// directory or archive page that cannot be a report is rejected for the
// price of one pass.
const PrescreenBytes = 1 << 20

// prescreen decides, without a parse tree, that a large page is not a
// report, in only the cases where the full parse would decide the same:
//   - its own title (ArticleTitle meta, else a report-like <title>, both
//     read in the document head as the tree builder places it) is a
//     look-alike's: the full parse uses that title first, so it gives the
//     same reason;
//   - no title the full parse could pick (page title, any line of text,
//     the crawler's hints) can hold report words, and the page's text can
//     hold fewer body markers than a report needs. "Can hold" is checked
//     on characters, not on contiguous words: the tree builder may move
//     text (foster parenting, foreign content), but it never makes a
//     character the page's text does not have. The full parse could name
//     another look-alike reason for a title it takes from the text; this
//     one says no_report_markers.
//
// gkmlpt pages (content inside a script) and pages that are not valid
// UTF-8 (bytes the tree builder could splice into characters) are never
// screened.
func prescreen(page []byte, hint Hint) (Result, bool) {
	if bytes.Contains(page, []byte("_CONFIG")) || !utf8.Valid(page) {
		return Result{}, false
	}
	pm, text := scanPage(page)
	if pm.title != "" {
		if reason := vocab.LookAlikeOf(foldLabel(pm.title)); reason != "" {
			return screened(pm, reason), true
		}
	}
	for _, t := range []string{pm.title, hint.Title, hint.AnchorText} {
		if titleIsReport(foldLabel(t)) {
			return Result{}, false
		}
	}
	have := runeSet(foldLabel(text))
	for _, w := range vocab.ReportWords {
		if have.canForm(w) {
			return Result{}, false
		}
	}
	n := 0
	for _, m := range bodyMarkers {
		if have.canForm(m) {
			n++
		}
	}
	if n >= 4 {
		return Result{}, false
	}
	return screened(pm, NotNoMarkers), true
}

// runes is the set of characters a text has: a bitset over the Basic
// Multilingual Plane (8 KB, one pass over megabytes of text without a map
// operation per character), a map for the rest.
type runes struct {
	bmp   [1 << 10]uint64
	other map[rune]bool
}

func runeSet(s string) *runes {
	m := &runes{other: map[rune]bool{}}
	for _, r := range s {
		if r <= 0xFFFF {
			m.bmp[r>>6] |= 1 << (r & 63)
		} else {
			m.other[r] = true
		}
	}
	return m
}

// canForm says whether every character of w is in the set.
func (m *runes) canForm(w string) bool {
	for _, r := range w {
		if r <= 0xFFFF && m.bmp[r>>6]&(1<<(r&63)) == 0 || r > 0xFFFF && !m.other[r] {
			return false
		}
	}
	return true
}

func screened(pm pageMeta, reason string) Result {
	return Result{NotReport: reason, Title: pm.title, Fields: map[string]*float64{}, Nulls: map[string]string{}}
}

// headTags are the start tags the tree builder keeps in the document head
// (or puts back there, before <body>); any other start tag, <body>, or
// text that is not white space starts the body.
var headTags = map[atom.Atom]bool{atom.Html: true, atom.Head: true, atom.Base: true, atom.Basefont: true,
	atom.Bgsound: true, atom.Link: true, atom.Meta: true, atom.Noframes: true, atom.Script: true,
	atom.Style: true, atom.Template: true, atom.Title: true, atom.Noscript: true}

// scanPage reads a page's metadata as readMeta does (meta tags and the
// first non-empty <title> of the head) and all its text but that of
// scripts and styles, with one tokenizer pass. Title text and the text of
// other hidden elements (noscript, select …) are kept: more text can only
// keep a page from being rejected, and an unclosed element must not hide
// the rest. Inside <svg> or <math>, where the tree builder parses a
// script's content as markup, it is read as text too.
func scanPage(page []byte) (pageMeta, string) {
	var pm pageMeta
	var title, text strings.Builder
	z := html.NewTokenizer(bytes.NewReader(page))
	inRaw, inTitle, inBody, foreign := false, false, false, 0
	htmlTitle := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if pm.title == "" {
				pm.title = titleFromHTMLTitle(htmlTitle)
			}
			return pm, text.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, hasAttr := z.TagName()
			a := atom.Lookup(tn)
			if !headTags[a] {
				inBody = true
			}
			switch {
			case a == atom.Svg || a == atom.Math:
				if tt == html.StartTagToken {
					foreign++
				}
			case a == atom.Meta && hasAttr && !inBody:
				readMetaTag(z, &pm)
			case a == atom.Title:
				inTitle = !inBody && htmlTitle == ""
			case (a == atom.Script || a == atom.Style) && foreign > 0:
				z.NextIsNotRawText()
			case a == atom.Script || a == atom.Style:
				inRaw = true
			}
		case html.EndTagToken:
			tn, _ := z.TagName()
			switch a := atom.Lookup(tn); {
			case a == atom.Title && inTitle:
				inTitle = false
				htmlTitle = collapse(title.String())
				title.Reset()
			case a == atom.Script || a == atom.Style:
				inRaw = false
			case (a == atom.Svg || a == atom.Math) && foreign > 0:
				foreign--
			}
		case html.TextToken:
			// The tree builder drops NUL from body text, which can join
			// the bytes around it into a character; so must the screen.
			t := bytes.ReplaceAll(z.Text(), []byte{0}, nil)
			if !inRaw && !inBody && len(bytes.TrimSpace(t)) > 0 && !inTitle {
				inBody = true
			}
			if inTitle {
				title.Write(t)
			}
			if !inRaw {
				text.Write(t)
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
