package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
)

// writeFileAtomic writes b to path through a temporary file in the same
// directory, so that a reader never sees half of it.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}

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
