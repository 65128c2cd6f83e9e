package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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
func (sc *simCrawl) workers(t testing.TB, rs *redistest.Server, n int, verb string, extra ...string) []string {
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
	merged := filepath.Join(sc.dir, "merged.db")
	for pass := range 2 { // a second merge of the same archives changes nothing
		out, errs, code := runCLI(t, append([]string{"merge", merged}, dbs...)...)
		if code != 0 || !strings.Contains(out, "verify ok") {
			t.Fatalf("merge pass %d exit %d:\n%s%s", pass, code, out, errs)
		}
		if pass == 1 && !strings.Contains(out, "0 segments copied") || pass == 1 && !strings.Contains(out, " 0 captures added") {
			t.Errorf("second merge added something:\n%s", out)
		}
		t.Log(strings.TrimSpace(out))
	}
	sameRecords(t, sc.unionRecords(t, []string{merged}), want)
	out, errs, code := runCLI(t, "status", "--config", sc.cfg, "--coordinator", rs.URL(0), "--sites")
	for _, want := range []string{`9 sites, 9 done, 0 in progress, 0 waiting`, `finished`, `w0\s+stopped\s+[1-9]`, `w1\s+stopped\s+[1-9]`, `w2\s+stopped\s+[1-9]`} {
		if code != 0 || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("status --coordinator (exit %d) lacks %q:\n%s%s", code, want, out, errs)
		}
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
	out, _, _ := runCLI(t, "status", "--config", sc.cfg, "--coordinator", rs.URL(0))
	if !regexp.MustCompile(`doomed\s+live`).MatchString(out) || !strings.Contains(out, "running for") {
		t.Errorf("status during the run does not show the live worker:\n%s", out)
	}
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

// waitResults waits until the cluster's run has at least n site results.
func waitResults(t *testing.T, url string, n int) {
	t.Helper()
	c, err := cluster.Dial(context.Background(), url, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if snaps, _ := c.Snapshots(context.Background()); len(snaps) == 1 && len(snaps[0].Results) >= n {
			return
		}
	}
	t.Fatalf("the run never reached %d results", n)
}

func TestCluster_RedisRestartedMidRun_RunCompletes(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{AOF: true})
	sc := newSimCrawl(t, sim.Options{Sites: 6, Seed: 31, NoObstacles: true, Latency: 10 * time.Millisecond}, clusterConfig)
	sc.crawl(t, "crawl")
	want := recordSet(sc.export(t))
	var dbs []string
	done := make(chan struct{})
	go func() { dbs = sc.workers(t, rs, 2, "crawl"); close(done) }()
	waitResults(t, rs.URL(0), 1)
	rs.Restart(t)
	t.Log("redis-server killed and restarted from its AOF")
	<-done
	sameRecords(t, sc.unionRecords(t, dbs), want)
	out, _, code := runCLI(t, "status", "--config", sc.cfg, "--coordinator", rs.URL(0))
	if code != 0 || !strings.Contains(out, "6 sites, 6 done, 0 in progress") {
		t.Errorf("status after the restart (exit %d):\n%s", code, out)
	}
}

