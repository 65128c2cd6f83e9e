package main

import (
	"log/slog"

	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/crawler/browser"
)

// startBrowser starts chromium for a crawl when the config says browser:
// auto and it is installed; the crawler then uses it only for script
// challenges and script-drawn listings. stop is never nil.
func startBrowser(cfg Config, log *slog.Logger) (r crawler.Renderer, stop func()) {
	if cfg.Browser != "auto" || !browser.Available("") {
		log.Info("browser off", "config", cfg.Browser, "chromium", browser.Available(""))
		return nil, func() {}
	}
	b, err := browser.New(browser.Options{UserAgent: cfg.UserAgent, Proxy: cfg.Proxy, MaxTabs: 2, Timeout: cfg.Crawl.Timeout})
	if err != nil {
		log.Warn("browser not started; script challenges and script-drawn listings stay unread", "err", err)
		return nil, func() {}
	}
	return b, b.Close
}
