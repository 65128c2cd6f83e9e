//go:build !unix

package office

import (
	"os"
	"syscall"
)

func daemonAttrs() *syscall.SysProcAttr { return nil }

func killDaemon(p *os.Process) { _ = p.Kill() }
