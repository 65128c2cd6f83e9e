package crawler

import (
	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
)

// ParseMemory is optionally implemented by an Archive: the memory of
// captures whose parse failed for a reason that can change (a missing
// tool, a parser error, an empty text), so they are parsed again when the
// tool appears or the parser changes instead of being dropped. NoteParse
// with an empty reason forgets an earlier failure.
type ParseMemory interface {
	NoteParse(url, digest, reason, parserVersion string) error
}

// notePending remembers a failed parse of c with its reason, or forgets an
// earlier failure once c parses.
func (s *siteRun) notePending(c *capture.Capture, rec *extract.Record, err error) {
	pm, ok := s.cr.archive.(ParseMemory)
	if !ok {
		return
	}
	reason, version := extract.FailureReason(err), extract.Version
	if extract.Unreadable(err) {
		reason = "" // not a document: nothing a tool or parser change would undo
	}
	if rec != nil {
		if reason == "" {
			reason = rec.ParseFailure
		}
		if rec.ParserVersion != "" {
			version = rec.ParserVersion
		}
	}
	if extract.Interrupted(reason) {
		return // cut short by the run stopping: the next run parses it anyway
	}
	if err := pm.NoteParse(c.URL, c.Digest(), reason, version); err != nil {
		s.cr.opt.Logger.Warn("parse memory", "url", c.URL, "err", err)
	}
}
