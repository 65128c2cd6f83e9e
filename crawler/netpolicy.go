package crawler

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// newBaseTransport is the network below captureTransport: proxy (explicit
// or from HTTP_PROXY/HTTPS_PROXY/NO_PROXY), timeouts, a header size cap, and
// unless AllowPrivate a dialer that refuses private and loopback peers.
// Compression is handled by captureTransport, which asks for it itself.
func newBaseTransport(opt *Options, tv *tlsVerifier) (*http.Transport, error) {
	proxy := http.ProxyFromEnvironment
	if opt.Proxy != "" {
		pu, err := url.Parse(opt.Proxy)
		if err != nil {
			return nil, fmt.Errorf("proxy %q: %w", opt.Proxy, err)
		}
		proxy = http.ProxyURL(pu)
	}
	d := &net.Dialer{Timeout: opt.Timeout, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate && !proxyInUse(opt) {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			return checkAddr(address, opt)
		}
	}
	cfg := tv.config()
	dial, dialTLS := wireDialers(d, cfg, proxy, opt.RootCAs)
	return &http.Transport{
		Proxy:                  tunnelled(proxy),
		DialContext:            dial,
		DialTLSContext:         dialTLS,
		TLSHandshakeTimeout:    opt.Timeout,
		ResponseHeaderTimeout:  opt.Timeout,
		MaxResponseHeaderBytes: opt.MaxHeaderBytes,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		DisableCompression:     true,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        cfg,
	}, nil
}

// proxyInUse says whether requests go through a proxy; then the dialer
// only ever reaches the proxy, and addresses are checked by host name.
func proxyInUse(opt *Options) bool {
	if opt.Proxy != "" {
		return true
	}
	for _, scheme := range []string{"http", "https"} {
		req := &http.Request{URL: &url.URL{Scheme: scheme, Host: "example.gov.cn"}}
		if p, err := http.ProxyFromEnvironment(req); err == nil && p != nil {
			return true
		}
	}
	return false
}

// checkAddr refuses a dial to a forbidden "ip:port".
func checkAddr(address string, opt *Options) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	if ip, err := netip.ParseAddr(host); err == nil && forbidden(ip, opt) {
		return fmt.Errorf("dial %s: %w", address, errForbiddenAddress)
	}
	return nil
}

// checkHost refuses a URL whose host is a forbidden literal address or
// "localhost", before any connection is made.
func checkHost(u *url.URL, opt *Options) error {
	if opt.AllowPrivate {
		return nil
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return fmt.Errorf("fetch %s: %w", u.Redacted(), errForbiddenAddress)
	}
	if ip, err := netip.ParseAddr(h); err == nil && forbidden(ip, opt) {
		return fmt.Errorf("fetch %s: %w", u.Redacted(), errForbiddenAddress)
	}
	return nil
}

// forbidden says whether ip is private, loopback, link-local, unspecified
// or multicast, unless AllowPrivate is set.
func forbidden(ip netip.Addr, opt *Options) bool {
	if opt.AllowPrivate {
		return false
	}
	if opt.forbidIP != nil {
		return opt.forbidIP(ip)
	}
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || cgnat.Contains(ip)
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// redirectPolicy caps redirects at MaxRedirects (loops end there),
// refuses a redirect to a non-HTTP scheme, a forbidden address or a path
// the target host's robots.txt (when already read) disallows, and spaces
// each hop by the host's politeness delay.
func (cr *Crawler) redirectPolicy(robots bool) func(req *http.Request, via []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= MaxRedirects {
			return fmt.Errorf("redirect to %s after %d (loop or too many): %w", req.URL.Redacted(), len(via), errRedirectRefused)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s: scheme: %w", req.URL.Redacted(), errRedirectRefused)
		}
		if err := checkHost(req.URL, &cr.opt); err != nil {
			return err
		}
		g := cr.hosts.get(hostKey(req.URL))
		if pol := g.loadedRobots(); robots && pol != nil && !pol.allow(req.URL) {
			return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), errRobotsDenied)
		}
		if cr.opt.NoDelay {
			return nil
		}
		if err := g.pace(req.Context(), cr.opt.Delay); err != nil {
			return err
		}
		return cr.sharedPace(req.Context(), hostKey(req.URL), g.spacingNow(cr.opt.Delay))
	}
}

// legacyTLS accepts what old county servers still speak: TLS 1.0 and the
// RSA key-exchange AES suites Go no longer offers by default. Certificates
// are verified by tlsVerifier (see tlsverify.go).
func legacyTLS() *tls.Config {
	var suites []uint16
	for _, s := range tls.CipherSuites() {
		suites = append(suites, s.ID)
	}
	suites = append(suites, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_256_CBC_SHA)
	return &tls.Config{MinVersion: tls.VersionTLS10, CipherSuites: suites}
}
