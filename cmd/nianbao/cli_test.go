package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCLI_BadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "code,name,province,url\n110101,东城区,北京市,http://127.0.0.1:1/\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"duplicate codes", []string{"--seeds", write("dup.csv", "code,name,province,url\n110101,a,p,http://a.gov.cn/\n110101,b,p,http://b.gov.cn/\n")}, "dup.csv line 3: code 110101 already used on line 2"},
		{"relative url", []string{"--seeds", write("rel.csv", "code,name,province,url\n110101,a,p,index.html\n")}, "rel.csv line 2: url \"index.html\" must be an absolute http(s) URL"},
		{"short code", []string{"--seeds", write("short.csv", "code,name,province,url\n1101,a,p,http://a.gov.cn/\n")}, "short.csv line 2: code \"1101\" must be 6 digits"},
		{"missing seeds file", []string{"--seeds", filepath.Join(dir, "none.csv")}, "none.csv: no such file"},
		{"unknown config key", []string{"--seeds", good, "--config", write("k.yaml", "crawl:\n  paralel_sites: 3\n")}, "k.yaml line 2: unknown key paralel_sites"},
		{"wrong type", []string{"--seeds", good, "--config", write("t.yaml", "crawl:\n  delay: [1]\n")}, "t.yaml line 2: cannot unmarshal"},
		{"bad cron", []string{"--seeds", good, "--config", write("c.yaml", "schedule: \"61 * * * *\"\n")}, "c.yaml: schedule"},
		{"missing config", []string{"--seeds", good, "--config", filepath.Join(dir, "none.yaml")}, "none.yaml: no such file"},
		{"unknown --only code", []string{"--seeds", good, "--only", "999999"}, "999999 not in the seed list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".db")
			_, errs, code := runCLI(t, append([]string{"crawl", "--db", db}, tt.args...)...)
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want non-zero and %q", code, errs, tt.want)
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("%s was created despite the bad input", db)
			}
		})
	}
}

func TestCLI_Usage(t *testing.T) {
	for _, c := range commands {
		out, _, code := runCLI(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, "Usage: nianbao "+c.name) {
			t.Errorf("%s --help: exit %d, %q", c.name, code, out)
		}
	}
	if _, errs, code := runCLI(t, "crawl", "--frobnicate"); code != 2 || !strings.Contains(errs, "frobnicate") {
		t.Errorf("unknown flag: exit %d %q", code, errs)
	}
	if _, errs, code := runCLI(t, "backfill", "--year", "1999"); code != 2 || !strings.Contains(errs, "--year must be a report year") {
		t.Errorf("bad year: exit %d %q", code, errs)
	}
	if _, errs, code := runCLI(t, "nonsense"); code != 2 || !strings.Contains(errs, `unknown command "nonsense"`) {
		t.Errorf("unknown command: exit %d %q", code, errs)
	}
}

func TestCLI_MaintenanceOnCrawledArchive(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	out, errs, code := runCLI(t, "status", "--config", cfg, "--db", db, "--sites")
	if code != 0 || !strings.Contains(out, "2 report records") || !strings.Contains(out, "410404") || !strings.Contains(out, "2023  1") {
		t.Errorf("status: exit %d\n%s%s", code, out, errs)
	}
	if !regexp.MustCompile(`(?s)Not followed or not used in run \S+, by reason:.*\n  not_report +[1-9]`).MatchString(out) {
		t.Errorf("status does not say why links or pages were skipped (the look-alike is not_report):\n%s", out)
	}
	if out, errs, code := runCLI(t, "verify", "--config", cfg, "--db", db); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("verify: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code := runCLI(t, "reparse", "--config", cfg, "--db", db); code != 0 || !strings.Contains(out, "0 record(s) added, 0 removed, 0 changed") {
		t.Errorf("reparse of an unchanged parser must change nothing: exit %d\n%s%s", code, out, errs)
	}
	compacted := filepath.Join(dir, "compact.db")
	if out, errs, code := runCLI(t, "compact", "--config", cfg, "--db", db, "--out", compacted); code != 0 {
		t.Fatalf("compact: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code := runCLI(t, "verify", "--db", compacted); code != 0 {
		t.Errorf("verify compacted copy: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := runCLI(t, "compact", "--db", db, "--out", compacted); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("compact over an existing file: exit %d %q", code, errs)
	}
	// A damaged file: a clear error naming it and the way out, never a panic.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 4096)), 0o644)
	if _, errs, code := runCLI(t, "verify", "--db", junk); code != 1 || !strings.Contains(errs, "junk.db") {
		t.Errorf("verify junk: exit %d %q", code, errs)
	}
}
