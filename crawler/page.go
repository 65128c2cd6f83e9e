package crawler

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// process is one request's life: admit (robots) → replay or revalidation
// check → fetch (the transport archives the raw bytes and decodes) →
// handle (discover links, parse, count).
func (s *siteRun) process(ctx context.Context, f *fetcher, r *request) {
	u, err := url.Parse(r.URL)
	if err != nil {
		s.skip("bad_url")
		return
	}
	if s.isPast(r) {
		s.skip("past_year")
		return
	}
	if !s.robotsAllow(ctx, f, u, r) {
		return
	}
	prior := s.prior(r)
	if at := s.replay(r, prior); at != nil {
		s.handleBounded(ctx, r, prior, at)
		return
	}
	if s.fresh(r, prior) {
		s.inSlot(ctx, s.cr.cpu, func() { s.onFresh(r, prior) })
		return
	}
	wait, failedBefore := s.backingOff(r)
	if wait {
		s.skip("failure_backoff") // retried on a later run; costs no page of the budget
		return
	}
	if !s.charge() {
		return
	}
	cond := s.condFor(r, prior)
	at := s.fetch(ctx, f, r, cond, s.cr.opt.MaxBodyBytes)
	if at == nil {
		return
	}
	at.releaseLarge() // the body is read and archived: the next large one may come in
	if at.cap.Outcome == capture.OutcomeChallenged && s.cr.opt.Browser != nil {
		if at = s.passChallenge(ctx, f, r, cond, at); at == nil {
			return
		}
		at.releaseLarge()
	}
	s.rememberFailure(r, at.cap, failedBefore)
	s.handleBounded(ctx, r, prior, at)
	if s.scriptDrawn(r, at) {
		s.render(ctx, r)
	}
}

// handleBounded runs handle in one of the crawler's CPU slots, and then a
// parse handle left for later (a document needing an external tool such
// as pdftotext) in one of the tool slots, so a slow tool never holds up
// the link discovery of other pages.
func (s *siteRun) handleBounded(ctx context.Context, r *request, prior capture.Prior, at *attempt) {
	s.inSlot(ctx, s.cr.cpu, func() { s.handle(r, prior, at) })
	if at.parseLater {
		s.spill(at)
		s.inSlot(ctx, s.cr.tools, func() {
			if s.unspill(at) {
				s.parseAndSave(r, at.cap, at.saved, prior)
			}
		})
	}
}

// spill lets go of a large document's bytes while it waits for a tool
// slot: it is archived, so the slot reads it back. Without this, every
// site in flight could hold a document of up to MaxBodyBytes (and its wire
// copy) in memory behind a slow pdftotext, whatever MaxLargeBodies says.
func (s *siteRun) spill(at *attempt) {
	at.cap.Wire = nil // in the WARC segment already; parsing reads the body only
	if s.cr.bodies == nil || at.saved.Digest == "" || len(at.cap.Body) <= largeBody {
		return
	}
	at.cap.Body, at.spilled = nil, true
}

// unspill reads a spilled body back from the archive (the store checks a
// body read from a WARC segment against its digest, as this run's are); it
// says whether the capture can be parsed. A body that cannot be read back
// is remembered as waiting, like any failed parse.
func (s *siteRun) unspill(at *attempt) bool {
	if !at.spilled {
		return true
	}
	body, err := s.cr.bodies.Body(at.saved.Digest)
	if err != nil {
		err = fmt.Errorf("parse %s: body read back from the archive: %w", at.cap.URL, err)
		s.notePending(at.cap, nil, err)
		s.skip("parse_error")
		s.cr.opt.Logger.Warn("parse", "url", at.cap.URL, "err", err)
		return false
	}
	at.cap.Body, at.spilled = body, false
	return true
}

// inSlot runs fn in one of slots (the CPU slots: only MaxProcessing
// pages (fetched, or read back from the archive) are being decoded,
// discovered and parsed at once whatever the number of sites in flight.
// A cancelled wait drops the page: the run is stopping and the capture is
// already archived.
func (s *siteRun) inSlot(ctx context.Context, slots chan struct{}, fn func()) {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-slots }()
	fn()
}

