package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/cluster"
	"github.com/nianbao/nianbao/internal/redistest"
	"github.com/nianbao/nianbao/sim"
)

// BenchmarkCluster300Sites crawls 300 simulated sites with politeness on
// (50 ms between requests to a host, one at a time) by 1, 2 and 4 workers
// on this machine, each crawling 8 sites at once into its own archive,
// coordinated by a real redis-server. Reported: sites/min for the whole
// run, Redis commands per page (the server's own count), pages.
//
//	go test ./cmd/nianbao -run '^$' -bench Cluster300 -benchtime 1x
func BenchmarkCluster300Sites(b *testing.B) {
	benchCluster(b, benchClusterSites)
}

// benchClusterSites is 300; NIANBAO_BENCH_SITES overrides it (a quick look).
var benchClusterSites = envInt("NIANBAO_BENCH_SITES", 300)

func benchCluster(b *testing.B, sites int) {
	sc := newSimCrawl(b, sim.Options{Sites: sites, Seed: 99, NoObstacles: true},
		"  parallel_sites: 8\ncluster:\n  job_lease: 30s\n  host_lease: 10s\n")
	sc.setDelay(b, "50ms")
	b.Run("alone", func(b *testing.B) { // the same crawl without a coordinator
		for i := 0; i < b.N; i++ {
			sc.db = filepath.Join(b.TempDir(), "alone.db")
			start := time.Now()
			t := runTotals(b, sc.crawl(b, "crawl"))
			took := time.Since(start)
			b.ReportMetric(float64(sites)/took.Minutes(), "sites/min")
			b.ReportMetric(float64(t["pages"])/took.Seconds(), "pages/s")
		}
	})
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rs := redistest.Start(b, redistest.Options{})
				sc.dir = b.TempDir() // fresh worker archives: a full crawl, not an incremental one
				start := time.Now()
				sc.workers(b, rs, n, "crawl")
				took := time.Since(start)
				c, err := cluster.Dial(context.Background(), rs.URL(0), cluster.Options{})
				if err != nil {
					b.Fatal(err)
				}
				ops, _ := c.ServerCommands(context.Background())
				snaps, _ := c.Snapshots(context.Background())
				c.Close()
				if len(snaps) != 1 || len(snaps[0].Results) != sites {
					b.Fatalf("run incomplete: %+v", snaps)
				}
				pages := totals(snaps[0].Results)["pages"]
				b.ReportMetric(float64(sites)/took.Minutes(), "sites/min")
				b.ReportMetric(float64(totals(snaps[0].Results)["pages"])/took.Seconds(), "pages/s")
				b.ReportMetric(float64(ops)/float64(max(pages, 1)), "redis-ops/page")
				b.ReportMetric(float64(pages), "pages")
				if os.Getenv("NIANBAO_BENCH_COMMANDSTATS") != "" {
					b.Log(commandStats(b, rs))
				}
				rs.Stop()
			}
		})
	}
}

// commandStats is the server's per-command counts (INFO commandstats).
func commandStats(b *testing.B, rs *redistest.Server) string {
	out, err := exec.Command("redis-cli", "-h", "127.0.0.1", "-p", strings.TrimPrefix(rs.Addr, "127.0.0.1:"), "INFO", "commandstats").Output()
	if err != nil {
		return err.Error()
	}
	return string(out)
}
