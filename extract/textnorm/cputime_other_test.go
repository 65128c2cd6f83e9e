//go:build !unix

package textnorm

import "time"

func processCPU() time.Duration { return 0 }
