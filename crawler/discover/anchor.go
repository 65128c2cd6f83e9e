package discover

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// anchorRule: every <a href>, <area href>, <frame src>, <iframe src>, <option value> and
// onclick="location.href='…'" that holds a URL, with its anchor text (or
// title attribute).
func anchorRule(c *pageCtx) []cand {
	if c.doc == nil {
		return nil
	}
	var out []cand
	c.doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if js := jsURL(href); js != "" {
			href = js
		}
		out = append(out, cand{href: href, text: anchorText(s), date: dateBeside(s)})
	})
	c.doc.Find("[onclick]").Each(func(_ int, s *goquery.Selection) {
		if u := jsURL(s.AttrOr("onclick", "")); u != "" && !s.Is("a[href]") {
			out = append(out, cand{href: u, text: anchorText(s)})
		}
	})
	c.doc.Find("frame[src]").Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		out = append(out, cand{href: src})
	})
	// A column inside an <iframe> is the page's content: always kept
	// (scope still applies, so a map or video from another host is not).
	c.doc.Find("iframe[src]").Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		if u, err := url.Parse(strings.TrimSpace(src)); err == nil && !isAttachmentURL(u) && !strings.Contains(strings.ToLower(u.Path), "view") {
			out = append(out, cand{href: src, text: s.AttrOr("title", ""), kind: KindNav})
		}
	})
	c.doc.Find("option[value]").Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		if strings.HasPrefix(v, "http") || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") {
			out = append(out, cand{href: v, text: s.Text()})
		}
	})
	return out
}

// anchorText is the visible text, else the title attribute, else an
// image's alt text.
func anchorText(s *goquery.Selection) string {
	t := foldSpace(s.Text())
	title := foldSpace(s.AttrOr("title", ""))
	trunc := strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...")
	if title != "" && (trunc || len([]rune(title)) > len([]rune(t))) {
		t = title
	}
	if t == "" {
		t, _ = s.Find("img[alt]").First().Attr("alt")
	}
	return t
}

var jsOpen = regexp.MustCompile(`(?i)(?:window\.open|location\.href\s*=|location\s*=|location\.assign|location\.replace|openfile|downfile|openwin|openurl|showpdf|viewfile)\s*\(?\s*['"]([^'"]+)['"]`)

// jsURL extracts the URL from javascript:window.open('…') and similar.
func jsURL(s string) string {
	if !strings.ContainsAny(s, "('\"") {
		return ""
	}
	if m := jsOpen.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// attachExt are the document types reports are published as.
var attachExt = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".wps": true, ".xls": true,
	".xlsx": true, ".et": true, ".zip": true, ".rar": true, ".ofd": true, ".7z": true, ".rtf": true,
	".odt": true, ".ods": true}

// isAttachmentURL: a document by extension, or a download endpoint naming
// one (downfile.jsp?filename=x.pdf, download?file=x.doc).
func isAttachmentURL(u *url.URL) bool {
	if attachExt[strings.ToLower(path.Ext(u.Path))] {
		return true
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			if attachExt[strings.ToLower(path.Ext(v))] && !strings.Contains(strings.ToLower(u.Path), "viewer") {
				return true
			}
		}
	}
	return false
}

var scriptDoc = regexp.MustCompile(`(?i)['"(=]\s*((?:https?://|/|\./|\.\./)?[^'"()<>\s]+\.(?:pdf|docx?|wps|xlsx?|et|zip|rar|ofd|rtf|odt|ods))(?:[?#][^'"()<>\s]*)?['")]`)

// attachmentRule: documents in <iframe src>, <embed src>, <object data>,
// onclick handlers, viewer URLs (viewer.html?file=…pdf) and quoted strings
// in scripts. Plain <a href> documents come from anchorRule.
func attachmentRule(c *pageCtx) []cand {
	var out []cand
	if c.doc != nil {
		sel := "iframe[src], embed[src], object[data], [onclick], a[href*='file='], a[href*='File='], iframe[src*='file=']"
		c.doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			for _, a := range []string{"src", "data", "onclick", "href"} {
				v, ok := s.Attr(a)
				if !ok {
					continue
				}
				if a == "onclick" {
					v = jsURL(v)
				}
				out = append(out, docCands(v, anchorText(s))...)
			}
		})
		c.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
			for _, m := range scriptDoc.FindAllStringSubmatch(s.Text(), 50) {
				out = append(out, cand{href: m[1], kind: KindAttachment})
			}
		})
	}
	return out
}

// docCands returns the document behind v: v itself when it names a
// document, or the decoded file= parameter of a viewer URL.
func docCands(v, text string) []cand {
	if v == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return nil
	}
	var out []cand
	for k, vs := range u.Query() {
		lk := strings.ToLower(k)
		if lk != "file" && lk != "filename" && lk != "url" && lk != "src" && lk != "path" {
			continue
		}
		for _, f := range vs {
			fu, err := url.Parse(f)
			if err == nil && isAttachmentURL(fu) && strings.Contains(strings.ToLower(u.Path), "view") {
				out = append(out, cand{href: f, text: text, kind: KindAttachment, via: "attachment"})
			}
		}
	}
	if len(out) == 0 && attachExt[strings.ToLower(path.Ext(u.Path))] {
		out = append(out, cand{href: v, text: text, kind: KindAttachment, via: "attachment"})
	}
	return out
}
