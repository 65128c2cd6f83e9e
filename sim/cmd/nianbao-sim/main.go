// Command nianbao-sim serves the loopback site simulator for manual runs
// and for crawls from another process: it starts the sites, writes the
// seed list (CSV in the seeds format plus extra columns) and the truth
// (JSON) where asked, and serves until interrupted.
//
//	nianbao-sim -sites 100 -seed 1 -pdf ../shared/real-reports -seeds seeds.csv -truth truth.json
//
// -browser N adds N sites only a crawl with a real browser reads whole
// (script challenges, script-drawn listings; see browserSites).
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nianbao/nianbao/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "nianbao-sim:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("nianbao-sim", flag.ContinueOnError)
	var opt sim.Options
	fs.IntVar(&opt.Sites, "sites", 8, "number of generated sites (0 = only the hazard sites)")
	fs.Int64Var(&opt.Seed, "seed", 1, "seed")
	fs.DurationVar(&opt.Latency, "latency", 0, "latency added to every response")
	fs.StringVar(&opt.PDFDir, "pdf", "", "folder with the real PDFs (shared/real-reports)")
	fs.StringVar(&opt.CrawlDelay, "crawl-delay", "", "Crawl-delay written into robots.txt of every third site (default 0.1)")
	fs.BoolVar(&opt.NoObstacles, "no-obstacles", false, "no challenged, unreachable or robots-denied sites")
	fs.BoolVar(&opt.BigDocs, "bigdocs", false, "every HTML report page links an incompressible 0.3-10 MB attachment (archive benchmarks)")
	seedsPath := fs.String("seeds", "", "write the seed list (CSV) here")
	truthPath := fs.String("truth", "", "write the truth (JSON) here")
	statsEvery := fs.Duration("stats", 0, "print request totals this often (0 = never)")
	nBrowser := fs.Int("browser", 0, "also serve this many sites that need a browser: half script challenges (412, 521 in turn), half XHR-drawn listings")
	hazards := fs.String("hazards", "", "also serve these hazard sites, comma-separated: "+strings.Join(knownHazards(), ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	var s *sim.Sim
	rows, truth := []sim.SeedRow{}, map[string][]sim.Report{}
	if opt.Sites > 0 {
		s = sim.New(opt)
		if _, err := s.Start(); err != nil {
			return err
		}
		defer s.Close()
		rows, truth = s.Seeds(), s.Truth()
	}
	hs, err := startHazards(append(browserKinds(*nBrowser), hazardList(*hazards)...))
	if err != nil {
		return err
	}
	defer hs.Close()
	rows = append(rows, hs.rows...)
	for code, r := range hs.truth {
		truth[code] = r
	}
	if err := writeFiles(rows, truth, *seedsPath, *truthPath); err != nil {
		return err
	}
	for _, r := range rows {
		fmt.Fprintf(out, "%s %s %-8s %-9s %-11s %s %s\n", r.Code, r.Name, r.Family, r.Charset, r.Expect, r.URL, strings.Join(r.ExtraHosts, " "))
	}
	if s == nil {
		<-ctx.Done()
		return nil
	}
	fmt.Fprintln(out, "mirror", s.MirrorURL())
	return serve(ctx, s, *statsEvery, out)
}

func serve(ctx context.Context, s *sim.Sim, every time.Duration, out io.Writer) error {
	if every <= 0 {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			st := s.Stats()
			fmt.Fprintf(out, "requests %d, 304 %d, robots-disallowed %d, off-scope %d\n",
				st.Total(func(h sim.HostStats) int { return h.Requests }), st.Total(func(h sim.HostStats) int { return h.NotModified }),
				st.Total(func(h sim.HostStats) int { return h.RobotsDisallowed }), st.Total(func(h sim.HostStats) int { return h.OffScope }))
		}
	}
}

// writeFiles writes the truth, then the seed list under a temporary name
// renamed into place: a script waiting for the seed list reads it whole
// and finds the truth already there.
func writeFiles(rows []sim.SeedRow, truth map[string][]sim.Report, seedsPath, truthPath string) error {
	if truthPath != "" {
		b, err := json.MarshalIndent(truth, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(truthPath, b, 0o644); err != nil {
			return fmt.Errorf("truth: %w", err)
		}
	}
	if seedsPath == "" {
		return nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"code", "name", "province", "prefecture", "url", "extra_hosts", "family", "charset", "expect"})
	for _, r := range rows {
		w.Write([]string{r.Code, r.Name, r.Province, "", r.URL, strings.Join(r.ExtraHosts, " "), r.Family, r.Charset, r.Expect})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("seeds: %w", err)
	}
	if err := os.WriteFile(seedsPath+".tmp", buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("seeds: %w", err)
	}
	if err := os.Rename(seedsPath+".tmp", seedsPath); err != nil {
		return fmt.Errorf("seeds: %w", err)
	}
	return nil
}
