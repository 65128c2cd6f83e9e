package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Point 7: --out - writes to standard output; a non-regular file is refused
// and left alone; errors name the target; nothing temporary is left.
func TestCLI_ExportOutputs(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	out, errs, code := runBin(t, binRun{}, "export", "--config", cfg, "--db", db, "--format", "csv", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "url,source_url,") || strings.Count(out, "\n") != 3 || !strings.Contains(errs, "wrote 2 records to standard output") {
		t.Errorf("--out -: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error("--out - created a file named -")
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.csv")
	os.Mkdir(folder, 0o755)
	for _, target := range []string{fifo, folder} {
		_, errs, code := runBin(t, binRun{}, "export", "--config", cfg, "--db", db, "--format", "csv", "--out", target)
		if code != 1 || !strings.Contains(errs, target+" exists and is not a regular file") {
			t.Errorf("--out %s: exit %d %q", target, code, errs)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v %v", fi.Mode(), err)
	}
	missing := filepath.Join(dir, "no-such-dir", "r.csv")
	if _, errs, code := runBin(t, binRun{}, "export", "--config", cfg, "--db", db, "--format", "csv", "--out", missing); code != 1 || !strings.Contains(errs, "create "+missing+": no such file or directory") || strings.Contains(errs, ".part") {
		t.Errorf("an unwritable target: exit %d %q", code, errs)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, errs, code := runBin(t, binRun{}, "export", "--db", db, "--format", "warc", "--out", "-"); code != 2 || !strings.Contains(errs, "not possible for warc") {
		t.Errorf("warc to stdout: exit %d %q", code, errs)
	}
}

// Point 7: Parquet metadata carries the binary's real version; the form's
// version is the form_version column.
func TestCLI_ExportParquetVersionAndFormVersion(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	pq := filepath.Join(dir, "r.parquet")
	if out, errs, code := runBin(t, binRun{}, "export", "--config", cfg, "--db", db, "--format", "parquet", "--out", pq); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	raw, err := os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Metadata().CreatedBy, "nianbao version "+testVersion; got != want {
		t.Errorf("created_by %q, want %q", got, want)
	}
	if !hasColumn(f, "form_version") || hasColumn(f, "format") {
		t.Errorf("columns: want form_version and no format")
	}
	cb, _ := os.ReadFile(pq + ".codebook.md")
	if !strings.Contains(string(cb), "form_version") || !strings.Contains(string(cb), "国办公开办函〔2021〕30号") {
		t.Errorf("the codebook does not say what form_version holds")
	}
	out, _, _ := runBin(t, binRun{}, "export", "--config", cfg, "--db", db, "--format", "jsonl", "--out", "-", "--form-version", "2021")
	if !strings.Contains(out, `"form_version":"2021"`) || strings.Contains(out, `"format":`) {
		t.Errorf("jsonl: want form_version, not format: %.300s", out)
	}
}

func hasColumn(f *parquet.File, name string) bool {
	for _, c := range f.Schema().Columns() {
		if len(c) == 1 && c[0] == name {
			return true
		}
	}
	return false
}

// Point 2: a filter that matches nothing says so and names the nearest values.
func TestCLI_ExportFilterSuggestions(t *testing.T) {
	_, dir, cfg, db := crawlCountySite(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--province", "河南"}, `no record matches --province "河南"; did you mean 河南省?`},
		{[]string{"--province", "湖南省"}, `(provinces in the archive: 河南省)`},
		{[]string{"--year", "2032"}, `no record matches --year 2032`},
		{[]string{"--region", "石龙区"}, `did you mean 410404 (河南省石龙区)?`},
	}
	for _, tt := range tests {
		out := filepath.Join(dir, "f.csv")
		args := append([]string{"export", "--config", cfg, "--db", db, "--format", "csv", "--out", out}, tt.args...)
		_, errs, code := runBin(t, binRun{}, args...)
		if code != 1 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tt.args, code, errs, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s although nothing can match", tt.args, out)
		}
	}
}

// Point 7: --all-versions adds version and is_current (the capture time is
// fetched_at, a timestamp in Parquet), and the codebook names them.
func TestCLI_ExportAllVersionsColumns(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "crawl:\n  delay: 0\n  allow_private: true\n  revisit_min: 0s\nlog:\n  level: warn\n")
	seedsCSV := writeFile(t, dir, "seeds.csv", "code,name,province,url\n410404,石龙区,河南省,"+site.srv.URL+"/\n")
	db := filepath.Join(dir, "a.db")
	crawl := func() {
		if out, errs, code := runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", db); code != 0 {
			t.Fatalf("crawl: exit %d\n%s%s", code, out, errs)
		}
	}
	crawl()
	const changed = "/zwgk/zfxxgknb/202502/t20250218_2001.html"
	p := site.pages[changed]
	p.body = bytes.Replace(p.body, []byte("</body>"), []byte("<p>（本报告于2025年3月更正。）</p></body>"), 1)
	site.pages[changed] = p
	time.Sleep(5 * time.Millisecond)
	crawl()
	out, errs, code := runBin(t, binRun{}, "export", "--db", db, "--format", "csv", "--out", "-", "--all-versions")
	if code != 0 {
		t.Fatalf("export: exit %d %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, k := range []string{"version", "is_current", "fetched_at"} {
		if _, ok := col[k]; !ok {
			t.Fatalf("no %s column in %v", k, rows[0])
		}
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		if strings.HasSuffix(r[col["url"]], changed) {
			got[r[col["version"]]] = r[col["is_current"]]
		}
	}
	if len(got) != 2 || got["1"] != "false" || got["2"] != "true" {
		t.Errorf("versions of the changed report (version → is_current): %v, want 1→false 2→true", got)
	}
	plain, _, _ := runBin(t, binRun{}, "export", "--db", db, "--format", "csv", "--out", "-")
	if strings.Contains(strings.SplitN(plain, "\n", 2)[0], "is_current") {
		t.Error("an export of current records carries the version columns")
	}
}
