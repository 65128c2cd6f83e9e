package crawler

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// siteRun is the state of one seed's crawl: its frontier, what it has
// seen, its counters and why it stopped early, if it did. Several fetch
// goroutines (PerHostConcurrency) share it under mu.
type siteRun struct {
	cr    *Crawler
	seed  Seed
	scope Scoper

	mu        sync.Mutex
	wake      *sync.Cond
	front     frontier
	seen      map[string]bool
	landed    map[string]bool // where handled GET responses ended, after redirects (canonical)
	past      map[string]int  // backfill: column (columnKey) → first page showing only older reports
	inflight  int
	used      int // requests charged to the page budget
	exhausted bool
	halted    bool           // stop fetching: outcome already decided
	cookies   []*http.Cookie // earned by the browser on a challenge, sent by every fetcher
	// browserFailed is why the browser could not pass the challenge on
	// robots.txt: the site's pages are not tried in it again.
	browserFailed string
	res           capture.SiteResult
}

func cancelledResult(s Seed, now time.Time) capture.SiteResult {
	return capture.SiteResult{Code: s.Code, Name: s.Name, Province: s.Province, SeedURL: s.URL,
		Outcome: "cancelled", Started: now.UTC(), Finished: now.UTC()}
}

// crawlSite crawls one seed to its end, its budget, its first obstacle or
// cancellation, and returns its summary.
func (cr *Crawler) crawlSite(ctx context.Context, seed Seed) capture.SiteResult {
	s := &siteRun{cr: cr, seed: seed, seen: map[string]bool{}, landed: map[string]bool{}, past: map[string]int{}}
	s.wake = sync.NewCond(&s.mu)
	s.res = capture.SiteResult{Code: seed.Code, Name: seed.Name, Province: seed.Province,
		SeedURL: seed.URL, Started: cr.opt.Now().UTC(), Skipped: map[string]int{}}
	u, err := url.Parse(seed.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		s.res.Outcome, s.res.Detail = "no_url", "seed URL missing or not http(s)"
		s.res.Finished = s.res.Started
		return s.res
	}
	s.scope = cr.opt.Scope(seed.URL, seed.ExtraHosts)
	s.queue(&request{URL: seed.URL, Kind: "seed", Score: math.Inf(1)})
	stop := context.AfterFunc(ctx, func() { s.mu.Lock(); s.wake.Broadcast(); s.mu.Unlock() })
	s.work(ctx)
	if s.orphans(ctx) {
		s.work(ctx) // reports no longer reached: rechecked at their own URL
	}
	stop()
	return s.summary(ctx)
}

// work runs the site's fetchers until its frontier is done.
func (s *siteRun) work(ctx context.Context) {
	var wg sync.WaitGroup
	for range s.cr.opt.PerHostConcurrency {
		wg.Go(func() {
			f := newFetcher(s.cr, !s.cr.opt.IgnoreRobots && !s.seed.IgnoreRobots)
			for r := s.next(ctx); r != nil; r = s.next(ctx) {
				s.process(ctx, f, r)
				s.doneWith()
			}
		})
	}
	wg.Wait()
}

// queue adds r to the frontier and marks it seen.
func (s *siteRun) queue(r *request) {
	s.seen[s.key(r)] = true
	s.front.push(r)
}

// land records that r's response (fetched, replayed, or known fresh from
// the archive) ended at final, after redirects; false when another request
// of this run already ended there. Two links to one document (Hanweb's
// downfile.jsp and the file it redirects to, say) are then one document,
// parsed and counted once; final is also marked seen, so a link to it
// found later is not requested.
func (s *siteRun) land(r *request, final string) bool {
	if r.method() != "GET" {
		return true
	}
	if final == "" {
		final = r.URL
	}
	k := s.cr.opt.Canonical(final)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.landed[k] {
		return false
	}
	s.landed[k], s.seen[k] = true, true
	return true
}

func (s *siteRun) key(r *request) string {
	k := s.cr.opt.Canonical(r.URL)
	if r.method() != "GET" {
		k = r.method() + " " + k + " " + string(r.Body)
	}
	return k
}

// next blocks until a request is available and returns it, or returns nil
// when the site is finished: frontier empty with nothing in flight,
// halted, or cancelled.
func (s *siteRun) next(ctx context.Context) *request {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if ctx.Err() != nil || s.halted {
			return nil
		}
		if r := s.front.pop(); r != nil {
			s.inflight++
			return r
		}
		if s.inflight == 0 {
			s.wake.Broadcast()
			return nil
		}
		s.wake.Wait()
	}
}

// doneWith ends one request's processing and wakes waiting fetchers.
func (s *siteRun) doneWith() {
	s.mu.Lock()
	s.inflight--
	s.wake.Broadcast()
	s.mu.Unlock()
}

// charge takes one request from the page budget; false when it is spent.
func (s *siteRun) charge() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used >= s.cr.opt.SitePageBudget {
		s.exhausted = true
		return false
	}
	s.used++
	return true
}

// refund gives back the page charge took for a request that failed
// transiently: it is remembered and retried on a later run instead.
func (s *siteRun) refund() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used > 0 {
		s.used--
	}
}

// halt stops the site with outcome (the first halt wins).
func (s *siteRun) halt(outcome, detail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.halted {
		s.halted = true
		s.res.Outcome, s.res.Detail = outcome, detail
	}
	s.wake.Broadcast()
}

// update applies fn to the counters under the lock.
func (s *siteRun) update(fn func(r *capture.SiteResult)) {
	s.mu.Lock()
	fn(&s.res)
	s.mu.Unlock()
}

func (s *siteRun) skip(reason string) {
	s.update(func(r *capture.SiteResult) { r.Skipped[reason]++ })
}

// summary decides the site outcome once every fetcher has returned.
func (s *siteRun) summary(ctx context.Context) capture.SiteResult {
	res := s.res
	res.Finished = s.cr.opt.Now().UTC()
	switch {
	case ctx.Err() != nil:
		res.Outcome, res.Detail = "cancelled", "run interrupted"
	case s.halted:
	case s.exhausted:
		res.Outcome = "budget_exhausted"
		res.Detail = fmt.Sprintf("page budget of %d reached with %d requests queued", s.cr.opt.SitePageBudget, s.front.Len()+1)
	case res.Reports == 0:
		res.Outcome = "no_report_column"
		res.Detail = fmt.Sprintf("no report among %d pages", res.Pages)
	default:
		res.Outcome = "ok"
	}
	if len(res.Skipped) == 0 {
		res.Skipped = nil
	}
	return res
}
