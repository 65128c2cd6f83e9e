package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/cluster"
	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/store"
)

// crawlCluster runs crawl or backfill as one worker of a run shared through
// the Redis at cf.coordinator: the first worker puts the seed selection
// into Redis, every worker claims sites from it, crawls them into its own
// archive and reports each result back. The local archive gets its own
// run record of the sites crawled here.
func crawlCluster(ctx context.Context, e *env, cf *crawlFlags, kind string, year int) error {
	list, err := loadSeeds(cf.seeds, cf.only)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cf.cfg.Log)
	if cf.cfg.MemoryLimit > 0 {
		prev := debug.SetMemoryLimit(int64(cf.cfg.MemoryLimit) << 20)
		defer debug.SetMemoryLimit(prev)
	}
	coord, err := dialCoordinator(ctx, cf.coordinator, cf.cfg.Cluster, log)
	if err != nil {
		return err
	}
	defer coord.Close()
	db, err := cf.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := archiveSites(db, list); err != nil {
		return err
	}
	run, created, err := coord.BeginRun(ctx, kind, year, crawlSeeds(list, cf.cfg.Crawl.IgnoreRobotsFor))
	if err != nil {
		return err
	}
	if run.Passed != "" {
		fmt.Fprintf(e.stdout, "not joining unfinished cluster %s run %s: %s; starting a new cluster run %s\n", kind, run.Passed, run.Why, run.ID)
	}
	local, resumed, err := startRun(e.stdout, db, kind, year, list) // the crawl's resume rule
	if err != nil {
		return err
	}
	consumer := workerName(cf)
	log.Info("cluster run joined", "run", run.ID, "created", created, "kind", kind, "sites", run.Sites,
		"worker", consumer, "local_run", local.ID, "resumed", resumed, "db", cf.cfg.DB, "coordinator", coord.Addr())
	results, err := crawlAsWorker(ctx, e, cf, db, run, local.ID)
	if err != nil && !errors.Is(err, context.Canceled) {
		part := local
		part.Results, part.Done, part.Totals = results, len(results), totals(results)
		printRunTable(e.stdout, part)
		return fmt.Errorf("cluster run %s: %w; the %d sites crawled here are in %s, run the same command again when the coordinator is back",
			run.ID, err, len(results), cf.cfg.DB)
	}
	local.Sites = len(results)
	net := netSetup{proxy: cf.cfg.Proxy, envProxy: firstNonEmpty(e.getenv("HTTPS_PROXY"), e.getenv("https_proxy"), e.getenv("HTTP_PROXY"), e.getenv("http_proxy"))}
	return finishRun(ctx, e, db, local, results, err, net)
}

// crawlAsWorker crawls the sites the run's queue hands out, with the run's
// shared politeness, publishing this worker's state while it lasts.
func crawlAsWorker(ctx context.Context, e *env, cf *crawlFlags, db *store.DB, run *cluster.Run, localID string) ([]capture.SiteResult, error) {
	consumer := workerName(cf)
	q := run.Queue(consumer)
	log := newLogger(e.stderr, cf.cfg.Log)
	prog := newProgress(e.stderr, run.Sites)
	stopMetrics, err := serveMetrics(cf.cfg.Metrics, prog, log)
	if err != nil {
		return nil, err
	}
	defer stopMetrics()
	opt := crawlOptions(cf.cfg, run.Year, log, func(p crawler.Progress) { prog.update(p); q.Progress(p) })
	opt.Hosts = run.Hosts(consumer)
	mem := startMemory(cf.cfg, log)
	defer mem.stop()
	br, stopBrowser := startBrowser(cf.cfg, log, mem) // browser: auto, as a one-process crawl
	defer stopBrowser()
	opt.Browser = br
	list, err := loadSeeds(cf.seeds, cf.only)
	if err != nil {
		return nil, err
	}
	parse, done := parseFunc(ctx, cf.cfg, list, mem)
	defer done()
	c := crawler.New(opt, db, parse)
	defer c.Close()
	beatCtx, stopBeat := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { q.Heartbeat(beatCtx) })
	results, err := c.RunQueue(ctx, localID, q)
	stopBeat()
	wg.Wait()
	prog.finish()
	return results, err
}

// dialCoordinator connects to the cluster's Redis; a clear error when it
// cannot be reached, before anything starts.
func dialCoordinator(ctx context.Context, url string, cc ClusterConfig, log *slog.Logger) (*cluster.Coordinator, error) {
	return cluster.Dial(ctx, url, cluster.Options{JobLease: cc.JobLease, HostLease: cc.HostLease, LostAfter: cc.LostAfter, Logger: log})
}

// workerName is --worker, or HOSTNAME-PID.
func workerName(cf *crawlFlags) string {
	if cf.worker != "" {
		return cf.worker
	}
	return cluster.Consumer()
}
