package crawler

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/internal/heapwatch"
	"github.com/nianbao/nianbao/sim"
)

// chromiumMem is the memory of the chromium processes using a profile:
// proportional resident memory (PSS: pages the processes share count
// once), the part of it that is anonymous or shared memory (not file pages
// the kernel can drop and read again: the binary, its libraries), and how
// that splits by process type.
type chromiumMem struct {
	pss, anon int64
	split     string
}

func chromiumRSS(dir string) chromiumMem {
	var m chromiumMem
	by, n := map[string]int64{}, map[string]int{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		cmd, err := os.ReadFile(d + "/cmdline")
		if err != nil || !strings.Contains(string(cmd), dir) {
			continue
		}
		st, _ := os.ReadFile(d + "/smaps_rollup")
		t := processType(string(cmd))
		n[t]++
		for _, line := range strings.Split(string(st), "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			v, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "Pss:":
				m.pss += v << 10
			case "Pss_Anon:", "Pss_Shmem:":
				m.anon += v << 10
				by[t] += v << 10
			}
		}
	}
	var parts []string
	for t, v := range by {
		parts = append(parts, fmt.Sprintf("%s×%d %.0f MB", t, n[t], float64(v)/(1<<20)))
	}
	sort.Strings(parts)
	m.split = "anonymous by process: " + strings.Join(parts, ", ")
	return m
}

// processType is a chromium process's --type (and utility sub-type);
// "browser" for the main process. chromium rewrites its command line into
// one space-separated string.
func processType(cmd string) string {
	t, sub := "browser", ""
	for _, a := range strings.FieldsFunc(cmd, func(r rune) bool { return r == 0 || r == ' ' }) {
		switch {
		case strings.HasPrefix(a, "--type="):
			t = strings.TrimPrefix(a, "--type=")
		case strings.HasPrefix(a, "--utility-sub-type="):
			sub = ":" + strings.TrimPrefix(a, "--utility-sub-type=")
		}
	}
	return t + sub
}

