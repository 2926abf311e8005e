package read

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk expands paths into the files to read and calls fn once for each,
// in order: a file as given, a directory recursively in lexical order
// (skipping hidden files and directories, whose names start with "."),
// and "-" (standard input) as is, with size -1. Symbolic links inside a
// directory are followed to files, not to directories. A path that
// cannot be read is reported and the others still walked: such errors
// are *dossier.InputError values joined with errors.Join. An error
// from fn stops the walk and is returned as is.
func Walk(paths []string, fn func(path string, size int64) error) error {
	var errs []error
	for _, root := range paths {
		if root == "-" {
			if err := fn(root, -1); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, inputError(root, pathErr(err)))
			continue
		}
		if !info.IsDir() {
			if err := fn(root, info.Size()); err != nil {
				return err
			}
			continue
		}
		// Walk errors are collected in the callback, so an error out of
		// WalkDir is one of fn's.
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, inputError(path, pathErr(err)))
				if d != nil && d.IsDir() && path != root {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			info, err := os.Stat(path) // follows a symbolic link
			if err != nil {
				errs = append(errs, inputError(path, pathErr(err)))
				return nil
			}
			if !info.Mode().IsRegular() {
				return nil
			}
			return fn(path, info.Size())
		})
		if err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}
