package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testVersion is linked into the test binary (-ldflags -X main.version).
const testVersion = "v0.0.0-clitest"

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// nianbaoBinary builds the real command once per test process, with a
// version set the way a release build sets it, and returns its path.
func nianbaoBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "nianbao-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "nianbao")
		cmd := exec.Command("go", "build", "-ldflags", "-X main.version="+testVersion, "-o", binPath, ".")
		out, err := cmd.CombinedOutput()
		if err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// binRun is one run of the built binary.
type binRun struct {
	dir   string   // working directory ("" = a fresh temp dir)
	stdin string   // standard input
	env   []string // extra environment, KEY=VALUE
}

// runBin runs the built binary and returns stdout, stderr and exit code.
// The environment is minimal (no proxy variables, no terminal).
func runBin(t testing.TB, r binRun, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(nianbaoBinary(t), args...)
	cmd.Dir = r.dir
	if cmd.Dir == "" {
		cmd.Dir = t.TempDir()
	}
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir, "TZ=UTC"}, r.env...)
	cmd.Stdin = strings.NewReader(r.stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("nianbao %s: still running after 2 minutes\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out.String(), errb.String())
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}
