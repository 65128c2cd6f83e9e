package store

import (
	"bufio"
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
		err = helperWrite(path, false)
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

// helperWrite saves captures (and a record for every other one) until killed
// or until a write fails, printing "ack <url> <digest>" after each
// acknowledged SaveCapture and "rec <url> <digest>" after each SaveRecord.
func helperWrite(path string, stopOnError bool) error {
	db, err := Open(path, Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	seed, _ := strconv.ParseInt(os.Getenv("NIANBAO_STORE_SEED"), 10, 64)
	rng := rand.New(rand.NewSource(seed))
	incompressible := os.Getenv("NIANBAO_STORE_RANDOM_BODIES") != ""
	for i := 0; ; i++ {
		u := fmt.Sprintf("http://www.s%d.gov.cn/zfxxgknb/t%d.html", seed, i%50) // revisits make versions
		body := reportPage(rng, i, 8_000+rng.Intn(60_000))
		if incompressible {
			body = make([]byte, 200_000)
			rng.Read(body)
		}
		c := newCapture(u, body, time.Now().UTC(), strconv.Itoa(i))
		if _, err := db.SaveCapture(c); err != nil {
			return err
		}
		fmt.Println("ack", u, c.Digest())
		if i%2 == 0 {
			if err := db.SaveRecord(newRecord(c, 2020+i%4, "110101", "北京市")); err != nil {
				return err
			}
			fmt.Println("rec", u, c.Digest())
		}
	}
}

// helperDiskFull limits the file size this process may write (RLIMIT_FSIZE,
// with SIGXFSZ ignored so the write fails with EFBIG instead of killing us),
// then writes until the archive refuses.
func helperDiskFull(path string) error {
	limit, _ := strconv.ParseUint(os.Getenv("NIANBAO_STORE_LIMIT"), 10, 64)
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		return fmt.Errorf("setrlimit: %w", err)
	}
	return helperWrite(path, true)
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
