package discover

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

func FuzzLinks(f *testing.F) {
	f.Add("http://www.x.gov.cn/zfxxgknb/index.html", "text/html", hanwebPage)
	f.Add("http://www.x.gov.cn/a/", "text/html", `<a href="./202301/t20230118_1.html">2022年年报</a><script>createPageHTML(3, 0, "index", "html")</script>`)
	f.Add("https://www.x.gov.cn/gkmlpt/api/all/1?page=1&sid=1", "application/json", `{"articles":[{"title":"t","url":"/a.html"}],"total":9}`)
	f.Add("http://x.gov.cn/gkmlpt/index#1", "text/html", `<script>SID:'1'</script><a href="#2">x</a>`)
	f.Add("http://x.gov.cn/", "text/html", `<a href="?page=3">尾页</a><iframe src="viewer.html?file=%E5%B9%B4.pdf"></iframe><a href="\\\\a b\x00">x</a>`)
	f.Fuzz(func(t *testing.T, pageURL, ct, body string) {
		links, skips := Links(Page{URL: pageURL, ContentType: ct, Body: []byte(body), Charset: "gbk"})
		for _, l := range links {
			u, err := url.Parse(l.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("link %q is not absolute http(s)", l.URL)
			}
			if !utf8.ValidString(l.Text) {
				t.Fatalf("text not UTF-8: %q", l.Text)
			}
			if Canonical(l.URL) != l.URL {
				t.Fatalf("link %q not canonical (%q)", l.URL, Canonical(l.URL))
			}
		}
		for _, s := range skips {
			if s.Reason == "" {
				t.Fatalf("skip without reason: %+v", s)
			}
		}
	})
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"HTTP://X.GOV.CN:80/a/../b?z=1&a=2#f", "http://x.gov.cn/年报?q=年 报&print=1", "https://[::1]:443/", "http://x/%zz", "http://x.gov.cn/a?%C4%EA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c := Canonical(raw)
		if c == "" {
			return
		}
		if again := Canonical(c); again != c {
			t.Fatalf("not idempotent: %q → %q → %q", raw, c, again)
		}
		u, err := url.Parse(c)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("Canonical(%q) = %q: not an absolute http(s) URL without fragment", raw, c)
		}
	})
}
