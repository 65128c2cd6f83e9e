package discover

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

var (
	pagerText = regexp.MustCompile(`^(下一?页|下页|后页|尾页|末页|最后一?页|下一頁|尾頁|>|>>|»|›|next|last|下一页>>?|尾页>>?)$`)
	lastText  = regexp.MustCompile(`^(尾页|末页|最后一?页|尾頁|last|>>|»)`)
	numText   = regexp.MustCompile(`^\[?\d{1,3}\]?$`)
	// pageNum finds the page number in a pager URL: ?page=N, _N.html,
	// /N.html, list_N.
	pageNum = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(.*[?&](?:page|pageno|pageindex|curpage|currentpage|pagenum|p|pn)=)(\d+)(.*)$`),
		regexp.MustCompile(`^(.*[_/])(\d{1,4})(\.s?html?|\.htm|\.jsp|\.aspx?|\.php)(.*)$`),
		regexp.MustCompile(`^(.*list_)(\d+)(.*)$`),
	}
)

// pagerRule: generic pagination. "下一页"/"尾页"/"末页" links and numbered
// page links become listing pages; a last-page link whose URL carries the
// page number (?page=N, list_N, _N.html, /N.html) announces every page
// from 2 to N at once, so a long listing is one hop deep.
func pagerRule(c *pageCtx) []cand {
	if c.doc == nil {
		return nil
	}
	var out []cand
	c.doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		t := strings.ToLower(foldSpace(s.Text()))
		href, _ := s.Attr("href")
		if jsu := jsURL(href); jsu != "" {
			href = jsu
		}
		isNum := numText.MatchString(t) && pageNumber(href) != nil
		if !pagerText.MatchString(t) && !isNum {
			return
		}
		out = append(out, cand{href: href, text: t, kind: KindListing, via: "generic"})
		if lastText.MatchString(t) {
			out = append(out, expandPages(href)...)
		}
	})
	return out
}

// pageNumber returns the prefix, number and suffix of a pager URL.
func pageNumber(href string) []string {
	for _, re := range pageNum {
		if m := re.FindStringSubmatch(href); m != nil {
			return m
		}
	}
	return nil
}

func expandPages(last string) []cand {
	m := pageNumber(last)
	if m == nil {
		return nil
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 2 {
		return nil
	}
	if n > maxPages {
		n = maxPages
	}
	suffix := strings.Join(m[3:], "")
	out := make([]cand, 0, n)
	for i := 1; i < n; i++ {
		out = append(out, cand{href: m[1] + strconv.Itoa(i) + suffix, kind: KindListing, via: "generic"})
	}
	return out
}
