package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
)

// simCrawl is a simulator plus an archive and the files a crawl needs.
type simCrawl struct {
	sim   *sim.Sim
	dir   string
	cfg   string
	seeds string
	db    string
}

func newSimCrawl(t testing.TB, opt sim.Options, extraConfig string) *simCrawl {
	t.Helper()
	s := sim.New(opt)
	if _, err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	dir := t.TempDir()
	sc := &simCrawl{sim: s, dir: dir, db: filepath.Join(dir, "archive.db")}
	sc.cfg = filepath.Join(dir, "config.yaml")
	cfg := "crawl:\n  delay: 0s\n  allow_private: true\n  timeout: 5s\n  max_retries: 1\n" + extraConfig + "log:\n  level: warn\n"
	if err := os.WriteFile(sc.cfg, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	sc.seeds = filepath.Join(dir, "seeds.csv")
	f, err := os.Create(sc.seeds)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"code", "name", "province", "url", "extra_hosts"})
	for _, r := range s.Seeds() {
		w.Write([]string{r.Code, r.Name, r.Province, r.URL, strings.Join(r.ExtraHosts, " ")})
	}
	w.Flush()
	f.Close()
	return sc
}

func (sc *simCrawl) crawl(t testing.TB, verb string, extra ...string) string {
	t.Helper()
	args := append([]string{verb, "--config", sc.cfg, "--seeds", sc.seeds, "--db", sc.db}, extra...)
	out, errs, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%s exit %d\nstdout:\n%s\nstderr:\n%s", verb, code, out, errs)
	}
	return out
}

// runTotals reads the totals of the run summary line a crawl prints last
// ("run ID: N/M sites, changed=0 new=12 …").
func runTotals(t testing.TB, out string) map[string]int {
	t.Helper()
	i := strings.LastIndex(out, "\nrun ")
	if i < 0 {
		t.Fatalf("no run summary in:\n%s", out)
	}
	m := map[string]int{}
	for _, f := range strings.Fields(out[i:]) {
		if k, v, ok := strings.Cut(f, "="); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("run summary field %q", f)
			}
			m[k] = n
		}
	}
	return m
}

func (sc *simCrawl) export(t testing.TB, extra ...string) []exported {
	t.Helper()
	out := filepath.Join(sc.dir, "export.jsonl")
	os.Remove(out)
	args := append([]string{"export", "--config", sc.cfg, "--db", sc.db, "--format", "jsonl", "--out", out}, extra...)
	if o, errs, code := runCLI(t, args...); code != 0 {
		t.Fatalf("export exit %d\n%s\n%s", code, o, errs)
	}
	return readJSONL(t, out)
}

// htmlTruth lists the URLs of the simulator's HTML reports (PDF reports'
// final URLs depend on redirects and are checked by count).
func htmlTruth(s *sim.Sim, year int) map[string]sim.Report {
	m := map[string]sim.Report{}
	for _, reps := range s.Truth() {
		for _, r := range reps {
			if r.Format == "html" && (year == 0 || r.Year == year) {
				m[r.URL] = r
			}
		}
	}
	return m
}

func TestSim_CrawlFindsEveryReportAndNoLookAlike(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 8, Seed: 7, PDFDir: testshared.Path(t, "real-reports")}, "")
	sc.crawl(t, "crawl")
	recs := sc.export(t)
	got := map[string]exported{}
	for _, r := range recs {
		got[r.URL] = r
	}
	truth := htmlTruth(sc.sim, 0)
	for u, want := range truth {
		r, ok := got[u]
		if !ok {
			t.Errorf("report not found: %s (%s)", u, want.Title)
			continue
		}
		if r.Year != want.Year {
			t.Errorf("%s: year %d, want %d", u, r.Year, want.Year)
		}
		for k, v := range want.Totals {
			checkNum(t, u, r.Fields, k, float64(v))
		}
	}
	for _, decoys := range sc.sim.Decoys() {
		for _, u := range decoys {
			if _, ok := got[u]; ok {
				t.Errorf("look-alike exported as a report: %s", u)
			}
		}
	}
	wrappers := 0
	for _, reps := range sc.sim.Truth() {
		for _, r := range reps {
			if r.Format != "pdf" || r.PageURL == "" {
				continue
			}
			wrappers++
			if _, ok := got[r.PageURL]; ok {
				t.Errorf("the page around a PDF report exported as a second report: %s", r.PageURL)
			}
		}
	}
	if wrappers == 0 {
		t.Errorf("no PDF report with its own page in the simulator: the check above checks nothing")
	}
	st := sc.sim.Stats()
	if n := st.Total(func(h sim.HostStats) int { return h.RobotsDisallowed }); n != 0 {
		t.Errorf("%d requests to robots-disallowed paths", n)
	}
	if n := st.Total(func(h sim.HostStats) int { return h.OffScope }); n != 0 {
		t.Errorf("%d requests to off-scope hosts or paths", n)
	}
	t.Logf("%d records exported; %d HTML reports in the truth", len(recs), len(truth))
}

