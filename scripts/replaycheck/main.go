// Command replaycheck loads a nianbao WARC export in replayweb.page, served
// from loopback to a headless chromium, and checks that a report page and
// a redirected attachment (Hanweb's downfile.jsp → 302 → PDF) replay: the
// page's title as archived, the attachment's bytes as archived after the
// redirect. Run by scripts/check-replay.sh with REPLAY=1; not part of
// `go test` (it needs chromium and the replaywebpage npm package).
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/nianbao/nianbao/export/warc"
)

var verbose bool

func main() {
	rwp := flag.String("rwp", "", "folder of the replaywebpage npm package (ui.js, sw.js)")
	warcPath := flag.String("warc", "", "the WARC export")
	chrome := flag.String("chromium", "chromium", "chromium binary")
	timeout := flag.Duration("timeout", 4*time.Minute, "give up after")
	flag.BoolVar(&verbose, "v", false, "print the page's console and exceptions")
	flag.Parse()
	if err := run(*rwp, *warcPath, *chrome, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "replaycheck:", err)
		os.Exit(1)
	}
}

// archived is what the export holds that the replay is checked against.
type archived struct {
	pageURL, pageTitle string // a report page and its <title>
	redirURL, target   string // a downfile.jsp URL and where its 302 points
	targetSHA          string // hex SHA-256 of the target's body as served to a browser
	targetRevisit      bool   // the target has a revisit record (identical payload)
}

func run(rwp, warcPath, chrome string, timeout time.Duration) error {
	a, err := pick(warcPath)
	if err != nil {
		return err
	}
	kind := ""
	if a.targetRevisit {
		kind = " (it has a revisit record: identical payload)"
	}
	fmt.Printf("replay of %s (title %q) and %s → %s%s\n", a.pageURL, a.pageTitle, a.redirURL, a.target, kind)
	srv, base, err := serve(rwp, warcPath, a.pageURL)
	if err != nil {
		return err
	}
	defer srv.Close()
	profile, err := os.MkdirTemp("", "replaycheck-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")} // loopback only
	ctx, cancel := context.WithTimeout(context.Background(), timeout+30*time.Second) // the browser outlives the wait
	deadline := time.Now().Add(timeout)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if _, err := chromedp.Run(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("start %s: %w", chrome, err)
	}
	if verbose {
		_ = chromedp.Listen(bctx, func(ev any) {
			switch e := ev.(type) {
			case *runtime.EventConsoleAPICalled:
				for _, a := range e.Args {
					fmt.Fprintf(os.Stderr, "console.%s: %s %s\n", e.Type, a.Value, a.Description)
				}
			case *runtime.EventExceptionThrown:
				d := e.ExceptionDetails
				if d.Exception != nil {
					fmt.Fprintf(os.Stderr, "exception: %s %s\n", d.Text, d.Exception.Description)
				}
			}
		})
	}
	if _, err := chromedp.Run(bctx, chromedp.Navigate(base+"/index.html")); err != nil {
		return fmt.Errorf("open %s: %w", base, err)
	}
	frame, err := waitFrame(bctx, deadline)
	if err != nil {
		return err
	}
	fmt.Printf("page replayed at %s: title %q\n", frame.Src, frame.Title)
	if frame.Title != a.pageTitle {
		return fmt.Errorf("replayed title %q, archived %q", frame.Title, a.pageTitle)
	}
	got, err := fetchInFrame(bctx, a.redirURL)
	if err != nil {
		return err
	}
	fmt.Printf("attachment link replayed: status %d, redirected %v to %s, %s, %d bytes, sha256 %s\n",
		got.Status, got.Redirected, got.URL, got.Type, got.Len, got.SHA)
	if got.Status != 200 || !got.Redirected || got.SHA != a.targetSHA {
		return fmt.Errorf("attachment replay differs from the archive (sha256 %s archived)", a.targetSHA)
	}
	fmt.Println("ok: replayweb.page replays the report page and follows the archived redirect to the attachment")
	return nil
}

