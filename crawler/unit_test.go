package crawler

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/nianbao/nianbao/capture"
)

func TestClassify(t *testing.T) {
	dnsErr := &net.DNSError{Err: "no such host", Name: "x.gov.cn", IsNotFound: true}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		trunc  bool
		err    error
		idle   bool
		want   capture.Outcome
	}{
		{name: "ok", status: 200, want: capture.OutcomeOK},
		{name: "not modified", status: 304, want: capture.OutcomeNotModified},
		{name: "404", status: 404, want: capture.OutcomeHTTPError},
		{name: "503", status: 503, want: capture.OutcomeHTTPError},
		{name: "412 $_ts", status: 412, body: "<script>$_ts=1</script>", want: capture.OutcomeChallenged},
		{name: "521", status: 521, header: http.Header{"X-Via-Jsl": {"1"}}, want: capture.OutcomeChallenged},
		{name: "202 script", status: 202, body: "<script>x</script>", want: capture.OutcomeChallenged},
		{name: "202 page", status: 202, body: strings.Repeat("<p>受理</p>", 10000), want: capture.OutcomeOK},
		{name: "200 jsl", status: 200, header: http.Header{"X-Via-Jsl": {"1"}}, body: "__jsl_clearance", want: capture.OutcomeChallenged},
		{name: "truncated", status: 200, trunc: true, want: capture.OutcomeTruncated},
		{name: "dns", err: fmt.Errorf("dial: %w", dnsErr), want: capture.OutcomeDNS},
		{name: "tls", err: x509.UnknownAuthorityError{}, want: capture.OutcomeTLS},
		{name: "deadline", err: context.DeadlineExceeded, want: capture.OutcomeTimeout},
		{name: "idle", err: context.Canceled, idle: true, want: capture.OutcomeTimeout},
		{name: "refused", err: errors.New("connect: connection refused"), want: capture.OutcomeConnection},
		{name: "private", err: fmt.Errorf("x: %w", errForbiddenAddress), want: capture.OutcomeRedirect},
		{name: "loop", err: fmt.Errorf("x: %w", errRedirectRefused), want: capture.OutcomeRedirect},
		{name: "robots", err: fmt.Errorf("x: %w", errRobotsDenied), want: capture.OutcomeRobots},
	}
	for _, tt := range tests {
		c := &capture.Capture{Status: tt.status, Header: tt.header, Body: []byte(tt.body), Truncated: tt.trunc}
		if c.Header == nil {
			c.Header = http.Header{}
		}
		if got := classify(c, tt.err, tt.idle); got != tt.want {
			t.Errorf("%s: classify = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRobotsFrom(t *testing.T) {
	rules := "User-agent: *\nDisallow: /private/\n\nUser-agent: nianbao\nDisallow: /nb-only/\nCrawl-delay: 2\n"
	tests := []struct {
		name    string
		c       capture.Capture
		path    string
		allow   bool
		delay   time.Duration
		failed  capture.Outcome
		explain bool
	}{
		{"own group", capture.Capture{Status: 200, Body: []byte(rules)}, "/nb-only/x", false, 2 * time.Second, "", false},
		{"own group replaces *", capture.Capture{Status: 200, Body: []byte(rules)}, "/private/x", true, 2 * time.Second, "", false},
		{"404 allows", capture.Capture{Status: 404}, "/anything", true, 0, "", false},
		{"403 allows", capture.Capture{Status: 403}, "/anything", true, 0, "", false},
		{"500 denies (RFC 9309)", capture.Capture{Status: 500}, "/", false, 0, "", true},
		{"429 denies", capture.Capture{Status: 429}, "/", false, 0, "", true},
		{"unreachable", capture.Capture{Outcome: capture.OutcomeTimeout, Error: "timeout"}, "/", false, 0, capture.OutcomeTimeout, true},
		{"challenged 412 is 4xx", capture.Capture{Status: 412, Outcome: capture.OutcomeChallenged}, "/", true, 0, "", true},
		{"challenged 521 is 5xx", capture.Capture{Status: 521, Outcome: capture.OutcomeChallenged}, "/", false, 0, capture.OutcomeChallenged, true},
		{"challenged 202 unreadable", capture.Capture{Status: 202, Outcome: capture.OutcomeChallenged}, "/", false, 0, capture.OutcomeChallenged, true},
		{"refused redirect", capture.Capture{Status: 302, Outcome: capture.OutcomeRedirect}, "/", true, 0, "", false},
		{"empty", capture.Capture{Status: 200}, "/", true, 0, "", false},
	}
	for _, tt := range tests {
		p := robotsFrom(&tt.c, "nianbao")
		u, _ := url.Parse("http://x.gov.cn" + tt.path)
		if p.allow(u) != tt.allow || p.crawlDelay != tt.delay || p.failed != tt.failed || (p.reason != "") != tt.explain {
			t.Errorf("%s: allow %v delay %v failed %q reason %q", tt.name, p.allow(u), p.crawlDelay, p.failed, p.reason)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"120": 2 * time.Minute, "0": 0, "0.5": 500 * time.Millisecond,
		"Sun, 01 Mar 2026 12:00:30 GMT": 30 * time.Second, "Sun, 01 Mar 2026 11:00:00 GMT": 0,
	}
	for v, want := range tests {
		if got, ok := retryAfter(http.Header{"Retry-After": {v}}, now); !ok || got != want {
			t.Errorf("Retry-After %q = %v %v, want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "soon", "-5"} {
		if _, ok := retryAfter(http.Header{"Retry-After": {v}}, now); ok {
			t.Errorf("Retry-After %q accepted", v)
		}
	}
}

func compress(t *testing.T, enc string, b []byte) []byte {
	var buf bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	switch enc {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "raw-deflate":
		w, _ = flate.NewWriter(&buf, 5)
	case "br":
		w = brotli.NewWriter(&buf)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestReadBody(t *testing.T) {
	plain := bytes.Repeat([]byte("政府信息公开工作年度报告 "), 500)
	for _, enc := range []string{"gzip", "deflate", "raw-deflate", "br"} {
		header := strings.TrimPrefix(enc, "raw-")
		got := readBody(bytes.NewReader(compress(t, enc, plain)), header, 1<<20, nil)
		if got.Err != nil || !bytes.Equal(got.Body, plain) || got.Truncated || !got.Decoded {
			t.Errorf("%s: err %v, equal %v, truncated %v", enc, got.Err, bytes.Equal(got.Body, plain), got.Truncated)
		}
		got = readBody(bytes.NewReader(compress(t, enc, plain)), header, 1000, nil)
		if got.Err != nil || len(got.Body) != 1000 || !got.Truncated {
			t.Errorf("%s capped: err %v, len %d, truncated %v", enc, got.Err, len(got.Body), got.Truncated)
		}
	}
	if got := readBody(bytes.NewReader(plain), "compress", 1<<20, nil); !bytes.Equal(got.Body, plain) || got.Decoded {
		t.Errorf("unknown encoding not kept as received")
	}
	if got := readBody(bytes.NewReader([]byte("not gzip at all")), "gzip", 1<<20, nil); got.Err == nil {
		t.Errorf("corrupt gzip accepted")
	}
	if got := readBody(bytes.NewReader(nil), "gzip", 1<<20, nil); got.Err != nil || len(got.Body) != 0 {
		t.Errorf("empty gzip body: %v", got.Err)
	}
}

func TestColliedType(t *testing.T) {
	tests := []struct {
		in     string
		isText bool
		want   string
	}{
		{"text/html; charset=gbk", true, "text/html; charset=utf-8"},
		{"text/html", true, "text/html; charset=utf-8"},
		{"", true, "text/html; charset=utf-8"},
		{"application/json;charset=GB2312", true, "application/json; charset=utf-8"},
		{"application/pdf; charset=gbk", false, "application/pdf"},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := colliedType(tt.in, tt.isText); got != tt.want {
			t.Errorf("colliedType(%q, %v) = %q, want %q", tt.in, tt.isText, got, tt.want)
		}
	}
}

func TestForbidden(t *testing.T) {
	opt := &Options{}
	for addr, want := range map[string]bool{"127.0.0.1": true, "10.1.2.3": true, "192.168.0.1": true, "172.16.5.4": true,
		"169.254.169.254": true, "::1": true, "fd00::1": true, "0.0.0.0": true, "100.64.0.1": true,
		"58.30.1.1": false, "2001:da8::1": false} {
		if got := forbidden(netip.MustParseAddr(addr), opt); got != want {
			t.Errorf("forbidden(%s) = %v", addr, got)
		}
	}
	for raw, want := range map[string]bool{"http://localhost:8080/": true, "http://10.0.0.1/": true, "http://[::1]/": true, "http://www.bj.gov.cn/": false} {
		u, _ := url.Parse(raw)
		if got := checkHost(u, opt) != nil; got != want {
			t.Errorf("checkHost(%s) refused = %v", raw, got)
		}
	}
	if checkHost(&url.URL{Host: "127.0.0.1"}, &Options{AllowPrivate: true}) != nil {
		t.Errorf("AllowPrivate ignored")
	}
}

func TestWithDefaults(t *testing.T) {
	o := withDefaults(Options{})
	checks := map[string]bool{
		"UserAgent": o.UserAgent == DefaultUserAgent, "PerHostConcurrency": o.PerHostConcurrency == 1,
		"Delay": o.Delay == time.Second, "MaxBodyBytes": o.MaxBodyBytes == 50<<20, "MaxRetries": o.MaxRetries == 2,
		"robots honoured": !o.IgnoreRobots, "AllowPrivate off": !o.AllowPrivate, "Now": o.Now != nil,
		"stages": o.Discoverer != nil && o.Scope != nil && o.Canonical != nil && o.Decode != nil && o.IsText != nil,
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("default %s wrong", name)
		}
	}
	if o := withDefaults(Options{MaxRetries: -1, Delay: 3 * time.Second}); o.MaxRetries != 0 || o.Delay != 3*time.Second {
		t.Errorf("explicit options overridden: %+v", o)
	}
	if agentName(DefaultUserAgent) != "nianbao" || agentName("Mozilla/5.0 (x)") != "mozilla" {
		t.Errorf("agent name")
	}
}

func TestFrontier_Order(t *testing.T) {
	var f frontier
	for _, r := range []*request{{URL: "low", Score: 1}, {URL: "deep", Score: 5, Depth: 3}, {URL: "first", Score: 5, Depth: 1},
		{URL: "second", Score: 5, Depth: 1}, {URL: "best", Score: 9, Depth: 4}} {
		f.push(r)
	}
	var got []string
	for r := f.pop(); r != nil; r = f.pop() {
		got = append(got, r.URL)
	}
	if strings.Join(got, " ") != "best first second deep low" {
		t.Errorf("order %v", got)
	}
}

func TestCaptureKind(t *testing.T) {
	for in, want := range map[string]string{"listing": "listing", "data": "listing", "report": "report",
		"attachment": "attachment", "nav": "other", "": "other"} {
		if got := captureKind(in); got != want {
			t.Errorf("captureKind(%q) = %q", in, got)
		}
	}
}

// An old server offering only an RSA key-exchange suite (no longer in Go's
// default list) is still reached, its certificate verified as usual.
func TestLegacyTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_CBC_SHA}}
	srv.StartTLS()
	defer srv.Close()
	cfg := legacyTLS()
	cfg.RootCAs = x509.NewCertPool()
	cfg.RootCAs.AddCert(srv.Certificate())
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("legacy suite refused: %v", err)
	}
	resp.Body.Close()
}
