//go:build !unix

package server

import "time"

// processCPU is not measured on this system; the load test then reports
// no CPU time per request.
func processCPU() time.Duration { return 0 }
