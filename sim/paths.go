package sim

import (
	"fmt"
	"strings"
)

// Per-family page sizes.
const (
	perPageTRS     = 5
	perPageGeneric = 5
	perPageHanweb  = 5
	groupHanweb    = 3
	perPageGkmlpt  = 6
)

// assignPaths gives every column a directory and every item a path in the
// URL scheme of the site's CMS family.
func (s *site) assignPaths() {
	for i, c := range s.columns() {
		c.dir = s.colDir(c, i)
		for _, it := range c.items {
			s.itemPath(it)
		}
	}
}

func (s *site) colDir(c *column, i int) string {
	switch s.family {
	case FamilyHanweb:
		return fmt.Sprintf("/col/col%d/", 1229000000+c.id)
	case FamilyGkmlpt:
		return fmt.Sprint(700 + c.id%300*3 + i)
	case FamilyGeneric:
		if s.genericPaged() {
			return fmt.Sprintf("/zfxxgk/zfxxgknb/c%d/", c.id)
		}
		return fmt.Sprintf("/xxgk/list.asp?classid=%d", c.id)
	}
	if c.parent == nil {
		return "/zwgk/zfxxgk/zfxxgknb/"
	}
	sub := "sub" + fmt.Sprint(i)
	switch {
	case strings.HasSuffix(c.name, "年"):
		sub = strings.TrimSuffix(c.name, "年") + "n"
	case c.name == "部门":
		sub = "bmnb"
	case strings.HasPrefix(c.name, "乡镇"):
		sub = "xzjdnb"
	}
	return c.parent.dir + sub + "/"
}

// genericPaged: generic sites alternate between list.asp?classid=&page=
// and /N.html listings.
func (s *site) genericPaged() bool { return (s.idx/len(families))%2 == 1 }

func (s *site) itemPath(it *item) {
	d := it.date
	switch s.family {
	case FamilyHanweb:
		it.path = fmt.Sprintf("/art/%d/%d/%d/art_%d_%d.html", d.Year(), int(d.Month()), d.Day(), 1229000000+it.col.id, 80000+it.id)
		it.attach = fmt.Sprintf("/module/download/downfile.jsp?classid=0&filename=%x.pdf", it.id*7919)
	case FamilyGkmlpt:
		pid := 2000000 + it.id*7
		it.path = fmt.Sprintf("/gkmlpt/content/%d/%d/post_%d.html", pid/1000000, pid/1000, pid)
		it.attach = fmt.Sprintf("/attachment/0/%d/%d/%d.pdf", pid/1000, pid, it.id)
	case FamilyGeneric:
		it.path = fmt.Sprintf("/info/%d/%d.htm", it.col.id, 60000+it.id)
		it.attach = fmt.Sprintf("/uploadfile/%d/%02d%02d/%d.pdf", d.Year(), int(d.Month()), d.Day(), it.id)
	default:
		ym := d.Format("200601")
		it.path = fmt.Sprintf("%s%s/t%s_%d.%s", it.col.dir, ym, d.Format("20060102"), 1700000+it.id, s.ext())
		it.attach = fmt.Sprintf("%s%s/P0%s%d.pdf", it.col.dir, ym, d.Format("20060102"), 390000000+it.id)
	}
}

// docURL is what a listing links to: the page, or the PDF for PDF-only
// reports.
func (it *item) docURL() string {
	if it.format == "pdf" {
		return it.attach
	}
	return it.path
}

// listingPath returns the path of page n (0-based) of column c.
func (s *site) listingPath(c *column, n int) string {
	switch s.family {
	case FamilyHanweb:
		return c.dir + "index.html"
	case FamilyGkmlpt:
		return fmt.Sprintf("/gkmlpt/api/all/%s?page=%d&sid=%d", c.dir, n+1, s.sid)
	case FamilyGeneric:
		if s.genericPaged() {
			return fmt.Sprintf("%s%d.html", c.dir, n+1)
		}
		if n == 0 {
			return c.dir
		}
		return fmt.Sprintf("%s&page=%d", c.dir, n+1)
	}
	if n == 0 {
		return c.dir + "index." + s.ext()
	}
	return fmt.Sprintf("%sindex_%d.%s", c.dir, n, s.ext())
}

// ext is the page extension of TRS sites: html, or shtml on every third.
func (s *site) ext() string {
	if s.family == FamilyTRS && (s.idx/len(families))%3 == 1 {
		return "shtml"
	}
	return "html"
}

// pages returns the number of listing pages of c.
func (s *site) pages(c *column) int {
	per := map[string]int{FamilyTRS: perPageTRS, FamilyGeneric: perPageGeneric, FamilyHanweb: perPageHanweb * groupHanweb, FamilyGkmlpt: perPageGkmlpt}[s.family]
	n := (len(c.items) + per - 1) / per
	if n == 0 {
		n = 1
	}
	return n
}

// entryPath is the 政府信息公开 page that links to the report column.
func (s *site) entryPath() string {
	switch s.family {
	case FamilyHanweb:
		return fmt.Sprintf("/col/col%d/index.html", 1228000000+s.webid)
	case FamilyGkmlpt:
		return "/gkmlpt/index"
	case FamilyGeneric:
		return "/xxgk/index.htm"
	}
	return "/zwgk/zfxxgk/index.html"
}

// rootLink is the URL (path, or absolute on the sibling host) of the
// report column's first page as linked from the entry page.
func (s *site) rootLink(sibBase string) string {
	if s.family == FamilyGkmlpt {
		return "/gkmlpt/index#" + s.root.dir
	}
	p := s.listingPath(s.root, 0)
	if s.sibling {
		return sibBase + p
	}
	return p
}
