package crawler

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gocolly/colly/v2"

	"github.com/nianbao/nianbao/capture"
)

// fetcher performs requests through one synchronous colly Collector. colly
// is configured to get out of the crawler's way: no robots (the crawler
// honours them per host, with Crawl-delay), no revisit store (the site
// frontier deduplicates), no body limit and no charset guessing (the
// capture transport limits and decodes), HTTP error bodies passed on.
// Each site worker goroutine owns one fetcher, so colly never starts a
// goroutine per URL.
type fetcher struct {
	coll *colly.Collector
	body []byte // the body colly's OnResponse saw for the current request
}

func newFetcher(cr *Crawler, robots bool) *fetcher {
	f := &fetcher{}
	f.coll = colly.NewCollector(
		colly.UserAgent(cr.opt.UserAgent),
		colly.AllowURLRevisit(),
		colly.IgnoreRobotsTxt(),
		colly.MaxBodySize(0),
		colly.ParseHTTPErrorResponse(),
	)
	f.coll.WithTransport(cr.transport)
	f.coll.SetRequestTimeout(0) // the attempt context carries the timeout
	f.coll.SetRedirectHandler(cr.redirectPolicy(robots))
	f.coll.OnResponse(func(r *colly.Response) { f.body = r.Body })
	return f
}

// once makes one attempt at at.req through colly and leaves in at the
// capture (archived by the transport unless the run was cancelled) and
// the body colly's callbacks saw.
func (f *fetcher) once(ctx context.Context, cr *Crawler, at *attempt, hdr http.Header) {
	// No deadline over the whole exchange: connecting, TLS and the
	// response headers are bounded by Timeout in the transport, the body
	// by IdleTimeout and MinBodyRate, so a large document served slowly
	// but steadily arrives whole.
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	at.runCtx, at.cancel = ctx, cancel
	f.body = nil
	f.coll.Context = withAttempt(actx, at)
	var body io.Reader
	if at.req.method() == "POST" {
		body = bytes.NewReader(at.req.Body)
	}
	err := f.coll.Request(at.req.method(), at.req.URL, body, nil, hdr)
	f.coll.Context = context.Background()
	if at.cap == nil {
		cr.noResponse(at, err)
	}
	if f.body != nil {
		at.text = f.body
	}
}

// noResponse records an attempt that ended before the transport captured
// a final response: a refused redirect (its last hop is archived) or a
// request colly would not make.
func (cr *Crawler) noResponse(at *attempt, err error) {
	if err == nil {
		err = errNoResponse
	}
	c := at.lastHop
	if c == nil {
		c = &capture.Capture{URL: at.req.URL, Method: at.req.method(), SiteCode: at.site, Kind: at.req.Kind,
			SourceURL: at.req.Source, FetchedAt: cr.opt.Now().UTC()}
	}
	c.Outcome, c.Error = errOutcome(err, at.idle.Load()), err.Error()
	if n := len(at.hopList); n > 0 && c == at.lastHop {
		c.Hops = at.hopList[:n-1]
	}
	at.cap = c
	if at.lastHop != nil && at.runCtx.Err() == nil {
		at.saved, at.saveErr = cr.archive.SaveCapture(c)
	}
}

// requestHeader is what is sent besides colly's defaults: the link's own
// headers and, from prior, the validators of a conditional request.
func requestHeader(r *request, ua string, cond *capture.Prior) http.Header {
	h := http.Header{}
	h.Set("User-Agent", ua)
	h.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	h.Set("Accept-Language", "zh-CN,zh;q=0.9")
	for k, v := range r.Header {
		h.Set(k, v)
	}
	if cond != nil {
		if cond.ETag != "" {
			h.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			h.Set("If-Modified-Since", cond.LastModified)
		}
	}
	if r.method() == "POST" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return h
}

// hostKey is the politeness key of a URL: its lowercased host[:port].
func hostKey(u *url.URL) string { return strings.ToLower(u.Host) }
