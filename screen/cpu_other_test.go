//go:build !unix

package screen_test

import "time"

// processCPU is not measured on this system; the benchmarks then report
// no CPU time per operation.
func processCPU() time.Duration { return 0 }
