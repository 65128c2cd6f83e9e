package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
)

// statusSections are the parts of status read from the archive and the
// last run, which must read the same whoever holds the archive.
var statusSections = []string{"Not followed or not used in run", "Documents archived but not parsed"}

// section returns the block of status output under the line starting with
// title, up to the next blank line; "" when there is none.
func section(out, title string) string {
	i := strings.Index(out, "\n"+title)
	if i < 0 {
		return ""
	}
	block, _, _ := strings.Cut(out[i+1:], "\n\n")
	return block
}

// Issue 13: status through a running serve shows what status shows of an
// idle archive: the documents waiting for a tool (here PDFs crawled
// without pdftotext), the last run's skips, and the check of the values
// (a damaged archive: DAMAGED, non-zero exit, naming verify of the archive,
// not of the snapshot read).
func TestServe_StatusShowsWaitingAndValueCheck(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 3, Seed: 7, NoObstacles: true, PDFDir: testshared.Path(t, "real-reports")}, "")
	t.Setenv("PATH", t.TempDir()) // no pdftotext: PDF reports wait for it
	sc.crawl(t, "crawl")
	idle, errs, code := runCLI(t, "status", "--config", sc.cfg, "--db", sc.db)
	if code != 0 || !strings.Contains(idle, "waiting for pdftotext") {
		t.Fatalf("status of the idle archive: exit %d, no document waiting for pdftotext\n%s%s", code, idle, errs)
	}
	startServe(t, "--config", sc.cfg, "--seeds", sc.seeds, "--db", sc.db, "--no-schedule")
	served, errs, code := runCLI(t, "status", "--config", sc.cfg, "--db", sc.db)
	if code != 0 || !strings.Contains(served, "held by nianbao serve") {
		t.Fatalf("status through serve: exit %d\n%s%s", code, served, errs)
	}
	for _, title := range statusSections {
		want := section(idle, title)
		if want == "" {
			t.Fatalf("idle status has no %q section:\n%s", title, idle)
		}
		if got := section(served, title); got != want {
			t.Errorf("status through serve, %q:\n%s\nwant, as on the idle archive:\n%s", title, got, want)
		}
	}

	damaged := filepath.Join(sc.dir, "damaged.db")
	copyArchive(t, sc.db, damaged)
	b, err := os.ReadFile(damaged)
	if err != nil {
		t.Fatal(err)
	}
	// every stored "url":"http://… becomes "hXtp://…": valid JSON, wrong checksum
	if err := os.WriteFile(damaged, bytes.ReplaceAll(b, []byte(`"url":"http://`), []byte(`"url":"hXtp://`)), 0o644); err != nil {
		t.Fatal(err)
	}
	startServe(t, "--config", sc.cfg, "--seeds", sc.seeds, "--db", damaged, "--no-schedule")
	out, errs, code := runCLI(t, "status", "--config", sc.cfg, "--db", damaged)
	if code == 0 || !strings.Contains(out, "held by nianbao serve") || !strings.Contains(out, "DAMAGED") ||
		!strings.Contains(errs, "nianbao verify --db "+damaged+" ") {
		t.Errorf("status through serve of a damaged archive: exit %d\n%s%s", code, out, errs)
	}
}
