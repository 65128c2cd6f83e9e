package web

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func TestRewriteLinks(t *testing.T) {
	const page = "http://www.xx.gov.cn/zfxxgk/nb/index.html"
	for _, c := range []struct{ name, in, want string }{
		{"relative", `<a href="t2023.html">报告</a>`,
			`<a href="/replay/go?url=http%3A%2F%2Fwww.xx.gov.cn%2Fzfxxgk%2Fnb%2Ft2023.html">报告</a>`},
		{"root and fragment dropped", `<a href='/a/b.html#x' target="_blank" ping="http://t.example/p">x</a>`,
			`<a href="/replay/go?url=http%3A%2F%2Fwww.xx.gov.cn%2Fa%2Fb.html">x</a>`},
		{"external", `<A HREF="https://evil.example/">x</A>`,
			`<a href="/replay/go?url=https%3A%2F%2Fevil.example%2F">x</A>`},
		{"in-page fragment kept", `<a href="#top">top</a>`, `<a href="#top">top</a>`},
		{"javascript goes nowhere", `<a href="javascript:top.location='http://evil.example'">x</a>`,
			`<a href="/replay/go?href=javascript%3Atop.location%3D%27http%3A%2F%2Fevil.example%27">x</a>`},
		{"base resolves later links", `<base href="http://other.gov.cn/d/"><a href="r.pdf">r</a>`,
			`<a href="/replay/go?url=http%3A%2F%2Fother.gov.cn%2Fd%2Fr.pdf">r</a>`},
		{"meta refresh dropped", `<meta http-equiv="Refresh" content="0;url=http://evil.example/"><p>x</p>`, `<p>x</p>`},
		{"area", `<map><area shape=rect href="list_2.html"></map>`,
			`<map><area shape="rect" href="/replay/go?url=http%3A%2F%2Fwww.xx.gov.cn%2Fzfxxgk%2Fnb%2Flist_2.html"></map>`},
		{"other markup untouched", `<p class=a>正文 &amp; <img src=x.png></p><!-- c -->`, `<p class=a>正文 &amp; <img src=x.png></p><!-- c -->`},
		{"attribute escaping", `<a title='"><script>' href=x>y</a>`,
			`<a title="&#34;&gt;&lt;script&gt;" href="/replay/go?url=http%3A%2F%2Fwww.xx.gov.cn%2Fzfxxgk%2Fnb%2Fx">y</a>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(rewriteLinks([]byte(c.in), page)); got != c.want {
				t.Errorf("rewriteLinks(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// GBK bytes outside the rewritten tags pass through unchanged.
func TestRewriteLinks_KeepsOtherBytes(t *testing.T) {
	gbk := []byte("<html><head><meta charset=gbk></head><body><p>\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2</p><a href=\"a.html\">\xb1\xa8\xb8\xe6</a></body></html>")
	got := rewriteLinks(gbk, "http://x.gov.cn/")
	if !bytes.Contains(got, []byte("<p>\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2</p>")) || !bytes.Contains(got, []byte(">\xb1\xa8\xb8\xe6</a>")) {
		t.Errorf("GBK text changed: %q", got)
	}
}

// hrefRE finds every navigating href the browser would see.
var hrefRE = regexp.MustCompile(`(?i)<(?:a|area)\b[^>]*>`)

func FuzzRewriteLinks(f *testing.F) {
	f.Add([]byte(hostilePage), "http://www.xx.gov.cn/a/")
	f.Add([]byte(`<a href="x"><area href=y><base href="//e.example/"><meta http-equiv=refresh content=0>`), "")
	f.Fuzz(func(t *testing.T, body []byte, page string) {
		out := rewriteLinks(body, page)
		z := xhtml.NewTokenizer(bytes.NewReader(out))
		for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
			tok := z.Token()
			if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
				continue
			}
			if tok.Data == "meta" && strings.EqualFold(attr(tok, "http-equiv"), "refresh") {
				t.Fatalf("a meta refresh survived: %q", out)
			}
			if linkAttrs[tok.Data] != "" {
				for _, a := range tok.Attr {
					if a.Key == "href" && !strings.HasPrefix(a.Val, goPath+"?") && !strings.HasPrefix(strings.TrimSpace(a.Val), "#") {
						t.Fatalf("link %q leaves the archive in %q", a.Val, out)
					}
				}
			}
		}
	})
}

func TestReplayGo(t *testing.T) {
	fx := newFixture(t)
	h := fx.server(t, Options{}).Handler()

	// The replay of a report rewrites its links.
	_, _, body := get(t, h, "/replay/"+fx.first.SHA256+"?url="+url.QueryEscape(fx.first.URL))
	if strings.Contains(body, `href="javascript:`) || !strings.Contains(body, `href="/replay/go?href=javascript`) {
		t.Errorf("replay links not rewritten: %s", body)
	}
	for _, l := range hrefRE.FindAllString(body, -1) {
		if !strings.Contains(l, `href="/replay/go?`) {
			t.Errorf("replayed link %s leaves the archive", l)
		}
	}

	// An archived page: redirected to its replay. The other scheme finds it too.
	for _, u := range []string{fx.changed, strings.Replace(fx.changed, "http://", "https://", 1)} {
		req := "/replay/go?url=" + url.QueryEscape(u)
		code, hd, _ := get(t, h, req)
		if code != http.StatusSeeOther || !strings.HasPrefix(hd.Get("Location"), "/replay/") || strings.Contains(hd.Get("Location"), fx.first.SHA256) {
			t.Errorf("GET %s: %d → %q; want 303 to the current version's replay", req, code, hd.Get("Location"))
		}
	}

	// Not archived, or not a page: an inert note with the replay's CSP.
	for _, c := range []struct {
		req  string
		code int
		want string
	}{
		{"/replay/go?url=" + url.QueryEscape("http://evil.example/<b>"), 404, "http://evil.example/&lt;b&gt;"},
		{"/replay/go?href=" + url.QueryEscape("mailto:x@y.cn"), 404, "mailto:x@y.cn"},
	} {
		code, hd, body := get(t, h, c.req)
		if code != c.code || hd.Get("Content-Security-Policy") != replayCSP || !strings.Contains(body, c.want) || strings.Contains(body, "<b>") {
			t.Errorf("GET %s: %d CSP %q body %q", c.req, code, hd.Get("Content-Security-Policy"), body)
		}
	}
	for _, bad := range []string{"/replay/go?url=" + url.QueryEscape("file:///etc/passwd"), "/replay/go?url=" + strings.Repeat("a", 5000),
		"/replay/" + fx.first.SHA256 + "?url=" + url.QueryEscape("javascript:x")} {
		if code, _, _ := get(t, h, bad); code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", bad, code)
		}
	}
}
