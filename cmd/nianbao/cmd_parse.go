package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/extract"
)

// runParse: nianbao parse FILE|URL [--url URL] [--content-type CT] [--archived]
func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "parse", "parse FILE|URL [--url URL] [--content-type CT] [--archived [--db FILE]]")
	var c common
	c.register(fs)
	pageURL := fs.String("url", "", "address the file came from (sets url, host and provenance)")
	ct := fs.String("content-type", "", "Content-Type of the file (default: guessed from its name and bytes)")
	archived := fs.Bool("archived", false, "parse the archive's current capture of URL instead of fetching it (works while a crawl holds the archive, on its snapshot)")
	if err := parseFlags(fs, reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one FILE or URL, got %d arguments", errUsage, fs.NArg())
	}
	if err := c.load(fs); err != nil {
		return err
	}
	read := readInput
	if *archived {
		read = func(_ context.Context, _ Config, arg, _, _ string) (extract.Input, error) {
			return c.archivedInput(e, arg)
		}
	}
	in, err := read(ctx, c.cfg, fs.Arg(0), *pageURL, *ct)
	if err != nil {
		return err
	}
	p, done := parserFor(ctx, c.cfg)
	defer done()
	rec, isReport, err := p.Extract(in)
	if err != nil {
		return fmt.Errorf("parse %s: %w", fs.Arg(0), err)
	}
	out := struct {
		IsReport bool `json:"is_report"`
		*extract.Record
	}{isReport, rec}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	if tool := extract.WaitingTool(rec.ParseFailure); tool != "" {
		return fmt.Errorf("parse %s: not parsed: %s", fs.Arg(0), rec.Note)
	}
	return nil
}

// archivedInput is the parser's input for the archive's current capture
// of url, with the seed context the crawl archived, as reparse gives it.
func (c *common) archivedInput(e *env, url string) (extract.Input, error) {
	db, err := c.openExisting(true)
	if err != nil {
		return extract.Input{}, err
	}
	defer db.Close()
	snapshotNote(e.stderr, db)
	cp, ok, err := db.CurrentCapture(url)
	if err != nil {
		return extract.Input{}, err
	}
	if !ok {
		return extract.Input{}, fmt.Errorf("%s holds no capture of %s (give the URL as crawled, scheme included)", c.cfg.DB, url)
	}
	regions, err := archivedRegions(db, c.cfg.Seeds)
	if err != nil {
		return extract.Input{}, err
	}
	return inputFor(cp, regions), nil
}

// readInput reads a local file, or fetches a URL once (no archive).
func readInput(ctx context.Context, cfg Config, arg, pageURL, ct string) (extract.Input, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		return fetchOne(ctx, cfg, arg)
	}
	body, err := os.ReadFile(arg)
	if err != nil {
		return extract.Input{}, fmt.Errorf("read %s: %w", arg, err)
	}
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(filepath.Ext(arg)))
	}
	if pageURL == "" {
		abs, _ := filepath.Abs(arg)
		pageURL = "file://" + filepath.ToSlash(abs)
	}
	st, _ := os.Stat(arg)
	return extract.Input{URL: pageURL, ContentType: ct, Body: body, FetchedAt: st.ModTime()}, nil
}

func fetchOne(ctx context.Context, cfg Config, u string) (extract.Input, error) {
	client, err := httpClient(cfg)
	if err != nil {
		return extract.Input{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return extract.Input{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", cfg.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return extract.Input{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, cfg.Crawl.MaxBodyBytes))
	if err != nil {
		return extract.Input{}, fmt.Errorf("fetch %s: reading body: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return extract.Input{}, fmt.Errorf("fetch %s: HTTP %d", u, resp.StatusCode)
	}
	return extract.Input{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"), Body: body, FetchedAt: time.Now().UTC()}, nil
}

// reorder moves flags after positional arguments to the front, so
// `nianbao parse report.html --url X` works as people type it.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(a) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(flags, pos...)
}

func isBoolFlag(a string) bool {
	switch strings.TrimLeft(a, "-") {
	case "h", "help", "bom", "panel", "all-versions", "stata", "json", "archived", "dry-run", "quick":
		return true
	}
	return false
}