// reportRequests counts requests to the simulator's HTML report paths.
func reportRequests(s *sim.Sim) int {
	paths := map[string]bool{}
	for _, r := range htmlTruth(s, 0) {
		paths[r.Path] = true
	}
	n := 0
	for _, h := range s.Stats().Hosts {
		for p, c := range h.Paths {
			if paths[p] {
				n += c
			}
		}
	}
	return n
}

func TestSim_SecondCrawlIsConditional(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 12, Seed: 11, NoObstacles: true, PDFDir: testshared.Path(t, "real-reports")}, "")
	t1 := runTotals(t, sc.crawl(t, "crawl"))
	first := sc.sim.Stats()
	reportsBefore := reportRequests(sc.sim)
	n1 := len(sc.export(t))
	t2 := runTotals(t, sc.crawl(t, "crawl"))
	second := sc.sim.Stats()
	if t1["reports"] == 0 || t2["reports"] != t1["reports"] || t2["unchanged"] != t1["reports"] {
		t.Errorf("second crawl saw %d reports (%d unchanged), the first %d: an unchanged night must account for every report",
			t2["reports"], t2["unchanged"], t1["reports"])
	}
	total := func(st sim.Stats, f func(sim.HostStats) int) int { return st.Total(f) }
	req := func(h sim.HostStats) int { return h.Requests }
	notMod := func(h sim.HostStats) int { return h.NotModified }
	cond := func(h sim.HostStats) int { return h.Conditional }
	if d := total(second, notMod) - total(first, notMod); d == 0 {
		t.Errorf("second crawl got no 304s")
	}
	if d := reportRequests(sc.sim) - reportsBefore; d != 0 {
		t.Errorf("second crawl requested archived report pages %d times; want 0 (fresh within revalidation period)", d)
	}
	if n2 := len(sc.export(t)); n2 != n1 {
		t.Errorf("records %d after the second crawl, %d after the first", n2, n1)
	}
	r1 := total(first, req)
	r2 := total(second, req) - r1
	full := r2 - (total(second, notMod) - total(first, notMod))
	t.Logf("first crawl %d requests; second %d (%d conditional, %d answered with a body)", r1, r2, total(second, cond)-total(first, cond), full)
}

func TestSim_ChangedReportGetsNewVersion(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 3, Seed: 5, NoObstacles: true}, "  revisit_min: 0s\n")
	sc.crawl(t, "crawl")
	var code string
	var idx int
	var before sim.Report
	for c, reps := range sc.sim.Truth() {
		for i, r := range reps {
			if r.Format == "html" && (code == "" || c < code) {
				code, idx, before = c, i, r
				break
			}
		}
	}
	if code == "" {
		t.Fatal("simulator has no HTML report")
	}
	after, err := sc.sim.Mutate(code, sim.Mutation{Op: "edit", Index: idx})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	sc.crawl(t, "crawl")
	var cur *exported
	for _, r := range sc.export(t) {
		if r.URL == after.URL {
			r := r
			cur = &r
		}
	}
	if cur == nil {
		t.Fatalf("edited report %s missing from export", after.URL)
	}
	for k, v := range after.Totals {
		checkNum(t, after.URL, cur.Fields, k, float64(v))
	}
	versions := 0
	for _, r := range sc.export(t, "--all-versions") {
		if r.URL == after.URL {
			versions++
		}
	}
	if versions != 2 {
		t.Errorf("%s: %d versions exported with --all-versions, want 2 (before %v, after %v)", after.URL, versions, before.Totals, after.Totals)
	}
}

func TestSim_BackfillFindsExactlyTheYear(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 6, Seed: 3, NoObstacles: true}, "")
	const year = 2022
	out := sc.crawl(t, "backfill", "--year", "2022")
	want := htmlTruth(sc.sim, year)
	if len(want) == 0 {
		t.Fatalf("simulator has no %d HTML reports", year)
	}
	var got []string
	for _, r := range sc.export(t) {
		if r.Year != year {
			t.Errorf("backfill %d kept a report of %d: %s", year, r.Year, r.URL)
		}
		got = append(got, r.URL)
	}
	sort.Strings(got)
	for u := range want {
		if i := sort.SearchStrings(got, u); i == len(got) || got[i] != u {
			t.Errorf("backfill %d missed %s", year, u)
		}
	}
	if !strings.Contains(out, "year_hits") {
		t.Errorf("backfill summary lacks per-site year counts:\n%s", out)
	}
}
