//go:build !unix

package benchload

import "time"

// ProcessCPU is 0: the CPU time is not known here.
func ProcessCPU() time.Duration { return 0 }
