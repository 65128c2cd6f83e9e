package crawler

import (
	"crypto/x509"
	"log/slog"
	"net/netip"
	"net/url"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract"
)

// Defaults applied by New to zero-valued Options fields.
const (
	DefaultUserAgent          = "nianbao/1.0 (+government information-disclosure annual report archive)"
	DefaultPerHostConcurrency = 1
	DefaultDelay              = time.Second
	DefaultTimeout            = 60 * time.Second
	DefaultIdleTimeout        = 20 * time.Second
	DefaultMinBodyRate        = 1 << 10
	DefaultMaxBodyBytes       = 50 << 20
	DefaultMaxRetries         = 2
	DefaultBackoffBase        = 2 * time.Second
	DefaultBackoffMax         = 2 * time.Minute
	DefaultMaxRetryAfter      = 10 * time.Minute
	DefaultSitePageBudget     = 2000
	DefaultMaxDepth           = 10
	DefaultParallel           = 64
	DefaultMaxHeaderBytes     = 256 << 10
	DefaultMaxDiscoverBytes   = 1 << 20
	DefaultMaxLargeBodies     = 2
	DefaultRobotsMaxBytes     = 500 << 10
	MaxRedirects              = 10
)

// Options are every knob of a crawl. The zero value of each field means its
// default (see New); cmd fills Options from config.yaml, the crawler never
// reads configuration itself. Durations are plain values so tests can scale
// politeness down.
type Options struct {
	// UserAgent is sent with every request; its first token (up to "/") is
	// the agent name matched against robots.txt groups.
	UserAgent string
	// PerHostConcurrency bounds the requests in flight to one host, across
	// all sites of the run (default 1).
	PerHostConcurrency int
	// Delay is the minimum pause between two requests to one host (default
	// 1 s). A robots.txt Crawl-delay larger than Delay wins.
	Delay time.Duration
	// NoDelay turns politeness delays off (benchmarks only); Delay and
	// Crawl-delay are then ignored, PerHostConcurrency still applies.
	NoDelay bool
	// MaxCrawlDelay caps a robots.txt Crawl-delay; 0 means no cap.
	MaxCrawlDelay time.Duration
	// Timeout bounds connecting, the TLS handshake and the wait for the
	// response headers (default 60 s). The body has no overall deadline:
	// IdleTimeout and MinBodyRate bound it.
	Timeout time.Duration
	// IdleTimeout bounds the wait for the next body bytes (default 20 s):
	// a server that stops sending is cut off.
	IdleTimeout time.Duration
	// MinBodyRate is the slowest body accepted, in bytes per second over
	// each Timeout-long window (default 1 KB/s): a trickling (slowloris)
	// server is cut off, a slow but steady one is read to the end.
	MinBodyRate int64
	// MaxBodyBytes caps a body after content decoding (default 50 MB); a
	// longer body is kept up to the cap with Outcome truncated. It also
	// caps decompression (gzip bombs).
	MaxBodyBytes int64
	// MaxLargeBodies bounds how many bodies over 1 MB (decoded) are read
	// and processed at once across the run (default 2); others wait before
	// reading past 1 MB. With MaxBodyBytes it bounds the memory huge pages
	// can take.
	MaxLargeBodies int
	// MaxProcessing bounds how many pages are in the CPU stages (link
	// discovery, parsing) at once, across all sites (default:
	// GOMAXPROCS). Parsed HTML trees are the largest transient allocation,
	// so this keeps memory independent of Parallel.
	MaxProcessing int
	// MaxTools bounds how many binary documents (PDF, DOCX …) are parsed
	// at once, outside the MaxProcessing slots, as their parsing waits on
	// external tools such as pdftotext (default: GOMAXPROCS).
	MaxTools int
	// MaxDiscoverBytes caps the decoded text handed to link discovery
	// (default 1 MB): links past it on an oversized page are not followed,
	// which bounds the parse tree a huge page can cost.
	MaxDiscoverBytes int
	// MaxHeaderBytes caps the response header block (default 256 KB).
	MaxHeaderBytes int64
	// MaxRetries is how often a failed request (timeout, connection error,
	// 429, 5xx) is retried (default 2; negative means never).
	MaxRetries int
	// BackoffBase is the first retry wait; it doubles per retry up to
	// BackoffMax (defaults 2 s and 2 min).
	BackoffBase time.Duration
	// BackoffMax caps the exponential backoff.
	BackoffMax time.Duration
	// MaxRetryAfter is the longest Retry-After the crawler waits for
	// (default 10 min); a longer one ends the request as it stands.
	MaxRetryAfter time.Duration
	// IgnoreRobots disables robots.txt for every seed. The default honours
	// it; a single seed can opt out with Seed.IgnoreRobots.
	IgnoreRobots bool
	// SitePageBudget caps the requests made for one site (default 2000).
	SitePageBudget int
	// MaxDepth caps the link distance from the seed (default 10).
	MaxDepth int
	// Parallel is the number of sites crawled at once (default 64).
	Parallel int
	// Proxy is an HTTP(S) proxy URL for every request. When empty,
	// HTTP_PROXY, HTTPS_PROXY and NO_PROXY are honoured.
	Proxy string
	// AllowPrivate permits requests and redirects to private, loopback and
	// link-local addresses. Off, a public seed cannot be redirected into a
	// private network. Tests on loopback set it.
	AllowPrivate bool
	// TLSStrict refuses a server whose certificate cannot be verified (even
	// after fetching a missing intermediate from its AIA URL): the exchange
	// fails with outcome tls_error. By default such a server is archived
	// as found and the verification error is recorded in Capture.TLSError.
	TLSStrict bool
	// RootCAs are the trusted roots (default: the system's).
	RootCAs *x509.CertPool
	// Browser, when set, is used only where plain HTTP cannot get a page:
	// script challenges and script-drawn listings (see render.go).
	Browser Renderer
	// Year, when not 0, restricts the crawl to reports of that year
	// (backfill): report links that name another year are skipped.
	Year int
	// RevisitMin and RevisitMax bound how long an archived report page,
	// attachment or navigation page stays fresh (not requested at all)
	// after its last check; see RevisitInterval (defaults 24 h and 30
	// days). A negative RevisitMin makes every page due on every run.
	// Listing pages are always re-read, conditionally.
	RevisitMin, RevisitMax time.Duration
	// Now is the clock (default time.Now); tests inject one.
	Now func() time.Time
	// Logger receives structured logs (default: discard).
	Logger *slog.Logger
	// Progress, when set, is called after every page and every finished
	// site. It is called from many goroutines and must be quick.
	Progress func(Progress)
	// Hosts, when set, shares per-host politeness (slots, spacing,
	// robots.txt) with other processes crawling the same run; nil means
	// this process alone. See HostCoordinator.
	Hosts HostCoordinator
	// Discoverer finds links in a decoded page (default: discover.Links).
	Discoverer Discoverer
	// Scope builds the admission rule of one site from its seed URL and
	// extra in-scope hosts (default: discover.NewScope).
	Scope func(seedURL string, extraHosts []string) Scoper
	// Canonical canonicalises a URL for deduplication (default: discover.Canonical).
	Canonical func(raw string) string
	// Decode turns a text body into UTF-8 and says how the charset was
	// decided (default: extract/charset.Decode).
	Decode func(body []byte, contentType string) ([]byte, capture.Charset)
	// IsText says whether a body is text to be decoded (default:
	// extract/charset.IsText); other bodies are handed on untouched.
	IsText func(contentType string, body []byte) bool
	// forbidIP, when set, replaces the private-address test (tests only).
	forbidIP func(ip netip.Addr) bool
}

