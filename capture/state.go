package capture

import "time"

// Prior is what the archive knows about a URL from earlier captures. The
// crawler uses it for conditional requests and revalidation schedules.
// The zero value means "never captured".
type Prior struct {
	Known        bool
	ETag         string    // validator from the current version's response
	LastModified string    // validator from the current version's response
	Digest       string    // SHA-256 (hex) of the current version's body
	FetchedAt    time.Time // when the current version's body was fetched
	CheckedAt    time.Time // last successful check (200 or 304)
	Kind         string    // Capture.Kind of the current version
	IsReport     bool      // a record was saved for the current version
	FinalURL     string    // where the last applied capture's redirects ended ("" = the URL itself)
	Versions     int       // distinct bodies archived; more than 1 means the page changed
	// Published is the publication date of the report the current version
	// holds (from its record; 1 January after the report year when the
	// record has no date); zero when it is not a report or nothing is known.
	Published time.Time
}

// Saved says what SaveCapture did with a capture.
type Saved struct {
	Digest  string // SHA-256 (hex) of the body ("" when there was none)
	Version int    // 1-based version number of this URL's body; 0 if no version was added
	New     bool   // first full capture of this URL
	Changed bool   // body differs from the URL's previous current version
}

// SiteResult is one seed's outcome in one run: what a person reads at the end
// of a run and in `nianbao status`.
type SiteResult struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Province  string         `json:"province"`
	SeedURL   string         `json:"seed_url"`
	Outcome   string         `json:"outcome"` // "ok", "no_report_column", "robots_denied", "challenged", "unreachable", "dns_error", "tls_error", "timeout", "no_url", "budget_exhausted", "cancelled" …
	Detail    string         `json:"detail,omitempty"`
	Pages     int            `json:"pages"`    // responses received
	Requests  int            `json:"requests"` // requests sent, retries included
	NotMod    int            `json:"not_modified"`
	Reports   int            `json:"reports"`             // report records seen this run
	New       int            `json:"new"`                 // reports captured for the first time
	Changed   int            `json:"changed"`             // reports with a new version
	Unchanged int            `json:"unchanged"`           // reports revalidated or identical
	YearHits  int            `json:"year_hits,omitempty"` // backfill: reports of the requested year
	Skipped   map[string]int `json:"skipped,omitempty"`   // reason → count of links not followed
	// TLSError is the first certificate verification error of the site's
	// https responses (archived anyway, see Capture.TLSError), with its host.
	TLSError string    `json:"tls_error,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
}

// Run is one crawl or backfill invocation.
type Run struct {
	ID       string    `json:"id"`   // sortable, e.g. "20261123T120000Z-1234"
	Kind     string    `json:"kind"` // "crawl" or "backfill"
	Year     int       `json:"year,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitempty"` // zero while running or if killed
	Sites    int       `json:"sites"`              // seeds in the run
	// Selection identifies the run's seed selection (a digest of its seed
	// codes): only a run over the same selection is resumed.
	Selection string         `json:"selection,omitempty"`
	Done      int            `json:"done"` // seeds finished
	Results   []SiteResult   `json:"results,omitempty"`
	Totals    map[string]int `json:"totals,omitempty"`
}

// Failure is the memory of a URL whose fetch failed in a way that may pass
// (timeout, connection reset, DNS, 5xx, 429): it is not requested again
// before Due, which moves further out with every failure in a row, and a
// success forgets it.
type Failure struct {
	URL    string    `json:"url"`
	Site   string    `json:"site"`   // seed code
	Reason string    `json:"reason"` // e.g. "timeout", "connection_error", "http_503"
	Count  int       `json:"count"`  // failures in a row
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
	Due    time.Time `json:"due"` // not requested before
}
