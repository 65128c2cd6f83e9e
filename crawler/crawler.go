package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/nianbao/nianbao/capture"
)

var errNoResponse = errors.New("no response")

// Crawler crawls seeds into an Archive. Build it with New; Run may be
// called more than once, not concurrently.
type Crawler struct {
	opt       Options
	archive   Archive
	bodies    BodyReader    // nil unless the archive implements it
	failmem   FailureMemory // nil unless the archive implements it
	parse     ParseFunc
	transport http.RoundTripper
	newErr    error // a bad option found by New, returned by Run
	hosts     *hostTable
	agent     string
	cpu       chan struct{} // slots of the CPU stages (Options.MaxProcessing)
	tools     chan struct{} // slots of document parsing with external tools (Options.MaxTools)

	runID      string
	abort      context.CancelCauseFunc // stops the run on an archive failure
	sitesTotal atomic.Int64
	sitesDone  atomic.Int64
	pages      atomic.Int64
	requests   atomic.Int64
	reports    atomic.Int64
	errs       atomic.Int64
	coordErrs  atomic.Int64 // HostCoordinator failures (requests paced by this process only)
	// coordDownUntil (Unix ns): the coordinator failed; not asked before then
	coordDownUntil atomic.Int64
}

// New returns a Crawler with opt's defaults filled in (see Options). parse
// may be nil: pages are then archived and followed but never parsed.
func New(opt Options, a Archive, parse ParseFunc) *Crawler {
	opt = withDefaults(opt)
	cr := &Crawler{opt: opt, archive: a, parse: parse, agent: agentName(opt.UserAgent),
		cpu: make(chan struct{}, opt.MaxProcessing), tools: make(chan struct{}, opt.MaxTools)}
	cr.bodies, _ = a.(BodyReader)
	cr.failmem, _ = a.(FailureMemory)
	tv := newTLSVerifier(cr.opt.RootCAs, cr.opt.TLSStrict)
	base, err := newBaseTransport(&cr.opt, tv)
	if err != nil {
		cr.newErr = err
		base = &http.Transport{}
	}
	tv.fetch = aiaFetcher(base, cr.opt.UserAgent, cr.opt.Timeout)
	cr.transport = &captureTransport{base: base, archive: a, opt: &cr.opt, tls: tv,
		large: make(chan struct{}, cr.opt.MaxLargeBodies), ended: cr.exchangeEnded}
	return cr
}

// Run crawls seeds with at most Options.Parallel sites at a time and
// returns one SiteResult per seed, in seed order. Seeds already finished
// in runID (Archive.DoneSites) are not crawled again; their stored results
// are returned. When ctx is cancelled Run stops promptly, waits for every
// goroutine, records no interrupted site as done and returns ctx's error.
// An archive failure stops the run and is returned.
func (cr *Crawler) Run(ctx context.Context, runID string, seeds []Seed) ([]capture.SiteResult, error) {
	if cr.newErr != nil {
		return nil, cr.newErr
	}
	done, err := cr.archive.DoneSites(runID)
	if err != nil {
		return nil, fmt.Errorf("run %s: done sites: %w", runID, err)
	}
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	cr.runID, cr.abort = runID, abort
	cr.sitesTotal.Store(int64(len(seeds)))
	cr.hosts = newHostTable(cr.opt.PerHostConcurrency)
	results := make([]capture.SiteResult, len(seeds))
	var todo []int
	for i, s := range seeds {
		if r, ok := done[s.Code]; ok && s.Code != "" {
			results[i] = r
			cr.sitesDone.Add(1)
			continue
		}
		results[i] = cancelledResult(s, cr.opt.Now())
		todo = append(todo, i)
	}
	cr.runSites(ctx, seeds, todo, results)
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		return results, fmt.Errorf("run %s: %w", runID, cause)
	}
	return results, nil
}

// runSites feeds the seeds at todo to a fixed pool of site workers.
func (cr *Crawler) runSites(ctx context.Context, seeds []Seed, todo []int, results []capture.SiteResult) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(cr.opt.Parallel, len(todo)) {
		wg.Go(func() {
			for i := range jobs {
				results[i] = cr.finishSite(ctx, cr.crawlSite(ctx, seeds[i]))
			}
		})
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
}

// finishSite records a completed site in the run (an interrupted one is
// not recorded, so the next run crawls it again) and reports progress.
func (cr *Crawler) finishSite(ctx context.Context, res capture.SiteResult) capture.SiteResult {
	if ctx.Err() == nil {
		if err := cr.archive.SiteDone(cr.runID, res); err != nil {
			cr.fail(fmt.Errorf("site %s done: %w", res.Code, err))
		}
	}
	cr.sitesDone.Add(1)
	cr.progress(&res)
	cr.opt.Logger.Info("site done", "code", res.Code, "outcome", res.Outcome, "pages", res.Pages,
		"reports", res.Reports, "new", res.New, "changed", res.Changed, "detail", res.Detail)
	return res
}

// fail stops the run because of err (an archive failure).
func (cr *Crawler) fail(err error) {
	cr.opt.Logger.Error("run stopped", "err", err)
	cr.abort(err)
}

// progress reports a snapshot to Options.Progress.
func (cr *Crawler) progress(site *capture.SiteResult) {
	if cr.opt.Progress == nil {
		return
	}
	cr.opt.Progress(Progress{
		SitesDone: int(cr.sitesDone.Load()), SitesTotal: int(cr.sitesTotal.Load()),
		Pages: cr.pages.Load(), Requests: cr.requests.Load(),
		Reports: cr.reports.Load(), Errors: cr.errs.Load(), Site: site,
	})
}

// Close releases idle network connections. The Crawler must not be used
// after Close.
func (cr *Crawler) Close() {
	if ct, ok := cr.transport.(*captureTransport); ok {
		if t, ok := ct.base.(interface{ CloseIdleConnections() }); ok {
			t.CloseIdleConnections()
		}
	}
}

// exchangeEnded starts the politeness spacing of u's host now: the next
// request there waits a full delay after this response, also when a
// redirect brought this exchange to a host other than the request's.
func (cr *Crawler) exchangeEnded(u *url.URL) {
	if cr.opt.NoDelay || cr.hosts == nil {
		return
	}
	g := cr.hosts.get(hostKey(u))
	g.holdOff(g.spacingNow(cr.opt.Delay))
}
