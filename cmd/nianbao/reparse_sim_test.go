package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/nianbao/nianbao/internal/testshared"
	"github.com/nianbao/nianbao/sim"
)

// TestSim_ReparseIsIdempotent crawls the simulator's world (every CMS
// family, obstacles, look-alikes, PDF reports) and reparses it with the same
// parser: nothing may be added, removed or changed, and the export must stay
// byte for byte the same. reparse is not given the seed list: the seed
// context comes from the archive.
func TestSim_ReparseIsIdempotent(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 8, Seed: 7, PDFDir: testshared.Path(t, "real-reports")}, "")
	sc.crawl(t, "crawl")
	before := sc.exportBytes(t, "before.jsonl")
	out, errs, code := runCLI(t, "reparse", "--config", sc.cfg, "--db", sc.db)
	if code != 0 {
		t.Fatalf("reparse exit %d\n%s%s", code, out, errs)
	}
	t.Logf("%s%s", out, errs)
	m := regexp.MustCompile(`(\d+) record\(s\) added, (\d+) removed, (\d+) changed`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reparse summary not found:\n%s", out)
	}
	if m[1] != "0" || m[2] != "0" || m[3] != "0" {
		t.Errorf("reparse with the same parser: %s added, %s removed, %s changed; want 0, 0, 0", m[1], m[2], m[3])
	}
	after := sc.exportBytes(t, "after.jsonl")
	if len(before) == 0 {
		t.Fatal("empty export")
	}
	if !bytes.Equal(before, after) {
		t.Errorf("export changed by reparse: %d bytes before, %d after", len(before), len(after))
		diffExports(t, before, after)
	}
}

func (sc *simCrawl) exportBytes(t testing.TB, name string) []byte {
	t.Helper()
	out := filepath.Join(sc.dir, name)
	if o, errs, code := runCLI(t, "export", "--config", sc.cfg, "--db", sc.db, "--format", "jsonl", "--out", out); code != 0 {
		t.Fatalf("export exit %d\n%s\n%s", code, o, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// diffExports logs the records added, removed or changed between two JSONL
// exports (by URL), so a failure says which pages moved.
func diffExports(t testing.TB, before, after []byte) {
	t.Helper()
	index := func(b []byte) map[string]string {
		m := map[string]string{}
		for _, line := range bytes.Split(b, []byte("\n")) {
			if u := regexp.MustCompile(`"url":"([^"]*)"`).FindSubmatch(line); u != nil {
				m[string(u[1])] = string(line)
			}
		}
		return m
	}
	a, b := index(before), index(after)
	for u, l := range b {
		switch old, ok := a[u]; {
		case !ok:
			t.Logf("added: %s %.300s", u, l)
		case old != l:
			t.Logf("changed: %s\n  before %.400s\n  after  %.400s", u, firstDiff(old, l), firstDiff(l, old))
		}
	}
	for u := range a {
		if _, ok := b[u]; !ok {
			t.Logf("removed: %s", u)
		}
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-80):]
}
