package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/internal/membudget"
)

// browserIdle is how long chromium may sit unused before the crawl stops
// it; the next page that needs it starts it again (~1 s). A nightly crawl
// needs it for a few sites of thousands, and idle it still holds ~170 MB.
const browserIdle = 30 * time.Second

// startBrowser gives the crawl chromium when the config says browser: auto
// and it is installed; the crawler uses it only for script challenges and
// script-drawn listings. chromium is started on the first such page and
// stopped after browserIdle without one, so a crawl that meets none never
// starts it. One tab: the pages that need it are few. chromium starts once
// its memory fits in mem, the crawl's memory budget (nil: at once), and
// holds it until stopped. stop is never nil.
func startBrowser(cfg Config, log *slog.Logger, mem *crawlMemory) (r crawler.Renderer, stop func()) {
	if cfg.Browser != "auto" || !browser.Available("") {
		log.Info("browser off", "config", cfg.Browser, "chromium", browser.Available(""))
		return nil, func() {}
	}
	l := &lazyBrowser{opt: browser.Options{UserAgent: cfg.UserAgent, Proxy: cfg.Proxy, MaxTabs: 1, Timeout: cfg.Crawl.Timeout},
		idle: browserIdle, mem: mem, log: log}
	return l, l.close
}

// lazyBrowser starts chromium on the first visit and stops it once no
// visit has needed it for idle.
type lazyBrowser struct {
	opt  browser.Options
	idle time.Duration
	mem  *crawlMemory // nil: no budget
	log  *slog.Logger

	mu      sync.Mutex
	b       *browser.Browser // nil while stopped
	unshare func()           // gives b's memory back to the budget
	busy    int              // visits in progress
	timer   *time.Timer      // stops b after idle
	err     error            // chromium failed to start: not tried again
	closed  bool
	starts  int
}

// errBrowserClosed: a visit after the crawl closed the browser.
var errBrowserClosed = errors.New("browser closed")

func (l *lazyBrowser) Visit(ctx context.Context, url string, pages int) (*browser.Page, error) {
	b, err := l.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer l.release(b)
	return b.Visit(ctx, url, pages)
}

// acquire returns the running chromium, starting it if needed (once its
// memory fits in the budget), and holds it against the idle stop until
// release.
func (l *lazyBrowser) acquire(ctx context.Context) (*browser.Browser, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.closed:
		return nil, errBrowserClosed
	case l.err != nil:
		return nil, l.err
	}
	if l.b == nil {
		// Under the lock: concurrent first visits wait for this one start.
		unshare, err := l.mem.acquire(ctx, membudget.Browser, chromiumMem)
		if err != nil {
			return nil, fmt.Errorf("browser: %w", err)
		}
		b, err := browser.New(l.opt)
		if err != nil {
			unshare()
			l.err = err
			l.log.Warn("browser not started; script challenges and script-drawn listings stay unread", "err", err)
			return nil, err
		}
		if l.mem != nil {
			l.mem.chromium.Store(int64(b.PID()))
		}
		l.b, l.unshare = b, func() {
			if l.mem != nil {
				l.mem.chromium.Store(0)
			}
			unshare()
		}
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
	b.Close()
	unshare()
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
		b.Close()
		unshare()
	}
}
