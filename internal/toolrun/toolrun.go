// Package toolrun runs the external programs report parsing needs
// (LibreOffice, tesseract, pdftoppm, catdoc) as bounded subprocesses: a
// deadline, a cap on what is read back, the whole process group killed on
// cancellation or timeout (LibreOffice forks), and the peak memory of the
// run measured. Runners in other packages build on it; extract itself runs
// nothing.
package toolrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/extract"
)

// ErrTimeout is wrapped by Run's error when the deadline killed the program.
var ErrTimeout = errors.New("gave up: time limit reached")

// Spec is one program run.
type Spec struct {
	Tool      string        // program name or path
	Package   string        // Debian package, for extract.ToolMissingError
	Args      []string      // arguments
	Dir       string        // working directory ("" = current)
	Env       []string      // extra environment (KEY=VALUE), added to the process's own
	Stdin     []byte        // standard input (nil = none)
	Timeout   time.Duration // 0 = 60 s
	MaxOutput int           // bytes of stdout kept; 0 = 64 MB; more is an error
}

// Result is what a finished run produced.
type Result struct {
	Stdout   []byte
	Elapsed  time.Duration
	MaxRSSKB int64         // peak resident memory of the program (and waited-for children), KB
	CPU      time.Duration // user + system CPU time of the program
}

// Look reports the program's path, or an *extract.ToolMissingError, so
// the capture waits for the tool.
func Look(tool, pkg string) (string, error) {
	p, err := exec.LookPath(tool)
	if err != nil {
		return "", &extract.ToolMissingError{Tool: filepath.Base(tool), Package: pkg}
	}
	return p, nil
}

// Run runs spec and returns its standard output. It fails with a
// *extract.ToolMissingError when the program is not installed, wraps ErrTimeout when the
// deadline (or ctx) ended it, and otherwise reports the exit status with the
// end of standard error.
func Run(ctx context.Context, spec Spec) (Result, error) {
	bin, err := Look(spec.Tool, spec.Package)
	if err != nil {
		return Result{}, err
	}
	timeout, limit := spec.Timeout, spec.MaxOutput
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if limit <= 0 {
		limit = 64 << 20
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, spec.Args...)
	cmd.Dir = spec.Dir
	if len(spec.Env) > 0 {
		cmd.Env = append(cmd.Environ(), spec.Env...)
	}
	if spec.Stdin != nil {
		cmd.Stdin = bytes.NewReader(spec.Stdin)
	}
	out := &capped{max: limit}
	stderr := &capped{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = out, stderr
	killGroup(cmd)
	start := time.Now()
	err = cmd.Run()
	reap(cmd)
	res := Result{Stdout: out.Bytes(), Elapsed: time.Since(start), MaxRSSKB: maxRSS(cmd)}
	if cmd.ProcessState != nil {
		res.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	switch {
	case ctx.Err() != nil:
		return res, fmt.Errorf("%s: %w (%v)", spec.Tool, ErrTimeout, timeout)
	case out.over:
		return res, fmt.Errorf("%s: output over %d bytes", spec.Tool, limit)
	case err != nil:
		return res, fmt.Errorf("%s: %v: %s", spec.Tool, err, lastLine(stderr.Bytes()))
	}
	return res, nil
}

// capped keeps at most max bytes and remembers whether more came. It has
// no ReadFrom, so io.Copy goes through Write.
type capped struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); len(p) > room {
		c.over = true
		if room > 0 {
			c.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return c.buf.Write(p)
}

func (c *capped) Bytes() []byte { return c.buf.Bytes() }

func lastLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}
