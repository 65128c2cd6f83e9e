package crawler

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/sim"
)

// A challenge guards /robots.txt as it guards every page: with robots.txt
// honoured, the browser passes the challenge on robots.txt, the file is
// read again over HTTP with the cookies it earned and obeyed (the draft
// column it disallows is never requested), and the rest of the site is
// crawled with the same cookies.
func TestCrawler_Run_ChallengedRobotsPassedByBrowser(t *testing.T) {
	b := realBrowser(t)
	for _, kind := range []string{"412", "521", "202"} {
		t.Run(kind, func(t *testing.T) {
			h := sim.ChallengeSite(kind)
			s := serveHazard(t, h)
			opt := hazardOptions()
			opt.IgnoreRobots, opt.Browser = false, b
			a := newFakeArchive("r")
			res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
			checkReports(t, a, s.URL, h, res)
			if res.Outcome != "ok" || res.Skipped["robots_challenge_passed_by_browser"] != 1 {
				t.Errorf("outcome %s (%s), skipped %v: want ok and robots.txt passed by the browser", res.Outcome, res.Detail, res.Skipped)
			}
			hits := s.Hits()
			for k, n := range hits {
				for _, d := range h.Denied {
					if strings.Contains(k, d) {
						t.Errorf("%d requests to %s, which robots.txt disallows", n, k)
					}
				}
			}
			if hits[strings.TrimPrefix(s.URL, "http://")+"/"] > 1 {
				t.Errorf("seed requested %d times: the cookies earned on robots.txt should pass it at once", hits[strings.TrimPrefix(s.URL, "http://")+"/"])
			}
			t.Logf("%d requests; hits %v", res.Requests, hits)
		})
	}
}

// Without a browser a challenged robots.txt cannot be read: RFC 9309's
// rule for its status applies, with the reason kept. 412 is a 4xx (no
// restrictions: the seed is fetched and found challenged); 521 and 202
// mean disallow all, and the site is challenged for its robots.txt.
func TestCrawler_Run_ChallengedRobotsWithoutBrowser(t *testing.T) {
	for _, tc := range []struct{ kind, detail, skip string }{
		{"412", "412 with $_ts script", "robots_unreadable_allow_all"},
		{"521", "robots.txt challenged", ""},
		{"202", "robots.txt challenged", ""},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			s := serveHazard(t, sim.ChallengeSite(tc.kind))
			opt := hazardOptions()
			opt.IgnoreRobots = false
			res := runOnce(t, opt, newFakeArchive("r"), "r", Seed{Code: "1", URL: s.URL + "/"})[0]
			if res.Outcome != "challenged" || !strings.Contains(res.Detail, tc.detail) {
				t.Errorf("outcome %s (%s), want challenged naming %q", res.Outcome, res.Detail, tc.detail)
			}
			if tc.skip != "" && res.Skipped[tc.skip] != 1 {
				t.Errorf("skipped %v, want %s recorded", res.Skipped, tc.skip)
			}
			if tc.skip == "" && !strings.Contains(res.Detail, "RFC 9309") {
				t.Errorf("detail %q does not say which robots rule applied", res.Detail)
			}
		})
	}
}

// A robots.txt whose challenge the browser cannot pass (its script
// reloads into the same challenge) while the pages themselves are open:
// a 521 disallows all (site challenged, the browser's failure in the
// detail); a 412 is a 4xx, so the site is crawled without restrictions.
func TestCrawler_Run_ChallengedRobotsNotPassed(t *testing.T) {
	b := realBrowser(t)
	for _, status := range []int{521, 412} {
		s := newSite(t)
		s.handle("/robots.txt", func(w w, r *r) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			w.Write([]byte(`<script>$_ts={};document.cookie="__jsl_clearance=1|0|abc";location.href=location.pathname</script>`))
		})
		s.handle("/", func(w w, r *r) { w.Write([]byte(`<html><body>home</body></html>`)) })
		opt := hazardOptions()
		opt.IgnoreRobots, opt.Browser = false, b
		res := runOnce(t, opt, newFakeArchive("r"), "r", Seed{Code: "1", URL: s.url("/")})[0]
		switch status {
		case 521:
			if res.Outcome != "challenged" || !strings.Contains(res.Detail, "browser did not pass") || !strings.Contains(res.Detail, "disallow all") {
				t.Errorf("521: outcome %s (%s)", res.Outcome, res.Detail)
			}
		case 412:
			if res.Outcome == "challenged" || res.Skipped["robots_unreadable_allow_all"] != 1 {
				t.Errorf("412: outcome %s (%s), skipped %v: want crawled without restrictions, reason recorded", res.Outcome, res.Detail, res.Skipped)
			}
		}
		t.Logf("%d: %s (%s) %v", status, res.Outcome, res.Detail, res.Skipped)
	}
}

// A site whose 412 challenge beats the browser on robots.txt (allowed by
// the 4xx rule) and guards its pages the same way: the seed's challenge is
// not taken to the browser a second time; the site is challenged, with
// the robots.txt failure in the detail.
func TestCrawler_Run_ChallengeBeatBrowserOnRobots(t *testing.T) {
	b := realBrowser(t)
	s := newSite(t)
	loop := func(w w, r *r) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(412)
		w.Write([]byte(`<script>$_ts={};document.cookie="FSSBBIl1UgzbN7N80T=1";location.href=location.pathname</script>`))
	}
	s.handle("/robots.txt", loop)
	s.handle("/", loop)
	opt := hazardOptions()
	opt.IgnoreRobots, opt.Browser = false, b
	res := runOnce(t, opt, newFakeArchive("r"), "r", Seed{Code: "1", URL: s.url("/")})[0]
	seed := 0
	s.mu.Lock()
	for _, h := range s.hits {
		if h.path == "/" {
			seed++
		}
	}
	s.mu.Unlock()
	if res.Outcome != "challenged" || !strings.Contains(res.Detail, "on robots.txt the browser did not pass it") || seed != 1 {
		t.Errorf("outcome %s (%s), seed requested %d times: want challenged, the robots.txt failure named, the seed fetched once over HTTP only", res.Outcome, res.Detail, seed)
	}
}
