package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/capture"
)

// Child processes re-exec the test binary with -test.run=TestHelperProcess
// and NIANBAO_STORE_HELPER naming what to do; the database path and other
// arguments travel in the environment too.
const helperEnv = "NIANBAO_STORE_HELPER"

func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("helper process for the multi-process tests")
	}
	path := os.Getenv("NIANBAO_STORE_DB")
	var err error
	switch mode {
	case "hold":
		err = helperHold(path)
	case "write":
		err = helperWrite(path)
	case "diskfull":
		err = helperDiskFull(path)
	default:
		err = fmt.Errorf("unknown helper mode %q", mode)
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// helperHold opens the database and keeps it until stdin closes.
func helperHold(path string) error {
	db, err := Open(path, Options{})
	if err != nil {
		return err
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	return db.Close()
}

// workItem is item i of the deterministic crash-test workload: 50 URLs
// revisited in turn, each visit with a new body (a new version).
func workItem(seed int64, i int) *capture.Capture {
	rng := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	u := fmt.Sprintf("http://www.s%d.gov.cn/zfxxgknb/t%d.html", seed, i%50)
	return newCapture(u, reportPage(rng, i, 8_000+rng.Intn(40_000)), t0.Add(time.Duration(i)*time.Minute), strconv.Itoa(i))
}

// helperWrite runs the workload of NIANBAO_STORE_N items as a resumable
// run: items already recorded as done are skipped, so a killed child started
// again finishes the same work. It prints "ack <url> <digest>" after each
// acknowledged SaveCapture, "rec <url> <digest>" after each SaveRecord.
func helperWrite(path string) error {
	db, err := Open(path, Options{Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	seed, _ := strconv.ParseInt(os.Getenv("NIANBAO_STORE_SEED"), 10, 64)
	n, _ := strconv.Atoi(os.Getenv("NIANBAO_STORE_N"))
	run, _, err := beginRun(db, "crawl", 0, n)
	if err != nil {
		return err
	}
	done, err := db.DoneSites(run.ID)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		code := strconv.Itoa(i)
		if _, ok := done[code]; ok {
			continue
		}
		c := workItem(seed, i)
		if _, err := db.SaveCapture(c); err != nil {
			return err
		}
		fmt.Println("ack", c.URL, c.Digest())
		if i%3 != 2 {
			if err := db.SaveRecord(newRecord(c, 2020+i%4, "110101", "北京市")); err != nil {
				return err
			}
			fmt.Println("rec", c.URL, c.Digest())
		}
		if err := db.SiteDone(run.ID, capture.SiteResult{Code: code, Outcome: "ok"}); err != nil {
			return err
		}
	}
	fmt.Println("finished")
	return db.FinishRun(run)
}

// helperDiskFull limits the file size this process may write (RLIMIT_FSIZE,
// with SIGXFSZ ignored so the write fails with EFBIG instead of killing us),
// then saves 200 KB incompressible bodies until the archive refuses.
func helperDiskFull(path string) error {
	limit, _ := strconv.ParseUint(os.Getenv("NIANBAO_STORE_LIMIT"), 10, 64)
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		return fmt.Errorf("setrlimit: %w", err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	_, full := fillUntilFull(db, 1, func(u, d string) { fmt.Println("ack", u, d) })
	if full == nil {
		return errors.New("the disk never filled")
	}
	fmt.Println("full:", full)
	return nil
}

// fillUntilFull saves 200 KB incompressible bodies until a write fails,
// calling ack for each acknowledged one; it returns the acknowledged
// url → digest and the error that stopped it (nil if none did).
func fillUntilFull(db *DB, seed int64, ack func(url, digest string)) (map[string]string, error) {
	rng := rand.New(rand.NewSource(seed))
	acked := map[string]string{}
	for i := 0; i < 2_000; i++ {
		body := make([]byte, 200_000)
		rng.Read(body)
		c := newCapture(fmt.Sprintf("http://full.gov.cn/%d-%d.pdf", seed, i), body, t0, "")
		if _, err := db.SaveCapture(c); err != nil {
			return acked, err
		}
		acked[c.URL] = c.Digest()
		if ack != nil {
			ack(c.URL, c.Digest())
		}
	}
	return acked, nil
}

// child is a running helper process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startHelper(t *testing.T, mode, path string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "NIANBAO_STORE_DB="+path)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, lines: make(chan string, 1024)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return c
}

// waitLine returns the next line starting with prefix, failing after d.
func (c *child) waitLine(t *testing.T, prefix string, d time.Duration) string {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("helper exited before printing %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-deadline:
			t.Fatalf("helper did not print %q within %v", prefix, d)
		}
	}
}
