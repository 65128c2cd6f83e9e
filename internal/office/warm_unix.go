//go:build unix && !linux

package office

import (
	"os"
	"syscall"
)

// daemonAttrs puts a warm LibreOffice in its own process group.
func daemonAttrs() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func killDaemon(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }
