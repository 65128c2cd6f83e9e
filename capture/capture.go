// Package capture defines one HTTP exchange as the crawler saw it and the
// archive keeps it: the raw body exactly as received (after transfer decoding
// only), the headers on both sides, the fetch time, and how the body's charset
// was decided. It is a leaf package shared by crawler (which produces captures)
// and store (which persists them), so neither has to import the other.
package capture

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// Outcome says what became of one fetch. The zero value is OutcomeOK.
// Outcomes are data, not errors: every fetch that was attempted ends with one.
type Outcome string

const (
	OutcomeOK          Outcome = "ok"           // a full response body was received
	OutcomeNotModified Outcome = "not_modified" // 304 to a conditional request; no body
	OutcomeHTTPError   Outcome = "http_error"   // 4xx/5xx other than the ones below; body kept
	OutcomeChallenged  Outcome = "challenged"   // anti-bot challenge (412 $_ts, 521 X-Via-JSL, 202)
	OutcomeTruncated   Outcome = "truncated"    // body hit the size limit; what was read is kept
	OutcomeTimeout     Outcome = "timeout"
	OutcomeDNS         Outcome = "dns_error"
	OutcomeTLS         Outcome = "tls_error"
	OutcomeConnection  Outcome = "connection_error" // refused, reset, EOF mid-body
	OutcomeRedirect    Outcome = "redirect_refused" // loop, too many, or to a forbidden address
	OutcomeRobots      Outcome = "robots_denied"
)

// Charset records how the body's character set was decided.
type Charset struct {
	Name   string `json:"name"`   // canonical encoding name, e.g. "utf-8", "gb18030", "big5"; "" for binary
	Method string `json:"method"` // how it was decided, e.g. "bom", "valid-utf8", "header", "meta", "score", "chardet", "fallback"
	Note   string `json:"note,omitempty"`
}

// Capture is one fetch. Body holds the raw bytes exactly as the server sent
// them after transfer decoding (chunked, gzip/deflate/br content-encoding
// removed); nothing else is changed. A Capture is owned by whoever holds it:
// the archive copies what it keeps.
type Capture struct {
	URL       string      // the URL requested
	FinalURL  string      // after redirects
	Method    string      // "GET" or "POST"
	ReqBody   []byte      // POST body, if any (e.g. Hanweb dataproxy.jsp)
	ReqHeader http.Header // the headers sent, including conditional ones
	Status    int         // HTTP status; 0 when no response arrived
	Proto     string      // e.g. "HTTP/1.1"
	Header    http.Header // response headers as received
	Body      []byte
	FetchedAt time.Time // when the response headers arrived (UTC)
	Duration  time.Duration
	Outcome   Outcome
	Error     string  // the transport error text, when Outcome is not ok
	Charset   Charset // filled by the crawler after decoding; zero for non-text bodies
	SourceURL string  // the page this URL was found on ("" for a seed)
	LinkText  string  // text of the link it was found under there
	// LinkDate is a date the page gave that link, YYYY-MM-DD ("" if
	// none), and LinkDateFrom which: "listing" (shown beside the link) or
	// "page" (the publication date of the report page a document hangs on).
	LinkDate     string
	LinkDateFrom string
	SiteCode     string // the seed's region code
	Kind         string // what the crawler fetched it as: "seed", "listing", "report", "attachment", "robots", "other"
	Truncated    bool   // body stopped at the size limit
	LimitBytes   int64  // the limit in force when Truncated
	// TLSError is why the server's certificate could not be verified (even
	// after fetching a missing intermediate from its AIA URL): the response
	// was archived as found, over an unverified connection. "" = verified
	// or plain HTTP.
	TLSError string
	// Wire is the exchange as it crossed the network, when the crawler
	// recorded it; nil otherwise (the archive then writes the request and
	// response from the fields above). Hops are the redirect responses
	// followed before this one, oldest first, each with its own Wire.
	Wire *Wire
	Hops []*Capture
	// Rendered are the documents a real browser drew from this response
	// (the DOM once its scripts ran, then after each pager step followed).
	// The archive keeps each as a WARC metadata record referring to the
	// response (WARC-Refers-To, WARC-Concurrent-To), never as its body.
	Rendered []string
}

// Wire holds an HTTP/1.x exchange's bytes as sent and received.
type Wire struct {
	Request []byte // request line, headers in the order sent, body
	Head    []byte // status line and headers in the order received, through the blank line
	// Body is the response body as received (chunked, content-encoded)
	// when that differs from Capture.Body; nil when they are identical.
	Body []byte
}

// Digest returns the hex SHA-256 of the body, the key bodies are stored under.
func (c *Capture) Digest() string {
	sum := sha256.Sum256(c.Body)
	return hex.EncodeToString(sum[:])
}

// Parsed says whether the crawler hands a capture fetched as kind to the
// report parser: report pages, attachments and other pages are parsed;
// seeds, listings and robots.txt never are. Reparse follows the same rule,
// so it rebuilds exactly the records a crawl would have made.
func Parsed(kind string) bool {
	return kind == "report" || kind == "attachment" || kind == "other"
}
