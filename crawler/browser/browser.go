// Package browser drives Debian's chromium through chromedp for the pages
// plain HTTP cannot get: JavaScript challenges (瑞数 412, 加速乐 521, a
// script-only 202) and listings that only script draws. It loads a page as
// any visitor's browser would, listens to the network and returns every
// response it received (raw, for the archive), the rendered DOM and the
// cookies the page earned. It never solves a CAPTCHA, slider or login.
//
// One chromium process serves a crawl (headless, fresh profile in a
// temporary directory, background networking, component updates, sync and
// first-run pages off); each Visit opens its own tab in a browser context
// of its own, at most MaxTabs at once.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultExecPath is Debian's chromium.
const DefaultExecPath = "/usr/bin/chromium"

// Options configure a Browser.
type Options struct {
	ExecPath  string        // default DefaultExecPath
	UserAgent string        // sent by every tab (the crawl's own)
	Proxy     string        // HTTP(S) proxy URL; "" = none
	MaxTabs   int           // tabs open at once (default 1: a crawl needs the browser for a few pages)
	Timeout   time.Duration // one visit (default 30 s)
	// Quiet is how long the network must stay silent before a page counts
	// as settled (default 800 ms).
	Quiet time.Duration
	// MaxHeapMB caps each renderer's JavaScript heap (default 128).
	MaxHeapMB int
}

// Browser is one running chromium. Safe for concurrent use.
type Browser struct {
	opt     Options
	dir     string
	ctx     context.Context // the browser's chromedp context
	cancel  func()
	tabs    chan struct{}
	pid     int // chromium's browser process
	closeMu sync.Once
}

// Available says whether chromium is installed at path ("" = default).
func Available(path string) bool {
	if path == "" {
		path = DefaultExecPath
	}
	_, err := exec.LookPath(path)
	return err == nil
}

// New starts chromium. Close stops it and removes its profile.
func New(opt Options) (*Browser, error) {
	if opt.ExecPath == "" {
		opt.ExecPath = DefaultExecPath
	}
	if opt.MaxTabs <= 0 {
		opt.MaxTabs = 1
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.Quiet <= 0 {
		opt.Quiet = 800 * time.Millisecond
	}
	if opt.MaxHeapMB <= 0 {
		opt.MaxHeapMB = 128
	}
	if !Available(opt.ExecPath) {
		return nil, fmt.Errorf("browser: %s not found (apt-get install chromium)", opt.ExecPath)
	}
	dir, err := os.MkdirTemp("", "nianbao-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: profile: %w", err)
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), allocatorOptions(opt, dir)...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &Browser{opt: opt, dir: dir, ctx: bctx, tabs: make(chan struct{}, opt.MaxTabs),
		cancel: func() { bcancel(); acancel() }}
	if err := chromedp.Do(bctx); err != nil { // start it now: a missing library fails here, not mid-crawl
		b.Close()
		return nil, fmt.Errorf("browser: start %s: %w", opt.ExecPath, err)
	}
	if c := chromedp.FromContext(bctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		b.pid = c.Browser.Process().Pid
	}
	return b, nil
}

func allocatorOptions(opt Options, dir string) []chromedp.ExecAllocatorOption {
	o := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(opt.ExecPath),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-gpu", true),
	)
	o = append(o, memoryFlags(opt)...)
	if os.Geteuid() == 0 {
		o = append(o, chromedp.NoSandbox) // chromium refuses to run its sandbox as root
	}
	if opt.UserAgent != "" {
		o = append(o, chromedp.UserAgent(opt.UserAgent))
	}
	if opt.Proxy != "" {
		o = append(o, chromedp.ProxyServer(opt.Proxy))
	}
	return o
}

// memoryFlags keep chromium small: it only has to run a page's script and
// draw its links. Renderer processes are capped at the tab bound (a
// visit's own context always gets a renderer of its own, which exits with
// it; the bound keeps its frames in as few as chromium allows); each
// renderer's JavaScript heap is capped (a challenge or listing script
// needs a few MB); images are not loaded (nothing reads them); pages are
// not kept for back/forward navigation (a challenge reloads the page);
// no spare renderer is kept warm; the GPU process runs inside the browser
// process (there is no GPU to isolate). Translate and BlinkGenPropertyTrees stay off as in chromedp's
// defaults.
func memoryFlags(opt Options) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.Flag("renderer-process-limit", fmt.Sprint(opt.MaxTabs)),
		chromedp.Flag("js-flags", fmt.Sprintf("--max-old-space-size=%d", opt.MaxHeapMB)),
		chromedp.Flag("blink-settings", "imagesEnabled=false"),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache,MediaRouter,OptimizationHints,SpareRendererForSitePerProcess"),
		chromedp.Flag("in-process-gpu", true),
		chromedp.Flag("disk-cache-size", fmt.Sprint(1<<20)),
	}
}

// Close stops chromium and removes its profile directory.
func (b *Browser) Close() {
	b.closeMu.Do(func() {
		b.cancel()
		os.RemoveAll(b.dir)
	})
}

// errClosed: the browser was closed during a visit.
var errClosed = errors.New("browser closed")

// ProfileDir is the chromium profile directory of this browser (its
// processes name it on their command line).
func (b *Browser) ProfileDir() string { return b.dir }
