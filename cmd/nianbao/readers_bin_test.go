package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/sim"
)

// TestBinary_ReadCommands_WhileCrawlOrServeHoldsTheArchive runs the built
// binary: while a `nianbao crawl` process writes the archive, and then while
// a `nianbao serve` process owns it, export (csv and warc), verify --quick,
// verify, reparse --dry-run and parse --archived answer from the holder's
// snapshot and say so; status reads the snapshot during the crawl and asks
// serve through its socket.
func TestBinary_ReadCommands_WhileCrawlOrServeHoldsTheArchive(t *testing.T) {
	sc := newSimCrawl(t, sim.Options{Sites: 3, Seed: 5, NoObstacles: true}, "")
	sc.crawl(t, "crawl") // reports to read while the next crawl runs
	url := firstReportURL(t, sc)

	// The nightly recrawl, slowed by a politeness delay so that it is
	// still running when the readers are done.
	cfg, err := os.ReadFile(sc.cfg)
	if err != nil {
		t.Fatal(err)
	}
	slow := filepath.Join(sc.dir, "slow.yaml")
	if err := os.WriteFile(slow, bytes.Replace(cfg, []byte("delay: 0s"), []byte("delay: 10s"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	crawl := startBin(t, "crawl", "--config", slow, "--seeds", sc.seeds, "--db", sc.db)
	readersSeeSnapshot(t, sc, url, "status")
	select {
	case <-crawl.done:
		t.Fatal("the crawl ended before the readers were done: they were not all tested against a running crawl")
	default:
	}
	stopBin(t, crawl)

	serve := startBin(t, "serve", "--config", sc.cfg, "--seeds", sc.seeds, "--db", sc.db, "--no-schedule", "--addr", freeAddr(t))
	readersSeeSnapshot(t, sc, url)
	out, errs, code := runBin(t, binRun{}, "status", "--config", sc.cfg, "--db", sc.db)
	if code != 0 || !strings.Contains(out, "held by nianbao serve") {
		t.Errorf("status while serve holds the archive: exit %d\n%s%s", code, out, errs)
	}
	stopBin(t, serve)
}

// readersSeeSnapshot runs each read command against the held archive.
func readersSeeSnapshot(t *testing.T, sc *simCrawl, url string, extra ...string) {
	t.Helper()
	cmds := [][]string{
		{"export", "--format", "csv", "--out", filepath.Join(sc.dir, "held.csv")},
		{"export", "--format", "warc", "--out", filepath.Join(sc.dir, "held.warc.gz")},
		{"verify", "--quick"},
		{"verify"},
		{"reparse", "--dry-run"},
		{"parse", "--archived", url},
	}
	for _, e := range extra {
		cmds = append(cmds, []string{e})
	}
	for _, args := range cmds {
		out, errs, code := runBin(t, binRun{}, append(args, "--config", sc.cfg, "--db", sc.db)...)
		if code != 0 || !strings.Contains(out+errs, "reading its snapshot as of") {
			t.Errorf("%v while the archive is held: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errs)
		}
	}
	for _, f := range []string{"held.csv", "held.warc.gz", "held.cdxj"} {
		if fi, err := os.Stat(filepath.Join(sc.dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s written while the archive is held: %v", f, err)
		}
	}
}

// firstReportURL is the URL of the first report in a JSONL export.
func firstReportURL(t *testing.T, sc *simCrawl) string {
	t.Helper()
	line, _, _ := bytes.Cut(sc.exportBytes(t, "first.jsonl"), []byte("\n"))
	var r struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(line, &r); err != nil || r.URL == "" {
		t.Fatalf("no report in the export: %v %q", err, line)
	}
	return r.URL
}

// started is a running binary; done is closed when it has exited.
type started struct {
	cmd  *exec.Cmd
	done chan struct{}
	errb *syncBuffer
}

// startBin starts the built binary and waits until it holds the archive
// (its lock file names it).
func startBin(t *testing.T, args ...string) *started {
	t.Helper()
	cmd := exec.Command(nianbaoBinary(t), args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TZ=UTC"}
	s := &started{cmd: cmd, done: make(chan struct{}), errb: &syncBuffer{}}
	cmd.Stderr = s.errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	db := args[len(args)-1]
	for i, a := range args {
		if a == "--db" {
			db = args[i+1]
		}
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(db + ".lock"); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(cmd.Process.Pid) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("nianbao %s did not take the archive within 30 s\n%s", args[0], s.errb.String())
		}
	}
}

// stopBin interrupts a started binary and waits for it to exit.
func stopBin(t *testing.T, s *started) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		t.Errorf("nianbao %s did not stop within 60 s of an interrupt\n%s", s.cmd.Args[1], s.errb.String())
	}
}
