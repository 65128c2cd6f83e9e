package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/crawler/browser"
	"github.com/nianbao/nianbao/internal/redistest"
	"github.com/nianbao/nianbao/sim"
)

// requireChromium fails in CI without chromium and skips elsewhere.
func requireChromium(t *testing.T) {
	t.Helper()
	if browser.Available("") {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium); CI must run the browser tests")
	}
	t.Skip("chromium not installed: browser test skipped (apt-get install chromium)")
}

// A cluster worker (crawl --coordinator) uses the browser as a
// one-process crawl does (browser: auto, robots.txt honoured): a 加速乐
// challenge guarding robots.txt and every page is passed, a static
// listing with a script pager is clicked through, every report of both
// sites is archived with a record, and the WARC export holds the rendered
// DOMs as metadata records referring to the browser's responses.
func TestCluster_WorkerUsesBrowser(t *testing.T) {
	requireChromium(t)
	rs := redistest.Start(t, redistest.Options{})
	dir := t.TempDir()
	sc := &simCrawl{dir: dir, db: filepath.Join(dir, "worker.db"), cfg: filepath.Join(dir, "config.yaml"), seeds: filepath.Join(dir, "seeds.csv")}
	cfg := "browser: auto\ncrawl:\n  delay: 0s\n  allow_private: true\n  timeout: 10s\n  max_retries: 1\nlog:\n  level: warn\n"
	if err := os.WriteFile(sc.cfg, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(sc.seeds)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"code", "name", "province", "url", "extra_hosts"})
	want := map[string]bool{}
	for i, h := range []*sim.Hazard{sim.ChallengeSite("521"), sim.ScriptPager()} {
		s, err := sim.Serve(h, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		w.Write([]string{fmt.Sprintf("11010%d", i+1), fmt.Sprintf("某县%d", i+1), "北京市", s.URL + "/", ""})
		for _, p := range h.Reports {
			want[s.URL+p] = true
		}
	}
	w.Flush()
	f.Close()
	out, errs, code := runCLI(t, "crawl", "--config", sc.cfg, "--seeds", sc.seeds, "--db", sc.db, "--coordinator", rs.URL(0), "--worker", "w0")
	if code != 0 {
		t.Fatalf("worker exit %d\n%s\n%s", code, out, errs)
	}
	got := recordSet(sc.export(t))
	for u := range want {
		if _, ok := got[u]; !ok {
			t.Errorf("report %s not archived by the worker", u)
		}
	}
	warcPath := filepath.Join(dir, "all.warc.gz")
	if o, e, code := runCLI(t, "export", "--config", sc.cfg, "--db", sc.db, "--format", "warc", "--out", warcPath); code != 0 {
		t.Fatalf("export warc exit %d\n%s\n%s", code, o, e)
	}
	data, err := os.ReadFile(warcPath)
	if err != nil {
		t.Fatal(err)
	}
	ids, rendered, dangling := map[string]bool{}, 0, 0
	var refs []string
	for start := 0; start < len(data); {
		n := memberLen(t, data[start:])
		rec := parseMember(t, data[start:start+n])
		start += n
		ids[rec.Field("WARC-Record-ID")] = true
		if rec.Type == "metadata" && rec.Field("Content-Type") == "text/html; charset=utf-8" {
			rendered++
			refs = append(refs, rec.Field("WARC-Refers-To"))
		}
	}
	for _, r := range refs {
		if !ids[r] {
			dangling++
		}
	}
	// robots.txt and the seed of the challenge site, the three pager steps
	if rendered < 4 || dangling != 0 {
		t.Errorf("%d rendered DOM records in the WARC export, %d referring to no record; want at least 4, none dangling", rendered, dangling)
	}
	t.Logf("%d reports archived; %d rendered DOM metadata records\n%s", len(want), rendered, out)
}
