package crawler

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	xproxy "golang.org/x/net/proxy"
)

// HTTPS through a proxy: Go's client would open the tunnel (CONNECT, or a
// SOCKS5 handshake) and do the TLS handshake itself, above the recorded
// connection, so the archive would see only ciphertext and rebuild the
// exchange. Instead the transport is told such requests go direct, and
// dialTLS opens the tunnel itself, then shakes hands with the origin over
// it, so the recording sits above TLS as for a direct connection:
//   - http:// proxy: CONNECT host:443 with the proxy's credentials;
//   - https:// proxy: TLS to the proxy (its certificate verified against
//     Options.RootCAs or the system's, whatever the tls mode: the proxy
//     gets the credentials), then the same CONNECT inside;
//   - socks5:// (or socks5h://) proxy: a SOCKS5 CONNECT by host name (the
//     proxy resolves it), with username/password authentication when the
//     URL carries them (golang.org/x/net/proxy).
// Plain http:// requests through a proxy are left to Go's client; they are
// recorded as they cross the wire to the proxy (absolute-form request line
// for http:// and https:// proxies).

// tunnels says whether dialTLS opens HTTPS tunnels through proxy p itself.
func tunnels(p *url.URL) bool {
	switch p.Scheme {
	case "http", "https", "socks5", "socks5h":
		return true
	}
	return false // Go's client refuses it with an error naming the scheme
}

// tunnelled wraps the transport's proxy function: HTTPS requests that
// dialTLS tunnels itself are reported as direct.
func tunnelled(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		p, err := proxy(req)
		if err == nil && p != nil && req.URL.Scheme == "https" && tunnels(p) {
			return nil, nil
		}
		return p, err
	}
}

// tunnelProxy is the proxy an HTTPS connection to addr is tunnelled
// through; nil when it goes direct. self is true when addr is an https://
// proxy itself, which Go's client dials through dialTLS to send it a plain
// http:// request (the proxy is then not asked about its own address).
func tunnelProxy(proxy func(*http.Request) (*url.URL, error), addr string) (p *url.URL, self bool, err error) {
	if proxy == nil {
		return nil, false, nil
	}
	p, err = proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: addr}})
	if err != nil || p == nil || !tunnels(p) {
		return nil, false, err
	}
	if p.Scheme == "https" && proxyAddr(p) == addr {
		return p, true, nil
	}
	return p, false, nil
}

// proxyAddr is the proxy's host:port, with the scheme's default port.
func proxyAddr(p *url.URL) string {
	if p.Port() != "" {
		return p.Host
	}
	port := map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[p.Scheme]
	return net.JoinHostPort(p.Hostname(), port)
}

// proxyTLS is the client configuration of the TLS connection to an
// https:// proxy: verified, whatever the crawl's tls mode.
func proxyTLS(p *url.URL, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: p.Hostname(), RootCAs: roots, NextProtos: []string{"http/1.1"}}
}

// dialProxyTLS dials an https:// proxy and shakes hands with it.
func dialProxyTLS(ctx context.Context, d *net.Dialer, p *url.URL, roots *x509.CertPool) (net.Conn, error) {
	conn, err := d.DialContext(ctx, "tcp", proxyAddr(p))
	if err != nil {
		return nil, fmt.Errorf("proxy %s: %w", p.Host, err)
	}
	tc := tls.Client(conn, proxyTLS(p, roots))
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("proxy %s: TLS: %w", p.Host, err)
	}
	return tc, nil
}

// connect dials the proxy p and opens a tunnel to addr through it.
func connect(ctx context.Context, d *net.Dialer, p *url.URL, addr string, roots *x509.CertPool) (net.Conn, error) {
	var conn net.Conn
	var err error
	switch p.Scheme {
	case "socks5", "socks5h":
		return socksConnect(ctx, d, p, addr)
	case "https":
		conn, err = dialProxyTLS(ctx, d, p, roots)
	default:
		conn, err = d.DialContext(ctx, "tcp", proxyAddr(p))
		if err != nil {
			err = fmt.Errorf("proxy %s: %w", p.Host, err)
		}
	}
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else if d.Timeout > 0 {
		_ = conn.SetDeadline(time.Now().Add(d.Timeout))
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	err = tunnel(conn, p, addr)
	if !stop() || err != nil {
		conn.Close()
		if err == nil {
			err = ctx.Err()
		}
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return conn, nil
}

// socksConnect opens a SOCKS5 connection to addr through p.
func socksConnect(ctx context.Context, d *net.Dialer, p *url.URL, addr string) (net.Conn, error) {
	var auth *xproxy.Auth
	if u := p.User; u != nil {
		pw, _ := u.Password()
		auth = &xproxy.Auth{User: u.Username(), Password: pw}
	}
	sd, err := xproxy.SOCKS5("tcp", proxyAddr(p), auth, d)
	if err != nil {
		return nil, fmt.Errorf("proxy %s: %w", p.Host, err)
	}
	conn, err := sd.(xproxy.ContextDialer).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("proxy %s: SOCKS5 CONNECT %s: %w", p.Host, addr, err)
	}
	return conn, nil
}

// tunnel sends CONNECT addr and reads the proxy's answer.
func tunnel(conn net.Conn, p *url.URL, addr string) error {
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if u := p.User; u != nil {
		pw, _ := u.Password()
		req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	if err := req.Write(conn); err != nil {
		return fmt.Errorf("proxy %s: CONNECT %s: %w", p.Host, addr, err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return fmt.Errorf("proxy %s: CONNECT %s: %w", p.Host, addr, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("proxy %s refused CONNECT %s: %s", p.Host, addr, resp.Status)
	}
	if br.Buffered() > 0 {
		return fmt.Errorf("proxy %s: CONNECT %s: bytes before the TLS handshake", p.Host, addr)
	}
	return nil
}
