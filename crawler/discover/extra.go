package discover

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

var (
	scriptNav = regexp.MustCompile(`(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"\s]+)['"]|location\.(?:replace|assign)\(\s*['"]([^'"\s]+)['"]`)
	metaURL   = regexp.MustCompile(`(?i)url\s*=\s*['"]?([^'"\s;]+)`)
	textURL   = regexp.MustCompile(`https?://[A-Za-z0-9.\-:]+(?:/[^\s<>"'，。；、（）()【】\x{3000}]*)?`)
)

// maxTextURLs bounds the URLs taken from a page's text.
const maxTextURLs = 50

// scriptNavRule: script redirects (window.location.href = "/web/index.html"),
// common on portal home pages that are only a redirect.
func scriptNavRule(c *pageCtx) []cand {
	if c.doc == nil {
		return nil
	}
	var out []cand
	c.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		t := s.Text()
		if !strings.Contains(t, "location") {
			return
		}
		for _, m := range scriptNav.FindAllStringSubmatch(t, 10) {
			out = append(out, cand{href: m[1] + m[2], kind: KindNav}) // the page's real content: always kept
		}
	})
	return out
}

// metaRule: <meta http-equiv="refresh" content="0;url=…"> and
// <link rel="next"> pagination.
func metaRule(c *pageCtx) []cand {
	if c.doc == nil {
		return nil
	}
	var out []cand
	c.doc.Find("meta[http-equiv]").Each(func(_ int, s *goquery.Selection) {
		if strings.EqualFold(s.AttrOr("http-equiv", ""), "refresh") {
			if m := metaURL.FindStringSubmatch(s.AttrOr("content", "")); m != nil {
				out = append(out, cand{href: m[1], kind: KindNav})
			}
		}
	})
	c.doc.Find("link[rel=next]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, cand{href: s.AttrOr("href", ""), kind: KindListing, via: "generic"})
	})
	return out
}

// textURLRule: URLs written as text. Reports often state their own column
// ("本报告电子版可在…栏目（http://…）查阅"); out-of-scope ones are skipped
// like any other link.
func textURLRule(c *pageCtx) []cand {
	if c.doc == nil {
		return nil
	}
	var out []cand
	c.doc.Find("body").Each(func(_ int, s *goquery.Selection) {
		for _, m := range textURL.FindAllString(s.Text(), maxTextURLs) {
			out = append(out, cand{href: strings.TrimRight(m, ".,:;!?)"), via: "text"})
		}
	})
	return out
}
