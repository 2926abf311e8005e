package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"dossier/internal/atomicfile"
)

// writeFileAtomic writes b to path all at once (package atomicfile), so
// that a reader never sees half of it.
func writeFileAtomic(path string, b []byte) error { return atomicfile.WriteBytes(path, b) }

// writeModel writes a trained model to path, creating its directory, all
// at once: an interrupted run leaves the old file or the new one, never
// half of one. It returns the size written.
func writeModel(path string, save func(io.Writer) error) (int, error) {
	var buf bytes.Buffer
	if err := save(&buf); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	return buf.Len(), writeFileAtomic(path, buf.Bytes())
}
