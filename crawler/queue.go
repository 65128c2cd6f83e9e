package crawler

import (
	"context"
	"fmt"
	"sync"

	"github.com/nianbao/nianbao/capture"
)

// SiteQueue hands out the sites of a run shared by several processes
// (cmd wires a Redis-backed one). Each site is handed to one process at a
// time; one that is never reported Done goes to another process later.
type SiteQueue interface {
	// Next blocks until a site is free for this process and returns it;
	// ok is false once every site of the run has a result. It returns an
	// error when the queue cannot be reached, or ctx's error.
	Next(ctx context.Context) (job SiteJob, ok bool, err error)
	// Done records res as the site's result in the shared run and gives
	// the job back as finished.
	Done(ctx context.Context, job SiteJob, res capture.SiteResult) error
}

// SiteJob is one site taken from a SiteQueue.
type SiteJob struct {
	ID   string // the queue's own handle
	Seed Seed
}

// RunQueue crawls the sites q hands out, Options.Parallel at a time, until
// q has none left, and returns the results of the sites this process
// crawled, each also recorded in the archive's run runID. A queue error
// (the coordinator lost) stops taking sites: the sites in progress finish
// first, then RunQueue returns the error. Cancellation stops promptly as in
// Run; a site interrupted is neither recorded nor reported Done, so the
// queue hands it out again.
func (cr *Crawler) RunQueue(ctx context.Context, runID string, q SiteQueue) ([]capture.SiteResult, error) {
	if cr.newErr != nil {
		return nil, cr.newErr
	}
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	cr.runID, cr.abort = runID, abort
	cr.hosts = newHostTable(cr.opt.PerHostConcurrency)
	var (
		mu      sync.Mutex
		results []capture.SiteResult
		qerr    error
		stop    = make(chan struct{})
		once    sync.Once
	)
	halt := func(err error) {
		once.Do(func() { qerr = err; close(stop) })
	}
	var wg sync.WaitGroup
	for range cr.opt.Parallel {
		wg.Go(func() {
			for {
				res, ok := cr.queueSite(ctx, q, stop, halt)
				if !ok {
					return
				}
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		return results, fmt.Errorf("run %s: %w", runID, cause)
	}
	return results, qerr
}

// queueSite takes one site from q, crawls it and reports it done; false
// when there is nothing more to do (queue empty, stopped, cancelled).
func (cr *Crawler) queueSite(ctx context.Context, q SiteQueue, stop <-chan struct{}, halt func(error)) (capture.SiteResult, bool) {
	select {
	case <-stop:
		return capture.SiteResult{}, false
	default:
	}
	job, ok, err := q.Next(ctx)
	if err != nil && ctx.Err() == nil {
		halt(fmt.Errorf("site queue: %w", err))
	}
	if err != nil || !ok || ctx.Err() != nil {
		return capture.SiteResult{}, false
	}
	cr.sitesTotal.Add(1) // progress only: the run's total is the queue's
	res := cr.finishSite(ctx, cr.crawlSite(ctx, job.Seed))
	if ctx.Err() != nil {
		return res, true
	}
	if err := q.Done(ctx, job, res); err != nil && ctx.Err() == nil {
		halt(fmt.Errorf("site %s done: %w", res.Code, err))
	}
	return res, true
}
