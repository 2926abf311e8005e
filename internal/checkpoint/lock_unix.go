//go:build unix

package checkpoint

import (
	"os"
	"syscall"
)

// lock takes an advisory lock on f, exclusive or shared, waiting for it;
// closing f releases it.
func lock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
