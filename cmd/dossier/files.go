package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"dossier/internal/atomicfile"
)

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
	return buf.Len(), atomicfile.WriteBytes(path, buf.Bytes())
}
