package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: the command writes to the returned
// terminal side, the test reads what it drew from the other side.
func openPTY(t *testing.T) (ptm, pts *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(ptm.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptm.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	unix.IoctlSetWinsize(int(pts.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 160})
	t.Cleanup(func() { pts.Close(); ptm.Close() })
	return ptm, pts
}

// manySeeds writes n seeds that all point at one loopback site.
func manySeeds(t *testing.T, dir, url string, n int) string {
	var b strings.Builder
	b.WriteString("code,name,province,url\n")
	for i := range n {
		fmt.Fprintf(&b, "4104%02d,测试区%d,河南省,%s/\n", i+1, i+1, url)
	}
	return writeFile(t, dir, "seeds.csv", b.String())
}

// Point 4: on a terminal, log lines never run into the live progress line:
// each starts on a line of its own, and the live line is drawn again below.
func TestCLI_ProgressLineNeverTearsLogs(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "crawl:\n  delay: 0.05\n  allow_private: true\n  parallel_sites: 3\nlog:\n  level: info\n")
	seedsCSV := manySeeds(t, dir, site.srv.URL, 12)
	ptm, pts := openPTY(t)
	cmd := exec.Command(nianbaoBinary(t), "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", filepath.Join(dir, "a.db"))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TERM=xterm"}
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, pts
	var term bytes.Buffer
	var wg sync.WaitGroup
	wg.Go(func() { io.Copy(&term, ptm) })
	if err := cmd.Run(); err != nil {
		t.Fatalf("crawl: %v\n%s", err, stdout.String())
	}
	pts.Close()
	time.Sleep(200 * time.Millisecond)
	ptm.Close()
	wg.Wait()
	out := term.String()
	if !strings.Contains(out, "\r\x1b[Ksites ") || !strings.Contains(out, "ETA") {
		t.Fatalf("no live line drawn on the terminal:\n%q", out)
	}
	if n := strings.Count(out, "msg=\"site done\""); n < 12 {
		t.Fatalf("%d site log lines on the terminal, want 12", n)
	}
	if torn := regexp.MustCompile(`ETA [^\r\n\x1b]*time=`).FindString(out); torn != "" {
		t.Errorf("a log line ran into the live line: %q", torn)
	}
	for _, m := range regexp.MustCompile(`(.{0,3})time=\d{4}-`).FindAllStringSubmatch(out, -1) {
		if p := m[1]; p != "" && !strings.HasSuffix(p, "\n") && !strings.HasSuffix(p, "\x1b[K") {
			t.Errorf("a log line does not start a line of its own: %q", m[0])
		}
	}
	if !strings.Contains(out, "sites 12/12") {
		t.Errorf("the final live line does not say 12/12:\n%q", out[max(0, len(out)-400):])
	}
}

// Point 4: tables line up by display width (汉字 take two columns), and
// output that is not a terminal carries no control sequences.
func TestCLI_TablesAlignedAndPlainWhenNotATerminal(t *testing.T) {
	site := newCountySite(t)
	dir := t.TempDir()
	cfg := writeTestConfig(t, dir)
	seedsCSV := writeFile(t, dir, "seeds.csv", "code,name,province,url\n410404,石龙区,河南省,"+site.srv.URL+
		"/\n410422,Ye County,河南省,http://"+closedPort(t)+"/\n410423,鲁山县人民政府办公室,河南省,http://"+closedPort(t)+"/\n")
	db := filepath.Join(dir, "a.db")
	out, errs, code := runBin(t, binRun{}, "crawl", "--config", cfg, "--seeds", seedsCSV, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	sout, _, _ := runBin(t, binRun{}, "status", "--db", db, "--sites")
	for name, text := range map[string]string{"crawl": out, "status": sout} {
		var cols []int
		for _, line := range strings.Split(text, "\n") {
			if i := strings.Index(line, "  ok  "); i >= 0 {
				cols = append(cols, displayWidth(line[:i]))
			}
			if i := strings.Index(line, "  unreachable  "); i >= 0 {
				cols = append(cols, displayWidth(line[:i]))
			}
		}
		if len(cols) != 3 || cols[0] != cols[1] || cols[1] != cols[2] {
			t.Errorf("%s: the outcome column starts at display columns %v, want 3 equal:\n%s", name, cols, text)
		}
	}
	for name, text := range map[string]string{"stdout": out, "stderr": errs, "status": sout} {
		if strings.ContainsAny(text, "\r\x1b") {
			t.Errorf("%s carries control characters although it is not a terminal: %q", name, text)
		}
	}
}