// watchChromium samples chromiumRSS until stop, returning the sample of
// peak PSS and the peak anonymous memory.
func watchChromium(dir string) (stop func() chromiumMem) {
	done, peak := make(chan struct{}), make(chan chromiumMem)
	go func() {
		var p chromiumMem
		var anon int64
		for {
			m := chromiumRSS(dir)
			if m.pss > p.pss {
				p = m
			}
			anon = max(anon, m.anon)
			select {
			case <-done:
				p.anon = anon
				peak <- p
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() chromiumMem { close(done); return <-peak }
}

// watchSelfAnon samples this process's anonymous memory (Pss_Anon) until
// stop, returning the peak.
func watchSelfAnon() (stop func() int64) {
	done, peak := make(chan struct{}), make(chan int64)
	go func() {
		var p int64
		for {
			st, _ := os.ReadFile("/proc/self/smaps_rollup")
			for _, line := range strings.Split(string(st), "\n") {
				if f := strings.Fields(line); len(f) > 1 && f[0] == "Pss_Anon:" {
					v, _ := strconv.ParseInt(f[1], 10, 64)
					p = max(p, v<<10)
				}
			}
			select {
			case <-done:
				peak <- p
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() int64 { close(done); return <-peak }
}

// BenchmarkBrowserSite: one site behind a 412 script challenge (browser)
// against the same site without it (plain HTTP): requests, wall time,
// Go heap and chromium memory.
func BenchmarkBrowserSite(b *testing.B) {
	br := realBrowserB(b)
	for _, tc := range []struct {
		name string
		h    *sim.Hazard
	}{{"plain", sim.FlakySite()}, {"challenge412", sim.ChallengeSite("412")}, {"xhrListing", sim.XHRListing()}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				s, err := sim.Serve(tc.h, nil)
				if err != nil {
					b.Fatal(err)
				}
				opt := hazardOptions()
				opt.Browser = br
				stopHeap, stopChrome := heapwatch.Start(10*time.Millisecond, nil), watchChromium(br.ProfileDir())
				start := time.Now()
				res, err := New(opt, newFakeArchive("r"), testParse).Run(context.Background(), "r", []Seed{{Code: "1", URL: s.URL + "/"}})
				el := time.Since(start)
				hp := stopHeap()
				chrome := stopChrome()
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res[0].Requests), "requests")
				b.ReportMetric(el.Seconds(), "wall-s")
				b.ReportMetric(float64(hp.InUse)/(1<<20), "heapMB")
				b.ReportMetric(float64(chrome.pss)/(1<<20), "chromiumMB")
				b.ReportMetric(float64(chrome.anon)/(1<<20), "chromiumAnonMB")
				b.Logf("%s: outcome %s, %d reports, %d requests, %v; chromium at peak: %s", tc.name, res[0].Outcome, res[0].Reports, res[0].Requests, el.Round(time.Millisecond), chrome.split)
			}
		})
	}
}

// BenchmarkSimulator100Browser10: 100 simulated sites and 10 sites that
// need the browser (five 412/521/202 challenges, five XHR listings) in
// one run, with two tabs and with one.
func BenchmarkSimulator100Browser10(b *testing.B) {
	for _, tabs := range []int{2, 1} {
		b.Run(fmt.Sprintf("tabs=%d", tabs), func(b *testing.B) { benchBrowser10(b, tabs) })
	}
}

func benchBrowser10(b *testing.B, tabs int) {
	realBrowserB(b) // fails in CI / skips without chromium
	br, err := browser.New(browser.Options{UserAgent: DefaultUserAgent, MaxTabs: tabs})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	for range b.N {
		_, seeds := startSim(b, 100, false)
		for i := range 10 {
			h := sim.XHRListing()
			if i < 5 {
				h = sim.ChallengeSite([]string{"412", "521", "202"}[i%3])
			}
			s, err := sim.Serve(h, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(s.Close)
			seeds = append(seeds, Seed{Code: "h" + strconv.Itoa(i), URL: s.URL + "/"})
		}
		a := newFakeArchive("r")
		a.dir = b.TempDir()
		opt := Options{NoDelay: true, Timeout: 10 * time.Second, BackoffBase: 10 * time.Millisecond,
			AllowPrivate: true, Parallel: 100, Browser: br}
		runtime.GC()
		stopSelf := watchSelfAnon()
		stopHeap, stopChrome := heapwatch.Start(20*time.Millisecond, nil), watchChromium(br.ProfileDir())
		start := time.Now()
		res, err := New(opt, a, titleParse).Run(context.Background(), "r", seeds)
		el := time.Since(start)
		hp := stopHeap()
		chrome := stopChrome()
		self := stopSelf()
		if err != nil {
			b.Fatal(err)
		}
		outcomes, reports, reqs := map[string]int{}, 0, 0
		for _, r := range res {
			outcomes[r.Outcome]++
			reports += r.Reports
			reqs += r.Requests
		}
		b.ReportMetric(el.Seconds(), "wall-s")
		b.ReportMetric(float64(hp.InUse)/(1<<20), "heapMB")
		b.ReportMetric(float64(chrome.pss)/(1<<20), "chromiumMB")
		b.ReportMetric(float64(chrome.anon)/(1<<20), "chromiumAnonMB")
		b.Logf("%d sites, %d reports, %d requests in %v; outcomes %v; peak Go heap in use %.0f MB (simulator in-process), chromium peak RSS %.0f MB",
			len(res), reports, reqs, el.Round(time.Millisecond), outcomes, float64(hp.InUse)/(1<<20), float64(chrome.pss)/(1<<20))
		b.ReportMetric(float64(self)/(1<<20), "selfAnonMB")
		b.Logf("chromium at peak: %.0f MB anonymous; %s", float64(chrome.anon)/(1<<20), chrome.split)
		b.Logf("this process (crawler + simulator) at most %.0f MB anonymous", float64(self)/(1<<20))
		for _, r := range res[100:] {
			b.Logf("browser site %s: %s %d reports %s", r.Code, r.Outcome, r.Reports, r.Detail)
		}
	}
}
