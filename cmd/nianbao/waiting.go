package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// toolPath is the configured program for a tool named in a
// tool_missing:NAME reason ("" for a name the config does not know).
func toolPath(cfg Config, name string) string {
	t := cfg.Tools
	return map[string]string{"pdftotext": cfg.PDFToText, "soffice": t.Soffice, "catdoc": t.Catdoc,
		"tesseract": t.Tesseract, "pdftoppm": t.Pdftoppm}[name]
}

// waitingDue says whether a remembered parse failure is worth another
// parse: the tool it lacked can be found now, or the parser changed.
func waitingDue(cfg Config) func(store.Waiting) bool {
	found := map[string]bool{}
	return func(w store.Waiting) bool {
		if w.ParserVersion != extract.Version {
			return true
		}
		tool := extract.WaitingTool(w.Reason)
		if tool == "" {
			return false
		}
		if ok, seen := found[tool]; seen {
			return ok
		}
		path := toolPath(cfg, tool)
		if path == "" {
			path = tool
		}
		_, err := exec.LookPath(path)
		found[tool] = err == nil
		return found[tool]
	}
}

// retryWaiting parses again, before a crawl, the archived documents whose
// parse failed for a reason that has gone (the tool is installed now, the
// parser changed), and says what came of it.
func retryWaiting(ctx context.Context, w io.Writer, cfg Config, db *store.DB, list []seeds.Seed) error {
	p, done := parserFor(ctx, cfg)
	defer done()
	sites, err := db.Sites()
	if err != nil {
		return err
	}
	regions := regionIndex(list)
	for code, s := range sites {
		regions[code] = seeds.Seed{Code: code, Name: s.Name, Province: s.Province, URL: s.URL}
	}
	r, err := db.RetryWaiting(ctx, func(c *capture.Capture) (*extract.Record, bool, error) {
		return p.Extract(inputFor(c, regions))
	}, waitingDue(cfg))
	if err != nil {
		return fmt.Errorf("parse waiting documents: %w", err)
	}
	if r.Parsed > 0 {
		fmt.Fprintf(w, "parsed again %d document(s) that had failed (tool now installed or parser changed): %d report(s) added, %d still failing\n",
			r.Parsed, r.Reports, r.Still)
	}
	return nil
}

// waitingCounts groups remembered parse failures: tool_missing:NAME by
// tool, others by reason kind (parse_error, empty_text).
func waitingCounts(list []store.Waiting) map[string]int {
	m := map[string]int{}
	for _, w := range list {
		k := extract.WaitingTool(w.Reason)
		if k == "" {
			k, _, _ = strings.Cut(w.Reason, ":")
		}
		m[k]++
	}
	return m
}

// printWaiting is status's count of documents waiting to be parsed again.
func printWaiting(w io.Writer, db *store.DB) error {
	list, err := db.WaitingList()
	if err != nil || len(list) == 0 {
		return err
	}
	counts := waitingCounts(list)
	var tools, other []string
	for k, n := range counts {
		if k == extract.ReasonParseError || k == extract.ReasonEmptyText {
			other = append(other, fmt.Sprintf("%s %d", k, n))
		} else {
			tools = append(tools, fmt.Sprintf("%d waiting for %s", n, k))
		}
	}
	sort.Strings(tools)
	sort.Strings(other)
	fmt.Fprintf(w, "\nDocuments archived but not parsed, parsed again by the next crawl or reparse: %d\n", len(list))
	if len(tools) > 0 {
		fmt.Fprintf(w, "  %s (install the tool)\n", strings.Join(tools, ", "))
	}
	if len(other) > 0 {
		fmt.Fprintf(w, "  %s (when the parser version changes)\n", strings.Join(other, ", "))
	}
	return nil
}
