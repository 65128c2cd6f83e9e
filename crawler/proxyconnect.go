package crawler

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// HTTPS through an http:// proxy: Go's client would send CONNECT and do
// the TLS handshake itself, above the recorded connection, so the archive
// would see only ciphertext and rebuild the exchange. Instead the
// transport is told such requests go direct, and dialTLS opens the tunnel
// (CONNECT host:443 to the proxy, with its credentials), then shakes hands
// over it, so the recording sits above TLS as for a direct connection.
// https:// and socks5:// proxies are left to Go's client (not recorded).

// tunnelled wraps the transport's proxy function: HTTPS requests that
// dialTLS tunnels through an http:// proxy are reported as direct.
func tunnelled(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		p, err := proxy(req)
		if err == nil && p != nil && req.URL.Scheme == "https" && p.Scheme == "http" {
			return nil, nil
		}
		return p, err
	}
}

// tunnelProxy is the http:// proxy an HTTPS connection to addr goes
// through; nil when it goes direct (or through a proxy Go handles).
func tunnelProxy(proxy func(*http.Request) (*url.URL, error), addr string) (*url.URL, error) {
	if proxy == nil {
		return nil, nil
	}
	p, err := proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: addr}})
	if err != nil || p == nil || p.Scheme != "http" {
		return nil, err
	}
	return p, nil
}

// connect dials the proxy p and opens a tunnel to addr.
func connect(ctx context.Context, d *net.Dialer, p *url.URL, addr string) (net.Conn, error) {
	paddr := p.Host
	if p.Port() == "" {
		paddr = net.JoinHostPort(p.Hostname(), "80")
	}
	conn, err := d.DialContext(ctx, "tcp", paddr)
	if err != nil {
		return nil, fmt.Errorf("proxy %s: %w", p.Host, err)
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
