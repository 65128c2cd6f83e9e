package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts Debian's chromium headless with a fresh profile and no
// background traffic. Without chromium the test fails in CI (CI=true) and
// is skipped elsewhere.
func browser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; .ci/run installs Debian's chromium")
		}
		t.Skip("chromium not installed (apt-get install chromium); the browser tests need it")
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1400, 1000)}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	cl := &consoleLog{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			cl.add(m)
		}
	}()
	return ctx, cl
}

// consoleLog keeps the console errors and exceptions of the pages visited.
type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) add(m chromedp.ConsoleMessage) {
	if m.Type != chromedp.ConsoleError && !m.IsException() {
		return
	}
	c.mu.Lock()
	c.errs = append(c.errs, m.String()+" @ "+m.URL)
	c.mu.Unlock()
}

func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.errs
	c.errs = nil
	return out
}

// screenshot saves a full-page PNG (quality 100: below it chromedp encodes JPEG) as a test artefact: in
// $NIANBAO_SCREENSHOTS when set, else in the test's temp dir.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("NIANBAO_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot %s (%d bytes)", p, len(png))
}

// countingHandler counts requests by path prefix.
type countingHandler struct {
	h    http.Handler
	mu   sync.Mutex
	hits map[string]int
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.hits[strings.SplitN(r.URL.Path, "/", 3)[1]]++
	c.mu.Unlock()
	c.h.ServeHTTP(w, r)
}

func (c *countingHandler) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[prefix]
}