// sharedHostSeeds writes a seed list of n sites that all live on one host
// (a 集约化 platform serving several governments).
func sharedHostSeeds(t *testing.T, sc *simCrawl, n int) string {
	t.Helper()
	url := sc.sim.Seeds()[0].URL
	var b strings.Builder
	b.WriteString("code,name,province,url\n")
	for i := range n {
		fmt.Fprintf(&b, "%06d,单位%d,河南省,%s\n", 419001+i, i, url)
	}
	p := filepath.Join(sc.dir, "shared-host.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCluster_TwoWorkersOnSharedHost_PolitenessHolds(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	const delay = 100 * time.Millisecond
	sc := newSimCrawl(t, sim.Options{Sites: 1, Seed: 3, NoObstacles: true},
		"  page_budget: 8\n"+clusterConfig)
	sc.setDelay(t, "100ms")
	sc.seeds = sharedHostSeeds(t, sc, 4)
	sc.workers(t, rs, 2, "crawl")
	host := strings.TrimPrefix(sc.sim.Seeds()[0].URL, "http://")
	st, ok := sc.sim.Stats().Hosts[strings.TrimSuffix(host, "/")]
	if !ok || st.Requests < 8 {
		t.Fatalf("shared host saw %d requests (%v)", st.Requests, ok)
	}
	if st.MaxInFlight > 1 {
		t.Errorf("%d requests in flight at once on the shared host, per_host_concurrency 1", st.MaxInFlight)
	}
	if st.MinGap < delay-5*time.Millisecond {
		t.Errorf("two requests %s apart on the shared host, delay %s", st.MinGap, delay)
	}
	if n := st.Paths["/robots.txt"]; n != 1 {
		t.Errorf("robots.txt requested %d times by two workers, want once per run", n)
	}
	t.Logf("shared host: %d requests, at most %d in flight, min gap %s", st.Requests, st.MaxInFlight, st.MinGap)
}

func TestCluster_RedisLost_WorkerFinishesItsSitesAndStops(t *testing.T) {
	rs := redistest.Start(t, redistest.Options{})
	sc := newSimCrawl(t, sim.Options{Sites: 6, Seed: 37, NoObstacles: true, Latency: 20 * time.Millisecond},
		"  parallel_sites: 2\ncluster:\n  job_lease: 3s\n  host_lease: 10s\n  lost_after: 2s\n")
	db := filepath.Join(sc.dir, "lost.db")
	type result struct {
		out, errs string
		code      int
	}
	done := make(chan result, 1)
	go func() {
		out, errs, code := runCLI(t, "crawl", "--config", sc.cfg, "--seeds", sc.seeds, "--db", db, "--coordinator", rs.URL(0), "--worker", "lonely")
		done <- result{out, errs, code}
	}()
	waitResults(t, rs.URL(0), 1)
	rs.Stop()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the worker did not stop after losing Redis")
	}
	if r.code != 1 || !strings.Contains(r.errs, "unreachable") || !strings.Contains(r.errs, "run the same command again") {
		t.Fatalf("exit %d, want 1 with a clear message; stderr:\n%s", r.code, r.errs)
	}
	a, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.Runs(1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs: %v %v", runs, err)
	}
	if len(runs[0].Results) < 2 || !runs[0].Finished.IsZero() {
		t.Errorf("local run: %d sites recorded (want the first plus those in progress), finished %v", len(runs[0].Results), runs[0].Finished)
	}
	for _, s := range runs[0].Results {
		if s.Outcome == "cancelled" {
			t.Errorf("site %s interrupted instead of finished", s.Code)
		}
	}
	t.Logf("worker stopped with %d sites in its archive; stderr tail: %s", len(runs[0].Results), lastLine(r.errs))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

// setDelay turns politeness on: delay between two requests to a host.
func (sc *simCrawl) setDelay(t testing.TB, d string) {
	t.Helper()
	cfg, err := os.ReadFile(sc.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sc.cfg, []byte(strings.Replace(string(cfg), "delay: 0s", "delay: "+d, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A worker's local run follows the crawl's resume rule: an interrupted
// local run over another seed selection (or too old) is not resumed; the
// worker says so and records a new run, leaving the old one unfinished.
func TestCluster_LocalRunResumesOnlyByTheCrawlRule(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 2, Seed: 5, NoObstacles: true}, clusterConfig)
	rs := redistest.Start(t, redistest.Options{})
	db := filepath.Join(sc.dir, "worker.db")
	old := interruptedRun(t, db, time.Now().Add(-time.Hour), "999999")
	out, errs, code := runCLI(t, "crawl", "--config", sc.cfg, "--seeds", sc.seeds, "--db", db, "--coordinator", rs.URL(0), "--worker", "w0")
	if code != 0 {
		t.Fatalf("worker exit %d\n%s%s", code, out, errs)
	}
	if want := "not resuming interrupted crawl run " + old + ": it covers another seed selection; starting a new run"; !strings.Contains(out, want) {
		t.Errorf("worker output lacks %q:\n%s", want, out)
	}
	a, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.Runs(0)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %+v (%v), want the new one and the old one", runs, err)
	}
	if runs[0].ID == old || runs[0].Finished.IsZero() || len(runs[0].Results) != 2 || runs[1].ID != old || !runs[1].Finished.IsZero() {
		t.Errorf("runs: new %s finished=%v sites=%d; old %s finished=%v", runs[0].ID, runs[0].Finished, len(runs[0].Results), runs[1].ID, runs[1].Finished)
	}
}
