package crawler

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
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
