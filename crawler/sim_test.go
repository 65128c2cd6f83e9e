package crawler

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/sim"
)

// titleParse stands in for extract.Extract on simulated sites: a page is a
// report when its <title> has the report's title pattern and is not a
// look-alike (解读, 汇总, 通知).
func titleParse(c *capture.Capture) (*extract.Record, bool, error) {
	text, _ := defaultDecode(c.Body, c.Header.Get("Content-Type"))
	m := titleRe.FindSubmatch(text)
	if m == nil {
		return nil, false, nil
	}
	title := string(m[1])
	if !reportTitle.MatchString(title) || lookAlike.MatchString(title) {
		return nil, false, nil
	}
	rec := &extract.Record{URL: c.FinalURL, Title: title}
	if y := yearRe.FindString(title); y != "" {
		rec.Year = int(y[2]-'0')*10 + int(y[3]-'0') + 2000
	}
	return rec, true, nil
}

var (
	reportTitle = regexp.MustCompile(`20\d\d年度?.*政府信息公开(工作)?(年度报告|年报|工作报告)`)
	lookAlike   = regexp.MustCompile(`解读|汇总|通知|指南`)
)

// startSim starts n simulated sites and returns them with their seeds.
func startSim(t testing.TB, n int, noObstacles bool) (*sim.Sim, []Seed) {
	s := sim.New(sim.Options{Sites: n, Seed: 7, NoObstacles: noObstacles, CrawlDelay: "0.02"})
	if _, err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	var seeds []Seed
	for _, r := range s.Seeds() {
		seeds = append(seeds, Seed{Code: r.Code, Name: r.Name, Province: r.Province, URL: r.URL, ExtraHosts: r.ExtraHosts})
	}
	return s, seeds
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.RequestURI()
}

// Crawling the simulator with the real discover package finds every
// report, keeps no look-alike, stays polite and in scope, and a second run
// is cheap.
func TestCrawler_Run_Simulator(t *testing.T) {
	sm, seeds := startSim(t, 10, false)
	a := newFakeArchive("r1")
	opt := Options{Delay: 5 * time.Millisecond, Timeout: 5 * time.Second, BackoffBase: 10 * time.Millisecond,
		AllowPrivate: true, Parallel: 10}
	start := time.Now()
	res, err := New(opt, a, titleParse).Run(context.Background(), "r1", seeds)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	truth, decoys := sm.Truth(), sm.Decoys()
	rows := sm.Seeds()
	found := 0
	for i, r := range res {
		if r.Outcome != rows[i].Expect {
			t.Errorf("site %s (%s): outcome %q (%s), want %q", r.Code, rows[i].Family, r.Outcome, r.Detail, rows[i].Expect)
		}
		got := map[string]bool{}
		for u := range a.records {
			if strings.HasPrefix(u, rows[i].URL[:len(rows[i].URL)-1]) || hostIn(u, rows[i].ExtraHosts) {
				got[pathOf(u)] = true
			}
		}
		for _, rep := range truth[r.Code] {
			if !got[rep.Path] {
				t.Errorf("site %s (%s): report %s %q not found", r.Code, rows[i].Family, rep.Path, rep.Title)
			}
		}
		for _, d := range decoys[r.Code] {
			if got[pathOf(d)] {
				t.Errorf("site %s: look-alike %s kept", r.Code, d)
			}
		}
		found += len(truth[r.Code])
		t.Logf("%s %-8s %-16s pages %3d reports %3d %v %v", r.Code, rows[i].Family, r.Outcome, r.Pages, r.Reports, r.Finished.Sub(r.Started).Round(time.Millisecond), r.Skipped)
	}
	for _, c := range a.caps {
		if c.Duration > 500*time.Millisecond || c.Outcome == capture.OutcomeTimeout {
			t.Logf("slow: %s %s %d %s %v %s", c.Method, c.URL, c.Status, c.Outcome, c.Duration, c.Error)
		}
	}
	st := sm.Stats()
	checkPolite(t, st, opt.Delay)
	first := st.Total(func(h sim.HostStats) int { return h.Requests })
	t.Logf("first run: %d sites, %d reports, %d requests (%.2f per report) in %v", len(res), found, first,
		float64(first)/float64(found), elapsed)

	// Second run, nothing changed: full-body requests at most 10% of the first.
	a.run = "r2"
	if _, err := New(opt, a, titleParse).Run(context.Background(), "r2", seeds); err != nil {
		t.Fatal(err)
	}
	st2 := sm.Stats()
	all := st2.Total(func(h sim.HostStats) int { return h.Requests }) - first
	cond := st2.Total(func(h sim.HostStats) int { return h.Conditional }) - st.Total(func(h sim.HostStats) int { return h.Conditional })
	full := all - st2.Total(func(h sim.HostStats) int { return h.NotModified }) + st.Total(func(h sim.HostStats) int { return h.NotModified })
	t.Logf("second run: %d requests, %d conditional, %d full bodies (%.1f%% of the first run's requests)", all, cond, full, 100*float64(full)/float64(first))
	for _, c := range a.caps[len(a.caps)-all:] {
		if c.Outcome != capture.OutcomeNotModified {
			t.Logf("second run full: %s %s %d %s", c.Method, c.URL, c.Status, c.Kind)
		}
	}
	if float64(full) > 0.10*float64(first) {
		t.Errorf("second run fetched %d full bodies, more than 10%% of %d", full, first)
	}
}

