package crawler

import (
	"fmt"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// FailureMemory is optionally implemented by an Archive: the memory of
// URLs whose fetches failed transiently (timeout, reset, DNS, 5xx, 429).
// With it such a URL is retried with backoff across runs (1, 2, 4 … up to
// 30 days), not every night, and a URL waiting for its retry costs no page
// of the site's budget.
type FailureMemory interface {
	Failure(url string) (capture.Failure, bool, error)
	NoteFailure(f capture.Failure) error
	ClearFailure(url string) error
}

// maxFailureWait caps the wait between retries of a failing URL.
const maxFailureWait = 30 * 24 * time.Hour

// failureWait is how long a URL that failed count times in a row waits:
// a day, doubling, at most maxFailureWait.
func failureWait(count int) time.Duration {
	w := 24 * time.Hour
	for i := 1; i < count && w < maxFailureWait; i++ {
		w *= 2
	}
	return min(w, maxFailureWait)
}

// backingOff says whether r is a remembered failure not yet due; known
// reports that a failure is remembered at all. Seeds are always tried: a
// failed seed is the site's outcome.
func (s *siteRun) backingOff(r *request) (wait, known bool) {
	if s.cr.failmem == nil || r.Kind == "seed" || r.method() != "GET" {
		return false, false
	}
	f, ok, err := s.cr.failmem.Failure(r.URL)
	if err != nil {
		s.cr.opt.Logger.Warn("failure memory", "url", r.URL, "err", err)
		return false, false
	}
	return ok && s.cr.opt.Now().Before(f.Due), ok
}

// rememberFailure notes a transient failure of r (and refunds the page of
// the budget it cost), or forgets an earlier one after a success.
func (s *siteRun) rememberFailure(r *request, c *capture.Capture, known bool) {
	if s.cr.failmem == nil || r.Kind == "seed" || r.method() != "GET" {
		return
	}
	if !retryable(c.Outcome, c.Status) && c.Outcome != capture.OutcomeDNS {
		if known {
			if err := s.cr.failmem.ClearFailure(r.URL); err != nil {
				s.cr.opt.Logger.Warn("failure memory", "url", r.URL, "err", err)
			}
		}
		return
	}
	s.refund()
	f, _, err := s.cr.failmem.Failure(r.URL)
	if err == nil {
		now := s.cr.opt.Now().UTC()
		if f.Count == 0 {
			f = capture.Failure{URL: r.URL, Site: s.seed.Code, First: now}
		}
		f.Count++
		f.Reason, f.Last, f.Due = failureReason(c), now, now.Add(failureWait(f.Count)-time.Hour)
		err = s.cr.failmem.NoteFailure(f)
	}
	if err != nil {
		s.cr.opt.Logger.Warn("failure memory", "url", r.URL, "err", err)
	}
}

func failureReason(c *capture.Capture) string {
	if c.Outcome == capture.OutcomeHTTPError {
		return fmt.Sprintf("http_%d", c.Status)
	}
	return string(c.Outcome)
}
