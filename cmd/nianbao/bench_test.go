package main

import (
	"os"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/heapwatch"
	"github.com/nianbao/nianbao/sim"
)

// BenchmarkCrawl100Sites crawls 100 simulated sites with politeness off into
// a real archive, then crawls them again unchanged. Reported: pages/s,
// requests per report found, peak heap, and the second crawl's requests and
// full-body responses relative to the first.
//
//	go test ./cmd/nianbao -run '^$' -bench Crawl100 -benchtime 1x
func BenchmarkCrawl100Sites(b *testing.B) {
	t := b
	for i := 0; i < b.N; i++ {
		sc := newSimCrawl(t, sim.Options{Sites: benchSites, Seed: int64(i + 1), NoObstacles: true}, "")
		stop := heapwatch.Start(20*time.Millisecond, writeHeapProfile)
		start := time.Now()
		sc.crawl(t, "crawl")
		first := time.Since(start)
		st1 := sc.sim.Stats()
		reports := len(sc.export(t))
		start = time.Now()
		sc.crawl(t, "crawl")
		second := time.Since(start)
		peak := stop().InUse
		st2 := sc.sim.Stats()
		req := func(h sim.HostStats) int { return h.Requests }
		nm := func(h sim.HostStats) int { return h.NotModified }
		r1 := st1.Total(req)
		r2 := st2.Total(req) - r1
		full2 := r2 - (st2.Total(nm) - st1.Total(nm))
		b.ReportMetric(float64(r1)/first.Seconds(), "pages/s")
		b.ReportMetric(float64(r1)/float64(max(reports, 1)), "requests/report")
		b.ReportMetric(float64(reports), "reports")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(100*float64(r2)/float64(r1), "2nd-requests-%")
		b.ReportMetric(100*float64(full2)/float64(r1), "2nd-full-bodies-%")
		b.ReportMetric(100*second.Seconds()/first.Seconds(), "2nd-walltime-%")
		sc.sim.Close()
	}
}

// writeHeapProfile saves a heap profile at each new peak when
// NIANBAO_BENCH_HEAPPROF names a file, to see what the peak is made of.
func writeHeapProfile() {
	path := os.Getenv("NIANBAO_BENCH_HEAPPROF")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	pprof.WriteHeapProfile(f)
}

// benchSites is the number of simulated sites BenchmarkCrawl100Sites crawls.
var benchSites = envInt("NIANBAO_BENCH_SITES", 100)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
