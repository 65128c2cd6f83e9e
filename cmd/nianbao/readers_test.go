package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/store"
)

// TestReadCommands_WhileACrawlWrites: with the archive held by a writer (as
// during a crawl), status, export, verify --quick and verify answer from the
// writer's snapshot and say so, instead of waiting for the lock.
func TestReadCommands_WhileACrawlWrites(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	w, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.PublishSnapshot(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "during.csv")
	for _, args := range [][]string{
		{"status"},
		{"export", "--format", "csv", "--out", out},
		{"verify", "--quick"},
		{"verify"},
	} {
		stdout, stderr, code := runCLI(t, append(args, "--config", cfg, "--db", db)...)
		if code != 0 || !strings.Contains(stdout+stderr, "reading its snapshot as of") {
			t.Fatalf("%v while the archive is held: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("export during the crawl wrote nothing: %v", err)
	}
}
