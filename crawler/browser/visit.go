package browser

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Response is one response the browser received, raw.
type Response struct {
	URL, Method string
	Status      int
	Header      http.Header
	Body        []byte
	Type        string // resource type: Document, Script, XHR, Fetch, Image …
	Received    time.Time
}

// Page is what a visit saw.
type Page struct {
	URL       string         // where the tab ended
	DOMs      []string       // the rendered document, then one per pager step followed
	Responses []Response     // every response, in arrival order
	Cookies   []*http.Cookie // the cookies the visit earned for URL
}

// Visit loads url in a new tab of a new browser context, waits until the network is quiet (a
// challenge script that reloads the page is followed), and returns what
// it saw. With pages > 1 it then clicks the page's "next page" control up
// to pages-1 times, keeping the DOM after each step.
func (b *Browser) Visit(ctx context.Context, url string, pages int) (*Page, error) {
	select {
	case b.tabs <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-b.tabs }()
	// Each visit has a browser context of its own (as a private window:
	// its own cookies and cache), closed with the tab when the visit ends,
	// so its renderer process exits and gives its memory back. Tabs of one
	// shared context kept one renderer per site alive for the whole crawl,
	// growing with every page (measured: chromium 514 MB anonymous after a
	// crawl's ~70 visits, against ~180 MB after each visit in its own
	// context). A challenged site's cookies are therefore earned again by
	// each visit that needs them, as any new visitor earns them.
	tab, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	rec := newRecorder(tab)
	if err := chromedp.Do(tab, enableNetwork); err != nil {
		return nil, fmt.Errorf("browser: open tab: %w", err)
	}
	if err := chromedp.Listen(tab, rec.event); err != nil {
		return nil, fmt.Errorf("browser: listen: %w", err)
	}
	vctx, vcancel := context.WithTimeout(tab, b.opt.Timeout)
	defer vcancel()
	loop := rec.watchLoop(vctx, vcancel)
	if err := chromedp.Do(vctx, chromedp.Navigate(url)); err != nil {
		if loop() {
			err = errChallengeLoop
		}
		return nil, fmt.Errorf("browser: load %s: %w", url, err)
	}
	p := &Page{}
	if err := b.settle(vctx, rec); err != nil {
		return nil, err
	}
	if err := b.snapshot(vctx, p); err != nil {
		return nil, err
	}
	for i := 1; i < pages; i++ {
		ok, err := chromedp.Run(vctx, chromedp.Evaluate[bool](clickNext))
		if err != nil || !ok {
			break
		}
		if err := b.settle(vctx, rec); err != nil {
			break
		}
		if err := b.snapshot(vctx, p); err != nil {
			break
		}
	}
	p.Responses = rec.wait(vctx)
	p.Cookies = cookies(vctx, p.URL)
	return p, nil
}

// enableNetwork turns on network events, keeping bodies across the
// navigations a challenge script makes.
func enableNetwork(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	total, per, durable := int64(200<<20), int64(50<<20), true
	_, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{MaxTotalBufferSize: &total,
		MaxResourceBufferSize: &per, EnableDurableMessages: &durable})
	return chromedp.Void{}, err
}

// settle waits until no response has arrived for Quiet (and the document
// is complete), or the visit's time is up.
func (b *Browser) settle(ctx context.Context, rec *recorder) error {
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("browser: page never settled: %w", ctx.Err())
		case <-time.After(b.opt.Quiet / 4):
		}
		if rec.challenges() > maxChallengeLoads {
			return errChallengeLoop
		}
		if time.Since(rec.lastEvent()) < b.opt.Quiet {
			continue
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.readyState"))
		if err == nil && state == "complete" {
			return nil
		}
	}
}

// snapshot keeps the rendered DOM and the tab's URL.
func (b *Browser) snapshot(ctx context.Context, p *Page) error {
	dom, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.outerHTML"))
	if err != nil {
		return fmt.Errorf("browser: read DOM: %w", err)
	}
	u, err := chromedp.Run(ctx, chromedp.Evaluate[string]("location.href"))
	if err != nil {
		return fmt.Errorf("browser: read URL: %w", err)
	}
	p.DOMs, p.URL = append(p.DOMs, dom), u
	return nil
}

