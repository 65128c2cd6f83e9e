package crawler

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/sim"
)

// serveHazard starts a hazard site for the test.
func serveHazard(t *testing.T, h *sim.Hazard) *sim.Served {
	t.Helper()
	s, err := sim.Serve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// hazardOptions crawl with the real discovery.
func hazardOptions() Options {
	opt := testOptions()
	opt.Discoverer, opt.IgnoreRobots, opt.NoDelay = DiscovererFunc(discover.Links), true, true
	return opt
}

// checkReports fails unless every report of h was archived with a record.
func checkReports(t *testing.T, a *fakeArchive, base string, h *sim.Hazard, res capture.SiteResult) {
	t.Helper()
	for _, p := range h.Reports {
		u := p
		if !strings.HasPrefix(p, "http") {
			u = base + p
		}
		if a.record(u) == nil {
			t.Errorf("report %s not found (site %s: %s)", u, res.Outcome, res.Detail)
		}
	}
}

// A Hanweb portal with 200 columns: only the report column and its
// articles are crawled; the budget does not go on the other columns.
func TestCrawler_Run_HanwebPortal200(t *testing.T) {
	h := sim.HanwebPortal(200)
	s := serveHazard(t, h)
	opt := hazardOptions()
	opt.SitePageBudget = 60
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	checkReports(t, a, s.URL, h, res)
	other := 0
	for k, n := range s.Hits() {
		if strings.Contains(k, "/col/col1") {
			other += n
		}
	}
	if res.Outcome != "ok" || other > 5 {
		t.Errorf("outcome %s (%s), %d requests, %d of them to other columns; want ok and at most 5", res.Outcome, res.Detail, res.Requests, other)
	}
	t.Logf("%d requests, %d to other columns", res.Requests, other)
}

// A seed that redirects to another host of the same government: the new
// portal, its sub-hosts, the old host and the unit's column on the
// province's platform are crawled; nothing else is requested.
func TestCrawler_Run_ScopeFollowsGovernment(t *testing.T) {
	h := sim.GovernmentHosts()
	s := serveHazard(t, h)
	opt := hazardOptions()
	opt.Proxy = s.URL // virtual hosts
	a := newFakeArchive("r")
	res := runOnce(t, opt, a, "r", Seed{Code: "1", URL: h.Seed})[0]
	checkReports(t, a, "", h, res)
	hosts := s.HostHits()
	for _, host := range []string{"www.baidu.com", "www.zjzwfw.gov.cn"} {
		if hosts[host] != 0 {
			t.Errorf("%d requests to unrelated host %s", hosts[host], host)
		}
	}
	hits := s.Hits()
	for _, p := range []string{"www.zj.gov.cn/", "www.zj.gov.cn/col/col1551/index.html", "www.zj.gov.cn/art/2024/1/5/art_1551_9.html"} {
		if hits[p] != 0 {
			t.Errorf("%d requests to %s, outside this county's platform column", hits[p], p)
		}
	}
	if hits["oldxian.gov.cn/about.html"] != 1 {
		t.Errorf("the seed's own host left out of scope after its redirect: %v", hits)
	}
	if res.Outcome != "ok" {
		t.Errorf("outcome %s (%s)", res.Outcome, res.Detail)
	}
	t.Logf("hosts %v", hosts)
}

// A report column inside an <iframe src> is followed by plain HTTP.
func TestCrawler_Run_IframeColumn(t *testing.T) {
	h := sim.IframeColumn()
	s := serveHazard(t, h)
	a := newFakeArchive("r")
	res := runOnce(t, hazardOptions(), a, "r", Seed{Code: "1", URL: s.URL + "/"})[0]
	checkReports(t, a, s.URL, h, res)
}
