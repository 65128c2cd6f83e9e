package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// interruptedRun leaves in a new archive at db an unfinished crawl run over
// codes, started at start, as a killed crawl leaves it; it returns its ID.
func interruptedRun(t *testing.T, db string, start time.Time, codes ...string) string {
	t.Helper()
	a, err := store.Open(db, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	list := make([]seeds.Seed, len(codes))
	for i, c := range codes {
		list[i].Code = c
	}
	st, err := a.StartRun(store.RunSpec{Kind: "crawl", Sites: len(codes), Selection: selectionOf(list), Now: start})
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// Issue 13 point 7: a crawl resumes only an interrupted crawl over the same
// seeds started less than 7 days ago; --only another site, or an old run,
// starts a new run, says so, and leaves the old run unfinished.
func TestCLI_ResumeOnlySameSelectionAndRecent(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "crawl:\n  delay: 0s\n  allow_private: true\nlog:\n  level: warn\n")
	seedsCSV := manySeeds(t, dir, site.srv.URL, 3)
	all := []string{"410401", "410402", "410403"}
	cases := []struct {
		name  string
		start time.Time
		args  []string
		want  string // on stdout, after the run ID
	}{
		{"other selection", time.Now(), []string{"--only", "410402"}, "not resuming interrupted crawl run %s: it covers another seed selection; starting a new run"},
		{"too old", time.Now().Add(-8 * 24 * time.Hour), nil, "not resuming interrupted crawl run %s: it started 8 days ago, more than 7 days; starting a new run"},
		{"same seeds, recent", time.Now().Add(-time.Hour), nil, "resuming interrupted crawl run %s (started"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "a.db")
			id := interruptedRun(t, db, c.start, all...)
			args := append([]string{"crawl", "--config", cfg, "--seeds", seedsCSV, "--db", db}, c.args...)
			out, errs, code := runBin(t, binRun{}, args...)
			if code != 0 {
				t.Fatalf("crawl exit %d\n%s%s", code, out, errs)
			}
			if want := strings.Replace(c.want, "%s", id, 1); !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
			old := runByID(t, db, id)
			resumed := strings.HasPrefix(c.want, "resuming")
			if resumed == old.Finished.IsZero() {
				t.Errorf("run %s finished=%v after the crawl; want finished only when resumed", id, !old.Finished.IsZero())
			}
		})
	}
}

func runByID(t *testing.T, db, id string) capture.Run {
	t.Helper()
	a, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runs, err := a.Runs(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("run %s not in the archive", id)
	return capture.Run{}
}
