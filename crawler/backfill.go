package crawler

import (
	"maps"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/crawler/discover"
)

// Backfill stop condition. Report columns list the newest reports first,
// so once listing page N of a column shows only reports older than the
// year wanted, the column's pages after N hold nothing of that year and
// are skipped ("past_year"). Pages are ordered by their number (page=N,
// index_N, N.html, startrecord=N), not by when they were found: a "last
// page" link seen on page 1 must not hide pages 2…N-1. The test is
// conservative: a page must name at least one report year and every year
// it names must be older; pages without a number are never skipped.

// pagingParams are query or form parameters that number a listing's pages
// rather than name its column.
var pagingParams = map[string]bool{"page": true, "pageno": true, "pageindex": true, "p": true, "pn": true,
	"curpage": true, "currentpage": true, "startrecord": true, "endrecord": true, "perpage": true, "pagesize": true}

// columnKey names the column a listing request pages through: host,
// directory, and the non-paging parameters of its query and POST form.
func columnKey(r *request) string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return r.URL
	}
	params := columnParams(u.Query())
	if r.method() == "POST" {
		if form, err := url.ParseQuery(string(r.Body)); err == nil {
			params = append(params, columnParams(form)...)
		}
	}
	sort.Strings(params)
	return strings.ToLower(u.Host) + path.Dir(u.Path) + "?" + strings.Join(params, "&")
}

func columnParams(v url.Values) []string {
	var out []string
	for k, vs := range v {
		if !pagingParams[strings.ToLower(k)] {
			out = append(out, k+"="+strings.Join(vs, ","))
		}
	}
	return out
}

// allOlder says whether the report links of a page name years and all of
// them are before year.
func allOlder(links []discover.Link, year int) bool {
	seen := false
	for _, l := range links {
		if (l.Kind == discover.KindReport || l.Kind == discover.KindAttachment) && l.Year != 0 {
			if l.Year >= year {
				return false
			}
			seen = true
		}
	}
	return seen
}

// notePast records, in a backfill, that listing page r shows only older
// reports. s.mu is held.
func (s *siteRun) notePast(r *request, links []discover.Link) {
	if s.cr.opt.Year == 0 || r.Kind != "listing" || !allOlder(links, s.cr.opt.Year) {
		return
	}
	n := pageNumber(r)
	if n < 0 {
		return
	}
	k := columnKey(r)
	if p, ok := s.past[k]; !ok || n < p {
		s.past[k] = n
	}
}

// isPast says whether r is a page of its column after one that showed only
// reports older than the backfill year.
func (s *siteRun) isPast(r *request) bool {
	if s.cr.opt.Year == 0 || r.Kind != "listing" {
		return false
	}
	n := pageNumber(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.past[columnKey(r)]
	return ok && n > p
}

var pagePath = regexp.MustCompile(`(?:^|_)(\d+)\.s?html?$`)

// pageNumber is the position of a listing page in its column: a paging
// parameter's value, or the N of index_N.html / N.html; 0 for index.html;
// -1 when unknown.
func pageNumber(r *request) int {
	u, err := url.Parse(r.URL)
	if err != nil {
		return -1
	}
	vals := u.Query()
	if r.method() == "POST" {
		if form, err := url.ParseQuery(string(r.Body)); err == nil {
			maps.Copy(vals, form)
		}
	}
	for k, v := range vals {
		if n, err := strconv.Atoi(strings.Join(v, "")); err == nil && pagingParams[strings.ToLower(k)] && k != "perpage" && k != "pagesize" && k != "endrecord" {
			return n
		}
	}
	base := path.Base(u.Path)
	if m := pagePath.FindStringSubmatch(base); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if strings.HasPrefix(base, "index.") || strings.HasSuffix(u.Path, "/") {
		return 0
	}
	return -1
}
