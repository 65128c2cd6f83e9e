package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// Point 1: an interrupted run's summary counts only the sites that
// finished, as status does, and the run exits 130.
func TestCLI_InterruptedRunCountsFinishedSites(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "crawl:\n  delay: 0.1\n  allow_private: true\n  parallel_sites: 2\nlog:\n  level: info\n")
	seedsCSV := manySeeds(t, dir, site.srv.URL, 10)
	db := filepath.Join(dir, "a.db")
	cmd := exec.Command(nianbaoBinary(t), "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", db)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	done, signalled := 0, false
	var errs strings.Builder
	for sc.Scan() {
		errs.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), `msg="site done"`) {
			done++
		}
		if done == 2 && !signalled {
			cmd.Process.Signal(syscall.SIGINT)
			signalled = true
		}
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit %d, want 130\n%s%s", code, stdout.String(), errs.String())
	}
	m := regexp.MustCompile(`run \S+: (\d+)/10 sites`).FindStringSubmatch(stdout.String())
	if m == nil || m[1] == "10" || m[1] == "0" {
		t.Fatalf("the summary does not count only the finished sites:\n%s", stdout.String())
	}
	status, _, _ := runBin(t, binRun{}, "status", "--db", db)
	if !regexp.MustCompile(`unfinished \(resumes on next run\)\s+` + m[1] + `/10`).MatchString(status) {
		t.Errorf("the summary says %s/10 sites; status says otherwise:\n%s", m[1], status)
	}
	if strings.Contains(stdout.String(), "cancelled") {
		t.Errorf("the run table lists sites that did not finish:\n%s", stdout.String())
	}
}
