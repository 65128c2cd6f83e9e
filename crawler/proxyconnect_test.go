package crawler

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// HTTPS through an http:// proxy is tunnelled by the crawler itself
// (CONNECT with the proxy's credentials), so the archive gets the exchange
// as it crossed the wire above TLS, not one rebuilt from the parsed response.
func TestCrawler_Wire_HTTPSThroughProxyRecorded(t *testing.T) {
	site := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page("某县人民政府", "首页"))
	}))
	defer site.Close()
	var mu sync.Mutex
	var connects []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		connects = append(connects, r.Method+" "+r.Host+" "+r.Header.Get("Proxy-Authorization"))
		mu.Unlock()
		if r.Method != http.MethodConnect || r.Host != "county.example.gov.cn:443" {
			http.Error(w, "CONNECT to the county only", http.StatusForbidden)
			return
		}
		up, err := net.Dial("tcp", site.Listener.Addr().String())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, bw, _ := w.(http.Hijacker).Hijack()
		bw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n")
		bw.Flush()
		go func() { io.Copy(up, conn); up.Close() }()
		io.Copy(conn, up)
		conn.Close()
	}))
	defer proxy.Close()
	opt := testOptions()
	opt.Proxy, opt.AllowPrivate = strings.Replace(proxy.URL, "http://", "http://nb:secret@", 1), false
	a := newFakeArchive("x")
	runOnce(t, opt, a, "x", Seed{Code: "1", URL: "https://county.example.gov.cn/"})
	caps := a.capturesOf("https://county.example.gov.cn/")
	if len(caps) != 1 {
		t.Fatalf("captures of the home page through the proxy: %d (proxy saw %v)", len(caps), connects)
	}
	c := caps[0]
	if c.Wire == nil || !strings.HasPrefix(string(c.Wire.Request), "GET / HTTP/1.1\r\nHost: county.example.gov.cn\r\n") ||
		!strings.HasPrefix(string(c.Wire.Head), "HTTP/1.1 200 OK\r\n") {
		t.Fatalf("exchange not recorded above TLS: %+v", c.Wire)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(connects) == 0 || connects[0] != "CONNECT county.example.gov.cn:443 Basic bmI6c2VjcmV0" {
		t.Errorf("proxy saw %q, want a CONNECT with the credentials", connects)
	}
}

// originRaw is what the test origin sends, byte for byte: headers in an
// order and case Go would not write, chunked, so a rebuilt exchange differs.
var originRaw = "HTTP/1.1 200 OK\r\nServer: gov-origin\r\ncontent-type: text/html; charset=utf-8\r\nX-Order: b\r\n" +
	"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
	chunk("<html><head><title>某县人民政府</title>") + chunk("</head><body>首页</body></html>") + "0\r\n\r\n"

func chunk(s string) string { return fmt.Sprintf("%x\r\n%s\r\n", len(s), s) }

// rawOrigin answers "/" with originRaw and anything else with a 404, as raw bytes.
func rawOrigin(w http.ResponseWriter, r *http.Request) {
	resp := originRaw
	if r.URL.Path != "/" {
		resp = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	}
	conn, bw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	bw.WriteString(resp)
	bw.Flush()
	conn.Close()
}

// proxyLog is what a test proxy was asked, one line per request.
type proxyLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *proxyLog) add(s string) { l.mu.Lock(); l.lines = append(l.lines, s); l.mu.Unlock() }
func (l *proxyLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// pipe relays bytes both ways until either side closes.
func pipe(a, b net.Conn) {
	go func() { io.Copy(a, b); a.Close() }()
	io.Copy(b, a)
	b.Close()
}

// relayProxy is an HTTP proxy (served over TCP or TLS) that relays bytes
// unchanged: CONNECT tunnels, and absolute-form requests forwarded as is.
// route maps the requested host:port to the origin serving it.
func relayProxy(log *proxyLog, route func(addr string) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		log.add(r.Method + " " + r.Host + " " + r.Header.Get("Proxy-Authorization"))
		up, err := net.Dial("tcp", route(r.Host))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, bw, _ := w.(http.Hijacker).Hijack()
		if r.Method == http.MethodConnect {
			bw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n")
			bw.Flush()
		} else {
			r.Header.Del("Proxy-Authorization")
			r.Write(up)
		}
		pipe(conn, up)
	}
}

