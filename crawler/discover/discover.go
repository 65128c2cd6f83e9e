// Package discover finds, in one decoded page, the links worth following on a
// county government site: the annual-report column, its listing pages
// (including the ones that exist only behind CMS data endpoints), report
// pages and attachments. It ranks candidates, keeps the crawl in scope and
// says why a link is skipped. It is pure: pages in, links out.
//
// Links runs a table of small rules over the page, one per CMS family or
// link source (anchors, media elements, onclick handlers, TRS pagination,
// Hanweb datastore/dataproxy, Guangdong gkmlpt, generic pagers). Every rule
// has the same signature and returns raw candidates; Links resolves,
// canonicalises, scopes, scores and deduplicates them.
//
// Kinds are hints for the crawler's queue, not verdicts: KindReport needs
// report-like anchor text (never URL shape alone), and look-alikes (年报解读,
// 年报汇总, 通知 …) whose text mentions 年报 are still KindReport candidates.
// The parser decides what is a report.
package discover

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Kinds of link.
const (
	KindListing    = "listing"    // an annual-report column or one of its pages
	KindReport     = "report"     // a page likely to be a report
	KindAttachment = "attachment" // PDF/DOC/DOCX/WPS/XLS(X)/ZIP
	KindNav        = "nav"        // a page that may lead to the column (政府信息公开 …)
	KindData       = "data"       // a CMS data endpoint (Hanweb dataproxy.jsp, gkmlpt API)
)

// Where a Link's Date comes from.
const (
	DateListing = "listing" // the date shown beside the link
	DatePage    = "page"    // the publication date of the report page the document hangs on
)

// Skip reasons.
const (
	SkipScheme    = "scheme"           // javascript:, mailto:, tel:, data:, ftp: …
	SkipBadURL    = "bad_url"          // unparsable or empty after resolution
	SkipOffScope  = "off_scope"        // another site
	SkipMirror    = "mirror_host"      // a non-government host copying government pages
	SkipBig5      = "big5_gateway"     // /gate/big5/ or big5. traditional-character duplicates
	SkipTrap      = "trap"             // calendar, search, login, print … (see IsTrap)
	SkipLowScore  = "low_score"        // nothing suggests it leads to reports
	SkipDuplicate = "duplicate"        // same canonical request seen earlier in the page
	SkipNotReport = "not_report_title" // a document in a report column whose title shows it is not a report
)

// Page is one fetched page handed to discovery, already decoded to UTF-8.
type Page struct {
	URL         string // final URL (base for relative links)
	ContentType string // response Content-Type
	Body        []byte // UTF-8 text (HTML, XML or JSON)
	Kind        string // the Kind it was fetched as
	Depth       int    // link distance from the seed

	// Optional fields; the zero value is usable.
	Charset string // the page's original charset ("gbk", "big5" …); "" means utf-8. Non-ASCII query bytes are encoded in it.
	Method  string // how the page was requested: "" or "GET", "POST"
	ReqBody []byte // the POST body it was requested with (Hanweb dataproxy.jsp responses need it to page on)
	Scope   *Scope // when nil, NewScope(URL, nil) is used: the page's own site
}

// Link is one candidate request found on a page.
type Link struct {
	URL    string  // absolute, canonical
	Text   string  // anchor text or title, whitespace folded
	Kind   string  // one of the Kind constants
	Score  float64 // higher = more likely to lead to reports
	Method string  // "GET" (default when empty) or "POST"
	Body   []byte  // form body for POST (Hanweb dataproxy.jsp)
	Header map[string]string
	Via    string // adapter that found it: "trs", "hanweb", "gkmlpt", "generic", "attachment"
	Year   int    // report year suggested by text or URL, 0 if none
	// Date is a date the page gives the link (YYYY-MM-DD), "" if none:
	// the report's publication date when nothing better is known.
	// DateFrom says which: DateListing (shown beside the link) or DatePage
	// (the <meta> publication date of the report page a document is
	// attached to).
	Date, DateFrom string
	// Platform marks a link to the unit's column on its province's 集约化
	// platform host, outside Page.Scope: the crawler admits its path
	// (Scope.WithPlatformPath) before following it.
	Platform bool
}

// Skip is a link that will not be followed, with its reason.
type Skip struct {
	URL    string
	Reason string // "off_scope", "mirror_host", "big5_gateway", "scheme", "trap", "low_score", "duplicate", "not_report_title" …
	Text   string // the link's text, when it was read
	Score  float64
}

// cand is a raw candidate produced by a rule, before resolution.
type cand struct {
	href   string // as written in the page (relative or absolute)
	text   string
	kind   string // forced kind; "" lets Score decide
	via    string
	method string
	body   []byte
	header map[string]string
	date   string // date shown beside the link, YYYY-MM-DD
}

// pageCtx is what every rule sees.
type pageCtx struct {
	p    Page
	base *url.URL // the page's URL
	ref  *url.URL // what relative links resolve against: <base href> or base
	body string
	doc  *goquery.Document // nil when the body is not HTML
	date *string           // the page's own publication date, once read (pageDate)
}

// rule is one link source. Rules never fail: unusable input yields nothing.
type rule struct {
	name string
	fn   func(c *pageCtx) []cand
}

// rules is the table Links runs, in order. Earlier rules win ties in
// deduplication, so specific adapters come before the generic anchor rule.
var rules = []rule{
	{"trs", trsRule},
	{"hanweb", hanwebRule},
	{"gkmlpt", gkmlptRule},
	{"gkmlpt-json", gkmlptJSONRule},
	{"gkmlpt-detail", gkmlptDetailRule},
	{"pager", pagerRule},
	{"attachment", attachmentRule},
	{"anchor", anchorRule},
	{"script", scriptNavRule},
	{"meta", metaRule},
	{"text", textURLRule},
}

// maxCandidates bounds the work on one page (a real page has a few
// hundred links; pagers may announce up to maxPages each).
const maxCandidates = 20000

// Links returns every candidate request in the page, scored and deduplicated
// within the page, and the links it will not follow with their reasons. It
// never panics on malformed input.
func Links(p Page) (links []Link, skips []Skip) {
	c := newPageCtx(p)
	if c == nil {
		return nil, nil
	}
	f := newFinisher(c)
	n := 0
	for _, r := range rules {
		for _, cd := range r.fn(c) {
			if n++; n > maxCandidates {
				return f.result()
			}
			if cd.via == "" {
				cd.via = r.name
			}
			f.add(cd)
		}
	}
	return f.result()
}

func newPageCtx(p Page) *pageCtx {
	base, err := url.Parse(strings.TrimSpace(p.URL))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil
	}
	c := &pageCtx{p: p, base: base, ref: base, body: string(p.Body)}
	if isHTML(p.ContentType, p.Body) {
		if doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body)); err == nil {
			c.doc = doc
			if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
				if ref, err := resolve(base, href, ""); err == nil {
					c.ref = ref
				}
			}
		}
	}
	return c
}

// isHTML reports whether the body should be parsed as HTML: not JSON and
// not a bare XML document (Hanweb dataproxy answers are handled as text).
func isHTML(ct string, body []byte) bool {
	ct = strings.ToLower(ct)
	if strings.Contains(ct, "json") {
		return false
	}
	t := bytes.TrimLeft(body, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return false
	}
	if bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<datastore")) {
		return false
	}
	return true
}

// foldSpace collapses runs of whitespace (including U+3000 and NBSP) to
// single spaces and trims the ends.
func foldSpace(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToValidUTF8(s, "\ufffd"), isSpace), " ")
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u3000', '\u200b', '\ufeff':
		return true
	}
	return false
}
