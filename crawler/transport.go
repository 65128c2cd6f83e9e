package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// attempt is one try at fetching a request. It travels in the request
// context from the fetcher through colly to captureTransport, which fills
// in what the wire gave.
type attempt struct {
	req     *request
	site    string // seed code
	limit   int64  // body cap for this request
	runCtx  context.Context
	cancel  context.CancelFunc
	idle    atomic.Bool        // the idle watchdog fired
	hops    int                // redirects followed
	lastHop *capture.Capture   // the last redirect response seen
	hopList []*capture.Capture // every redirect response seen, oldest first
	cap     *capture.Capture   // the final capture, saved
	saved   capture.Saved      // what the archive did with cap
	saveErr error              // archive failure
	text    []byte             // text handed to colly and discovery (UTF-8, ≤ MaxDiscoverBytes)
	isText  bool               // body was decoded as text
	textCut bool               // text is a prefix of the decoded body
	large   chan struct{}      // the large-body slot held, nil if none
	// parseLater: the capture is a document to parse outside the CPU
	// slots (handleBounded).
	parseLater bool
	spilled    bool // the body was let go while waiting for a tool slot (spill)
	found      int  // report, attachment and data-endpoint links discovery found in the page
}

// holdLarge takes a large-body slot for this attempt; the slot is held
// until releaseLarge, after the page has been processed, so only
// MaxLargeBodies huge pages are in memory (raw, decoded, parsed) at once.
func (at *attempt) holdLarge(ctx context.Context, slots chan struct{}) error {
	select {
	case slots <- struct{}{}:
		at.large = slots
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// releaseLarge frees the large-body slot, if held.
func (at *attempt) releaseLarge() {
	if at != nil && at.large != nil {
		<-at.large
		at.large = nil
	}
}

type attemptKey struct{}

func withAttempt(ctx context.Context, at *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, at)
}

func attemptFrom(ctx context.Context) *attempt {
	at, _ := ctx.Value(attemptKey{}).(*attempt)
	return at
}

// captureTransport sits below colly: it reads each final response whole,
// records it as a capture.Capture, archives it before anything interprets
// it, decodes text to UTF-8 and hands colly a response that says so.
type captureTransport struct {
	base    http.RoundTripper
	archive Archive
	opt     *Options
	large   chan struct{} // MaxLargeBodies slots
	tls     *tlsVerifier  // verification errors of TLS connections
	// ended is told the URL of every exchange that just finished, so the
	// host it happened on (which a redirect may have changed) spaces its
	// next request from this moment.
	ended func(u *url.URL)
}

func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	at := attemptFrom(req.Context())
	if at == nil {
		return nil, fmt.Errorf("fetch %s: request without crawl attempt", req.URL)
	}
	if err := checkHost(req.URL, t.opt); err != nil {
		return nil, err
	}
	out := req.Clone(req.Context())
	out.Header.Set("Accept-Encoding", "gzip, deflate, br")
	out, wire := wireTrace(out, at.limit)
	start := time.Now()
	resp, err := t.base.RoundTrip(out)
	headersAt := t.opt.Now()
	tlsState(resp, wire)
	if err != nil {
		c := t.newCapture(at, out, nil, headersAt)
		c.Wire = wireOf(wire)
		t.finish(at, c, nil, err, start)
		return nil, err
	}
	defer t.ended(out.URL)
	if isRedirect(resp) {
		return t.hop(at, out, resp, headersAt, start, wire), nil
	}
	idle := newIdleReader(resp.Body, t.opt.IdleTimeout, func() { at.idle.Store(true); at.cancel() }).
		withMinRate(t.opt.Timeout, t.opt.MinBodyRate)
	br := readBody(idle, resp.Header.Get("Content-Encoding"), at.limit, func() error {
		idle.pause() // waiting for a slot is not the server's idleness
		defer idle.resume()
		return at.holdLarge(req.Context(), t.large)
	})
	idle.stop()
	resp.Body.Close()
	c := t.newCapture(at, out, resp, headersAt)
	c.Body, c.Truncated, c.Wire = br.Body, br.Truncated, wireOf(wire)
	if br.Truncated {
		c.LimitBytes = at.limit
	}
	t.finish(at, c, resp, br.Err, start)
	if br.Err != nil {
		return nil, br.Err
	}
	return colliedResponse(req, resp, at), nil
}

// newCapture starts the capture of one exchange whose response headers
// arrived (or which failed) at fetchedAt.
func (t *captureTransport) newCapture(at *attempt, req *http.Request, resp *http.Response, fetchedAt time.Time) *capture.Capture {
	c := &capture.Capture{
		URL: at.req.URL, FinalURL: req.URL.String(), Method: req.Method, ReqBody: at.req.Body,
		ReqHeader: req.Header.Clone(), FetchedAt: fetchedAt.UTC(),
		SourceURL: at.req.Source, SiteCode: at.site, Kind: at.req.Kind,
		LinkText: at.req.LinkText, LinkDate: at.req.LinkDate, LinkDateFrom: at.req.DateFrom,
	}
	if resp != nil {
		c.Status, c.Proto, c.Header = resp.StatusCode, resp.Proto, resp.Header.Clone()
		if t.tls != nil {
			c.TLSError = t.tls.result(resp.TLS)
		}
	}
	return c
}

