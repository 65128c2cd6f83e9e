package sim

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// handler serves one listener: a site's main or sibling host, or the
// mirror (st == nil).
func (sm *Sim) handler(st *site, role string, hs *hostStat) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		off := role == "mirror" || strings.HasPrefix(r.URL.Path, "/gate/big5/")
		dis := st != nil && disallowed(st.robotsRules(), r.URL.Path)
		hs.begin(r, time.Now(), dis, off)
		status, until := sm.serve(w, r, st, role)
		hs.end(status, until)
	})
}

// serve answers one request and returns the status and, for 503/429, the
// time before which the client should not come back.
func (sm *Sim) serve(w http.ResponseWriter, r *http.Request, st *site, role string) (int, time.Time) {
	if sm.opt.Latency > 0 {
		t := time.NewTimer(sm.opt.Latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return 499, time.Time{}
		case <-t.C:
		}
	}
	if st == nil {
		return sm.write(w, r, nil, sm.mirrorResp(r))
	}
	if resp, ok := obstacle(st); ok {
		return sm.write(w, r, st, resp)
	}
	if r.URL.Path == "/robots.txt" {
		return sm.write(w, r, st, sm.robots(st))
	}
	if resp, ok := sm.retryResp(st, r); ok {
		return sm.write(w, r, st, resp)
	}
	_ = r.ParseForm()
	sm.mu.RLock()
	c := sm.rcFor(st, r.Host)
	resp := sm.resolveBig5(c, r)
	sm.mu.RUnlock()
	return sm.write(w, r, st, resp)
}

// resolveBig5 serves /gate/big5/HOST/PATH as a Big5 copy of PATH.
func (sm *Sim) resolveBig5(c rc, r *http.Request) response {
	p := r.URL.Path
	if strings.HasPrefix(p, "/gate/big5/") {
		rest := strings.TrimPrefix(p, "/gate/big5/")
		if i := strings.Index(rest, "/"); i >= 0 {
			resp := sm.resolve(c, "GET", rest[i:], r.URL.Query(), nil)
			resp.big5 = true
			return resp
		}
		return notFound()
	}
	return sm.resolve(c, r.Method, p, r.URL.Query(), r.PostForm)
}

func (sm *Sim) rcFor(st *site, host string) rc {
	c := rc{s: st, base: "http://" + host, big: sm.opt.BigDocs}
	if sm.srv != nil {
		c.main, c.sib, c.mirror = sm.srv.main[st.idx], sm.srv.sib[st.idx], sm.srv.mirror
	}
	return c
}

func obstacle(st *site) (response, bool) {
	switch st.obstacle {
	case ObstacleTS:
		return response{status: 412, body: []byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=58212;$_ts.cd="qxrcrkAlDq3grGAlqGAlrqqcrpqJraWtrkWCp";</script><script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r='m'></script></head><body></body></html>`),
			header: map[string]string{"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; Path=/"}}, true
	case ObstacleJSL:
		return response{status: 521, body: []byte(`<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e')+('=')+(1700000000)+'.123|0|'+'abc';location.href=location.pathname+location.search</script>`),
			header: map[string]string{"X-Via-JSL": "1a2b3c4,-", "Set-Cookie": "__jsluid_h=0123456789abcdef; path=/"}}, true
	case ObstacleAccepted:
		return response{status: 202, body: []byte(`<html><head><script>var _0x1a=["\x63\x6f\x6f\x6b\x69\x65"];setTimeout(function(){document[_0x1a[0]]="waf_chk=1";location.reload()},1500);</script></head><body>正在进行安全检查……</body></html>`)}, true
	}
	return response{}, false
}

func (sm *Sim) robots(st *site) response {
	rules := st.robotsRules()
	if rules == nil {
		return notFound()
	}
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range rules {
		b.WriteString("Disallow: " + p + "\n")
	}
	if st.crawlDelay {
		b.WriteString("Crawl-delay: " + sm.opt.CrawlDelay + "\n")
	}
	return response{status: 200, ctype: "text/plain; charset=utf-8", body: []byte(b.String()), mod: st.built}
}

// retryResp answers 503 (or 429) with Retry-After for armed paths, once.
func (sm *Sim) retryResp(st *site, r *http.Request) (response, bool) {
	key := routeKey(r.URL.RequestURI())
	sm.mu.Lock()
	n := st.retry[key]
	if n > 0 {
		st.retry[key] = n - 1
	}
	sm.mu.Unlock()
	if n == 0 {
		return response{}, false
	}
	code := 503
	if st.idx%6 == 4 {
		code = 429
	}
	return response{status: code, body: []byte("<html><body>服务器繁忙，请稍后再试</body></html>"),
		header: map[string]string{"Retry-After": fmt.Sprint(sm.opt.RetryAfter)}}, true
}

