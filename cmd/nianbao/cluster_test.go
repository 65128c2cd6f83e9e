package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/cluster"
	"github.com/nianbao/nianbao/internal/redistest"
	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
	"github.com/nianbao/nianbao/store"
)

// clusterConfig makes workers take few sites at a time (so every worker
// gets some) and gives up on silent workers quickly.
const clusterConfig = "  parallel_sites: 2\ncluster:\n  job_lease: 3s\n  host_lease: 10s\n"

// workers runs n `crawl --coordinator` workers at once, each into its own
// archive, and returns the archives.
func (sc *simCrawl) workers(t *testing.T, rs *redistest.Server, n int, verb string, extra ...string) []string {
	t.Helper()
	dbs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		dbs[i] = filepath.Join(sc.dir, fmt.Sprintf("worker%d.db", i))
		wg.Go(func() {
			args := append([]string{verb, "--config", sc.cfg, "--seeds", sc.seeds, "--db", dbs[i],
				"--coordinator", rs.URL(0), "--worker", fmt.Sprintf("w%d", i)}, extra...)
			if out, errs, code := runCLI(t, args...); code != 0 {
				t.Errorf("worker %d exit %d\nstdout:\n%s\nstderr:\n%s", i, code, out, errs)
			}
		})
	}
	wg.Wait()
	return dbs
}

// unionRecords exports every archive and joins their records by URL.
func (sc *simCrawl) unionRecords(t *testing.T, dbs []string) map[string]string {
	t.Helper()
	all := map[string]string{}
	keep := sc.db
	defer func() { sc.db = keep }()
	for _, db := range dbs {
		sc.db = db
		maps.Copy(all, recordSet(sc.export(t)))
	}
	return all
}

// sameRecords reports the differences between two record sets.
func sameRecords(t *testing.T, got, want map[string]string) {
	t.Helper()
	for _, u := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[u]; !ok {
			t.Errorf("record missing: %s", u)
		} else if g != want[u] {
			t.Errorf("record differs: %s\n got %s\nwant %s", u, g, want[u])
		}
	}
	for u := range got {
		if _, ok := want[u]; !ok {
			t.Errorf("record not in the one-process crawl: %s", u)
		}
	}
}

// runSites sums the sites recorded in each archive's last run.
func runSites(t *testing.T, dbs []string) (sites []int, finished bool) {
	t.Helper()
	finished = true
	for _, p := range dbs {
		db, err := store.Open(p, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		runs, err := db.Runs(1)
		db.Close()
		if err != nil || len(runs) == 0 {
			t.Fatalf("%s: no run (%v)", p, err)
		}
		sites = append(sites, len(runs[0].Results))
		finished = finished && !runs[0].Finished.IsZero()
	}
	return sites, finished
}

func TestCluster_ThreeWorkers_SameRecordsAsOneProcess(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	sc := newSimCrawl(t, sim.Options{Sites: 9, Seed: 5, NoObstacles: true, PDFDir: testshared.Path(t, "real-reports")}, clusterConfig)
	sc.crawl(t, "crawl")
	want := recordSet(sc.export(t))
	if len(want) == 0 {
		t.Fatal("the one-process crawl archived no records")
	}
	start := time.Now()
	dbs := sc.workers(t, rs, 3, "crawl")
	t.Logf("3 workers: %s", time.Since(start))
	sameRecords(t, sc.unionRecords(t, dbs), want)
	sites, finished := runSites(t, dbs)
	total := 0
	for i, n := range sites {
		if n == 0 {
			t.Errorf("worker %d crawled no site", i)
		}
		total += n
	}
	if total != 9 || !finished {
		t.Errorf("workers' run records hold %v sites (want 9 in all), all finished: %v", sites, finished)
	}
}

// childWorker starts `nianbao crawl --coordinator` as a separate process.
func childWorker(t *testing.T, sc *simCrawl, db, coordinator, name string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "crawl", "--config", sc.cfg, "--seeds", sc.seeds,
		"--db", db, "--coordinator", coordinator, "--worker", name)
	cmd.Env = append(os.Environ(), "NIANBAO_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// waitHolding waits until worker name publishes that it holds a site.
func waitHolding(t *testing.T, url, name string) []string {
	t.Helper()
	c, err := cluster.Dial(context.Background(), url, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		snaps, _ := c.Snapshots(context.Background())
		for _, s := range snaps {
			for _, w := range s.Workers {
				if w.Consumer == name && len(w.Sites) > 0 {
					return w.Sites
				}
			}
		}
	}
	t.Fatalf("worker %s never held a site", name)
	return nil
}

func TestCluster_WorkerKilledMidRun_LosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test runs child processes")
	}
	rs := redistest.Start(t, redistest.Options{})
	sc := newSimCrawl(t, sim.Options{Sites: 6, Seed: 23, NoObstacles: true, Latency: 20 * time.Millisecond}, clusterConfig)
	sc.crawl(t, "crawl")
	want := recordSet(sc.export(t))
	killed := filepath.Join(sc.dir, "killed.db")
	child := childWorker(t, sc, killed, rs.URL(0), "doomed")
	held := waitHolding(t, rs.URL(0), "doomed")
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	t.Logf("worker killed holding %v", held)
	dbs := sc.workers(t, rs, 2, "crawl")
	sameRecords(t, sc.unionRecords(t, append(dbs, killed)), want)
	c, err := cluster.Dial(context.Background(), rs.URL(0), cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	snaps, err := c.Snapshots(context.Background())
	if err != nil || len(snaps) != 1 || snaps[0].Finished.IsZero() || len(snaps[0].Results) != 6 {
		t.Fatalf("cluster run after the kill: %+v %v", snaps, err)
	}
	for _, r := range snaps[0].Results {
		if slices.Contains(held, r.Code) && r.Outcome == "cancelled" {
			t.Errorf("site %s of the killed worker ended %s", r.Code, r.Outcome)
		}
	}
}
