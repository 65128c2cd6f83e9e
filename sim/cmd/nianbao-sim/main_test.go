package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	seedlist "github.com/nianbao/nianbao/seeds"
)

func TestRun_WritesSeedsAndTruth(t *testing.T) {
	dir := t.TempDir()
	seeds, truth := filepath.Join(dir, "seeds.csv"), filepath.Join(dir, "truth.json")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, []string{"-sites", "5", "-seeds", seeds, "-truth", truth}, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(seeds)
	if err != nil || strings.Count(string(b), "\n") != 6 || !strings.Contains(string(b), "http://127.0.0.1:") {
		t.Fatalf("seeds: %v %s", err, b)
	}
	rows, err := seedlist.Load(seeds) // the crawler's own seed reader accepts the file
	if err != nil || len(rows) != 5 || len(rows[4].ExtraHosts) != 1 {
		t.Fatalf("seeds.Load: %v, %d rows", err, len(rows))
	}
	var tr map[string][]json.RawMessage
	b, _ = os.ReadFile(truth)
	if err := json.Unmarshal(b, &tr); err != nil || len(tr) != 5 {
		t.Fatalf("truth: %v, %d sites", err, len(tr))
	}
	if !strings.Contains(out.String(), "mirror http://127.0.0.1:") {
		t.Errorf("output: %s", out.String())
	}
}
