package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"dossier"
	"dossier/lists/list"
)

// ReadFiles reads the named files into memory. A directory stands for
// the regular, non-hidden files directly inside it (not recursively),
// in name order. A path that cannot be read is an *dossier.InputError.
func ReadFiles(paths ...string) ([]list.File, error) {
	var out []list.File
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &dossier.InputError{File: p, Offset: -1, Err: err}
		}
		if !fi.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, &dossier.InputError{File: p, Offset: -1, Err: err}
			}
			out = append(out, list.File{Name: p, Data: data})
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
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, &dossier.InputError{File: name, Offset: -1, Err: err}
			}
			out = append(out, list.File{Name: name, Data: data})
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

// Version returns the hex SHA-256 (first 16 bytes) of the files'
// contents, taken in order of their base names (then full names), so the
// same files give the same version wherever they are stored.
func Version(files []list.File) string {
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
		h.Write(files[i].Data)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Names returns the files' names joined with ", ", for ListVersion.Source.
func Names(files []list.File) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// Load reads the files at paths (a directory means the files in it) and
// decodes them with decode, recording the paths as the version's
// source: every loader's Load.
func Load(ctx context.Context, decode func(context.Context, ...list.File) (*list.List, error), paths ...string) (*list.List, error) {
	files, err := ReadFiles(paths...)
	if err != nil {
		return nil, err
	}
	l, err := decode(ctx, files...)
	if err != nil {
		return nil, err
	}
	l.Version.Source = strings.Join(paths, ", ")
	return l, nil
}
