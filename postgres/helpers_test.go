package postgres_test

import (
	"path/filepath"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

// filepathGlob returns the base names of the files matching pattern,
// prefixed "migration/" like postgres.Migrations.
func filepathGlob(pattern string) ([]string, error) {
	m, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	for i, p := range m {
		m[i] = "migration/" + filepath.Base(p)
	}
	return m, nil
}