// socks5Proxy is a minimal SOCKS5 server (RFC 1928 CONNECT by name, RFC
// 1929 username/password when user is set) relaying bytes unchanged.
func socks5Proxy(t *testing.T, log *proxyLog, user string, route func(addr string) string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go socks5Serve(c, log, user, route)
		}
	}()
	return ln.Addr().String()
}

func socks5Serve(c net.Conn, log *proxyLog, user string, route func(string) string) {
	defer c.Close()
	b := make([]byte, 512)
	if _, err := io.ReadFull(c, b[:2]); err != nil || b[0] != 5 {
		return
	}
	if _, err := io.ReadFull(c, b[:b[1]]); err != nil {
		return
	}
	got := ""
	if user != "" {
		c.Write([]byte{5, 2})
		if _, err := io.ReadFull(c, b[:2]); err != nil {
			return
		}
		u := make([]byte, b[1])
		io.ReadFull(c, u)
		io.ReadFull(c, b[:1])
		pw := make([]byte, b[0])
		io.ReadFull(c, pw)
		got = string(u) + ":" + string(pw)
		if got != user {
			c.Write([]byte{1, 1})
			return
		}
		c.Write([]byte{1, 0})
	} else {
		c.Write([]byte{5, 0})
	}
	if _, err := io.ReadFull(c, b[:5]); err != nil || b[1] != 1 || b[3] != 3 {
		return // CONNECT by domain name only
	}
	name := make([]byte, b[4])
	io.ReadFull(c, name)
	io.ReadFull(c, b[:2])
	addr := net.JoinHostPort(string(name), fmt.Sprint(int(b[0])<<8|int(b[1])))
	log.add("SOCKS5 " + addr + " " + got)
	up, err := net.Dial("tcp", route(addr))
	if err != nil {
		c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0})
		return
	}
	c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
	pipe(c, up)
}