// hop records a redirect the client is about to follow, with its body (read
// here, up to maxHopBody, so the wire recording holds it). The hops are
// archived with the capture that ends the chain, or, when the redirect is
// refused, the last hop is that capture.
func (t *captureTransport) hop(at *attempt, req *http.Request, resp *http.Response, fetchedAt, start time.Time, wire *atomic.Pointer[wireConn]) *http.Response {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxHopBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	at.hops++
	h := t.newCapture(at, req, resp, fetchedAt)
	h.Body = readBody(bytes.NewReader(raw), resp.Header.Get("Content-Encoding"), maxHopBody, nil).Body
	h.Duration, h.Outcome, h.Wire = time.Since(start), capture.OutcomeOK, wireOf(wire)
	at.lastHop = h
	at.hopList = append(at.hopList, h)
	return resp
}

// maxHopBody caps the body of a redirect response that is kept.
const maxHopBody = 64 << 10

// finish classifies the capture, decodes its text and archives it. A
// request abandoned because the run was cancelled is not archived.
func (t *captureTransport) finish(at *attempt, c *capture.Capture, resp *http.Response, err error, start time.Time) {
	c.Duration = time.Since(start)
	if err != nil {
		c.Error = err.Error()
	}
	c.Outcome = classify(c, err, at.idle.Load())
	if err == nil && resp != nil {
		at.text, at.isText = decodeText(c, t.opt)
		at.text, at.textCut = handedOn(at.text, at.isText, t.opt.MaxDiscoverBytes)
	}
	at.cap = c
	c.Hops = at.hopList
	if at.runCtx.Err() != nil {
		return
	}
	at.saved, at.saveErr = t.archive.SaveCapture(c)
	if at.saveErr != nil {
		at.saveErr = fmt.Errorf("save capture %s: %w", c.URL, at.saveErr)
	}
}

// decodeText decodes a text body to UTF-8 and notes the charset decision
// in c. Binary bodies are returned untouched. A decoder panic leaves the
// body undecoded rather than losing the capture.
func decodeText(c *capture.Capture, opt *Options) (text []byte, isText bool) {
	ct := c.Header.Get("Content-Type")
	if len(c.Body) == 0 || !opt.IsText(ct, c.Body) {
		return c.Body, false
	}
	defer func() {
		if r := recover(); r != nil {
			text, isText = c.Body, false
			c.Charset = capture.Charset{Method: "failed", Note: fmt.Sprint(r)}
		}
	}()
	text, c.Charset = opt.Decode(c.Body, ct)
	if c.Charset.Name == "" { // the decoder found it binary after all
		return c.Body, false
	}
	return text, true
}

// handedOn is what of a decoded body goes on to colly and discovery: at
// most max bytes of text, as discovery reads no more, and nothing of a
// binary body. Parsing reads the capture's raw bytes, so a page in flight
// holds its raw body and at most max bytes of text, not three full copies.
func handedOn(text []byte, isText bool, max int) ([]byte, bool) {
	if !isText {
		return nil, false
	}
	if len(text) > max {
		return utf8Prefix(text, max), true
	}
	return text, false
}

// colliedResponse is what colly sees: the decoded body, no content
// encoding, and a Content-Type that names UTF-8 for text, so colly neither
// re-decodes nor truncates.
func colliedResponse(req *http.Request, resp *http.Response, at *attempt) *http.Response {
	h := resp.Header.Clone()
	h.Del("Content-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(at.text)))
	if ct := colliedType(h.Get("Content-Type"), at.isText); ct != "" {
		h.Set("Content-Type", ct)
	}
	return &http.Response{
		Status: resp.Status, StatusCode: resp.StatusCode, Proto: resp.Proto,
		ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor, Header: h,
		Body: io.NopCloser(bytes.NewReader(at.text)), ContentLength: int64(len(at.text)),
		Request: req, Uncompressed: true, TLS: resp.TLS,
	}
}

func isRedirect(resp *http.Response) bool {
	switch resp.StatusCode {
	case 301, 302, 303, 307, 308:
		return resp.Header.Get("Location") != ""
	}
	return false
}

// colliedType is the Content-Type colly and discovery see: charset=utf-8
// for decoded text, no charset at all for binary bodies (so colly never
// re-decodes them). "" keeps the header as it is.
func colliedType(ct string, isText bool) string {
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case isText && (err != nil || mt == ""):
		return "text/html; charset=utf-8"
	case isText:
		return mime.FormatMediaType(mt, map[string]string{"charset": "utf-8"})
	case err == nil && mt != "":
		return mt
	}
	return ""
}
