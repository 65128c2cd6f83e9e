package crawler

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/internal/heapwatch"
	"github.com/nianbao/nianbao/sim"
)

// BenchmarkCrawl_Simulator100 crawls 100 simulated sites with politeness
// delays off (Retry-After still honoured), then crawls them again
// unchanged. Metrics: pages/s and requests per report of the first run,
// peak heap, and the second run's full-body requests as a share of the
// first run's requests.
func BenchmarkCrawl_Simulator100(b *testing.B) {
	for range b.N {
		sm, seeds := startSim(b, benchSites, false)
		a := newFakeArchive("b1")
		a.dir = b.TempDir()
		opt := Options{NoDelay: true, Timeout: 10 * time.Second, BackoffBase: 10 * time.Millisecond,
			AllowPrivate: true, Parallel: 100, MaxLargeBodies: benchLarge}
		stop := heapwatch.Start(20*time.Millisecond, nil)
		cpu0 := cpuTime()
		start := time.Now()
		res, err := New(opt, a, titleParse).Run(context.Background(), "b1", seeds)
		elapsed := time.Since(start)
		cpu1 := cpuTime()
		hp := stop()
		peak, live := hp.InUse, hp.Live
		if err != nil {
			b.Fatal(err)
		}
		reports, pages := 0, 0
		for _, r := range res {
			reports += r.Reports
			pages += r.Pages
		}
		first := sm.Stats().Total(func(h sim.HostStats) int { return h.Requests })
		a.run = "b2"
		notMod0 := sm.Stats().Total(func(h sim.HostStats) int { return h.NotModified })
		start2 := time.Now()
		if _, err := New(opt, a, titleParse).Run(context.Background(), "b2", seeds); err != nil {
			b.Fatal(err)
		}
		elapsed2 := time.Since(start2)
		cpu2 := cpuTime()
		st := sm.Stats()
		second := st.Total(func(h sim.HostStats) int { return h.Requests }) - first
		full := second - (st.Total(func(h sim.HostStats) int { return h.NotModified }) - notMod0)
		b.ReportMetric(float64(pages)/elapsed.Seconds(), "pages/s")
		b.ReportMetric(float64(first)/float64(reports), "req/report")
		b.ReportMetric(float64(peak)/(1<<20), "peakMB")
		b.ReportMetric(float64(live)/(1<<20), "liveMB")
		b.ReportMetric(100*float64(full)/float64(first), "%full-2nd")
		b.ReportMetric(elapsed2.Seconds()/elapsed.Seconds()*100, "%time-2nd")
		b.ReportMetric(float64(pages)/(cpu1-cpu0).Seconds(), "pages/cpu-s")
		b.ReportMetric((cpu2-cpu1).Seconds()/(cpu1-cpu0).Seconds()*100, "%cpu-2nd")
		b.Logf("cpu (crawler + simulator, one process): first %v, second %v", (cpu1 - cpu0).Round(time.Millisecond), (cpu2 - cpu1).Round(time.Millisecond))
		b.Logf("first: %d sites, %d reports, %d pages, %d requests in %v; second: %d requests (%d full) in %v; peak heap in use %.0f MB, live ≈%.0f MB (crawler, fake archive and simulator in one process)",
			len(res), reports, pages, first, elapsed.Round(time.Millisecond), second, full, elapsed2.Round(time.Millisecond), float64(peak)/(1<<20), float64(live)/(1<<20))
		outcomes := map[string]int{}
		for _, r := range res {
			outcomes[r.Outcome]++
		}
		b.Logf("outcomes %v", outcomes)
		_ = capture.OutcomeOK
	}
}

var benchSites, benchLarge = 100, 0

// cpuTime is the process's user+system CPU time: a throughput measure that
// holds up on a loaded machine, unlike wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
