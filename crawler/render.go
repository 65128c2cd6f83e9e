package crawler

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/crawler/discover"
)

// A real browser, only where plain HTTP cannot get a page (Options.Browser):
//
//	challenge  a 412/521/202 script challenge: the browser loads the page
//	           as any visitor would; the cookies it earns go back to the
//	           HTTP fetcher for the rest of the site, and the page is
//	           fetched again over HTTP. A CAPTCHA, slider or login is never
//	           attempted: the site stays challenged, with the reason.
//	script     a listing page whose links only script draws (no report or
//	           attachment link in its HTML), or whose first page is in the
//	           HTML and the rest only behind a script pager: rendered, its
//	           pager clicked, the links of each rendered page followed.
//
// The browser visit waits for the host's politeness slot like any request
// and sends the crawl's User-Agent. Every response it receives is archived
// raw (Kind "browser"); each rendered DOM is kept as a WARC metadata record
// referring to the document response it was drawn from (archiveVisit).
// Discovery reads the DOMs as the visit returns them.

// Renderer is a real browser (crawler/browser.Browser).
type Renderer interface {
	Visit(ctx context.Context, url string, pages int) (*browser.Page, error)
}

// OutcomeRendered marks the rendered DOM of a page, kept beside its raw
// responses.
const OutcomeRendered capture.Outcome = "rendered"

// maxRenderPages bounds the pager steps of one script-drawn listing.
const maxRenderPages = 20

// humanGate are words of challenges a crawler must not attempt.
var humanGate = []string{"验证码", "滑块", "拖动", "captcha", "slider", "登录", "login", "geetest", "人机验证"}

// humanChallenge names the CAPTCHA/slider/login words in a challenge body.
func humanChallenge(body []byte) string {
	b := bytes.ToLower(body)
	for _, w := range humanGate {
		if bytes.Contains(b, []byte(w)) {
			return w
		}
	}
	return ""
}

// passChallenge runs the browser on a challenged page and fetches the page
// again over HTTP with the cookies it earned. It returns the new attempt,
// or nil when the site stays challenged (halted with the reason).
func (s *siteRun) passChallenge(ctx context.Context, f *fetcher, r *request, cond *capture.Prior, at *attempt) *attempt {
	if w := humanChallenge(at.cap.Body); w != "" {
		s.halt("challenged", fmt.Sprintf("%s; a human check (%q) is never attempted", challengeDetail(at.cap), w))
		return nil
	}
	s.mu.Lock()
	failed := s.browserFailed
	s.mu.Unlock()
	if failed != "" { // the same challenge already beat the browser on robots.txt
		s.halt("challenged", fmt.Sprintf("%s; on robots.txt %s", challengeDetail(at.cap), failed))
		return nil
	}
	page, err := s.visit(ctx, r, 1)
	if err != nil || len(page.Cookies) == 0 {
		s.halt("challenged", fmt.Sprintf("%s; the browser did not pass it: %v", challengeDetail(at.cap), err))
		return nil
	}
	s.setCookies(page.Cookies)
	again := s.fetch(ctx, f, r, cond, s.cr.opt.MaxBodyBytes)
	if again == nil || again.cap.Outcome == capture.OutcomeChallenged {
		if again != nil {
			s.halt("challenged", challengeDetail(again.cap)+"; still challenged with the browser's cookies")
		}
		return nil
	}
	s.update(func(res *capture.SiteResult) { res.Skipped["challenge_passed_by_browser"]++ })
	return again
}

// visit renders r.URL in the browser under the host's politeness, and
// archives what it received.
func (s *siteRun) visit(ctx context.Context, r *request, pages int) (*browser.Page, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, err
	}
	g := s.cr.hosts.get(hostKey(u))
	if err := g.acquire(ctx, s.delay()); err != nil {
		return nil, err
	}
	page, err := s.cr.opt.Browser.Visit(ctx, r.URL, pages)
	g.release(s.delay())
	if err != nil {
		return nil, err
	}
	s.update(func(res *capture.SiteResult) { res.Requests += len(page.Responses) })
	s.cr.requests.Add(int64(len(page.Responses)))
	return page, s.archiveVisit(r, page)
}

