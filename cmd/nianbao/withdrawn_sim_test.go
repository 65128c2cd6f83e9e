package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/sim"
)

// TestSim_WithdrawnReportStaysMarked takes a report off a simulated site
// between two crawls (gone from its listing; its page answers 404): the
// second crawl, reaching it no more, rechecks it at its own URL, and the
// export still has its record, with withdrawn true and the day it was last
// seen; every other report is withdrawn false with no last_seen. A third
// crawl changes nothing more.
func TestSim_WithdrawnReportStaysMarked(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 3, Seed: 7, NoObstacles: true}, "  revisit_min: 0s\n")
	sc.crawl(t, "crawl")
	code, idx, gone := htmlReport(t, sc.sim)
	seen := time.Now().UTC().Format(time.DateOnly)
	before := exportCSV(t, sc, "before.csv")
	if _, ok := before[gone.URL]; !ok {
		t.Fatalf("report %s not exported after the first crawl", gone.URL)
	}
	if _, err := sc.sim.Mutate(code, sim.Mutation{Op: "withdraw", Index: idx}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		sc.crawl(t, "crawl")
		after := exportCSV(t, sc, "after.csv")
		if len(after) != len(before) {
			t.Errorf("crawl %d: %d records exported, want the %d of before (a withdrawn report stays)", i+2, len(after), len(before))
		}
		for u, row := range after {
			want := [2]string{"false", ""}
			if u == gone.URL {
				want = [2]string{"true", seen}
			}
			if row != want {
				t.Errorf("crawl %d: %s withdrawn,last_seen = %v, want %v", i+2, u, row, want)
			}
		}
	}
}

// htmlReport picks an HTML report of the simulator: its site, its index
// in the site's truth, the report.
func htmlReport(t *testing.T, s *sim.Sim) (string, int, sim.Report) {
	t.Helper()
	for code, reps := range s.Truth() {
		for i, r := range reps {
			if r.Format == "html" {
				return code, i, r
			}
		}
	}
	t.Fatal("no HTML report in the simulator")
	return "", 0, sim.Report{}
}

// exportCSV exports the archive as CSV and returns each record's
// withdrawn and last_seen cells by URL.
func exportCSV(t *testing.T, sc *simCrawl, name string) map[string][2]string {
	t.Helper()
	out := filepath.Join(sc.dir, name)
	if o, errs, code := runCLI(t, "export", "--config", sc.cfg, "--db", sc.db, "--format", "csv", "--out", out); code != 0 {
		t.Fatalf("export exit %d\n%s\n%s", code, o, errs)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv export: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	got := map[string][2]string{}
	for _, r := range rows[1:] {
		got[r[col["url"]]] = [2]string{r[col["withdrawn"]], r[col["last_seen"]]}
	}
	return got
}