// Through every kind of proxy, the archived exchange is the one that
// crossed the wire: the response bytes equal what the origin sent (header
// order and case, chunked framing), for HTTPS (the crawler opens the
// tunnel and shakes hands with the site itself) and for plain HTTP.
func TestCrawler_Wire_ThroughProxiesAsSent(t *testing.T) {
	tlsOrigin := httptest.NewTLSServer(http.HandlerFunc(rawOrigin))
	defer tlsOrigin.Close()
	plainOrigin := httptest.NewServer(http.HandlerFunc(rawOrigin))
	defer plainOrigin.Close()
	route := func(addr string) string {
		if strings.HasSuffix(addr, ":443") {
			return tlsOrigin.Listener.Addr().String()
		}
		return plainOrigin.Listener.Addr().String()
	}
	var httpLog, httpsLog, socksLog, socksAnonLog proxyLog
	httpProxy := httptest.NewServer(relayProxy(&httpLog, route))
	defer httpProxy.Close()
	httpsProxy := httptest.NewTLSServer(relayProxy(&httpsLog, route))
	defer httpsProxy.Close()
	socks := socks5Proxy(t, &socksLog, "nb:secret", route)
	socksAnon := socks5Proxy(t, &socksAnonLog, "", route)
	roots := x509.NewCertPool()
	roots.AddCert(httpsProxy.Certificate())

	const basic = "Basic bmI6c2VjcmV0" // nb:secret
	for _, tc := range []struct {
		name, target, proxy string
		log                 *proxyLog
		wantReq, wantProxy  string
	}{
		{"https via http proxy", "https://county.example.gov.cn/", "http://nb:secret@" + httpProxy.Listener.Addr().String(), &httpLog,
			"GET / HTTP/1.1", "CONNECT county.example.gov.cn:443 " + basic},
		{"https via https proxy", "https://county.example.gov.cn/", "https://nb:secret@" + httpsProxy.Listener.Addr().String(), &httpsLog,
			"GET / HTTP/1.1", "CONNECT county.example.gov.cn:443 " + basic},
		{"https via socks5 proxy", "https://county.example.gov.cn/", "socks5://nb:secret@" + socks, &socksLog,
			"GET / HTTP/1.1", "SOCKS5 county.example.gov.cn:443 nb:secret"},
		{"https via socks5h proxy", "https://county.example.gov.cn/", "socks5h://" + socksAnon, &socksAnonLog,
			"GET / HTTP/1.1", "SOCKS5 county.example.gov.cn:443 "},
		{"http via socks5 proxy", "http://county.example.gov.cn/", "socks5://nb:secret@" + socks, &socksLog,
			"GET / HTTP/1.1", "SOCKS5 county.example.gov.cn:80 nb:secret"},
		{"http via https proxy", "http://county.example.gov.cn/", "https://nb:secret@" + httpsProxy.Listener.Addr().String(), &httpsLog,
			"GET http://county.example.gov.cn/ HTTP/1.1", "GET county.example.gov.cn " + basic},
		{"http via http proxy", "http://county.example.gov.cn/", "http://nb:secret@" + httpProxy.Listener.Addr().String(), &httpLog,
			"GET http://county.example.gov.cn/ HTTP/1.1", "GET county.example.gov.cn " + basic},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(tc.log.all())
			opt := testOptions()
			opt.Proxy, opt.AllowPrivate, opt.RootCAs = tc.proxy, false, roots
			a := newFakeArchive("x")
			runOnce(t, opt, a, "x", Seed{Code: "1", URL: tc.target})
			saw := tc.log.all()[before:]
			caps := a.capturesOf(tc.target)
			if len(caps) != 1 {
				t.Fatalf("captures of %s: %d (proxy saw %q)", tc.target, len(caps), saw)
			}
			c := caps[0]
			if c.Wire == nil || c.Wire.Head == nil {
				t.Fatalf("exchange not recorded (rebuilt): %+v", c.Wire)
			}
			if want := tc.wantReq + "\r\nHost: county.example.gov.cn\r\n"; !strings.HasPrefix(string(c.Wire.Request), want) {
				t.Errorf("request recorded as %q, want it to start %q", c.Wire.Request, want)
			}
			body := c.Wire.Body
			if body == nil {
				body = c.Body
			}
			if got := string(c.Wire.Head) + string(body); got != originRaw {
				t.Errorf("response archived as\n%q\nthe origin sent\n%q", got, originRaw)
			}
			if !slices.Contains(saw, tc.wantProxy) {
				t.Errorf("proxy saw %q, want %q among them", saw, tc.wantProxy)
			}
		})
	}
}

// An https:// proxy's certificate is verified whatever the tls mode (the
// proxy is sent the credentials): one not signed by a trusted root is
// refused, naming the proxy.
func TestConnect_HTTPSProxyUntrusted(t *testing.T) {
	var log proxyLog
	px := httptest.NewTLSServer(relayProxy(&log, func(string) string { return "127.0.0.1:1" }))
	defer px.Close()
	p, _ := url.Parse("https://nb:secret@" + px.Listener.Addr().String())
	_, err := connect(t.Context(), &net.Dialer{Timeout: 3 * time.Second}, p, "county.example.gov.cn:443", x509.NewCertPool())
	var uerr x509.UnknownAuthorityError
	if err == nil || !errors.As(err, &uerr) || !strings.Contains(err.Error(), "proxy "+px.Listener.Addr().String()) {
		t.Fatalf("connect through an untrusted https proxy: %v", err)
	}
	if got := log.all(); len(got) != 0 {
		t.Errorf("the untrusted proxy was sent %q", got)
	}
}
