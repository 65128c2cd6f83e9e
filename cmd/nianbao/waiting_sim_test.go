package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
)

// TestSim_WaitingForPdftotext crawls PDF reports with pdftotext hidden
// from PATH: status counts the PDFs waiting for it and the export lacks
// them. With PATH restored the next crawl parses them again from the
// archive (they are not fetched again): their records appear and nothing
// is left waiting.
func TestSim_WaitingForPdftotext(t *testing.T) {
	requireTool(t, "pdftotext")
	sc := newSimCrawl(t, sim.Options{Sites: 3, Seed: 7, NoObstacles: true, PDFDir: testshared.Path(t, "real-reports")}, "")
	path := os.Getenv("PATH")
	t.Setenv("PATH", t.TempDir()) // no pdftotext (nor anything else)
	sc.crawl(t, "crawl")
	without := len(sc.export(t))
	waiting := waitingFor(t, sc, "pdftotext")
	if waiting == 0 {
		t.Fatal("status shows no document waiting for pdftotext after a crawl without it")
	}
	t.Setenv("PATH", path)
	out := sc.crawl(t, "crawl")
	if !regexp.MustCompile(`parsed again \d+ document`).MatchString(out) {
		t.Errorf("the crawl with pdftotext back does not say it parsed the waiting documents:\n%s", out)
	}
	with := len(sc.export(t))
	if with <= without {
		t.Errorf("records: %d without pdftotext, %d once it is back; want more", without, with)
	}
	if n := waitingFor(t, sc, "pdftotext"); n != 0 {
		t.Errorf("%d still waiting for pdftotext after a crawl with it", n)
	}
	t.Logf("%d waiting for pdftotext; records %d → %d", waiting, without, with)
}

// waitingFor reads status's count of documents waiting for tool.
func waitingFor(t *testing.T, sc *simCrawl, tool string) int {
	t.Helper()
	out, errs, code := runCLI(t, "status", "--config", sc.cfg, "--db", sc.db)
	if code != 0 {
		t.Fatalf("status exit %d\n%s%s", code, out, errs)
	}
	m := regexp.MustCompile(`(\d+) waiting for ` + tool).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// requireTool skips outside CI when tool is not installed; in CI (CI=true)
// it fails instead.
func requireTool(t *testing.T, tool string) {
	t.Helper()
	testshared.NeedTools(t, tool)
}
