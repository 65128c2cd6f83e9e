package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/crawler/browser"
)

// startBrowser gives the crawl chromium when the config says browser: auto
// and it is installed; the crawler uses it only for script challenges and
// script-drawn listings. chromium is started on the first such page, so a
// crawl that meets none never starts it. stop is never nil.
func startBrowser(cfg Config, log *slog.Logger) (r crawler.Renderer, stop func()) {
	if cfg.Browser != "auto" || !browser.Available("") {
		log.Info("browser off", "config", cfg.Browser, "chromium", browser.Available(""))
		return nil, func() {}
	}
	l := &lazyBrowser{opt: browser.Options{UserAgent: cfg.UserAgent, Proxy: cfg.Proxy, MaxTabs: 2, Timeout: cfg.Crawl.Timeout}, log: log}
	return l, l.close
}

// lazyBrowser starts chromium on its first visit.
type lazyBrowser struct {
	opt  browser.Options
	log  *slog.Logger
	once sync.Once
	b    *browser.Browser
	err  error
}

func (l *lazyBrowser) Visit(ctx context.Context, url string, pages int) (*browser.Page, error) {
	l.once.Do(func() {
		if l.b, l.err = browser.New(l.opt); l.err != nil {
			l.log.Warn("browser not started; script challenges and script-drawn listings stay unread", "err", l.err)
		}
	})
	if l.err != nil {
		return nil, l.err
	}
	return l.b.Visit(ctx, url, pages)
}

func (l *lazyBrowser) close() {
	l.once.Do(func() {}) // no start after close
	if l.b != nil {
		l.b.Close()
	}
}
