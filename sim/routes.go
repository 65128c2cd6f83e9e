package sim

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// target is what a path key of the routes map names.
type target struct {
	kind string // "listing", "item", "pdf"
	col  *column
	n    int
	it   *item
}

// routes indexes the site's listing pages, items and attachments by path
// key (path, plus the sorted query for list.asp listings).
func (s *site) routes() map[string]target {
	m := map[string]target{}
	for _, col := range s.columns() {
		if s.family != FamilyGkmlpt && s.family != FamilyHanweb {
			for n := 0; n < s.pages(col); n++ {
				m[routeKey(s.listingPath(col, n))] = target{kind: "listing", col: col, n: n}
			}
			if s.family == FamilyGeneric && !s.genericPaged() {
				m[routeKey(col.dir+"&page=1")] = target{kind: "listing", col: col} // page=1 is page 1 too
			}
		}
		if s.family == FamilyTRS || s.family == FamilyHanweb {
			m[col.dir] = target{kind: "listing", col: col}
			m[col.dir+"index."+s.ext()] = target{kind: "listing", col: col}
		}
		for _, it := range col.items {
			m[it.path] = target{kind: "item", it: it}
			if it.pdf != "" {
				m[routeKey(pdfPath(s, it))] = target{kind: "pdf", it: it}
			}
		}
	}
	return m
}

// pdfPath is where the PDF bytes are served (Hanweb's downfile.jsp
// redirects there).
func pdfPath(s *site, it *item) string {
	if s.family == FamilyHanweb {
		return "/attach/0/" + it.attach[strings.LastIndex(it.attach, "=")+1:]
	}
	return it.attach
}

// routeKey normalises a request target: the path, plus the query sorted
// by key without print.
func routeKey(target string) string {
	p, q, _ := strings.Cut(target, "?")
	vals, err := url.ParseQuery(q)
	if err != nil || q == "" {
		return p
	}
	vals.Del("print")
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range vals[k] {
			parts = append(parts, k+"="+v)
		}
	}
	if len(parts) == 0 {
		return p
	}
	return p + "?" + strings.Join(parts, "&")
}

// armRetries sets the paths that first answer 503 or 429.
func (s *site) armRetries() {
	switch s.idx % 6 {
	case 1:
		s.retry[routeKey(s.listingPath(s.root, 0))] = 1
	case 4:
		if len(s.items) > 0 {
			s.retry[s.items[0].path] = 1
		}
	}
}

// response is one answer before encoding and conditional handling.
type response struct {
	status   int
	ctype    string // "" = HTML in the site's charset
	body     []byte
	header   map[string]string
	mod      time.Time
	big5     bool
	location string
}

func htmlResp(body string, mod time.Time) response {
	return response{status: 200, body: []byte(body), mod: mod}
}

func notFound() response {
	return response{status: 404, body: []byte("<html><body><h1>404 页面不存在</h1></body></html>")}
}

func redirect(code int, loc string) response {
	return response{status: code, location: loc, body: []byte("<html><body>moved</body></html>")}
}

// resolve answers a GET (or the dataproxy POST) for the site's page at
// path p with query q.
func (sm *Sim) resolve(c rc, method, p string, q url.Values, form url.Values) response {
	s := c.s
	switch {
	case p == "/" || p == "/index.html":
		return htmlResp(c.home(), s.built)
	case p == "/zwgk":
		return redirect(301, "/zwgk/")
	case p == "/zwgk/" || p == "/zwgk/index.html":
		return htmlResp(c.zwgk(), s.built)
	case p == s.entryPath():
		return htmlResp(c.entry(), s.built)
	case p == "/zwgk/nb/":
		return redirect(302, s.rootLink(c.sib))
	case strings.HasPrefix(p, "/xwzx/"):
		return sm.news(c, p)
	case p == "/rili.html":
		return htmlResp(c.calendar(q.Get("date")), s.built)
	case p == "/search.html":
		n, _ := strconv.Atoi(q.Get("page"))
		return htmlResp(c.search(q.Get("q"), n), s.built)
	case strings.HasPrefix(p, "/bigdoc/") && sm.opt.BigDocs:
		return bigDoc(p, s.built)
	case p == "/pdfjs/web/viewer.html":
		return htmlResp(`<html><head><title>PDF.js viewer</title><script src="viewer.js"></script></head><body></body></html>`, s.built)
	}
	if r, ok := sm.special(c, method, p, q, form); ok {
		return r
	}
	return sm.routed(c, p, q)
}

