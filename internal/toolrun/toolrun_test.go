package toolrun

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/extract"
)

func TestRun(t *testing.T) {
	ctx := context.Background()
	res, err := Run(ctx, Spec{Tool: "sh", Args: []string{"-c", "printf hello"}})
	if err != nil || string(res.Stdout) != "hello" {
		t.Errorf("echo: %q %v", res.Stdout, err)
	}
	// A child that forks and outlives its parent is killed with the group.
	start := time.Now()
	_, err = Run(ctx, Spec{Tool: "sh", Args: []string{"-c", "sleep 30 & sleep 30"}, Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) || time.Since(start) > 10*time.Second {
		t.Errorf("timeout: err=%v after %v", err, time.Since(start))
	}
	_, err = Run(ctx, Spec{Tool: "sh", Args: []string{"-c", "head -c 5000 /dev/zero"}, MaxOutput: 100})
	if err == nil {
		t.Error("output over the cap was accepted")
	}
	_, err = Run(ctx, Spec{Tool: "sh", Args: []string{"-c", "echo boom >&2; exit 3"}})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("exit status: %v", err)
	}
	_, err = Run(ctx, Spec{Tool: "no-such-tool-xyz", Package: "xyz"})
	if extract.MissingTool(err) != "no-such-tool-xyz" {
		t.Errorf("missing: %v", err)
	}
}
