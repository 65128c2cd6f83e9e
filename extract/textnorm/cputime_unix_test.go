//go:build unix

package textnorm

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) this process has used.
// The benchmark reports throughput per CPU second as well as per wall
// second, because shared build machines make wall time meaningless.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
