package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// No UI page or API answer carries archived bytes: the hostile page's
// marker appears only in /replay/ and /raw/.
func TestSecurity_ArchivedHTMLNeverInlined(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	for _, p := range []string{"/", "/coverage", "/reports", "/panel",
		"/report?url=" + url.QueryEscape(fx.changed), "/report?url=" + url.QueryEscape(fx.hostile),
		"/api/reports", "/api/report?url=" + url.QueryEscape(fx.changed), "/api/status", "/api/sites"} {
		_, _, body := get(t, h, p)
		if strings.Contains(body, hostileMarker) {
			t.Errorf("GET %s inlines archived bytes", p)
		}
	}
	_, _, body := get(t, h, "/replay/"+fx.first.SHA256)
	if !strings.Contains(body, hostileMarker) {
		t.Error("replay does not serve the archived page")
	}
}

// The replay is inert: sandboxed, no network, framed only by the UI; the
// UI page frames it with an empty sandbox attribute.
func TestSecurity_ReplayCSPAndSandbox(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	code, hd, _ := get(t, h, "/replay/"+fx.first.SHA256+"?cs=utf-8")
	csp := hd.Get("Content-Security-Policy")
	for _, want := range []string{"sandbox;", "default-src 'none'", "frame-ancestors 'self'", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("replay CSP %q lacks %q", csp, want)
		}
	}
	for _, bad := range []string{"allow-scripts", "allow-same-origin", "script-src", "connect-src", "http:", "https:", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("replay CSP %q allows %q", csp, bad)
		}
	}
	if code != 200 || hd.Get("Content-Type") != "text/html; charset=utf-8" || hd.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("replay: %d %q nosniff=%q", code, hd.Get("Content-Type"), hd.Get("X-Content-Type-Options"))
	}
	_, hd, _ = get(t, h, "/raw/"+fx.first.SHA256)
	if !strings.HasPrefix(hd.Get("Content-Disposition"), "attachment") || !strings.Contains(hd.Get("Content-Security-Policy"), "sandbox") ||
		hd.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("raw headers: %v", hd)
	}
	_, hd, page := get(t, h, "/report?url="+url.QueryEscape(fx.changed))
	if !strings.Contains(page, `<iframe id="original" name="original" sandbox="" `) {
		t.Error("the report page does not frame the original in an empty sandbox")
	}
	if hd.Get("Content-Security-Policy") != uiCSP || hd.Get("X-Frame-Options") != "DENY" {
		t.Errorf("UI headers: CSP %q XFO %q", hd.Get("Content-Security-Policy"), hd.Get("X-Frame-Options"))
	}
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "http:", "https:"} {
		if strings.Contains(uiCSP, bad) {
			t.Errorf("UI CSP allows %s", bad)
		}
	}
}

// Text from the archive (a title that is markup) is escaped everywhere.
func TestSecurity_TextEscaped(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	for _, p := range []string{"/report?url=" + url.QueryEscape(fx.hostile), "/reports?year=2022", "/reports?q=" + url.QueryEscape("<script>")} {
		code, _, body := get(t, h, p)
		if code != 200 || strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("GET %s: %d, markup not escaped", p, code)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET %s: the escaped title is missing", p)
		}
	}
}

func TestSecurity_QueryValidation(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	long := strings.Repeat("a", maxParam+1)
	for _, p := range []string{
		"/reports?year=abc", "/reports?year=99999", "/reports?page=0", "/reports?per_page=100000",
		"/reports?sort=password", "/reports?format=pdf", "/reports?region=11%2F01", "/reports?q=" + long,
		"/reports?q=%ff%fe", "/reports?q=a%00b", "/reports?year=2021&year=2022", "/reports?failed=yes",
		"/api/reports?dir=sideways", "/panel?key=secret", "/api/panel?region=1&province=x",
		"/report", "/report?url=javascript:alert(1)", "/report?url=file:///etc/passwd", "/api/report?url=%ZZ",
		"/replay/abc", "/replay/" + strings.Repeat("g", 64), "/raw/..%2f..%2fetc%2fpasswd", "/api/runs?limit=-1",
		"/replay/" + fx.first.SHA256 + "?cs=utf-7",
	} {
		code, _, body := get(t, h, p)
		if code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400 (%.80s)", p, code, body)
		}
	}
	for _, p := range []string{"/report?url=" + url.QueryEscape("http://nowhere.gov.cn/x.html"), "/replay/" + strings.Repeat("0", 64), "/api/nothing"} {
		if code, _, _ := get(t, h, p); code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, code)
		}
	}
}