// archiveVisit saves every response of a visit raw. The rendered DOMs go
// with the document response they were drawn from (Capture.Rendered: the
// archive keeps them as WARC metadata records referring to it); a visit
// with no document response for the tab's URL keeps them as captures of
// kind "rendered" instead.
func (s *siteRun) archiveVisit(r *request, page *browser.Page) error {
	doc := documentOf(page)
	for i, b := range page.Responses {
		c := &capture.Capture{URL: b.URL, FinalURL: b.URL, Method: b.Method, Status: b.Status, Header: b.Header,
			Body: b.Body, FetchedAt: b.Received.UTC(), SourceURL: r.URL, SiteCode: s.seed.Code, Kind: "browser",
			Outcome: capture.OutcomeOK, ReqHeader: http.Header{"User-Agent": {s.cr.opt.UserAgent}}}
		if b.Status >= 400 || b.Status == 202 {
			c.Outcome = capture.OutcomeHTTPError
		}
		if i == doc {
			c.Rendered = page.DOMs
		}
		if _, err := s.cr.archive.SaveCapture(c); err != nil {
			s.cr.fail(fmt.Errorf("save browser capture %s: %w", b.URL, err))
			return err
		}
	}
	if doc >= 0 {
		return nil
	}
	now := s.cr.opt.Now().UTC()
	for i, dom := range page.DOMs {
		c := &capture.Capture{URL: page.URL, FinalURL: page.URL, Method: "GET", Status: 200, Body: []byte(dom),
			Header:    http.Header{"Content-Type": {"text/html; charset=utf-8"}, "X-Nianbao-Rendered": {fmt.Sprintf("chromium; pager step %d", i)}},
			FetchedAt: now, SourceURL: r.URL, SiteCode: s.seed.Code, Kind: "rendered", Outcome: OutcomeRendered}
		if _, err := s.cr.archive.SaveCapture(c); err != nil {
			s.cr.fail(fmt.Errorf("save rendered %s: %w", page.URL, err))
			return err
		}
	}
	return nil
}

// documentOf is the index of the last document response for the tab's
// URL with a status (the page the DOMs were drawn from), -1 if none.
func documentOf(page *browser.Page) int {
	for i := len(page.Responses) - 1; i >= 0; i-- {
		b := page.Responses[i]
		if b.Type == "Document" && b.URL == page.URL && b.Status > 0 {
			return i
		}
	}
	return -1
}

// setCookies hands the browser's cookies to every fetcher of the site.
func (s *siteRun) setCookies(cs []*http.Cookie) {
	s.mu.Lock()
	s.cookies = append(s.cookies, cs...)
	s.mu.Unlock()
}

// applyCookies sets the site's browser-earned cookies on f before a request.
func (s *siteRun) applyCookies(f *fetcher, u string) {
	s.mu.Lock()
	cs := s.cookies
	s.mu.Unlock()
	if len(cs) > 0 {
		f.coll.SetCookies(u, cs)
	}
}

// scriptDrawn says whether a fetched listing page needs the browser: it
// runs scripts, and its HTML gave no report, attachment or CMS data
// endpoint link (Hanweb dataproxy, gkmlpt API: read over HTTP), or it
// lists reports but pages by script only (discover.ScriptPager: a
// javascript: 下一页, a page count and no next-page address).
func (s *siteRun) scriptDrawn(r *request, at *attempt) bool {
	if s.cr.opt.Browser == nil || r.Kind != "listing" || r.method() != "GET" || !at.isText ||
		!bytes.Contains(bytes.ToLower(at.text), []byte("<script")) {
		return false
	}
	if at.found == 0 {
		return true
	}
	if discover.ScriptPager(discover.Page{URL: at.cap.FinalURL, ContentType: "text/html; charset=utf-8", Body: at.text}) {
		s.skip("script_pager")
		return true
	}
	return false
}

// render draws a script-drawn listing in the browser and follows the
// links of every rendered page of it.
func (s *siteRun) render(ctx context.Context, r *request) {
	page, err := s.visit(ctx, r, maxRenderPages)
	if err != nil {
		s.skip("render_failed")
		s.cr.opt.Logger.Warn("render", "url", r.URL, "err", err)
		return
	}
	s.update(func(res *capture.SiteResult) { res.Skipped["rendered_by_browser"]++ })
	for _, dom := range page.DOMs {
		s.inSlot(ctx, s.cr.cpu, func() {
			s.discoverIn(r, discover.Page{URL: page.URL, ContentType: "text/html; charset=utf-8", Body: []byte(dom)})
		})
	}
}
