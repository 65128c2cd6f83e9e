package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// runVerify: nianbao verify [--db FILE]
func runVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "verify", "verify [--config FILE] [--db FILE] [--quick]")
	var c common
	c.register(fs)
	quick := fs.Bool("quick", false, "check the index only (values, references, counters, segment files present and long enough); read no body or segment content")
	db, err := c.setup(fs, args, true)
	if err != nil {
		return err
	}
	defer db.Close()
	snapshotNote(e.stdout, db)
	verify := db.Verify
	if *quick {
		verify = db.VerifyQuick
	}
	rep, err := verify(e.stdout)
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%s has %d problem(s), listed above. If it opens and 'nianbao status --db %s' works, it is usable and what is listed is lost "+
			"(as after a salvage); for a copy without the damaged pages: nianbao compact --db %s --out %s; or restore a backup",
			c.cfg.DB, len(rep.Problems), c.cfg.DB, c.cfg.DB, store.SalvagePath(c.cfg.DB))
	}
	if err != nil {
		return fmt.Errorf("verify %s: %w", c.cfg.DB, err)
	}
	fmt.Fprintf(e.stdout, "%s: ok (%d bodies, %d captures, %d URLs, %d versions, %d records, %d runs)\n",
		c.cfg.DB, rep.Bodies, rep.Captures, rep.URLs, rep.Versions, rep.Records, rep.Runs)
	return nil
}

// runCompact: nianbao compact [--db FILE] --out NEW
func runCompact(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "compact", "compact [--config FILE] [--db FILE] [--out NEW] [--replace]")
	var c common
	c.register(fs)
	out := fs.String("out", "", "write the compacted copy here (default: DB.compact)")
	replace := fs.Bool("replace", false, "verify the copy, then replace the database file with it, keeping the original as DB.bak")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.load(fs); err != nil {
		return err
	}
	dst := *out
	if dst == "" {
		dst = c.cfg.DB + ".compact"
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s already exists; remove it or name another --out", dst)
	}
	db, err := c.openExisting(false)
	if errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrLocked) {
		return salvageArchive(e, c.cfg.DB, *out, err) // a file that no longer opens
	}
	if err != nil {
		return err
	}
	before, _ := os.Stat(c.cfg.DB)
	err = db.Compact(dst)
	db.Close()
	if err != nil {
		return fmt.Errorf("compact %s: %w", c.cfg.DB, err)
	}
	after, err := os.Stat(dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "compacted %s (%d bytes) into %s (%d bytes)\n", c.cfg.DB, before.Size(), dst, after.Size())
	if !*replace {
		fmt.Fprintf(e.stdout, "to use it: mv %s %s\n", dst, c.cfg.DB)
		return nil
	}
	return replaceVerified(e.stdout, c.cfg.DB, dst)
}

// runReparse: nianbao reparse [--db FILE] [--dry-run]
func runReparse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reparse", "reparse [--config FILE] [--db FILE] [--dry-run]")
	var c common
	c.register(fs)
	dry := fs.Bool("dry-run", false, "parse and report what would change, writing nothing (works while a crawl holds the archive, on its snapshot)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := c.setup(fs, fs.Args(), *dry) // --dry-run reads only: a crawl's snapshot will do
	if err != nil {
		return err
	}
	defer db.Close()
	snapshotNote(e.stdout, db)
	rep, err := reparseArchive(ctx, c.cfg, db, *dry)
	if err != nil {
		return err
	}
	printReparse(e, rep)
	return nil
}

// printReparse says what a reparse did, or for a dry run, would do.
func printReparse(e *env, rep store.ReparseReport) {
	verb, would := "reparsed", ""
	if rep.DryRun {
		verb, would = "dry run, nothing written: parsed", "would be "
	}
	fmt.Fprintf(e.stdout, "%s %d capture(s): %d record(s) %sadded, %d removed, %d changed (%d field value(s) changed), %d unchanged, %d not reports; %d listing/seed page(s) not parsed\n",
		verb, rep.Parsed, rep.Added, would, rep.Removed, rep.Changed, rep.FieldsChanged, rep.Unchanged, rep.NotReports, rep.NotParsed)
	for _, ch := range rep.Changes {
		if ch.What == "changed" {
			fmt.Fprintf(e.stdout, "  %-8s %s (%d field value(s))\n", ch.What, ch.URL, ch.Fields)
			continue
		}
		fmt.Fprintf(e.stdout, "  %-8s %s\n", ch.What, ch.URL)
	}
	for _, msg := range rep.Errors {
		fmt.Fprintf(e.stderr, "  not parsed: %s\n", msg)
	}
}

// reparseArchive rebuilds every record of db with the current parser and
// the seed context archived at crawl time; dry only reports.
func reparseArchive(ctx context.Context, cfg Config, db *store.DB, dry bool) (store.ReparseReport, error) {
	p, done := parserFor(ctx, cfg)
	defer done()
	regions, err := archivedRegions(db, cfg.Seeds)
	if err != nil {
		return store.ReparseReport{}, err
	}
	reparse := db.Reparse
	if dry {
		reparse = db.ReparseDryRun
	}
	rep, err := reparse(func(cp *capture.Capture) (*extract.Record, bool, error) {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return p.Extract(inputFor(cp, regions))
	})
	if err != nil {
		return rep, fmt.Errorf("reparse: %w", err)
	}
	return rep, nil
}

// archivedRegions is the seed context reparse gives records: what each
// crawl saved in the archive, and for sites crawled before the archive kept
// it, the configured seed list.
func archivedRegions(db *store.DB, seedFile string) (map[string]seeds.Seed, error) {
	sites, err := db.Sites()
	if err != nil {
		return nil, err
	}
	list, err := loadSeeds(seedFile, "")
	if err != nil {
		return nil, err
	}
	regions := regionIndex(list)
	for code, s := range sites {
		regions[code] = seeds.Seed{Code: code, Name: s.Name, Province: s.Province, URL: s.URL}
	}
	return regions, nil
}

// archiveSites saves the seed context of a crawl's sites.
func archiveSites(db *store.DB, list []seeds.Seed) error {
	sites := make([]store.Site, len(list))
	for i, s := range list {
		sites[i] = store.Site{Code: s.Code, Name: s.Name, Province: s.Province, URL: s.URL}
	}
	return db.SaveSites(sites)
}

// inputFor turns an archived capture into the extractor's input.
func inputFor(c *capture.Capture, regions map[string]seeds.Seed) extract.Input {
	u := c.FinalURL
	if u == "" {
		u = c.URL
	}
	in := extract.Input{
		URL: u, SourceURL: c.SourceURL, ContentType: c.Header.Get("Content-Type"),
		Body: c.Body, SHA256: c.Digest(), FetchedAt: c.FetchedAt, RegionCode: c.SiteCode,
		RegionName: regions[c.SiteCode].Name, Province: regions[c.SiteCode].Province,
	}
	// The link's text and date, only for a capture of the URL the link
	// named: a document reached through a redirect (downfile.jsp → /attach/…)
	// can also be requested at its final URL, and its record must not
	// depend on which of the two requests was parsed last.
	if c.FinalURL == "" || c.FinalURL == c.URL {
		in.AnchorText, in.LinkDate, in.LinkDateFrom = c.LinkText, c.LinkDate, c.LinkDateFrom
	}
	return in
}