// prior is what the archive knows of a GET request's URL.
func (s *siteRun) prior(r *request) capture.Prior {
	if r.method() != "GET" {
		return capture.Prior{}
	}
	p, err := s.cr.archive.Prior(r.URL)
	if err != nil {
		s.cr.opt.Logger.Warn("prior", "url", r.URL, "err", err)
		return capture.Prior{}
	}
	return p
}

// condFor returns the prior whose validators make the request
// conditional, or nil. A 304 on a listing or navigation page needs the
// stored body for its links, so those are conditional only when the
// archive can read bodies (BodyReader).
func (s *siteRun) condFor(r *request, prior capture.Prior) *capture.Prior {
	if !prior.Known || r.method() != "GET" || (prior.ETag == "" && prior.LastModified == "") {
		return nil
	}
	if r.Kind != "report" && r.Kind != "attachment" && s.cr.bodies == nil {
		return nil
	}
	return &prior
}

// fresh says whether an archived report page, attachment or navigation
// page was checked recently enough (RevisitInterval, spread per URL by
// RevisitWait) not to be requested at all. Seeds and listings are never fresh: new reports appear
// there. A navigation page is fresh only when its stored body can be read
// for links (BodyReader).
func (s *siteRun) fresh(r *request, prior capture.Prior) bool {
	if !prior.Known || r.method() != "GET" || !parseable(r.Kind) {
		return false
	}
	if r.Kind == "other" && !prior.IsReport && s.cr.bodies == nil {
		return false
	}
	last := prior.CheckedAt
	if last.IsZero() {
		last = prior.FetchedAt
	}
	now := s.cr.opt.Now()
	wait := RevisitInterval(now, prior, s.seed.Since, s.cr.opt.RevisitMin, s.cr.opt.RevisitMax)
	return now.Sub(last) < RevisitWait(r.URL, wait)
}

// onFresh accounts for a page not requested because it is fresh: a report
// is counted unchanged, and the links of any page but an attachment are
// followed from its stored body, as a navigation page leads to report
// columns and a report page to its documents (fresh too, most nights, so
// an unchanged night still requests neither).
func (s *siteRun) onFresh(r *request, prior capture.Prior) {
	if !s.land(r, prior.FinalURL) {
		s.skip("same_document")
		return
	}
	if prior.IsReport {
		s.countReport("unchanged", r.Year)
	}
	if r.Kind != "attachment" {
		s.discoverStored(r, r.URL, prior)
	}
}

// replay returns the capture made of r earlier in this run (an
// interrupted run being resumed), so it is not fetched twice.
func (s *siteRun) replay(r *request, prior capture.Prior) *attempt {
	if r.method() != "GET" {
		return nil
	}
	c, ok, err := s.cr.archive.RunCapture(s.cr.runID, r.URL)
	if err != nil || !ok || c == nil || !replayable(c) {
		return nil
	}
	d := c.Digest()
	at := &attempt{req: r, cap: c, saved: capture.Saved{Digest: d, Changed: !(prior.IsReport && prior.Digest == d)}}
	if c.Outcome == capture.OutcomeOK || c.Outcome == capture.OutcomeTruncated {
		at.text, at.isText = decodeText(c, &s.cr.opt)
	}
	s.skip("replayed")
	return at
}

