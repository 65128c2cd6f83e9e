package crawler

import (
	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// Archive is what the crawler needs from persistent storage. The crawler
// never imports the store; store.DB satisfies this interface and cmd wires
// them together. Implementations must be safe for concurrent use.
type Archive interface {
	// Prior returns what is known of url from earlier captures; the zero
	// Prior when nothing is.
	Prior(url string) (capture.Prior, error)
	// SaveCapture archives one fetch, raw bytes first, before any parsing.
	// A 304 or a body identical to the current version adds no version.
	SaveCapture(c *capture.Capture) (capture.Saved, error)
	// SaveRecord stores the parsed report of the capture whose body digest
	// is rec.SHA256, replacing the record of an older version of rec.URL.
	SaveRecord(rec *extract.Record) error

	// Resume support. A run that did not finish is continued by the next
	// run of the same kind: seeds already done are skipped and URLs already
	// captured in the run are replayed from the archive, not fetched again.
	// RunCapture returns the capture of url made during runID, if any
	// (Body filled).
	RunCapture(runID, url string) (*capture.Capture, bool, error)
	// SiteDone records a seed's result in the run.
	SiteDone(runID string, res capture.SiteResult) error
	// DoneSites lists the seeds already finished in the run.
	DoneSites(runID string) (map[string]capture.SiteResult, error)
}
