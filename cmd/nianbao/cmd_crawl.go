package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"slices"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/pdftext"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// crawlFlags are the flags crawl, backfill and schedule share.
type crawlFlags struct {
	common
	seeds       string
	only        string
	coordinator string
	worker      string
}

func (c *crawlFlags) register(fs *flag.FlagSet) {
	c.common.register(fs)
	fs.StringVar(&c.seeds, "seeds", "", "seed CSV (header code,name,province,url); default: config's seeds, else the embedded 2,846 portals")
	fs.StringVar(&c.only, "only", "", "crawl only these seed codes, comma-separated")
	fs.StringVar(&c.coordinator, "coordinator", "", "redis://HOST:PORT/N: crawl as one worker of a cluster sharing the run (default: config's cluster.coordinator)")
	fs.StringVar(&c.worker, "worker", "", "this worker's name in the cluster (default HOSTNAME-PID)")
}

func (c *crawlFlags) load(fs *flag.FlagSet) error {
	if err := c.common.load(fs); err != nil {
		return err
	}
	if c.seeds == "" {
		c.seeds = c.cfg.Seeds
	}
	if c.coordinator == "" {
		c.coordinator = c.cfg.Cluster.Coordinator
	}
	return nil
}

// runCrawl: nianbao crawl [--config FILE] [--seeds FILE] [--db FILE] [--only CODES]
func runCrawl(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "crawl", "crawl [--config FILE] [--seeds FILE] [--db FILE] [--only CODE,CODE…]")
	var cf crawlFlags
	cf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := cf.load(fs); err != nil {
		return err
	}
	return crawlOnce(ctx, e, &cf, "crawl", 0)
}

// runBackfill: nianbao backfill --year YYYY [crawl flags]
func runBackfill(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backfill", "backfill --year YYYY [--config FILE] [--seeds FILE] [--db FILE] [--only CODE,CODE…]")
	var cf crawlFlags
	cf.register(fs)
	year := fs.Int("year", 0, "report year to find (2008 or later)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *year < 2008 || *year > time.Now().Year() {
		return fmt.Errorf("%w: --year must be a report year from 2008 to %d", errUsage, time.Now().Year())
	}
	if err := cf.load(fs); err != nil {
		return err
	}
	return crawlOnce(ctx, e, &cf, "backfill", *year)
}

// crawlOnce runs (or resumes) one crawl of the seed list and saves its report.
func crawlOnce(ctx context.Context, e *env, cf *crawlFlags, kind string, year int) error {
	if cf.coordinator != "" {
		return crawlCluster(ctx, e, cf, kind, year)
	}
	list, db, release, err := cf.openForCrawl()
	if err != nil {
		return err
	}
	defer release()
	return crawlWith(ctx, e, cf, db, list, kind, year, nil)
}

// openForCrawl loads the seed selection, sets the configured memory limit
// and opens the archive for writing; release closes it and restores the
// limit.
func (cf *crawlFlags) openForCrawl() (list []seeds.Seed, db *store.DB, release func(), err error) {
	if list, err = loadSeeds(cf.seeds, cf.only); err != nil {
		return nil, nil, nil, err
	}
	restore := func() {}
	if cf.cfg.MemoryLimit > 0 {
		prev := debug.SetMemoryLimit(int64(cf.cfg.MemoryLimit) << 20)
		restore = func() { debug.SetMemoryLimit(prev) }
	}
	if db, err = cf.open(false); err != nil {
		restore()
		return nil, nil, nil, err
	}
	return list, db, func() { db.Close(); restore() }, nil
}

// crawlWith runs (or resumes) one crawl of list on an open archive; watch,
// when not nil, is handed the run and its progress as the crawl starts
// (serve shows them live).
func crawlWith(ctx context.Context, e *env, cf *crawlFlags, db *store.DB, list []seeds.Seed, kind string, year int, watch func(capture.Run, *progress)) error {
	log := newLogger(e.stderr, cf.cfg.Log)
	if !(pdftext.Extractor{Path: cf.cfg.PDFToText}).Available() {
		fmt.Fprintf(e.stderr, "warning: %s: PDF reports will be archived but not parsed until it is installed (the next crawl or 'nianbao reparse' parses them then)\n", extract.PDFToolMissing)
	}
	sites, err := db.Sites() // before this crawl saves them: when each site was first crawled
	if err != nil {
		return err
	}
	if err := retryWaiting(ctx, e.stdout, cf.cfg, db, list); err != nil {
		return err
	}
	if err := archiveSites(db, list); err != nil {
		return err
	}
	run, resumed, err := startRun(e.stdout, db, kind, year, list)
	if err != nil {
		return err
	}
	log.Info("run started", "run", run.ID, "kind", kind, "year", year, "sites", len(list), "resumed", resumed, "db", cf.cfg.DB)
	prog := newProgress(e.stderr, len(list))
	if watch != nil {
		watch(run, prog)
	}
	stopMetrics, err := serveMetrics(cf.cfg.Metrics, prog, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	opt := crawlOptions(cf.cfg, year, log, prog.update)
	mem := startMemory(cf.cfg, log)
	defer mem.stop()
	br, stopBrowser := startBrowser(cf.cfg, log, mem)
	defer stopBrowser()
	opt.Browser = br
	parse, done := parseFunc(ctx, cf.cfg, list, mem)
	defer done()
	c := crawler.New(opt, db, parse)
	results, err := c.Run(ctx, run.ID, withSince(crawlSeeds(list, cf.cfg.Crawl.IgnoreRobotsFor), sites))
	prog.finish()
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("crawl: %w", err)
	}
	net := netSetup{proxy: cf.cfg.Proxy, envProxy: firstNonEmpty(e.getenv("HTTPS_PROXY"), e.getenv("https_proxy"), e.getenv("HTTP_PROXY"), e.getenv("http_proxy"))}
	return finishRun(ctx, e, db, run, results, err, net)
}