// clickNext clicks the first visible element whose text is a "next page"
// label (下一页, 下页, >), as a visitor would; false when there is none or
// it is disabled.
const clickNext = `(() => {
  const labels = ["下一页", "下页", "下一頁", "next", ">"];
  for (const el of document.querySelectorAll("a, button, span, li, input[type=button]")) {
    const t = (el.innerText || el.value || "").trim().toLowerCase();
    if (!labels.includes(t) || el.offsetParent === null) continue;
    if (el.disabled || /disabled/.test(el.className)) return false;
    el.click();
    return true;
  }
  return false;
})()`

// cookies are the cookies the browser holds for u.
func cookies(ctx context.Context, u string) []*http.Cookie {
	res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{u}})
	})
	if err != nil {
		return nil
	}
	var out []*http.Cookie
	for _, c := range res.Cookies {
		hc := &http.Cookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain, Secure: c.Secure, HttpOnly: c.HTTPOnly}
		if c.Expires > 0 {
			hc.Expires = time.Unix(int64(c.Expires), 0)
		}
		out = append(out, hc)
	}
	return out
}

// recorder collects the tab's responses: metadata from the events, bodies
// fetched as each finishes (before a reload can discard them).
type recorder struct {
	tab     context.Context
	mu      sync.Mutex
	last    time.Time
	methods map[network.RequestID]string
	resp    map[network.RequestID]*Response
	order   []network.RequestID
	pending sync.WaitGroup
	// challenged counts the challenge documents loaded in a row.
	challenged int
}

// maxChallengeLoads is how many challenge documents in a row a visit
// sits through before giving up (a real challenge passes on the first).
const maxChallengeLoads = 3

// errChallengeLoop: the page's script reloads into the same challenge.
var errChallengeLoop = fmt.Errorf("the page answered more than %d challenges in a row (its script never earns a pass)", maxChallengeLoads)

// watchLoop cancels the visit once the page loops through challenges;
// the returned func says whether it did.
func (r *recorder) watchLoop(ctx context.Context, cancel func()) func() bool {
	var looped atomic.Bool
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if r.challenges() > maxChallengeLoads {
					looped.Store(true)
					cancel()
					return
				}
			}
		}
	}()
	return looped.Load
}

func (r *recorder) challenges() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.challenged
}

func newRecorder(tab context.Context) *recorder {
	return &recorder{tab: tab, last: time.Now(), methods: map[network.RequestID]string{}, resp: map[network.RequestID]*Response{}}
}

// event runs in the tab's loop: it must return fast and send no command.
func (r *recorder) event(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.last = time.Now()
		r.methods[e.RequestID] = e.Request.Method
	case *network.EventResponseReceived:
		r.last = time.Now()
		if e.Type == network.ResourceTypeDocument {
			switch e.Response.Status {
			case 412, 521, 202:
				r.challenged++
			default:
				r.challenged = 0
			}
		}
		r.resp[e.RequestID] = &Response{URL: e.Response.URL, Method: r.methods[e.RequestID], Status: int(e.Response.Status),
			Header: headers(e.Response.Headers), Type: string(e.Type), Received: time.Now()}
		r.order = append(r.order, e.RequestID)
	case *network.EventLoadingFinished:
		r.last = time.Now()
		if resp := r.resp[e.RequestID]; resp != nil {
			r.pending.Add(1)
			go r.body(e.RequestID, resp)
		}
	}
}

func (r *recorder) body(id network.RequestID, resp *Response) {
	defer r.pending.Done()
	ctx, cancel := context.WithTimeout(r.tab, 10*time.Second)
	defer cancel()
	res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (network.GetResponseBodyResult, error) {
		return cdp.Call(ctx, t, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	})
	if err == nil {
		r.mu.Lock()
		resp.Body = res.Body
		r.mu.Unlock()
	}
}

func (r *recorder) lastEvent() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// wait returns the responses once their bodies are in.
func (r *recorder) wait(ctx context.Context) []Response {
	done := make(chan struct{})
	go func() { r.pending.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Response, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, *r.resp[id])
	}
	return out
}

func headers(h network.Headers) http.Header {
	out := http.Header{}
	for k, v := range h {
		for _, line := range strings.Split(fmt.Sprint(v), "\n") {
			out.Add(k, line)
		}
	}
	return out
}