// serve puts the replayweb.page embed, its service worker and the WARC on loopback.
func serve(rwp, warcPath, pageURL string) (*http.Server, string, error) {
	page := `<!doctype html><html><head><meta charset="utf-8"><script src="/ui.js"></script></head><body>` +
		`<replay-web-page source="/export.warc.gz" url="` + html.EscapeString(pageURL) +
		`" replayBase="/replay/" style="display:block;width:1200px;height:900px"></replay-web-page></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	})
	mux.HandleFunc("/ui.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, filepath.Join(rwp, "ui.js")) })
	mux.Handle("/replay/", http.StripPrefix("/replay/", http.FileServer(http.Dir(rwp)))) // sw.js, and ui.js for the app the worker serves
	mux.HandleFunc("/export.warc.gz", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, warcPath) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	var h http.Handler = mux
	if verbose {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(os.Stderr, "served %s %s (range %q)\n", r.Method, r.URL, r.Header.Get("Range"))
			mux.ServeHTTP(w, r)
		})
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	return srv, "http://" + ln.Addr().String(), nil
}

type frameInfo struct{ Src, Title, Text string }

// findFrame walks shadow roots and same-origin frames for the replayed
// page's frame (its URL has the "mp_/" replay modifier) once loaded.
const findFrame = `(() => {
  function* frames(root) {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) yield* frames(el.shadowRoot);
      if (el.tagName === 'IFRAME') {
        let doc = null; try { doc = el.contentDocument; } catch (e) {}
        yield [el, doc];
        if (doc) yield* frames(doc);
      }
    }
  }
  for (const [el, doc] of frames(document)) {
    if ((el.src || '').includes('mp_/') && doc && doc.readyState === 'complete' && doc.body && doc.title) {
      window.__replayFrame = el;
      return JSON.stringify({Src: el.src, Title: doc.title, Text: doc.body.innerText.slice(0, 500)});
    }
  }
  return '';
})()`

// listFrames says which frames there are, for the error when none replays.
const listFrames = `(() => {
  const out = [];
  function walk(root, depth) {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot, depth + 1);
      if (el.tagName === 'IFRAME') {
        let doc = null; try { doc = el.contentDocument; } catch (e) {}
        out.push(depth + ' ' + el.src + ' ' + (doc ? doc.readyState + ' ' + JSON.stringify(doc.title) + ' ' + JSON.stringify((doc.body && doc.body.innerText || '').slice(0, 200)) : 'no access'));
        if (doc) walk(doc, depth + 1);
      }
    }
  }
  walk(document, 0);
  return out.join(' | ') || document.body.innerHTML.slice(0, 300);
})()`

func waitFrame(ctx context.Context, deadline time.Time) (frameInfo, error) {
	var f frameInfo
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](findFrame))
		if err != nil {
			return f, fmt.Errorf("look for the replay frame: %w", err)
		}
		if s != "" {
			return f, json.Unmarshal([]byte(s), &f)
		}
		if time.Now().After(deadline) {
			seen, err := chromedp.Run(ctx, chromedp.Evaluate[string](listFrames))
			sw, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.serviceWorker.getRegistrations().then(rs => JSON.stringify(rs.map(r => [r.scope, r.active && r.active.state, r.installing && r.installing.state])))`, chromedp.EvalAwaitPromise))
			return f, fmt.Errorf("the replayed page never appeared; frames: %s %v; service workers %s", seen, err, sw)
		}
		select {
		case <-ctx.Done():
			return f, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

type fetched struct {
	Status     int
	Redirected bool
	URL, Type  string
	Len        int
	SHA        string
}

// fetchInFrame fetches target through the replay's service worker, from
// inside the replay frame, as a click on the link would.
func fetchInFrame(ctx context.Context, target string) (fetched, error) {
	js := `(async () => {
  const el = window.__replayFrame, w = el.contentWindow;
  const prefix = el.src.match(/^(.*\/w\/[^/]+\/)/)[1];
  const r = await w.fetch(prefix + 'mp_/' + ` + jsString(target) + `);
  const b = await r.arrayBuffer();
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', b));
  return JSON.stringify({Status: r.status, Redirected: r.redirected, URL: r.url, Type: r.headers.get('content-type') || '',
    Len: b.byteLength, SHA: Array.from(d, x => x.toString(16).padStart(2, '0')).join('')});
})()`
	var f fetched
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return f, fmt.Errorf("fetch %s in the replay: %w", target, err)
	}
	return f, json.Unmarshal([]byte(s), &f)
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// pick reads the export for a report page (a 200 HTML response whose title
// names an annual report) and a downfile.jsp redirect to a 200 response.
func pick(path string) (archived, error) {
	var a archived
	f, err := os.Open(path)
	if err != nil {
		return a, err
	}
	defer f.Close()
	bodies := map[string][]byte{}   // URL → body of its 200 response
	byDigest := map[string][]byte{} // payload digest → body
	revisits := map[string]string{} // URL → payload digest of its 200 revisit (identical payload)
	redirects := map[string]string{}
	r := warc.NewReader(bufio.NewReaderSize(f, 1<<20))
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return a, err
		}
		u := strings.Trim(rec.Header.Get("WARC-Target-URI"), "<>")
		if rec.Type() == warc.TypeRevisit && bytes.HasPrefix(rec.Block, []byte("HTTP/1.1 200")) {
			revisits[u] = rec.Header.Get("WARC-Payload-Digest")
		}
		if rec.Type() != warc.TypeResponse {
			continue
		}
		resp, body, err := httpResponse(rec.Block)
		if err != nil {
			continue
		}
		switch {
		case resp.StatusCode == 302 && strings.Contains(u, "downfile.jsp"):
			if loc, err := url.Parse(resp.Header.Get("Location")); err == nil {
				base, _ := url.Parse(u)
				redirects[u] = base.ResolveReference(loc).String()
			}
		case resp.StatusCode == 200:
			bodies[u], byDigest[rec.Header.Get("WARC-Payload-Digest")] = body, body
			if a.pageURL == "" && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				if t := title(body, resp.Header.Get("Content-Type")); strings.Contains(t, "年度报告") {
					a.pageURL, a.pageTitle = u, t
				}
			}
		}
	}
	// The shortest such link, preferring a target with a revisit record
	// (whose body replay must find in an earlier response).
	froms := slices.SortedFunc(maps.Keys(redirects), func(x, y string) int {
		return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(x, y))
	})
	for _, viaRevisit := range []bool{true, false} {
		for _, from := range froms {
			to := redirects[from]
			b, ok := bodies[to]
			if viaRevisit {
				b, ok = byDigest[revisits[to]]
			}
			if ok && a.redirURL == "" {
				sum := sha256.Sum256(b)
				a.redirURL, a.target, a.targetSHA, a.targetRevisit = from, to, hex.EncodeToString(sum[:]), viaRevisit
			}
		}
	}
	if a.pageURL == "" || a.redirURL == "" {
		return a, errors.New("the export holds no report page or no downfile.jsp redirect to an archived response (crawl with real PDFs)")
	}
	return a, nil
}

// httpResponse parses an HTTP response block and returns the body as a
// browser gets it (transfer and content encodings removed).
func httpResponse(block []byte) (*http.Response, []byte, error) {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		return nil, nil, err
	}
	var rd io.Reader = resp.Body
	switch strings.ToLower(resp.Header.Get("Content-Encoding")) {
	case "gzip":
		if rd, err = gzip.NewReader(rd); err != nil {
			return nil, nil, err
		}
	case "deflate":
		rd = flate.NewReader(rd)
	case "br":
		rd = brotli.NewReader(rd)
	}
	b, err := io.ReadAll(rd)
	return resp, b, err
}

// title is the text of a page's <title>, decoded from its charset.
func title(body []byte, contentType string) string {
	rd, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return ""
	}
	z := html.NewTokenizer(rd)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken:
			if n, _ := z.TagName(); string(n) == "title" {
				if z.Next() == html.TextToken {
					return strings.TrimSpace(string(z.Text()))
				}
				return ""
			}
		}
	}
}
