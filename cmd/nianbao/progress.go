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
	"os"
	"sync"
	"time"

	"github.com/nianbao/nianbao/crawler"
)

// progress keeps the latest crawl snapshot for the live terminal line and
// the metrics endpoint.
type progress struct {
	mu      sync.Mutex
	last    crawler.Progress
	total   int
	start   time.Time
	w       io.Writer
	tty     bool
	printed time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, tty: isTerminal(w), total: total, start: time.Now(), last: crawler.Progress{SitesTotal: total}}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update records a snapshot; on a terminal it redraws the live line at most
// five times a second.
func (p *progress) update(s crawler.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = s
	if !p.tty || time.Since(p.printed) < 200*time.Millisecond {
		return
	}
	p.printed = time.Now()
	fmt.Fprintf(p.w, "\r\033[K%s", p.line())
}

func (p *progress) line() string {
	s := p.last
	eta := "—"
	if s.SitesDone > 0 && s.SitesTotal > s.SitesDone {
		per := time.Since(p.start) / time.Duration(s.SitesDone)
		eta = (per * time.Duration(s.SitesTotal-s.SitesDone)).Round(time.Second).String()
	}
	return fmt.Sprintf("sites %d/%d  pages %d  reports %d  errors %d  ETA %s", s.SitesDone, s.SitesTotal, s.Pages, s.Reports, s.Errors, eta)
}

// finish ends the live line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s\n", p.line())
	}
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
