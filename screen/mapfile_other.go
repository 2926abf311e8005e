//go:build !unix

package screen

import "os"

// mapFile returns the contents of the file at path: read whole, where
// the system has no mapping that mapfile_unix.go uses.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
