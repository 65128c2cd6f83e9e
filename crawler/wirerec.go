package crawler

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/nianbao/nianbao/capture"
)

// The archive keeps each exchange as it crossed the network: the request
// as sent, the status line and headers in the order received, and the body
// with its transfer and content encoding. Go's client parses all that
// away, so the connections it uses are wrapped (wireConn) and record the
// bytes of one exchange at a time, between GotConn and the end of the
// body. HTTPS connections are made by dialTLS, which does the handshake
// itself (same configuration, HTTP/1.1 only, as HTTP/2 frames are not the
// HTTP/1.1 a WARC holds) so the recording sits above TLS, also through an
// http:// proxy (proxyconnect.go). Through an https:// or socks5:// proxy,
// HTTPS is not recorded and the archive rebuilds the exchange from the
// parsed response instead.

// maxWireRequest caps the recorded request (a POST body is also kept in
// Capture.ReqBody).
const maxWireRequest = 1 << 20

// wireConn records the exchange in progress on one connection.
type wireConn struct {
	net.Conn
	mu  sync.Mutex
	rec *wireRec
}

// wireRec is one exchange's bytes. The response body is kept only when
// it differs from the decoded body the capture holds (chunked or
// content-encoded) and only up to max bytes.
type wireRec struct {
	req      bytes.Buffer
	resp     bytes.Buffer
	headEnd  int  // length of the head in resp; -1 until the blank line is seen
	keepBody bool // the body as sent differs from the decoded one
	overflow bool // the body passed max and was not kept whole
	max      int
}

func (c *wireConn) begin(max int64) {
	c.mu.Lock()
	c.rec = &wireRec{headEnd: -1, max: int(max)}
	c.mu.Unlock()
}

// end stops recording and returns what was recorded.
func (c *wireConn) end() *wireRec {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rec
	c.rec = nil
	return r
}

func (c *wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.rec != nil {
			c.rec.read(p[:n])
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *wireConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.rec != nil && c.rec.req.Len()+len(p) <= maxWireRequest {
		c.rec.req.Write(p)
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// ConnectionState exposes the TLS state of a connection dialTLS made, so
// the response's TLS verification result is still recorded.
func (c *wireConn) ConnectionState() (tls.ConnectionState, bool) {
	if tc, ok := c.Conn.(*tls.Conn); ok {
		return tc.ConnectionState(), true
	}
	return tls.ConnectionState{}, false
}

func (r *wireRec) read(p []byte) {
	if r.headEnd >= 0 {
		if r.keepBody && !r.overflow {
			if r.resp.Len()-r.headEnd+len(p) > r.max {
				r.overflow = true
				return
			}
			r.resp.Write(p)
		}
		return
	}
	r.resp.Write(p)
	i := bytes.Index(r.resp.Bytes(), []byte("\r\n\r\n"))
	if i < 0 {
		return
	}
	r.headEnd = i + 4
	head := bytes.ToLower(r.resp.Bytes()[:r.headEnd])
	r.keepBody = bytes.Contains(head, []byte("\ntransfer-encoding:")) || bytes.Contains(head, []byte("\ncontent-encoding:"))
	if !r.keepBody {
		r.resp.Truncate(r.headEnd)
	} else if r.resp.Len()-r.headEnd > r.max {
		r.overflow = true
	}
}

// wire turns the recording into a capture.Wire; nil when nothing useful
// was recorded. A body that was not kept whole is marked as differing but
// not available (empty, non-nil), so the archive stores the decoded body.
func (r *wireRec) wire() *capture.Wire {
	if r == nil || r.req.Len() == 0 {
		return nil
	}
	w := &capture.Wire{Request: bytes.Clone(r.req.Bytes())}
	if r.headEnd < 0 {
		return w
	}
	b := r.resp.Bytes()
	w.Head = bytes.Clone(b[:r.headEnd])
	switch {
	case !r.keepBody:
	case r.overflow:
		w.Body = []byte{}
	default:
		w.Body = bytes.Clone(b[r.headEnd:])
	}
	return w
}

// wireDialers wraps a dialer so that every connection records, and makes
// HTTPS connections itself (see the comment at the top of this file).
func wireDialers(d *net.Dialer, cfg *tls.Config, proxy func(*http.Request) (*url.URL, error), proxyRoots *x509.CertPool) (dial, dialTLS func(ctx context.Context, network, addr string) (net.Conn, error)) {
	dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &wireConn{Conn: c}, nil
	}
	dialTLS = func(ctx context.Context, network, addr string) (net.Conn, error) {
		p, self, err := tunnelProxy(proxy, addr)
		if err != nil {
			return nil, err
		}
		if self { // Go's client reaching an https:// proxy for a plain http:// request
			c, err := dialProxyTLS(ctx, d, p, proxyRoots)
			if err != nil {
				return nil, err
			}
			// hidden from tlsState: this TLS is the proxy's, not the site's
			return &wireConn{Conn: struct{ net.Conn }{c}}, nil
		}
		var raw net.Conn
		if p != nil {
			raw, err = connect(ctx, d, p, addr, proxyRoots)
		} else {
			raw, err = d.DialContext(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		c := cfg.Clone()
		c.ServerName, c.NextProtos = host, []string{"http/1.1"}
		tc := tls.Client(raw, c)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return &wireConn{Conn: tc}, nil
	}
	return dial, dialTLS
}

// wireTrace starts recording on the connection a request gets; the
// returned pointer holds that connection (nil when it does not record).
func wireTrace(req *http.Request, limit int64) (*http.Request, *atomic.Pointer[wireConn]) {
	var got atomic.Pointer[wireConn]
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if c, ok := info.Conn.(*wireConn); ok {
			c.begin(limit + 64<<10)
			got.Store(c)
		}
	}}
	return req.WithContext(httptrace.WithClientTrace(req.Context(), trace)), &got
}

// wireOf ends the recording of one exchange.
func wireOf(got *atomic.Pointer[wireConn]) *capture.Wire {
	if c := got.Load(); c != nil {
		return c.end().wire()
	}
	return nil
}

// tlsState fills resp.TLS for a connection dialTLS made, as Go's client
// only fills it for a *tls.Conn.
func tlsState(resp *http.Response, got *atomic.Pointer[wireConn]) {
	if resp == nil || resp.TLS != nil {
		return
	}
	if c := got.Load(); c != nil {
		if cs, ok := c.ConnectionState(); ok {
			resp.TLS = &cs
		}
	}
}
