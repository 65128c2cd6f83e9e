// Package discover finds, in one decoded page, the links worth following on a
// county government site: the annual-report column, its listing pages
// (including the ones that exist only behind CMS data endpoints), report
// pages and attachments. It ranks candidates, keeps the crawl in scope and
// says why a link is skipped. It is pure: pages in, links out.
package discover

// Kinds of link.
const (
	KindListing    = "listing"    // an annual-report column or one of its pages
	KindReport     = "report"     // a page likely to be a report
	KindAttachment = "attachment" // PDF/DOC/DOCX/WPS/XLS(X)/ZIP
	KindNav        = "nav"        // a page that may lead to the column (政府信息公开 …)
	KindData       = "data"       // a CMS data endpoint (Hanweb dataproxy.jsp, gkmlpt API)
)

// Page is one fetched page handed to discovery, already decoded to UTF-8.
type Page struct {
	URL         string // final URL (base for relative links)
	ContentType string // response Content-Type
	Body        []byte // UTF-8 text (HTML, XML or JSON)
	Kind        string // the Kind it was fetched as
	Depth       int    // link distance from the seed
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
}

// Skip is a link that will not be followed, with its reason.
type Skip struct {
	URL    string
	Reason string // "off_scope", "mirror_host", "big5_gateway", "scheme", "trap", "low_score", "duplicate" …
}
