package crawler

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/sim"
)

// realBrowser starts Debian's chromium for the test: required in CI,
// skipped with a message elsewhere when it is not installed.
func realBrowser(t *testing.T) *browser.Browser { return realBrowserB(t) }

func realBrowserB(t testing.TB) *browser.Browser {
	t.Helper()
	if !browser.Available("") {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (apt-get install chromium); CI must run the browser tests")
		}
		t.Skip("chromium not installed: browser tests skipped (apt-get install chromium)")
	}
	b, err := browser.New(browser.Options{UserAgent: DefaultUserAgent, MaxTabs: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// kinds counts the captures by kind, and the rendered DOMs (kept with
// their document response, or as captures of kind "rendered") under
// "rendered".
func kinds(a *fakeArchive) map[string]int {
	m := map[string]int{}
	for _, c := range a.caps {
		m[c.Kind]++
		if len(c.Rendered) > 0 {
			m["rendered"] += len(c.Rendered)
		}
	}
	return m
}

// renderedApart counts the rendered DOMs not kept with a document response.
func renderedApart(a *fakeArchive) int {
	n := 0
	for _, c := range a.caps {
		if c.Kind == "rendered" {
			n++
		}
	}
	return n
}

// 412 (瑞数-like), 521 (加速乐-like) and script-only 202 challenges: only a
// browser that runs the page's script passes; its cookies then serve the
// HTTP fetcher for the rest of the site.
func TestCrawler_Run_ScriptChallenges(t *testing.T) {
	b := realBrowser(t)
	for _, kind := range []string{"412", "521", "202"} {
		t.Run(kind, func(t *testing.T) {
			h := sim.ChallengeSite(kind)
			s := serveHazard(t, h)
			plain := runOnce(t, hazardOptions(), newFakeArchive("r"), "r", Seed{Code: "1", URL: s.URL + "/"})[0]
			if plain.Outcome != "challenged" {
				t.Errorf("without a browser: %s, want challenged", plain.Outcome)
			}
			opt := hazardOptions()
			opt.Browser = b
			a := newFakeArchive("r")
			res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
			checkReports(t, a, s.URL, h, res)
			k := kinds(a)
			if res.Outcome != "ok" || k["browser"] == 0 || k["rendered"] != 1 || renderedApart(a) != 0 {
				t.Errorf("outcome %s (%s); captures by kind %v: want ok, the browser's responses and one rendered DOM", res.Outcome, res.Detail, k)
			}
			for _, c := range a.caps {
				if c.Kind == "browser" && c.Status == 0 {
					t.Errorf("browser capture without status: %s", c.URL)
				}
			}
		})
	}
}

// A slider CAPTCHA is never attempted: the site stays challenged, with
// the reason, and the browser is not even started on it.
func TestCrawler_Run_CaptchaNotAttempted(t *testing.T) {
	b := realBrowser(t)
	s := serveHazard(t, sim.CaptchaSite())
	opt := hazardOptions()
	opt.Browser = b
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	if res.Outcome != "challenged" || !strings.Contains(res.Detail, "never attempted") || kinds(a)["browser"] != 0 {
		t.Errorf("outcome %s (%s), captures %v", res.Outcome, res.Detail, kinds(a))
	}
}

// A listing drawn by XHR from a JSON search API, paged by a script
// button: rendered, the pager clicked, every report found.
func TestCrawler_Run_XHRListing(t *testing.T) {
	b := realBrowser(t)
	h := sim.XHRListing()
	s := serveHazard(t, h)
	plain := runOnce(t, hazardOptions(), newFakeArchive("r"), "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	if plain.Reports != 0 {
		t.Errorf("without a browser %d reports: the listing is not script-drawn", plain.Reports)
	}
	opt := hazardOptions()
	opt.Browser = b
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	checkReports(t, a, s.URL, h, res)
	var api int
	for _, c := range a.caps {
		if c.Kind == "browser" && strings.Contains(c.URL, "/api/nb/search") && c.Status == 200 && len(c.Body) > 0 {
			api++
		}
	}
	if api != 3 || kinds(a)["rendered"] != 3 {
		t.Errorf("%d JSON API answers archived, %d rendered DOMs; want 3 and 3", api, kinds(a)["rendered"])
	}
}

// A challenge whose script never earns a pass (it reloads into the same
// challenge) ends the visit after a few loads, not at the visit timeout.
func TestCrawler_Run_ChallengeNeverPassed(t *testing.T) {
	b := realBrowser(t)
	s := newSite(t)
	s.handle("/", func(w w, r *r) {
		w.Header().Set("X-Via-JSL", "1a2b3c4,-")
		w.WriteHeader(521)
		w.Write([]byte(`<script>document.cookie="__jsl_clearance=1|0|abc";location.href=location.pathname+location.search</script>`))
	})
	opt := hazardOptions()
	opt.Browser = b
	start := time.Now()
	res := runOnce(t, opt, newFakeArchive("r"), "r", Seed{Code: "1", URL: s.url("/")})[0]
	if res.Outcome != "challenged" || time.Since(start) > 20*time.Second {
		t.Errorf("outcome %s (%s) after %v", res.Outcome, res.Detail, time.Since(start))
	}
	t.Logf("%s after %v", res.Detail, time.Since(start).Round(time.Millisecond))
}

// A 平潭-like column: the newest reports in the HTML, the older ones only
// behind a javascript: pager. Plain HTTP finds the first page; with the
// browser the pager is clicked through and every report is found.
func TestCrawler_Run_StaticListingScriptPager(t *testing.T) {
	h := sim.ScriptPager()
	s := serveHazard(t, h)
	plain := runOnce(t, hazardOptions(), newFakeArchive("r"), "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	if plain.Reports != 4 {
		t.Errorf("without a browser %d reports, want the first page's 4", plain.Reports)
	}
	b := realBrowser(t)
	opt := hazardOptions()
	opt.Browser = b
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	checkReports(t, a, s.URL, h, res)
	if res.Reports != len(h.Reports) || res.Skipped["script_pager"] != 1 || kinds(a)["rendered"] != 3 {
		t.Errorf("%d reports, skipped %v, captures %v: want %d reports, the script pager noted, 3 rendered pages",
			res.Reports, res.Skipped, kinds(a), len(h.Reports))
	}
}