func TestBrowser_Pages(t *testing.T) {
	ctx, console := browser(t)
	fx := newFixture(t)
	var canary atomic.Int32 // any request the archived page manages to send
	canarySrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { canary.Add(1) }))
	defer canarySrv.Close()
	leaky := fmt.Sprintf(`<html><head><script src="%[1]s/s.js"></script><link rel="stylesheet" href="%[1]s/c.css">
<script>fetch("%[1]s/f");fetch("/api/status");</script></head><body><img src="%[1]s/i.png"><iframe src="%[1]s/frame"></iframe>
<p>原件正文</p><a id="out" href="%[1]s/clicked">原网站</a></body></html>`, canarySrv.URL)
	leakyRec := fx.save(t, "http://www.r8.gov.cn/zfxxgknb/leaky.html", fx.seeds[4], 2023, "荔湾区2023年政府信息公开工作年度报告", []byte(leaky))
	s := fx.server(t, Options{Live: func() Live { return Live{NextRun: fixtureT0} }})
	ch := &countingHandler{h: s.Handler(), hits: map[string]int{}}
	srv := httptest.NewServer(ch)
	defer srv.Close()

	t.Run("dashboard without console errors", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text("#failing"))
		if err != nil || !strings.Contains(text, "440103") || !strings.Contains(text, "412 瑞数 challenge") {
			t.Errorf("failing sites table: %q %v", text, err)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(2500*time.Millisecond)); err != nil { // one live poll
			t.Fatal(err)
		}
		if n := ch.count("api"); n == 0 {
			t.Error("the dashboard did not poll /api/status")
		}
		screenshot(t, ctx, "dashboard")
		if errs := console.take(); len(errs) > 0 {
			t.Errorf("console errors on the dashboard: %q", errs)
		}
	})

	t.Run("coverage grid counts", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/coverage"), chromedp.WaitVisible("#coverage")); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ prov, year, want string }{
			{"北京市", "2021", "2"}, {"河北省", "2021", ""}, {"河北省", "2022", "2"}, {"广东省", "2023", "1"},
		} {
			sel := fmt.Sprintf(`#coverage td[data-province=%q][data-year=%q] a`, c.prov, c.year)
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{textContent:""}).textContent`, sel)))
			if err != nil || got != c.want {
				t.Errorf("%s %s: cell shows %q (%v), want %q", c.prov, c.year, got, err, c.want)
			}
		}
		screenshot(t, ctx, "coverage")
		if errs := console.take(); len(errs) > 0 {
			t.Errorf("console errors on coverage: %q", errs)
		}
	})

	t.Run("search finds a report", func(t *testing.T) {
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/reports"), chromedp.WaitVisible(`#search input[name=q]`),
			chromedp.SendKeys(`#search input[name=q]`, "西城区2022"), chromedp.Submit(`#search input[name=q]`),
			chromedp.WaitVisible(`#results a.report`))
		if err != nil {
			t.Fatal(err)
		}
		// The submit navigates: the old list can still be on screen for a moment.
		var total string
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			total, err = chromedp.Run(ctx, chromedp.Text("#total"))
			if (err == nil && strings.HasPrefix(total, "1 report(s)")) || time.Now().After(deadline) {
				break
			}
		}
		if err != nil || !strings.HasPrefix(total, "1 report(s)") {
			t.Errorf("search total %q %v", total, err)
		}
		screenshot(t, ctx, "reports")
		if err := chromedp.Do(ctx, chromedp.Click(`#results a.report`), chromedp.WaitVisible("#title")); err != nil {
			t.Fatal(err)
		}
		if title, _ := chromedp.Run(ctx, chromedp.Text("#title")); title != "西城区2022年政府信息公开工作年度报告" {
			t.Errorf("the result leads to %q", title)
		}
		console.take()
	})

	t.Run("report shows figures and the original", func(t *testing.T) {
		before := ch.count("replay")
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/report?url="+url.QueryEscape(fx.changed)),
			chromedp.WaitVisible(`td[data-key="app_new_total"]`), chromedp.WaitVisible("#original"), chromedp.Sleep(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		cell, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(function(){var c=document.querySelector('td[data-key="app_new_total"]');return [c.textContent, c.className]})()`))
		if err != nil || len(cell) != 2 || cell[0] != "99" || !strings.Contains(cell[1], "failed") || !strings.Contains(cell[1], "changed") {
			t.Errorf("app_new_total cell %q %v: want 99, failed and changed", cell, err)
		}
		if ch.count("replay") == before {
			t.Error("the page did not load the original from /replay/")
		}
		screenshot(t, ctx, "report")
	})

	t.Run("archived page cannot reach the network or the UI", func(t *testing.T) {
		apiBefore := ch.count("api")
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/report?url="+url.QueryEscape(leakyRec.URL)),
			chromedp.WaitVisible("#original"), chromedp.Sleep(1500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if n := canary.Load(); n != 0 {
			t.Errorf("the archived page sent %d request(s) to the network", n)
		}
		if n := ch.count("api") - apiBefore; n != 0 {
			t.Errorf("the archived page's script reached the UI's API %d time(s)", n)
		}
		// Opened directly, outside the frame, it is still inert.
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/replay/"+leakyRec.SHA256), chromedp.Sleep(time.Second)); err != nil {
			t.Fatal(err)
		}
		if n := canary.Load(); n != 0 {
			t.Errorf("the replay opened on its own sent %d request(s) to the network", n)
		}
		origin, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.origin`))
		if err != nil || origin != "null" {
			t.Errorf("replay origin %q (%v), want the opaque origin null", origin, err)
		}
		console.take()
	})

	t.Run("a link clicked in the replay stays in the archive", func(t *testing.T) {
		replay := srv.URL + "/replay/" + leakyRec.SHA256 + "?url=" + url.QueryEscape(leakyRec.URL)
		err := chromedp.Do(ctx, chromedp.Navigate(replay), chromedp.WaitVisible("#out"), chromedp.Click("#out"), chromedp.Sleep(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if n := canary.Load(); n != 0 {
			t.Errorf("the click sent %d request(s) to the original site", n)
		}
		loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
		if err != nil || !strings.HasPrefix(loc, srv.URL+"/replay/go?url=") {
			t.Errorf("the click led to %q (%v), want the archive's not-archived note", loc, err)
		}
		if text, _ := chromedp.Run(ctx, chromedp.Text("body")); !strings.Contains(text, "Not in the archive") {
			t.Errorf("the note reads %q", text)
		}
		console.take()
	})
}
