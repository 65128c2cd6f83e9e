package crawler

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/heapwatch"
	"github.com/nianbao/nianbao/sim"
)

// chromiumRSS sums the proportional resident memory (PSS, so pages the
// processes share count once) of the chromium processes using profile dir.
func chromiumRSS(dir string) int64 {
	var total int64
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		cmd, err := os.ReadFile(d + "/cmdline")
		if err != nil || !strings.Contains(string(cmd), dir) {
			continue
		}
		st, _ := os.ReadFile(d + "/smaps_rollup")
		for _, line := range strings.Split(string(st), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "Pss:" {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				total += n << 10
			}
		}
	}
	return total
}

// watchChromium samples chromiumRSS until stop, returning the peak.
func watchChromium(dir string) (stop func() int64) {
	done, peak := make(chan struct{}), make(chan int64)
	go func() {
		var p int64
		for {
			p = max(p, chromiumRSS(dir))
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
				hp, chrome := stopHeap(), stopChrome()
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res[0].Requests), "requests")
				b.ReportMetric(el.Seconds(), "wall-s")
				b.ReportMetric(float64(hp.InUse)/(1<<20), "heapMB")
				b.ReportMetric(float64(chrome)/(1<<20), "chromiumMB")
				b.Logf("%s: outcome %s, %d reports, %d requests, %v", tc.name, res[0].Outcome, res[0].Reports, res[0].Requests, el.Round(time.Millisecond))
			}
		})
	}
}

// BenchmarkSimulator100Browser10: 100 simulated sites and 10 sites that
// need the browser (five 412/521/202 challenges, five XHR listings) in
// one run, two tabs.
func BenchmarkSimulator100Browser10(b *testing.B) {
	br := realBrowserB(b)
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
		stopHeap, stopChrome := heapwatch.Start(20*time.Millisecond, nil), watchChromium(br.ProfileDir())
		start := time.Now()
		res, err := New(opt, a, titleParse).Run(context.Background(), "r", seeds)
		el := time.Since(start)
		hp, chrome := stopHeap(), stopChrome()
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
		b.ReportMetric(float64(chrome)/(1<<20), "chromiumMB")
		b.Logf("%d sites, %d reports, %d requests in %v; outcomes %v; peak Go heap in use %.0f MB (simulator in-process), chromium peak RSS %.0f MB",
			len(res), reports, reqs, el.Round(time.Millisecond), outcomes, float64(hp.InUse)/(1<<20), float64(chrome)/(1<<20))
		for _, r := range res[100:] {
			b.Logf("browser site %s: %s %d reports %s", r.Code, r.Outcome, r.Reports, r.Detail)
		}
	}
}
