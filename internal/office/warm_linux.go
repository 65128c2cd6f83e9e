package office

import (
	"os"
	"syscall"
)

// daemonAttrs puts a warm LibreOffice in its own process group and has
// the kernel kill it when the crawler's thread that started it dies (a
// crashed crawler leaves no LibreOffice behind).
func daemonAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killDaemon(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }
