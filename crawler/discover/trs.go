package discover

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

var (
	// createPageHTML(N, cur, "index", "html") — TRS WCM pagination.
	trsCreatePage = regexp.MustCompile(`createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?\d+['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
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
	if m := trsCreatePage.FindStringSubmatch(body); m != nil {
		n, _ = strconv.Atoi(m[1])
		return n, m[2], m[3]
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
