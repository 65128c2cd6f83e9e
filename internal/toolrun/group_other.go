//go:build !unix

package toolrun

import (
	"os/exec"
	"time"
)

func killGroup(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }

func maxRSS(*exec.Cmd) int64 { return 0 }

func reap(*exec.Cmd) {}