func hostIn(raw string, hosts []string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	for _, h := range hosts {
		if u.Host == h {
			return true
		}
	}
	return false
}

// checkPolite asserts the simulator's server-side measurements.
func checkPolite(t *testing.T, st sim.Stats, delay time.Duration) {
	t.Helper()
	for host, h := range st.Hosts {
		if h.MaxInFlight > 1 {
			t.Errorf("%s: %d requests in flight", host, h.MaxInFlight)
		}
		if h.Requests > 1 && h.MinGap < delay {
			t.Errorf("%s (%s %s): requests %v apart, delay %v; paths %v", host, h.Site, h.Role, h.MinGap, delay, h.Paths)
		}
		if h.RobotsDisallowed+h.OffScope+h.RetryTooSoon > 0 {
			t.Errorf("%s: robots-disallowed %d, off-scope %d, retry too soon %d", host, h.RobotsDisallowed, h.OffScope, h.RetryTooSoon)
		}
	}
}

// A backfill of the simulator finds every report of the year and keeps no
// report of another year.
func TestCrawler_Run_SimulatorBackfill(t *testing.T) {
	sm := sim.New(sim.Options{Sites: 6, Seed: 3, NoObstacles: true})
	if _, err := sm.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sm.Close)
	var seeds []Seed
	for _, r := range sm.Seeds() {
		seeds = append(seeds, Seed{Code: r.Code, URL: r.URL, ExtraHosts: r.ExtraHosts})
	}
	a := newFakeArchive("b")
	opt := Options{Delay: time.Millisecond, AllowPrivate: true, Year: 2022}
	res, err := New(opt, a, titleParse).Run(context.Background(), "b", seeds)
	if err != nil {
		t.Fatal(err)
	}
	want, hits := 0, 0
	for code, reps := range sm.Truth() {
		for _, rep := range reps {
			if rep.Year == 2022 && rep.Format == "html" {
				want++
				if a.record(rep.URL) == nil {
					t.Errorf("%s: 2022 report %s %q missed", code, rep.URL, rep.Title)
				}
			}
		}
	}
	for u, rec := range a.records {
		if rec.Year != 2022 {
			t.Errorf("backfill kept a %d report: %s", rec.Year, u)
		}
	}
	for _, r := range res {
		hits += r.YearHits
	}
	if hits != want {
		t.Errorf("year hits %d, want %d", hits, want)
	}
}

// TestCrawler_Run_ProcessingBound: however many sites are in flight, at
// most MaxProcessing pages are being discovered at once, on the first
// crawl (fetched pages) and on the second (navigation pages read back
// from the archive without a request).
func TestCrawler_Run_ProcessingBound(t *testing.T) {
	_, seeds := startSim(t, 12, true)
	a := newFakeArchive("")
	clk := &clock{t: time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)}
	var inFlight, peak, calls atomic.Int64
	opt := Options{NoDelay: true, Timeout: 10 * time.Second, BackoffBase: 10 * time.Millisecond,
		AllowPrivate: true, Parallel: 12, MaxProcessing: 2, Now: clk.now}
	opt.Discoverer = DiscovererFunc(func(p discover.Page) ([]discover.Link, []discover.Skip) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			if old := peak.Load(); n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		calls.Add(1)
		time.Sleep(200 * time.Microsecond) // widen the window an unbounded stage would show
		return discover.Links(p)
	})
	for night, run := range []string{"n1", "n2"} {
		a.run = run
		calls.Store(0)
		if _, err := New(opt, a, titleParse).Run(context.Background(), run, seeds); err != nil {
			t.Fatal(err)
		}
		if calls.Load() < 12 {
			t.Errorf("night %d: %d discoveries, want at least one per site", night+1, calls.Load())
		}
		clk.t = clk.t.Add(24 * time.Hour)
	}
	if got := peak.Load(); got > 2 {
		t.Errorf("%d pages in discovery at once, want at most MaxProcessing=2", got)
	}
}
