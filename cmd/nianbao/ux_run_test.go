package main

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeFile writes content under dir and returns its path.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// closedPort is a loopback address nothing listens on.
func closedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Point 1: a crawl in which every site failed at the network level exits
// non-zero and names the likely cause and the fix.
func TestCLI_CrawlAllNetworkFailuresExitNonZero(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", "crawl:\n  delay: 0\n  max_retries: 0\n  allow_private: true\n  timeout: 5s\nlog:\n  level: warn\n")
	long := strings.Repeat("a", 70) // a DNS label over 63 bytes: Go's resolver answers "no such host" without asking anyone
	tests := []struct {
		name, seedURL, extraCfg string
		env                     []string
		want                    []string
	}{
		{"no DNS", "http://" + long + ".gov.cn/", "", []string{"GODEBUG=netdns=go"},
			[]string{"all 2 site(s) failed at the network level (dns_error=2)", "no DNS", "proxy"}},
		{"connection refused", "http://" + closedPort(t) + "/", "", nil,
			[]string{"all 2 site(s) failed at the network level (unreachable=2)", "cannot reach", "proxy"}},
		{"proxy down", "http://" + long + ".gov.cn/", "proxy: http://" + closedPort(t) + "\n", nil,
			[]string{"failed at the network level", "the proxy http://127.0.0.1:", "did not answer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			if tt.extraCfg != "" {
				raw, _ := os.ReadFile(cfg)
				c = writeFile(t, t.TempDir(), "config.yaml", string(raw)+tt.extraCfg)
			}
			seedsCSV := writeFile(t, t.TempDir(), "seeds.csv", "code,name,province,url\n410404,石龙区,河南省,"+tt.seedURL+"\n410422,叶县,河南省,"+tt.seedURL+"x/\n")
			db := filepath.Join(t.TempDir(), "a.db")
			out, errs, code := runBin(t, binRun{env: tt.env}, "crawl", "--config", c, "--seeds", seedsCSV, "--db", db)
			if code != 1 {
				t.Errorf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			// status files the failures under what happened, not "robots".
			sout, serrs, _ := runBin(t, binRun{}, "status", "--db", db)
			if regexp.MustCompile(`(?m)^  robots\s`).MatchString(sout) || !strings.Contains(sout, "2/2") {
				t.Errorf("status after a network failure:\n%s%s", sout, serrs)
			}
		})
	}
}

// Point 1: some failures exit 0 but say how many and where to look.
func TestCLI_CrawlSomeFailuresExitZeroAndSayWhere(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.yaml", "crawl:\n  delay: 0\n  max_retries: 0\n  allow_private: true\n  timeout: 5s\nlog:\n  level: warn\n")
	seedsCSV := writeFile(t, dir, "seeds.csv", "code,name,province,url\n410404,石龙区,河南省,"+site.srv.URL+
		"/\n410422,叶县,河南省,http://"+closedPort(t)+"/\n")
	db := filepath.Join(dir, "a.db")
	out, errs, code := runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	want := "1 of 2 site(s) did not end ok (unreachable=1); 'nianbao status --db " + db + " --sites' lists them"
	if !strings.Contains(out, want) {
		t.Errorf("stdout lacks %q:\n%s", want, out)
	}
}

// Point 3: --help once with exit 0; usage errors exit 2; durations accept
// 0 and plain seconds.
func TestCLI_HelpUsageAndDurations(t *testing.T) {
	for _, c := range commands {
		out, errs, code := runBin(t, binRun{}, c.name, "--help")
		if code != 0 || strings.Count(out, "Usage: nianbao "+c.name) != 1 || errs != "" {
			t.Errorf("%s --help: exit %d, usage printed %d times, stderr %q", c.name, code, strings.Count(out, "Usage:"), errs)
		}
	}
	if out, errs, code := runBin(t, binRun{}); code != 2 || out != "" || !strings.Contains(errs, "Usage: nianbao <command>") {
		t.Errorf("bare nianbao: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if out, _, code := runBin(t, binRun{}, "help"); code != 0 || !strings.Contains(out, "Commands:") {
		t.Errorf("nianbao help: exit %d %q", code, out)
	}
	if out, errs, code := runBin(t, binRun{}, "export", "--frobnicate"); code != 2 || strings.Contains(out, "Usage") || !strings.Contains(errs, "frobnicate") {
		t.Errorf("unknown flag: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if out, _, code := runBin(t, binRun{}, "version"); code != 0 || !strings.Contains(out, testVersion) {
		t.Errorf("version: exit %d %q", code, out)
	}
	site := newCountySite(t)
	for _, delay := range []string{"0", "0.01", "1ms"} {
		dir := t.TempDir()
		cfg := writeFile(t, dir, "c.yaml", "crawl:\n  delay: "+delay+"\n  timeout: 5\n  allow_private: true\nlog:\n  level: warn\n")
		seedsCSV := writeFile(t, dir, "seeds.csv", "code,name,province,url\n410404,石龙区,河南省,"+site.srv.URL+"/\n")
		out, errs, code := runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", filepath.Join(dir, "a.db"))
		if code != 0 {
			t.Errorf("delay: %s: exit %d\n%s%s", delay, code, out, errs)
		}
	}
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yaml", "# a comment\ncrawl:\n  delay: soon\n")
	if _, errs, code := runBin(t, binRun{}, "crawl", "--config", bad, "--db", filepath.Join(dir, "a.db")); code != 1 || !strings.Contains(errs, "bad.yaml line 3") {
		t.Errorf("a bad duration must name its line: exit %d %q", code, errs)
	}
}

// Point 2: commands that read an archive never create one.
func TestCLI_ReadCommandsNeverCreateAnArchive(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"status"}, {"verify"}, {"reparse"}, {"compact"},
		{"export", "--format", "csv", "--out", filepath.Join(dir, "x.csv")},
	} {
		out, errs, code := runBin(t, binRun{dir: dir}, append(args, "--db", missing)...)
		if code != 1 || !strings.Contains(errs, "no archive at "+missing) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", args[0], code, out, errs)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%s created %s", args[0], missing)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); err == nil {
		t.Error("export wrote a file from a missing archive")
	}
}
