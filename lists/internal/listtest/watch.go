package listtest

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"testing"

	"dossier"
	"dossier/lists/list"
)

// WatchedFile returns a list.File over data, named name, and a counter
// of the bytes read through its latest opening, to tell how far a
// loader had read when something happened.
func WatchedFile(name string, data []byte) (list.File, *int64) {
	read := new(int64)
	f := list.File{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		*read = 0
		return countReader{io.NopCloser(bytes.NewReader(data)), read}, nil
	}}
	return f, read
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.ReadCloser
	n *int64
}

func (c countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

func (c countReader) Close() error { return c.r.Close() }

// FirstAdd is a Collect that notes how much of a WatchedFile its latest
// opening had read (*Read) when the first entity came (AtFirst).
type FirstAdd struct {
	Collect
	Read    *int64
	AtFirst int64
}

// Add notes the position at the first entity and keeps the entity.
func (s *FirstAdd) Add(e *dossier.Entity) error {
	if len(s.Entities) == 0 {
		s.AtFirst = *s.Read
	}
	return s.Collect.Add(e)
}

// WriteBuffered creates the file at path and writes it through a
// buffered writer with write; any failure ends the test.
func WriteBuffered(tb testing.TB, path string, write func(w *bufio.Writer)) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	write(w)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
