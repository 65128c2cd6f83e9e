package discover

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

var (
	// createPageHTML(N, cur, "index", "html"), createPageHTML(countPage,
	// currentPage, "index", "html") or createPageHTML('page_div', N, cur,
	// 'index', 'html', total) — TRS WCM pagination.
	trsCreatePage = regexp.MustCompile(`createPageHTML\(([^()]{0,200})\)`)
	trsCountPage  = regexp.MustCompile(`(?i)var\s+countPage\s*=\s*['"]?(\d+)`)
	trsPrefix     = regexp.MustCompile(`(?i)var\s+(?:prefix|pageName)\s*=\s*['"]([\w-]+)['"]`)
	trsSuffix     = regexp.MustCompile(`(?i)var\s+(?:suffix|pageExt)\s*=\s*['"]\.?(\w+)['"]`)
)

// maxPages caps the pages one pager may announce.
const maxPages = 300

// trsRule: TRS listings whose page count lives only in script —
// createPageHTML(N, cur, "index", "html") or var countPage = N — announce
// index_1 … index_{N-1} beside the current page. Articles (./YYYYMM/t…html)
// and attachments (./YYYYMM/P0….pdf) are ordinary anchors.
func trsRule(c *pageCtx) []cand {
	n, prefix, ext := trsPager(c.body)
	if n <= 1 {
		return nil
	}
	if ext == "" {
		ext = strings.TrimPrefix(path.Ext(c.base.Path), ".")
		if ext == "" {
			ext = "html"
		}
	}
	if n > maxPages {
		n = maxPages
	}
	out := make([]cand, 0, n-1)
	for i := 1; i < n; i++ {
		out = append(out, cand{href: fmt.Sprintf("%s_%d.%s", prefix, i, ext), kind: KindListing})
	}
	return out
}

// trsPager returns the page count, file prefix and extension announced by
// the page's script; 0 when there is none.
func trsPager(body string) (n int, prefix, ext string) {
	for _, m := range trsCreatePage.FindAllStringSubmatch(body, 5) {
		if n, prefix, ext = trsArgs(body, m[1]); n > 0 {
			return n, prefix, ext
		}
	}
	m := trsCountPage.FindStringSubmatch(body)
	if m == nil {
		return 0, "", ""
	}
	n, _ = strconv.Atoi(m[1])
	prefix = "index"
	if p := trsPrefix.FindStringSubmatch(body); p != nil {
		prefix = p[1]
	}
	if s := trsSuffix.FindStringSubmatch(body); s != nil {
		ext = s[1]
	}
	return n, prefix, ext
}

// trsArgs reads createPageHTML's arguments: the first number (a literal or
// a variable assigned a number in the page) is the page count, and the two
// quoted words after the numbers are the file prefix and extension. A
// leading quoted word (the pager's div id in newer templates) is skipped.
func trsArgs(body, args string) (n int, prefix, ext string) {
	var words []string
	for i, a := range strings.Split(args, ",") {
		a = strings.TrimSpace(a)
		quoted := strings.Trim(a, `'"`) != a
		a = strings.Trim(a, `'"`)
		v, err := strconv.Atoi(a)
		if err != nil && !quoted && n == 0 {
			v, err = varNumber(body, a)
		}
		switch {
		case err == nil && n == 0 && (i <= 1):
			n = v
		case quoted && err != nil && n > 0:
			words = append(words, a)
		}
	}
	if len(words) < 2 || n == 0 {
		return 0, "", ""
	}
	return n, words[0], words[1]
}

// varNumber finds `var name = N` in body.
func varNumber(body, name string) (int, error) {
	re, err := regexp.Compile(`var\s+` + regexp.QuoteMeta(name) + `\s*=\s*['"]?(\d+)`)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(firstSub(re, body))
}