// Seed is one site to crawl: a county portal's home page. cmd converts the
// seeds package's rows into Seeds.
type Seed struct {
	Code, Name, Province, URL string
	// ExtraHosts are further hosts of the same site (host or host:port),
	// e.g. a county's disclosure platform on a sibling domain.
	ExtraHosts []string
	// IgnoreRobots explicitly disables robots.txt for this seed only.
	IgnoreRobots bool
	// Since is when the archive first crawled the site (zero: never).
	// Reports first seen after it are new on the site, hence young (see
	// RevisitInterval) whatever date they carry; reports found by the
	// first crawl are the site's backlog.
	Since time.Time
}

// ParseFunc turns one archived capture into a report record; isReport is
// false for a page that is not a report (the record may still say why).
// extract.Extract is wired in by cmd.
type ParseFunc func(c *capture.Capture) (rec *extract.Record, isReport bool, err error)

// Discoverer finds the candidate links of one decoded page and the links it
// will not follow, with reasons.
type Discoverer interface {
	Links(p discover.Page) ([]discover.Link, []discover.Skip)
}

// DiscovererFunc adapts a function to Discoverer.
type DiscovererFunc func(p discover.Page) ([]discover.Link, []discover.Skip)

// Links calls f(p).
func (f DiscovererFunc) Links(p discover.Page) ([]discover.Link, []discover.Skip) { return f(p) }

// Scoper admits or refuses a URL for one site; reason names the refusal.
type Scoper interface {
	Allow(u *url.URL) (ok bool, reason string)
}

// BodyReader is optionally implemented by an Archive: the stored body with
// the given SHA-256 digest. With it, a listing page answered by 304 is read
// from the archive to find its links, and conditional requests are sent for
// listing pages, and a large document waiting for a tool slot is read back
// from it. Without it, listing pages are fetched unconditionally.
type BodyReader interface {
	Body(digest string) ([]byte, error)
}

// Progress is a snapshot of a run for a live display.
type Progress struct {
	SitesDone, SitesTotal int
	Pages, Requests       int64
	Reports, Errors       int64
	Site                  *capture.SiteResult // the site just finished, nil after a page
}