// special answers the fixed pages outside the column and the data
// endpoints.
func (sm *Sim) special(c rc, method, p string, q, form url.Values) (response, bool) {
	s := c.s
	switch p {
	case "/zwgk/zfxxgk/gkzn.html":
		return htmlResp(c.simple(s.name+"人民政府政府信息公开指南", "为了更好地开展政府信息公开工作，根据《中华人民共和国政府信息公开条例》，编制本指南。"), s.built), true
	case "/zwgk/zfxxgk/gkzd.html", "/zwgk/zfxxgk/ysqgk.html":
		return htmlResp(c.simple("政府信息公开制度", "依申请公开办理流程。"), s.built), true
	case "/zwgk/fzzf.html":
		return htmlResp(c.simple(s.name+"2023年法治政府建设年度报告", "2023年，全县法治政府建设工作取得新成效。"), s.built), true
	case "/zwgk/gkml_all.html":
		return response{status: 200, body: sm.bigPage(), mod: s.built}, true
	case "/zwgk/gkml.html":
		return response{status: 200, ctype: "text/html", body: junk(s.idx), mod: s.built}, true
	case "/module/web/jpage/dataproxy.jsp":
		return sm.dataproxy(c, method, q, form), true
	case "/module/download/downfile.jsp":
		if f := q.Get("filename"); f != "" {
			return redirect(302, "/attach/0/"+path.Base(f)), true
		}
		return notFound(), true
	}
	if strings.HasPrefix(p, "/gkmlpt/api/all/") {
		return sm.gkmlpt(c, strings.TrimPrefix(p, "/gkmlpt/api/all/"), q), true
	}
	return response{}, false
}

func (sm *Sim) routed(c rc, p string, q url.Values) response {
	key := p
	if enc := q.Encode(); enc != "" {
		key = routeKey(p + "?" + enc)
	}
	t, ok := sm.rt[c.s.idx][key]
	if !ok {
		return notFound()
	}
	switch t.kind {
	case "listing":
		if c.s.family == FamilyHanweb {
			return htmlResp(c.hanwebColumn(t.col), colMod(t.col))
		}
		if c.s.family == FamilyGeneric {
			return htmlResp(c.genericListing(t.col, t.n), colMod(t.col))
		}
		return htmlResp(c.trsListing(t.col, t.n), colMod(t.col))
	case "pdf":
		return sm.pdf(t.it)
	}
	if t.it.format == "pdf" && c.s.family != FamilyGkmlpt {
		return notFound() // PDF-only reports have no article page outside gkmlpt
	}
	return htmlResp(c.itemPage(t.it, q.Get("print") != ""), itemMod(t.it))
}

func itemMod(it *item) time.Time { return it.date.AddDate(0, 0, it.version-1) }

func colMod(c *column) time.Time {
	var m time.Time
	for _, it := range c.items {
		if t := itemMod(it); t.After(m) {
			m = t
		}
	}
	return m
}

func (sm *Sim) news(c rc, p string) response {
	var n int
	switch {
	case p == "/xwzx/" || p == "/xwzx/index.html":
	case strings.HasPrefix(p, "/xwzx/index_"):
		if _, err := fmt.Sscanf(p, "/xwzx/index_%d.html", &n); err != nil || n < 1 || n >= 500 {
			return notFound()
		}
	default:
		return htmlResp(c.simple(c.s.name+"新闻", "会议强调，要狠抓工作落实。"), c.s.built)
	}
	return htmlResp(c.news(n), c.s.built)
}

func (sm *Sim) dataproxy(c rc, method string, q, form url.Values) response {
	if method != "POST" {
		return response{status: 405, body: []byte("method not allowed")}
	}
	colID, _ := strconv.Atoi(form.Get("columnid"))
	if form.Get("webid") != fmt.Sprint(c.s.webid) || form.Get("unitid") == "" {
		return response{status: 200, ctype: "text/xml; charset=UTF-8", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>`)}
	}
	for _, col := range c.s.columns() {
		if 1229000000+col.id == colID {
			start, _ := strconv.Atoi(q.Get("startrecord"))
			end, _ := strconv.Atoi(q.Get("endrecord"))
			return response{status: 200, ctype: "text/xml; charset=UTF-8", body: []byte(c.hanwebProxy(col, start, end))}
		}
	}
	return notFound()
}

func (sm *Sim) gkmlpt(c rc, cat string, q url.Values) response {
	if q.Get("sid") != fmt.Sprint(c.s.sid) {
		return response{status: 403, ctype: "application/json", body: []byte(`{"error":"invalid sid"}`)}
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	for _, col := range c.s.columns() {
		if col.dir == cat {
			return response{status: 200, ctype: "application/json; charset=utf-8", body: c.gkmlptAPI(col, page), mod: colMod(col)}
		}
	}
	return response{status: 200, ctype: "application/json; charset=utf-8", body: []byte(`{"articles":[],"total":0}`), mod: c.s.built}
}