// fetch makes the request with politeness and retries; nil when the run
// was cancelled or stopped.
func (s *siteRun) fetch(ctx context.Context, f *fetcher, r *request, cond *capture.Prior, limit int64) *attempt {
	u, _ := url.Parse(r.URL)
	host := hostKey(u)
	g := s.cr.hosts.get(host)
	hdr := requestHeader(r, s.cr.opt.UserAgent, cond)
	for try := 0; ; try++ {
		if err := g.acquire(ctx, s.delay()); err != nil {
			return nil
		}
		lease := s.cr.sharedAcquire(ctx, host, g.spacingNow(s.delay()))
		if ctx.Err() != nil {
			g.release(s.delay())
			return nil
		}
		at := &attempt{req: r, site: s.seed.Code, limit: limit}
		s.applyCookies(f, r.URL)
		f.once(ctx, s.cr, at, hdr.Clone())
		s.cr.sharedRelease(lease, host, g.spacingNow(s.delay()))
		g.release(s.delay())
		if at.saveErr != nil || ctx.Err() != nil {
			at.releaseLarge()
		}
		s.cr.requests.Add(1)
		s.update(func(res *capture.SiteResult) { res.Requests++ })
		if at.saveErr != nil {
			s.cr.fail(at.saveErr)
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		wait, again := s.retryWait(at, try)
		if !again {
			return at
		}
		at.releaseLarge()
		s.cr.opt.Logger.Debug("retry", "url", r.URL, "outcome", at.cap.Outcome, "status", at.cap.Status, "wait", wait)
		g.holdOff(wait)
		s.cr.sharedHoldOff(ctx, host, wait)
	}
}

// retryWait says whether to try again and after how long: exponential
// backoff, or Retry-After on 429/503 when longer (and not over the cap).
func (s *siteRun) retryWait(at *attempt, try int) (wait time.Duration, again bool) {
	c, opt := at.cap, &s.cr.opt
	if try >= opt.MaxRetries || !retryable(c.Outcome, c.Status) {
		return 0, false
	}
	wait = backoff(opt.BackoffBase, opt.BackoffMax, try)
	if c.Status == 429 || c.Status == 503 {
		if ra, ok := retryAfter(c.Header, time.Now()); ok {
			if ra > opt.MaxRetryAfter {
				return 0, false
			}
			wait = max(wait, ra)
		}
	}
	return wait, true
}

func (s *siteRun) delay() time.Duration {
	if s.cr.opt.NoDelay {
		return -1
	}
	return s.cr.opt.Delay
}

// handle routes a fetched (or replayed) response by outcome.
func (s *siteRun) handle(r *request, prior capture.Prior, at *attempt) {
	c := at.cap
	s.cr.pages.Add(1)
	s.update(func(res *capture.SiteResult) {
		if c.Status != 0 {
			res.Pages++
		}
		if c.Outcome == capture.OutcomeNotModified {
			res.NotMod++
		}
		if c.TLSError != "" && res.TLSError == "" {
			res.TLSError = tlsNote(c)
		}
	})
	defer s.cr.progress(nil)
	if !s.firstLanding(r, c) {
		return
	}
	switch c.Outcome {
	case capture.OutcomeChallenged:
		s.halt("challenged", challengeDetail(c))
	case capture.OutcomeNotModified:
		s.onNotModified(r, c.FinalURL, prior)
	case capture.OutcomeOK, capture.OutcomeTruncated:
		if c.Truncated {
			s.skip("truncated")
		}
		s.onBody(r, prior, at)
	default:
		s.onFailure(r, c)
	}
}

// firstLanding says whether a response is the first of this run to end
// where it did (land); one that is not is skipped as same_document.
func (s *siteRun) firstLanding(r *request, c *capture.Capture) bool {
	switch c.Outcome {
	case capture.OutcomeNotModified, capture.OutcomeOK, capture.OutcomeTruncated:
		if !s.land(r, c.FinalURL) {
			s.skip("same_document")
			return false
		}
	}
	return true
}

// onFailure counts a failed request; a failed seed ends the site.
func (s *siteRun) onFailure(r *request, c *capture.Capture) {
	s.cr.errs.Add(1)
	reason, detail := string(c.Outcome), c.Error
	if c.Outcome == capture.OutcomeHTTPError {
		reason, detail = fmt.Sprintf("http_%d", c.Status), fmt.Sprintf("HTTP %d", c.Status)
	}
	s.skip(reason)
	if r.Kind == "seed" {
		s.halt(seedOutcome(c.Outcome), fmt.Sprintf("seed %s: %s", r.URL, detail))
	}
}

// replayable says whether a capture made earlier in the run stands for the
// request on resume. Transient failures (network errors, 5xx, 429) are
// tried again instead.
func replayable(c *capture.Capture) bool {
	switch c.Outcome {
	case capture.OutcomeOK, capture.OutcomeNotModified, capture.OutcomeTruncated, capture.OutcomeChallenged:
		return true
	case capture.OutcomeHTTPError:
		return c.Status < 500 && c.Status != 429
	}
	return false
}