// No request reaches the file system: static files come from the binary
// and every other path is a route.
func TestSecurity_NoPathTraversal(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()
	for _, p := range []string{"/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
		"/static/%2e%2e/%2e%2e/etc/passwd", "/static/../server.go", "/static//etc/passwd", "/../../etc/passwd",
		"/static/templates/layout.html", "/raw/../../etc/passwd", "/replay/..%2f..%2fnianbao.db"} {
		code, _, body := get(t, h, p)
		if code == 200 && !strings.HasPrefix(p, "/static/") || strings.Contains(body, "root:") ||
			strings.Contains(body, "package web") || strings.Contains(body, "{{define") {
			t.Errorf("GET %s: %d leaks a file (%.60q)", p, code, body)
		}
	}
}

// A DNS-rebinding page (Host: attacker's name) gets nothing from a loopback
// server; a public one answers.
func TestSecurity_HostCheck(t *testing.T) {
	fx := newFixture(t)
	for _, public := range []bool{false, true} {
		h := fx.server(t, Options{Public: public}).Handler()
		req := httptest.NewRequest("GET", "/api/status", nil)
		req.Host = "evil.example:8080"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if want := map[bool]int{false: http.StatusMisdirectedRequest, true: 200}[public]; rec.Code != want {
			t.Errorf("public=%v: Host evil.example: %d, want %d", public, rec.Code, want)
		}
	}
	for _, host := range []string{"localhost:8080", "127.0.0.1", "[::1]:80", ""} {
		if !loopbackHost(host) {
			t.Errorf("%q not loopback", host)
		}
	}
	for _, host := range []string{"127.0.0.1.evil.example", "localhost.evil.example", "10.0.0.1:80"} {
		if loopbackHost(host) {
			t.Errorf("%q taken for loopback", host)
		}
	}
}

type countingActions struct{ crawls, reparses atomic.Int32 }

func (a *countingActions) StartCrawl() error {
	if a.crawls.Add(1) > 1 {
		return ErrBusy
	}
	return nil
}
func (a *countingActions) Reparse() error { a.reparses.Add(1); return errors.New("disk on fire") }

// Actions: POST only, same origin only, token compared; busy and failing
// actions answer clearly.
func TestSecurity_Actions(t *testing.T) {
	fx := newFixture(t)
	acts := &countingActions{}
	h := fx.server(t, Options{Actions: acts, Token: "s3cret-token", Public: true}).Handler()
	do := func(method, path string, hdr map[string]string, form string) int {
		req := httptest.NewRequest(method, path, strings.NewReader(form))
		req.Host = "archive.example:8080"
		if form != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	same := map[string]string{"Sec-Fetch-Site": "same-origin"}
	tests := []struct {
		name, method, path string
		hdr                map[string]string
		form               string
		want               int
	}{
		{"GET refused", "GET", "/action/crawl?token=s3cret-token", nil, "", http.StatusMethodNotAllowed},
		{"no token", "POST", "/action/crawl", same, "", http.StatusUnauthorized},
		{"wrong token", "POST", "/action/crawl", same, "token=s3cret-tokeN", http.StatusUnauthorized},
		{"token prefix", "POST", "/action/crawl", same, "token=s3cret", http.StatusUnauthorized},
		{"cross-site with token", "POST", "/action/crawl", map[string]string{"Sec-Fetch-Site": "cross-site"}, "token=s3cret-token", http.StatusForbidden},
		{"foreign origin", "POST", "/action/crawl", map[string]string{"Origin": "http://evil.example"}, "token=s3cret-token", http.StatusForbidden},
		{"form with token", "POST", "/action/crawl", same, "token=s3cret-token", http.StatusSeeOther},
		{"busy", "POST", "/action/crawl", map[string]string{"Authorization": "Bearer s3cret-token", "Accept": "application/json"}, "", http.StatusConflict},
		{"failing", "POST", "/action/reparse", map[string]string{"Authorization": "Bearer s3cret-token"}, "", http.StatusInternalServerError},
		{"unknown", "POST", "/action/rm-rf", map[string]string{"Authorization": "Bearer s3cret-token"}, "", http.StatusNotFound},
	}
	for _, tt := range tests {
		if got := do(tt.method, tt.path, tt.hdr, tt.form); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	if acts.crawls.Load() != 2 || acts.reparses.Load() != 1 {
		t.Errorf("actions run: %d crawls, %d reparses; want 2 and 1", acts.crawls.Load(), acts.reparses.Load())
	}
}
