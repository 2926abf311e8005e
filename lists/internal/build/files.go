package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"dossier"
	"dossier/lists/list"
)

// OpenFiles returns the named files, to be opened and streamed by a
// loader; nothing is read yet. A directory stands for the regular,
// non-hidden files directly inside it (not recursively), in name
// order. A path that is not a regular file or directory (a FIFO, a
// device such as /dev/zero, a socket) is refused by name, since a list
// is read twice (once for its version hash) and must not grow without
// bound; so is a file larger than maxSize bytes (0: list.DefaultMaxSize),
// and reading stops with list.ErrTooLarge should a file grow past it.
// Every error is a *dossier.InputError naming the path.
func OpenFiles(maxSize int64, paths ...string) ([]list.File, error) {
	if maxSize <= 0 {
		maxSize = list.DefaultMaxSize
	}
	var out []list.File
	add := func(name string, fi os.FileInfo) error {
		if !fi.Mode().IsRegular() {
			return &dossier.InputError{File: name, Offset: -1, Err: fmt.Errorf("%w: not a regular file (%s); copy it to a file first", list.ErrMalformed, fileType(fi.Mode()))}
		}
		if fi.Size() > maxSize {
			return tooLarge(name, fi.Size(), maxSize)
		}
		out = append(out, list.File{Name: name, Size: fi.Size(), Open: func() (io.ReadCloser, error) {
			f, err := os.Open(name)
			if err != nil {
				return nil, &dossier.InputError{File: name, Offset: -1, Err: err}
			}
			return &limitFile{f: f, name: name, left: maxSize, max: maxSize}, nil
		}})
		return nil
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &dossier.InputError{File: p, Offset: -1, Err: err}
		}
		if !fi.IsDir() {
			if err := add(p, fi); err != nil {
				return nil, err
			}
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, &dossier.InputError{File: p, Offset: -1, Err: err}
		}
		n := 0
		for _, de := range entries {
			if strings.HasPrefix(de.Name(), ".") || !de.Type().IsRegular() {
				continue
			}
			name := filepath.Join(p, de.Name())
			fi, err := de.Info()
			if err != nil {
				return nil, &dossier.InputError{File: name, Offset: -1, Err: err}
			}
			if err := add(name, fi); err != nil {
				return nil, err
			}
			n++
		}
		if n == 0 {
			return nil, &dossier.InputError{File: p, Offset: -1, Err: list.ErrEmpty}
		}
	}
	if len(out) == 0 {
		return nil, &dossier.InputError{File: "", Offset: -1, Err: list.ErrEmpty}
	}
	return out, nil
}

// ReadFiles reads the named files (see OpenFiles) into memory: for
// small lists and tests.
func ReadFiles(paths ...string) ([]list.File, error) {
	files, err := OpenFiles(0, paths...)
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		rc, err := f.Reader()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, &dossier.InputError{File: f.Name, Offset: -1, Err: err}
		}
		files[i] = list.File{Name: f.Name, Data: data}
	}
	return files, nil
}

func tooLarge(name string, size, max int64) error {
	return &dossier.InputError{File: name, Offset: -1, Err: fmt.Errorf("%w: %d bytes or more, the limit is %d bytes (set it with --max-size or lists.max_size)", list.ErrTooLarge, size, max)}
}

func fileType(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	}
	return m.Type().String()
}

// limitFile is an open list file that refuses to read past the size
// limit, should the file grow after it was checked.
type limitFile struct {
	f         *os.File
	name      string
	left, max int64
}

func (l *limitFile) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.f.Read(one[:]); n > 0 {
			return 0, tooLarge(l.name, l.max+1, l.max)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.f.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitFile) Close() error { return l.f.Close() }

// Version returns the hex SHA-256 (first 16 bytes) of the files'
// contents, taken in order of their base names (then full names), so the
// same files give the same version wherever they are stored. Files
// that are opened rather than held are read again, in 64 KiB pieces.
func Version(files []list.File) (string, error) {
	idx := make([]int, len(files))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		fa, fb := files[idx[a]], files[idx[b]]
		ba, bb := filepath.Base(fa.Name), filepath.Base(fb.Name)
		if ba != bb {
			return ba < bb
		}
		return fa.Name < fb.Name
	})
	h := sha256.New()
	for _, i := range idx {
		rc, err := files[i].Reader()
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, rc)
		rc.Close()
		if err != nil {
			var ie *dossier.InputError
			if errors.As(err, &ie) {
				return "", err
			}
			return "", &dossier.InputError{File: files[i].Name, Offset: -1, Err: err}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// Names returns the files' names joined with ", ", for ListVersion.Source.
func Names(files []list.File) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// Load opens the files at paths (a directory means the files in it) and
// decodes them with decode, recording the paths as the version's
// source: every loader's Load.
func Load(ctx context.Context, decode func(context.Context, list.Options, ...list.File) (*list.List, error), opts list.Options, paths ...string) (*list.List, error) {
	files, err := OpenFiles(opts.MaxSize, paths...)
	if err != nil {
		return nil, err
	}
	l, err := decode(ctx, opts, files...)
	if err != nil {
		return nil, err
	}
	l.Version.Source = strings.Join(paths, ", ")
	return l, nil
}

// CheckDataset refuses opts.Dataset when it is set and differs from
// the dataset the format itself names.
func CheckDataset(files []list.File, opts list.Options, dataset string) error {
	if opts.Dataset == "" || opts.Dataset == dataset {
		return nil
	}
	name := ""
	if len(files) > 0 {
		name = files[0].Name
	}
	return &dossier.InputError{File: name, Offset: -1, Err: fmt.Errorf("%w: the file is the %s list, not dataset %q", list.ErrDataset, dataset, opts.Dataset)}
}