// finishRun prints the run's table and summary (an interrupted run's counts
// only the sites that finished), saves the report of a completed run and
// returns its verdict (see judgeRun).
func finishRun(ctx context.Context, e *env, db *store.DB, run capture.Run, results []capture.SiteResult, runErr error, net netSetup) error {
	run.Results = finishedSites(results)
	run.Done = len(run.Results)
	run.Totals = totals(run.Results)
	printRunTable(e.stdout, run)
	if runErr != nil || ctx.Err() != nil {
		return context.Canceled // the run stays unfinished and resumes next time
	}
	run.Finished = time.Now().UTC()
	if err := db.FinishRun(run); err != nil {
		return fmt.Errorf("save run report: %w", err)
	}
	return judgeRun(e.stdout, run.Results, net, db.Path())
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// crawlOptions maps config.yaml onto the crawler's options.
func crawlOptions(cfg Config, year int, log *slog.Logger, progress func(crawler.Progress)) crawler.Options {
	cc := cfg.Crawl
	opt := crawler.Options{
		UserAgent: cfg.UserAgent, PerHostConcurrency: cc.PerHostConcurrency, Delay: cc.Delay,
		NoDelay: cc.Delay == 0, Timeout: cc.Timeout, MaxBodyBytes: cc.MaxBodyBytes,
		MaxRetries: cc.MaxRetries, IgnoreRobots: !cc.RespectRobots, SitePageBudget: cc.PageBudget,
		MaxDepth: cc.MaxDepth, Parallel: cc.ParallelSites, Proxy: cfg.Proxy,
		AllowPrivate: cc.AllowPrivate, Year: year, Progress: progress,
		MaxCrawlDelay: time.Minute, TLSStrict: cfg.TLS == "strict",
	}
	if cc.MaxRetries == 0 {
		opt.MaxRetries = -1
	}
	opt.RevisitMin, opt.RevisitMax = cc.RevisitMin, cc.RevisitMax
	if cc.RevisitMin == 0 {
		opt.RevisitMin = -1 // revisit_min: 0s: every archived page is due (tests stand for a night in between)
	}
	opt.Logger = log
	return opt
}

func crawlSeeds(list []seeds.Seed, ignoreRobots []string) []crawler.Seed {
	out := make([]crawler.Seed, len(list))
	for i, s := range list {
		out[i] = crawler.Seed{Code: s.Code, Name: s.Name, Province: s.Province, URL: s.URL,
			ExtraHosts: s.ExtraHosts, IgnoreRobots: slices.Contains(ignoreRobots, s.Code)}
	}
	return out
}

// withSince tells each seed when the archive first crawled it (a report
// that appears later is new on its site).
func withSince(list []crawler.Seed, sites map[string]store.Site) []crawler.Seed {
	for i := range list {
		list[i].Since = sites[list[i].Code].First
	}
	return list
}

// parseFunc wires the extractor into the crawler, adding the seed's
// region; its tool runs wait for their memory in mem (nil: none).
func parseFunc(ctx context.Context, cfg Config, list []seeds.Seed, mem *crawlMemory) (crawler.ParseFunc, func()) {
	p, done := parserWith(ctx, cfg, mem)
	regions := regionIndex(list)
	return func(c *capture.Capture) (*extract.Record, bool, error) {
		return p.Extract(inputFor(c, regions))
	}, done
}

// regionIndex maps seed codes to seeds, for the region columns of records.
func regionIndex(list []seeds.Seed) map[string]seeds.Seed {
	m := make(map[string]seeds.Seed, len(list))
	for _, s := range list {
		m[s.Code] = s
	}
	return m
}

func totals(results []capture.SiteResult) map[string]int {
	t := map[string]int{}
	for _, r := range results {
		t["pages"] += r.Pages
		t["requests"] += r.Requests
		t["reports"] += r.Reports
		t["new"] += r.New
		t["changed"] += r.Changed
		t["unchanged"] += r.Unchanged
		t["not_modified"] += r.NotMod
		if r.Outcome != "ok" {
			t["failed_sites"]++
		}
	}
	return t
}

// printRunTable is the per-site table shown at the end of a run.
func printRunTable(w io.Writer, run capture.Run) {
	t := newTable("", "code", "name", "outcome", "pages", "reports", "new", "changed", "unchanged", "year_hits", "detail")
	for _, s := range run.Results {
		t.add(s.Code, s.Name, s.Outcome, s.Pages, s.Reports, s.New, s.Changed, s.Unchanged, s.YearHits, s.Detail)
	}
	t.write(w)
	fmt.Fprintf(w, "run %s: %d/%d sites, %s\n", run.ID, run.Done, run.Sites, formatTotals(run.Totals))
}
