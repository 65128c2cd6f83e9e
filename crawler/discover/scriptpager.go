package discover

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// pageCount finds a page count shown in the page's text or script:
// 共12页, 第1/12页, 1/12, totalPage = 12, pageCount: 12.
var pageCount = []*regexp.Regexp{
	regexp.MustCompile(`共\s*(\d{1,4})\s*页`),
	regexp.MustCompile(`第?\s*\d{1,4}\s*/\s*(\d{1,4})\s*页`),
	regexp.MustCompile(`(?i)(?:total_?pages?|page_?count|pages?total|totalPageNum|maxPage)["']?\s*[:=]\s*["']?(\d{1,4})`),
}

// ScriptPager says whether a listing page pages by script only: it shows
// a pager — a "next page" control that is a javascript: link, an onclick
// or a bare button, or a page count above one (共N页, 1/N, totalPage = N)
// — and no control or TRS createPageHTML/countPage call gives discovery
// the URL of another page. Such a listing (平潭's TRS column: ten years
// in the HTML, older ones only through its pager script) has its first
// page's reports in the HTML and the rest only in a browser.
func ScriptPager(p Page) bool {
	c := newPageCtx(p)
	if c == nil || c.doc == nil {
		return false
	}
	if n, _, _ := trsPager(c.body); n > 1 {
		return false // discovery announces index_1 … index_N-1
	}
	scripted, followable := nextControls(c)
	if followable {
		return false
	}
	return scripted || shownPages(c) > 1
}

// nextControls looks at every element labelled as a "next/last page"
// control: scripted when one only runs script (an onclick, a javascript:
// or "#" link, a button; a bare ">" span is a breadcrumb, not a pager),
// followable when one has an address discovery can request (an href, or
// a URL inside javascript:).
func nextControls(c *pageCtx) (scripted, followable bool) {
	c.doc.Find("a, span, li, button, input[type=button], div").Each(func(_ int, s *goquery.Selection) {
		if s.Children().Length() > 0 && goquery.NodeName(s) != "a" {
			return // a container: its children are looked at themselves
		}
		t := strings.ToLower(foldSpace(s.Text()))
		if v, ok := s.Attr("value"); ok && t == "" {
			t = strings.ToLower(foldSpace(v))
		}
		if !pagerText.MatchString(t) {
			return
		}
		href, _ := s.Attr("href")
		href = strings.TrimSpace(href)
		switch {
		case jsURL(href) != "":
			followable = true
		case href != "" && href != "#" && !strings.HasPrefix(strings.ToLower(href), "javascript:"):
			followable = true
		default:
			_, click := s.Attr("onclick")
			name := goquery.NodeName(s)
			scripted = scripted || click || name == "button" || name == "input" ||
				(name == "a" && (href == "#" || strings.HasPrefix(strings.ToLower(href), "javascript:")))
		}
	})
	return scripted, followable
}

// shownPages is the largest page count the page shows, 0 if none.
func shownPages(c *pageCtx) int {
	n := 0
	for _, re := range pageCount {
		for _, m := range re.FindAllStringSubmatch(c.body, 5) {
			if v, err := strconv.Atoi(m[1]); err == nil && v > n && v <= maxPages {
				n = v
			}
		}
	}
	return n
}