// write encodes the body, applies conditional request headers and sends.
func (sm *Sim) write(w http.ResponseWriter, r *http.Request, st *site, resp response) (int, time.Time) {
	body, ctype := encodeBody(st, resp)
	h := w.Header()
	h.Set("Content-Type", ctype)
	for k, v := range resp.header {
		h.Set(k, v)
	}
	var until time.Time
	if ra := resp.header["Retry-After"]; ra != "" {
		until = time.Now().Add(time.Duration(sm.opt.RetryAfter) * time.Second)
	}
	if resp.location != "" {
		h.Set("Location", resp.location)
	}
	if resp.status == 200 && !resp.mod.IsZero() {
		sum := sha1.Sum(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		h.Set("ETag", etag)
		h.Set("Last-Modified", resp.mod.UTC().Format(http.TimeFormat))
		if notModified(r, etag, resp.mod) {
			w.WriteHeader(http.StatusNotModified)
			return http.StatusNotModified, until
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(resp.status)
	if r.Method != "HEAD" {
		w.Write(body)
	}
	return resp.status, until
}

// notModified applies RFC 9110: If-None-Match wins over If-Modified-Since.
func notModified(r *http.Request, etag string, mod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !mod.Truncate(time.Second).After(t)
	}
	return false
}

// encodeBody turns an HTML response into the site's charset and picks the
// Content-Type header, which lies on "gbk-lying" sites and names no
// charset on "gbk-none" sites.
func encodeBody(st *site, resp response) ([]byte, string) {
	if resp.ctype != "" {
		return resp.body, resp.ctype
	}
	if resp.big5 {
		return encodeWith(traditionalchinese.Big5, resp.body), "text/html; charset=big5"
	}
	cs := "utf-8"
	if st != nil {
		cs = st.charset
	}
	switch cs {
	case "gbk":
		return encodeWith(simplifiedchinese.GB18030, resp.body), "text/html; charset=GBK"
	case "gbk-lying":
		return encodeWith(simplifiedchinese.GB18030, resp.body), "text/html; charset=utf-8"
	case "gbk-none":
		return encodeWith(simplifiedchinese.GB18030, resp.body), "text/html"
	}
	return resp.body, "text/html; charset=utf-8"
}

func encodeWith(e encoding.Encoding, b []byte) []byte {
	out, err := encoding.ReplaceUnsupported(e.NewEncoder()).Bytes(b)
	if err != nil {
		return b
	}
	return out
}

var pdfCache sync.Map // path → []byte

func (sm *Sim) pdf(it *item) response {
	p := filepath.Join(sm.opt.PDFDir, it.pdf)
	if b, ok := pdfCache.Load(p); ok {
		return response{status: 200, ctype: "application/pdf", body: b.([]byte), mod: itemMod(it)}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return response{status: 500, body: []byte("pdf unavailable")}
	}
	pdfCache.Store(p, b)
	return response{status: 200, ctype: "application/pdf", body: b, mod: itemMod(it)}
}

// bigPage is the oversized trap page (BigPageBytes of table rows), built
// once.
func (sm *Sim) bigPage() []byte {
	sm.bigOnce.Do(func() { sm.big = buildBigPage(sm.opt.BigPageBytes) })
	return sm.big
}

func buildBigPage(size int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><head><title>政务公开目录总览</title></head><body><table>")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<tr><td>%d</td><td>政务公开目录条目第%d条，内容详见相关栏目。</td></tr>\n", i, i)
	}
	b.WriteString("</table></body></html>")
	return b.Bytes()
}

// junk is binary noise served as text/html.
func junk(seed int) []byte {
	b := make([]byte, 64<<10)
	rand.New(rand.NewSource(int64(seed))).Read(b)
	return b
}

// mirrorResp serves /xxgk/CODE/PATH on the mirror host: a UTF-8 copy of
// the site's page.
func (sm *Sim) mirrorResp(r *http.Request) response {
	rest := strings.TrimPrefix(r.URL.Path, "/xxgk/")
	code, p, ok := strings.Cut(rest, "/")
	if !ok {
		return notFound()
	}
	sm.mu.RLock()
	defer sm.mu.RUnlock()
	for _, st := range sm.sites {
		if st.code == code {
			c := sm.rcFor(st, r.Host)
			resp := sm.resolve(c, "GET", "/"+p, url.Values{}, nil)
			if resp.ctype == "" {
				resp.ctype = "text/html; charset=utf-8"
			}
			return resp
		}
	}
	return notFound()
}
