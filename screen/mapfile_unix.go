//go:build unix

package screen

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile returns the contents of the file at path, mapped into memory
// read-only: no copy is made, and the pages come from the page cache
// as they are read. The mapping is never released, since the strings
// of an index read from it point into it; a process maps an index file
// once (the command line), and the file is only ever replaced by
// renaming another over it (SaveIndexFile), which leaves the mapped one
// intact.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	switch {
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("screen: %s: not a regular file", path)
	case size == 0:
		return nil, nil
	case size != int64(int(size)):
		return nil, fmt.Errorf("screen: %s: %d bytes: too large to map", path, size)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_PRIVATE)
	if err != nil {
		return nil, fmt.Errorf("screen: map %s: %w", path, err)
	}
	return data, nil
}
