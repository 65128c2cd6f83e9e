package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Point 5: a GBK seed file is decoded (names intact in the run table and
// the archive); an undecodable one is refused naming the line; every bad row
// is reported with its line number in one go, whatever is wrong with it.
func TestCLI_SeedFiles(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeTestConfig(t, dir)
	gbkCSV, err := simplifiedchinese.GBK.NewEncoder().String("code,name,province,url\n410404,石龙区,河南省," + site.srv.URL + "/\n")
	if err != nil {
		t.Fatal(err)
	}
	gbkFile := writeFile(t, dir, "gbk.csv", gbkCSV)
	db := filepath.Join(dir, "a.db")
	out, errs, code := runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", gbkFile, "--db", db)
	if code != 0 || !strings.Contains(out, "石龙区") || strings.Contains(out, "\uFFFD") {
		t.Errorf("GBK seeds: exit %d\n%s%s", code, out, errs)
	}
	csvOut, _, _ := runBin(t, binRun{}, "export", "--db", db, "--format", "csv", "--out", "-")
	if !strings.Contains(csvOut, ",石龙区,河南省,") {
		t.Errorf("export after a GBK seed file lacks the decoded names:\n%.400s", csvOut)
	}

	bad := writeFile(t, dir, "bad.csv", "code,name,province,url\n"+
		"410404,石龙区,河南省,"+site.srv.URL+"/\n"+
		"410422,叶县,河南省,\n"+
		"410423,鲁山县,河南省,not a url\n"+
		"41042,郏县,河南省,http://jx.gov.cn/\n"+
		"410425,,河南省,http://x.gov.cn/\n"+
		"410481,舞钢市,河南省,none\n")
	badDB := filepath.Join(dir, "bad.db")
	_, errs, code = runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", bad, "--db", badDB)
	for _, want := range []string{"bad.csv line 3: url is empty", "bad.csv line 4: url \"not a url\"", "bad.csv line 5: code \"41042\"", "bad.csv line 6: name is empty", "4 bad row(s)"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if code != 1 {
		t.Errorf("bad rows: exit %d, want 1", code)
	}
	if _, err := os.Stat(badDB); err == nil {
		t.Error("an archive was created from a bad seed file")
	}

	latin1 := writeFile(t, dir, "latin1.csv", "code,name,province,url\n410404,Shil\xf3ng,H\xe9,http://a.gov.cn/\n")
	_, errs, code = runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", latin1, "--db", badDB)
	if code != 1 || !strings.Contains(errs, "latin1.csv line 2: the file is neither UTF-8 nor GBK/GB18030") {
		t.Errorf("undecodable seeds: exit %d %q", code, errs)
	}
}
