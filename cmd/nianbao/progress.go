package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"

	"github.com/nianbao/nianbao/crawler"
)

// progress keeps the latest crawl snapshot for the live terminal line and
// the metrics endpoint. On a terminal the line is redrawn below the logs
// (see terminal); elsewhere nothing is drawn and the output stays plain.
type progress struct {
	mu      sync.Mutex
	last    crawler.Progress
	total   int
	term    *terminal // nil when stderr is not a terminal
	eta     etaEstimator
	printed time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{term: terminalFor(w), total: total, eta: etaEstimator{start: time.Now()},
		last: crawler.Progress{SitesTotal: total}}
}

// update records a snapshot; on a terminal it redraws the live line at most
// five times a second.
func (p *progress) update(s crawler.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.eta.observe(now, s.SitesDone)
	p.last = s
	if p.term == nil || now.Sub(p.printed) < 200*time.Millisecond {
		return
	}
	p.printed = now
	p.term.draw(p.lineAt(now))
}

// line is the live line now; p.mu must be held.
func (p *progress) line() string { return p.lineAt(time.Now()) }

func (p *progress) lineAt(now time.Time) string {
	s := p.last
	eta := "—"
	if d, ok := p.eta.remaining(now, s.SitesTotal-s.SitesDone); ok {
		eta = roundETA(d)
	}
	return fmt.Sprintf("sites %d/%d  pages %d  reports %d  errors %d  ETA %s", s.SitesDone, s.SitesTotal, s.Pages, s.Reports, s.Errors, eta)
}

// finish ends the live line, leaving its last state on screen.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.term != nil {
		p.term.end(p.line())
	}
}

// snapshot returns the latest counts and the smoothed estimate of the time
// left (false when there is none yet).
func (p *progress) snapshot() (crawler.Progress, time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	eta, ok := p.eta.remaining(time.Now(), p.last.SitesTotal-p.last.SitesDone)
	return p.last, eta, ok
}

// writeMetrics writes the snapshot in the Prometheus text exposition format.
func (p *progress) writeMetrics(w io.Writer) {
	p.mu.Lock()
	s := p.last
	p.mu.Unlock()
	metric := func(name, typ, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", name, help, name, typ, name, v)
	}
	metric("nianbao_sites_total", "gauge", "Seeds in the current run.", int64(s.SitesTotal))
	metric("nianbao_sites_done", "gauge", "Seeds finished in the current run.", int64(s.SitesDone))
	metric("nianbao_pages_total", "counter", "Responses received in the current run.", s.Pages)
	metric("nianbao_requests_total", "counter", "Requests sent in the current run, retries included.", s.Requests)
	metric("nianbao_reports_total", "counter", "Report records seen in the current run.", s.Reports)
	metric("nianbao_errors_total", "counter", "Failed fetches in the current run.", s.Errors)
}

// serveMetrics serves /metrics on addr while the crawl runs; "" serves
// nothing. The returned func stops the server.
func serveMetrics(addr string, p *progress, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w (change or empty the config's metrics key)", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		p.writeMetrics(w)
	})
	// Go's profiler on the same (local) address, for diagnosing a slow or
	// large crawl: go tool pprof http://ADDR/debug/pprof/heap
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics served", "url", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
