package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
	"github.com/nianbao/nianbao/web"
)

// jobs runs serve's state-changing work one job at a time: the scheduled
// crawl, a crawl or a reparse asked for in the UI. It implements
// web.Actions and gives the live view.
type jobs struct {
	ctx     context.Context
	e       *env
	cf      *crawlFlags
	db      *store.DB
	list    []seeds.Seed
	log     *slog.Logger
	sched   cron.Schedule
	refresh func() // rebuild the web index after a job

	mu      sync.Mutex
	running string // "crawl", "reparse" or ""
	started time.Time
	run     capture.Run
	prog    *progress
	lastErr string
	wg      sync.WaitGroup
}

func (j *jobs) begin(name string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running != "" {
		return web.ErrBusy
	}
	j.running, j.started, j.run, j.prog = name, time.Now(), capture.Run{}, nil
	return nil
}

func (j *jobs) end(err error) {
	j.mu.Lock()
	if err != nil && j.ctx.Err() == nil {
		j.lastErr = err.Error()
		j.log.Error("job failed", "job", j.running, "err", err)
	} else if err == nil {
		j.lastErr = ""
	}
	j.running, j.prog = "", nil
	j.mu.Unlock()
	if j.refresh != nil && j.ctx.Err() == nil {
		j.refresh()
	}
}

func (j *jobs) watch(run capture.Run, p *progress) {
	j.mu.Lock()
	j.run, j.prog = run, p
	j.mu.Unlock()
}

func (j *jobs) crawl(ctx context.Context) error {
	return crawlWith(ctx, j.e, j.cf, j.db, j.list, "crawl", 0, j.watch)
}

// scheduled is the schedule's job: a crawl, unless one is running.
func (j *jobs) scheduled(ctx context.Context) error {
	if err := j.begin("crawl"); err != nil {
		return err
	}
	err := j.crawl(ctx)
	j.end(err)
	return err
}

// background starts fn as the job name, returning at once.
func (j *jobs) background(name string, fn func(context.Context) error) error {
	if err := j.begin(name); err != nil {
		return err
	}
	j.wg.Go(func() { j.end(fn(j.ctx)) })
	return nil
}

// StartCrawl starts a crawl now (web.Actions).
func (j *jobs) StartCrawl() error { return j.background("crawl", j.crawl) }

// Reparse rebuilds every record with the current parser (web.Actions).
func (j *jobs) Reparse() error {
	return j.background("reparse", func(ctx context.Context) error {
		rep, err := reparseArchive(ctx, j.cf.cfg, j.db, false)
		if err == nil {
			j.log.Info("reparse finished", "parsed", rep.Parsed, "added", rep.Added, "removed", rep.Removed, "changed", rep.Changed)
		}
		return err
	})
}

func (j *jobs) wait() { j.wg.Wait() }

// live is the web view's snapshot of the running job.
func (j *jobs) live() web.Live {
	j.mu.Lock()
	l := web.Live{Running: j.running != "", Job: j.running, RunID: j.run.ID, LastError: j.lastErr}
	if l.Running {
		l.Started = j.started.UTC()
	}
	p := j.prog
	j.mu.Unlock()
	if j.sched != nil {
		l.NextRun = j.sched.Next(time.Now()).UTC()
	}
	if p == nil {
		return l
	}
	s, eta, ok := p.snapshot() // the terminal line's smoothed estimate
	l.SitesDone, l.SitesTotal, l.Pages, l.Requests, l.Reports, l.Errors = s.SitesDone, s.SitesTotal, s.Pages, s.Requests, s.Reports, s.Errors
	if ok {
		l.ETASeconds = int64(eta.Seconds())
	}
	return l
}
