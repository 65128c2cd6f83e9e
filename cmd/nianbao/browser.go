package main

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/crawler/browser"
)

// browserIdle is how long chromium may sit unused before the crawl stops
// it; the next page that needs it starts it again (~1 s). A nightly crawl
// needs it for a few sites of thousands, and idle it still holds ~170 MB.
const browserIdle = 30 * time.Second

// shareEvery is how often Go's share of memory_limit_mb is recomputed
// while chromium runs (shareMemory).
const shareEvery = 500 * time.Millisecond

// startBrowser gives the crawl chromium when the config says browser: auto
// and it is installed; the crawler uses it only for script challenges and
// script-drawn listings. chromium is started on the first such page and
// stopped after browserIdle without one, so a crawl that meets none never
// starts it. One tab: the pages that need it are few. While chromium runs,
// memory_limit_mb bounds it and Go together (shareMemory). stop is never nil.
func startBrowser(cfg Config, log *slog.Logger) (r crawler.Renderer, stop func()) {
	if cfg.Browser != "auto" || !browser.Available("") {
		log.Info("browser off", "config", cfg.Browser, "chromium", browser.Available(""))
		return nil, func() {}
	}
	l := &lazyBrowser{opt: browser.Options{UserAgent: cfg.UserAgent, Proxy: cfg.Proxy, MaxTabs: 1, Timeout: cfg.Crawl.Timeout},
		idle: browserIdle, limit: int64(cfg.MemoryLimit) << 20, log: log}
	return l, l.close
}

// lazyBrowser starts chromium on the first visit and stops it once no
// visit has needed it for idle.
type lazyBrowser struct {
	opt   browser.Options
	idle  time.Duration
	limit int64 // memory_limit_mb in bytes (0 = none)
	log   *slog.Logger

	mu      sync.Mutex
	b       *browser.Browser // nil while stopped
	unshare func()           // ends b's memory share
	busy    int              // visits in progress
	timer   *time.Timer      // stops b after idle
	err     error            // chromium failed to start: not tried again
	closed  bool
	starts  int
}

// errBrowserClosed: a visit after the crawl closed the browser.
var errBrowserClosed = errors.New("browser closed")

func (l *lazyBrowser) Visit(ctx context.Context, url string, pages int) (*browser.Page, error) {
	b, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer l.release(b)
	return b.Visit(ctx, url, pages)
}

// acquire returns the running chromium, starting it if needed, and holds
// it against the idle stop until release.
func (l *lazyBrowser) acquire() (*browser.Browser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.closed:
		return nil, errBrowserClosed
	case l.err != nil:
		return nil, l.err
	}
	if l.b == nil {
		b, err := browser.New(l.opt) // under the lock: concurrent first visits wait for this one start
		if err != nil {
			l.err = err
			l.log.Warn("browser not started; script challenges and script-drawn listings stay unread", "err", err)
			return nil, err
		}
		l.b, l.unshare = b, shareMemory(b, l.limit, l.log)
		l.starts++
		l.log.Debug("browser started", "starts", l.starts)
	}
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.busy++
	return l.b, nil
}

// release ends a visit; the last one out arms the idle stop.
func (l *lazyBrowser) release(b *browser.Browser) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.busy--
	if l.busy == 0 && l.b == b && !l.closed {
		l.timer = time.AfterFunc(l.idle, func() { l.stopIdle(b) })
	}
}

// stopIdle stops b unless a visit took it again meanwhile.
func (l *lazyBrowser) stopIdle(b *browser.Browser) {
	l.mu.Lock()
	if l.b != b || l.busy > 0 || l.closed {
		l.mu.Unlock()
		return
	}
	l.b, l.timer = nil, nil
	unshare := l.unshare
	l.mu.Unlock()
	unshare()
	b.Close()
	l.log.Debug("browser stopped after idle", "idle", l.idle)
}

// close stops chromium for good.
func (l *lazyBrowser) close() {
	l.mu.Lock()
	b, unshare := l.b, l.unshare
	l.closed, l.b = true, nil
	if l.timer != nil {
		l.timer.Stop()
	}
	l.mu.Unlock()
	if b != nil {
		unshare()
		b.Close()
	}
}

// shareMemory makes limit (Go's soft memory limit, set by the crawl from
// memory_limit_mb) bound Go and chromium together while b runs: every
// shareEvery Go's limit becomes limit minus chromium's anonymous memory,
// never below a quarter of limit (the crawl's live heap must fit). The
// returned func stops it and gives Go the whole limit back, unless the
// limit was changed meanwhile (the crawl ended and restored its own).
func shareMemory(b *browser.Browser, limit int64, log *slog.Logger) (stop func()) {
	if limit <= 0 {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan int64, 1)
	go func() {
		t := time.NewTicker(shareEvery)
		defer t.Stop()
		set := int64(-1)
		for {
			m, err := b.Memory()
			if err != nil {
				log.Debug("browser memory not measured; Go keeps the whole memory limit", "err", err)
				finished <- set
				return
			}
			set = max(limit-m, limit/4)
			debug.SetMemoryLimit(set)
			select {
			case <-done:
				finished <- set
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		if set := <-finished; set >= 0 && debug.SetMemoryLimit(-1) == set {
			debug.SetMemoryLimit(limit)
		}
	}
}
