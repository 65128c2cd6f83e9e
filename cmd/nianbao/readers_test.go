package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/extract"
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

// TestReparseDryRunAndParseArchived_WhileACrawlWrites: with the archive held
// by a writer whose current record of a report was altered (as a parser
// change would), reparse --dry-run answers from the snapshot, names the
// record that would change and writes nothing; parse --archived URL parses
// the archived capture and prints the parser's figures, not the stored ones.
func TestReparseDryRunAndParseArchived_WhileACrawlWrites(t *testing.T) {
	_, _, cfg, db := crawlCountySite(t)
	w, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var recs []*extract.Record
	if err := w.Records(store.RecordFilter{}, func(r *extract.Record) error { recs = append(recs, r); return nil }); err != nil || len(recs) == 0 {
		t.Fatalf("records: %d, %v", len(recs), err)
	}
	altered := *recs[0]
	altered.Fields = map[string]*float64{}
	for k, v := range recs[0].Fields {
		altered.Fields[k] = v
	}
	bogus := 999999.0
	altered.Fields["app_new_total"] = &bogus
	if err := w.SaveRecord(&altered); err != nil {
		t.Fatal(err)
	}
	if err := w.PublishSnapshot(); err != nil {
		t.Fatal(err)
	}

	out, errs, code := runCLI(t, "reparse", "--dry-run", "--config", cfg, "--db", db)
	if code != 0 || !strings.Contains(out, "reading its snapshot as of") || !strings.Contains(out, "dry run, nothing written") ||
		!strings.Contains(out, "0 record(s) would be added, 0 removed, 1 changed") || !strings.Contains(out, "changed  "+altered.URL) {
		t.Fatalf("reparse --dry-run while held: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if r, err := w.Record(altered.URL); err != nil || *r.Fields["app_new_total"] != bogus {
		t.Errorf("dry run wrote: record now %v (err %v)", r.Fields["app_new_total"], err)
	}

	out, errs, code = runCLI(t, "parse", "--archived", altered.URL, "--config", cfg, "--db", db)
	if code != 0 || !strings.Contains(errs, "reading its snapshot as of") {
		t.Fatalf("parse --archived while held: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	var got struct {
		IsReport bool                `json:"is_report"`
		URL      string              `json:"url"`
		Fields   map[string]*float64 `json:"fields"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("parse --archived output: %v\n%s", err, out)
	}
	want := recs[0].Fields["app_new_total"]
	if !got.IsReport || got.URL != altered.URL || got.Fields["app_new_total"] == nil || want == nil || *got.Fields["app_new_total"] != *want {
		t.Errorf("parse --archived: is_report %v url %s app_new_total %v, want the parser's %v", got.IsReport, got.URL, got.Fields["app_new_total"], want)
	}
	if _, errs, code := runCLI(t, "parse", "--archived", "http://never.example/x.html", "--config", cfg, "--db", db); code != 1 || !strings.Contains(errs, "holds no capture of http://never.example/x.html") {
		t.Errorf("parse --archived of an unknown URL: exit %d %q", code, errs)
	}
}
