package crawler

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/crawler/discover"
)

// Backfill stop condition. Report columns list the newest reports first,
// so once a listing page of a column shows only reports older than the
// year wanted, the column's further pages hold nothing of that year: the
// column is marked past and its remaining pages are skipped ("past_year").
// The test is conservative: a page must name at least one report year and
// every year it names must be older.

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

// notePast marks r's column past when, in a backfill, the listing page r
// shows only older reports. s.mu is held.
func (s *siteRun) notePast(r *request, links []discover.Link) {
	if s.cr.opt.Year != 0 && r.Kind == "listing" && allOlder(links, s.cr.opt.Year) {
		s.past[columnKey(r)] = true
	}
}

// isPast says whether r is a further page of a column already past the
// backfill year.
func (s *siteRun) isPast(r *request) bool {
	if s.cr.opt.Year == 0 || r.Kind != "listing" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.past[columnKey(r)]
}
